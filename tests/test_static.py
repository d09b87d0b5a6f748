"""Every asset is served by the app itself, and production's hashed, compressed
static files build without a missing reference."""

import pytest
from django.core.management import call_command


def test_collectstatic_with_hashed_names_succeeds(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    for name in [
        "vendor/utrecht/theme.css",
        "vendor/utrecht/components.css",
        "vendor/noto-sans/noto-sans.css",
        "css/portal.css",
    ]:
        assert f'"{name}"' in manifest
    assert list(tmp_path.glob("vendor/utrecht/components.*.css.gz"))


@pytest.mark.django_db
def test_pages_load_no_asset_from_another_host(client):
    html = client.get("/").text
    assert "https://" not in html.split("<body", 1)[0]
    assert 'href="/static/vendor/utrecht/theme.css"' in html


@pytest.mark.django_db
def test_pages_forbid_scripts_and_frames_from_elsewhere(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
