"""Nothing an app server keeps for itself: cache, sessions and attachments
are shared by every instance (issue 11, 'Growing past one machine').
tests/test_two_instances.py shows it with two running servers."""

import ast
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from cop_portal.cache import PortalRedisCache
from tests.deploy_helpers import settings_with


@pytest.mark.django_db
def test_the_database_cache_table_comes_with_migrate():
    assert settings.CACHE_TABLE in connection.introspection.table_names()
    cache.set("gedeeld", "ja", 30)
    assert cache.get("gedeeld") == "ja"
    cache.delete("gedeeld")
    assert cache.get("gedeeld") is None


def test_without_redis_the_cache_is_the_database_and_sessions_too(monkeypatch):
    probe = settings_with(monkeypatch)
    backend = probe.CACHES["default"]
    assert backend["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert backend["LOCATION"] == probe.CACHE_TABLE
    assert probe.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_with_redis_url_the_cache_is_redis_and_sessions_are_cached_db(monkeypatch):
    probe = settings_with(monkeypatch, REDIS_URL="redis://127.0.0.1:6379/3")
    backend = probe.CACHES["default"]
    assert backend["BACKEND"] == "cop_portal.cache.PortalRedisCache"
    assert backend["LOCATION"] == "redis://127.0.0.1:6379/3"
    assert probe.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


def test_the_redis_cache_is_shared_and_keeps_one_client_per_process():
    """Two cache objects stand for two app instances: what one writes, the
    other reads, and a thousand reads do not build a thousand clients."""
    location = "redis://127.0.0.1:6379/9"
    params = {"KEY_PREFIX": f"stateless-{uuid.uuid4().hex}"}
    one = PortalRedisCache(location, params)
    other = PortalRedisCache(location, params)
    built = []
    real_client = one._cache._client
    one._cache._client = lambda **kwargs: built.append(kwargs) or real_client(**kwargs)
    try:
        one.set("gedeeld", "ja", 30)
        assert other.get("gedeeld") == "ja"
        other.set("gedeeld", "nee", 30)
        assert [one.get("gedeeld") for _ in range(1000)] == ["nee"] * 1000
        one.delete("gedeeld")
        assert other.get("gedeeld") is None
    finally:
        one.delete("gedeeld")
    assert len(built) == 1


@pytest.mark.parametrize("module", ["base", "prod", "test"])
def test_no_settings_keep_cache_or_sessions_in_the_process(monkeypatch, module):
    probe = settings_with(monkeypatch, module=module, SECRET_KEY="x" * 50)
    per_process = {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
        "django.core.cache.backends.filebased.FileBasedCache",
    }
    assert probe.CACHES["default"]["BACKEND"] not in per_process
    assert probe.SESSION_ENGINE.rsplit(".", 1)[-1] in {"db", "cached_db"}


def test_rate_limits_behind_a_load_balancer_count_the_forwarded_address(
    monkeypatch,
):
    assert settings_with(monkeypatch).ALLAUTH_TRUSTED_PROXY_COUNT == 0
    probe = settings_with(monkeypatch, TRUSTED_PROXY_COUNT="1")
    assert probe.ALLAUTH_TRUSTED_PROXY_COUNT == 1


def test_attachments_stay_on_local_disk_by_default(monkeypatch):
    probe = settings_with(monkeypatch)
    assert probe.STORAGES["attachments"] == {
        "BACKEND": "cop_portal.storage.ProtectedStorage"
    }
    assert probe.ATTACHMENT_SIGNED_URL_SECONDS == 0


def test_the_attachment_field_takes_the_attachments_storage():
    from django.core.files.storage import storages

    from knowledge.models import Attachment

    field = Attachment._meta.get_field("file")
    assert type(field.storage) is type(storages["attachments"])
    # The migrations name the callable, not local disk or a bucket.
    assert field.deconstruct()[3]["storage"].__name__ == "attachment_storage"


def test_object_storage_is_a_private_bucket_with_signed_urls(monkeypatch):
    probe = settings_with(
        monkeypatch,
        ATTACHMENT_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="bijlagen",
        AWS_S3_ENDPOINT_URL="https://s3.example.nl",
        ATTACHMENT_SIGNED_URL_SECONDS="120",
    )
    config = probe.STORAGES["attachments"]
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["bucket_name"] == "bijlagen"
    assert options["endpoint_url"] == "https://s3.example.nl"
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] == 120
    assert options["custom_domain"] is None
    assert options["file_overwrite"] is False


def test_object_storage_needs_a_bucket(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        settings_with(monkeypatch, ATTACHMENT_STORAGE="s3")


@pytest.mark.parametrize(
    "env",
    [
        {"ATTACHMENT_STORAGE": "ftp"},
        {"ATTACHMENT_SIGNED_URL_SECONDS": "60"},
        {
            "ATTACHMENT_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": "bijlagen",
            "ATTACHMENT_SIGNED_URL_SECONDS": "86400",
        },
    ],
    ids=["unknown storage", "signed urls of local disk", "a day-long url"],
)
def test_attachment_settings_refuse_what_cannot_work(monkeypatch, env):
    with pytest.raises(ImproperlyConfigured):
        settings_with(monkeypatch, **env)


# Memoising decorators that keep their results in the process.
_PROCESS_CACHES = {"lru_cache", "cache", "cached_function", "memoize", "cached"}
# (module, function) that may use one: they cache code or constants only,
# never data from the database.
_ALLOWED_PROCESS_CACHES: set[tuple[str, str]] = {
    # Word lists and hyphenation patterns shipped with wordfreq and pyphen.
    ("cop_portal/textsearch.py", "_dutch_words"),
    ("cop_portal/textsearch.py", "_hyphenator"),
    ("cop_portal/plain_language.py", "_word_lists"),
    # Splits by those lists and the synonym words; emptied whenever the
    # synonym list read from the database differs (textsearch.add_words).
    ("cop_portal/textsearch.py", "_split"),
    # The digest of the release's own files: the same on every server that
    # runs the release, which is what makes it a shared key.
    ("cop_portal/page_cache.py", "build"),
}


def _decorator_name(node) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr
    return getattr(target, "id", "")


def test_no_function_keeps_a_cache_in_its_process():
    """A cache in one process differs from the next instance's: shared data
    is cached in django.core.cache, which every instance shares."""
    found = []
    for package in ("cop_portal", "communities", "knowledge", "signals"):
        for path in (Path(settings.BASE_DIR) / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for decorator in node.decorator_list:
                    name = _decorator_name(decorator)
                    where = (f"{package}/{path.name}", node.name)
                    if name in _PROCESS_CACHES and where not in _ALLOWED_PROCESS_CACHES:
                        found.append(f"{path}:{node.lineno} @{name} {node.name}")
    assert not found, found
