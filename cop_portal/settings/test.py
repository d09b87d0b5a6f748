"""Tests: real PostgreSQL, fast hashing, mail kept in memory."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Tasks run where they are enqueued; the tests of the worker itself switch
# to the database backend.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_AUTOREFRESH = True
ACCOUNT_RATE_LIMITS = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Live-server threads must not keep connections open past a test.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Each test builds its own pages; tests of the page cache switch it on.
PAGE_CACHE_SECONDS = 0
FIGURE_CACHE_SECONDS = 0
# Counts must not depend on how busy the machine is; the tests of the time
# budget set their own.
FACET_COUNT_TIMEOUT_MS = 10_000
# The database cache, shared like production's and whatever REDIS_URL says:
# a test's cache entries roll back with its transaction.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": CACHE_TABLE,
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Attachments on local disk (PROTECTED_MEDIA_ROOT, which tests move).
STORAGES["attachments"] = {"BACKEND": "cop_portal.storage.ProtectedStorage"}
ATTACHMENT_SIGNED_URL_SECONDS = 0
# allauth's MFA, so the audit and AVG tests cover two-factor methods; a no-op
# once base.py lists it.
if "allauth.mfa" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS = [*INSTALLED_APPS, "allauth.mfa"]  # noqa: F405
