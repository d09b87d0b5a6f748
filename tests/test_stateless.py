"""Nothing an app server keeps for itself: cache, sessions and attachments
are shared by every instance (issue 11, 'Growing past one machine').
tests/test_two_instances.py shows it with two running servers."""

import importlib.util
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

SETTINGS_DIR = Path(settings.BASE_DIR) / "cop_portal" / "settings"


def _settings_with(monkeypatch, module="base", **env):
    """The settings module read afresh with these environment variables."""
    for name in (
        "REDIS_URL",
        "ATTACHMENT_STORAGE",
        "ATTACHMENT_SIGNED_URL_SECONDS",
        "AWS_STORAGE_BUCKET_NAME",
        "SECRET_KEY",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location(
        f"cop_portal.settings._probe_{module}", SETTINGS_DIR / f"{module}.py"
    )
    probe = importlib.util.module_from_spec(spec)
    probe.__package__ = "cop_portal.settings"
    spec.loader.exec_module(probe)
    return probe


@pytest.mark.django_db
def test_the_database_cache_table_comes_with_migrate():
    assert settings.CACHE_TABLE in connection.introspection.table_names()
    cache.set("gedeeld", "ja", 30)
    assert cache.get("gedeeld") == "ja"
    cache.delete("gedeeld")
    assert cache.get("gedeeld") is None


def test_without_redis_the_cache_is_the_database_and_sessions_too(monkeypatch):
    probe = _settings_with(monkeypatch)
    backend = probe.CACHES["default"]
    assert backend["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert backend["LOCATION"] == probe.CACHE_TABLE
    assert probe.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_with_redis_url_the_cache_is_redis_and_sessions_are_cached_db(monkeypatch):
    probe = _settings_with(monkeypatch, REDIS_URL="redis://127.0.0.1:6379/3")
    backend = probe.CACHES["default"]
    assert backend["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert backend["LOCATION"] == "redis://127.0.0.1:6379/3"
    assert probe.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


@pytest.mark.parametrize("module", ["base", "prod", "test"])
def test_no_settings_keep_cache_or_sessions_in_the_process(monkeypatch, module):
    probe = _settings_with(monkeypatch, module=module, SECRET_KEY="x" * 50)
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
    assert _settings_with(monkeypatch).ALLAUTH_TRUSTED_PROXY_COUNT == 0
    probe = _settings_with(monkeypatch, TRUSTED_PROXY_COUNT="1")
    assert probe.ALLAUTH_TRUSTED_PROXY_COUNT == 1
