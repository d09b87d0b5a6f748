"""Settings shared by every environment. Environment-specific files import this."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# --- Core -----------------------------------------------------------------
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "cop_portal",
    # django.contrib.admin with the portal's admin site (sign-in through allauth).
    "cop_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "taggit",
    "communities",
    "signals",
    "knowledge",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise, whose static files are compressed ahead of time; above
    # everything that writes the body (docs/decisions/0009-page-weight.md).
    "cop_portal.middleware.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cop_portal.middleware.DutchFirstLocaleMiddleware",
    # Below the language, so its 400 and 413 pages are in the visitor's.
    "cop_portal.middleware.RequestInputMiddleware",
    "cop_portal.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "cop_portal.urls"
WSGI_APPLICATION = "cop_portal.wsgi.application"
ASGI_APPLICATION = "cop_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# Default: the local PostgreSQL database "cop_portal" over the unix socket.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres:///cop_portal"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------
AUTH_USER_MODEL = "cop_portal.User"
AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
    # Only grants permissions; it never authenticates anyone.
    "cop_portal.backends.ModeratorBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: sign in with e-mail address and password, verified e-mail only.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CoP-portaal] "
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# Behind a load balancer every request comes from its address: the number of
# proxies that append to X-Forwarded-For makes the per-IP limits count the
# visitor's address instead (0: no proxy, REMOTE_ADDR counts).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Set by the switch in the header (cop_portal.language), read by
# DutchFirstLocaleMiddleware; no script needs it.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # NL Design System CSS and its font, installed by npm from package.json and
    # copied into build/vendor by scripts/vendor.sh; served by us, never a CDN.
    ("vendor", BASE_DIR / "build" / "vendor"),
]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Attachments of knowledge products: outside MEDIA_ROOT, without a URL; the
# download view checks rights before it streams a file.
PROTECTED_MEDIA_ROOT = Path(
    env_str("PROTECTED_MEDIA_ROOT", str(BASE_DIR / "protected_media"))
)
KNOWLEDGE_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
# A request body without its files: the longest form (a knowledge product,
# 50,000 characters of text, cop_portal/limits.py) fits several times over,
# even %-encoded. A larger body gets the 413 page (RequestInputMiddleware).
# Files have their own limit above.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
    # Attachments go through this storage only (Attachment.file names it), so
    # several app servers can share them: local disk by default (one machine,
    # or a shared volume), an S3-compatible bucket with ATTACHMENT_STORAGE=s3.
    "attachments": {"BACKEND": "cop_portal.storage.ProtectedStorage"},
}
ATTACHMENT_STORAGE = env_str("ATTACHMENT_STORAGE", "local")
# 0: the download view streams the file itself. With object storage, a number
# of seconds makes it answer, after the rights check, with a redirect to a
# signed URL of the bucket that is valid that long.
ATTACHMENT_SIGNED_URL_SECONDS = env_int("ATTACHMENT_SIGNED_URL_SECONDS", 0)
if ATTACHMENT_STORAGE == "s3":
    STORAGES["attachments"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            # A private bucket: no ACL, never a public or unsigned URL.
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("AWS_S3_REGION_NAME", "") or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("AWS_LOCATION", ""),
            # "path" for most S3-compatible stores (MinIO, say).
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE", "") or None,
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": ATTACHMENT_SIGNED_URL_SECONDS or 60,
            "file_overwrite": False,
            "custom_domain": None,
        },
    }
elif ATTACHMENT_STORAGE != "local":
    raise ImproperlyConfigured("ATTACHMENT_STORAGE must be local or s3.")
if ATTACHMENT_SIGNED_URL_SECONDS and ATTACHMENT_STORAGE != "s3":
    raise ImproperlyConfigured(
        "ATTACHMENT_SIGNED_URL_SECONDS needs ATTACHMENT_STORAGE=s3."
    )
if not 0 <= ATTACHMENT_SIGNED_URL_SECONDS <= 900:
    raise ImproperlyConfigured(
        "ATTACHMENT_SIGNED_URL_SECONDS must be between 0 and 900 (15 minutes)."
    )
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

# --- Cache and sessions -------------------------------------------------
# One cache shared by every worker and every app server, never a per-process
# one: allauth's rate limits count sign-in attempts in it. Redis when
# REDIS_URL is set, else a table in the database (created by the migration
# cop_portal 0002, so a fresh deploy cannot forget it).
CACHE_TABLE = "cop_portal_cache"
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", ""),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", ""),
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
# Sessions live in the database, so every app server knows every session and
# a restart signs nobody out. With Redis, reads come from the cache and
# writes go through to the database (cached_db); with the database cache,
# caching sessions would only add a second query to the same database.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

# --- E-mail ---------------------------------------------------------------
# Django 6.1 configures mail through MAILERS; SMTP by default. The SMTP
# options go to the SMTP backend only: any other backend (console, say)
# refuses options it does not know.
_SMTP = "django.core.mail.backends.smtp.EmailBackend"
MAILERS = {"default": {"BACKEND": env_str("EMAIL_BACKEND", _SMTP)}}
if MAILERS["default"]["BACKEND"] == _SMTP:
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CoP-portaal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Signals --------------------------------------------------------------
# Response term per level, in working days from the moment a signal entered
# its current level. Past it, a signal that waits for a response is overdue.
SIGNAL_RESPONSE_TERMS = {
    "uitvoering": env_int("SIGNAL_TERM_UITVOERING", 20),
    "schakel": env_int("SIGNAL_TERM_SCHAKEL", 30),
    "stelsel": env_int("SIGNAL_TERM_STELSEL", 60),
}
# The address of the portal, for links in e-mails sent outside a request.
PORTAL_URL = env_str("PORTAL_URL", "http://127.0.0.1:8000")

# --- Page cache -----------------------------------------------------------
# Public pages for visitors who are not signed in, kept in the shared cache
# (cop_portal/page_cache.py); 0 switches it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)

# --- Security -------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Every asset comes from this site; no inline script anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- Benchmark ------------------------------------------------------------
# `make bench` only (scripts/bench): mounts the floor page (/bench/floor/) and
# counts the queries of a request that asks for it (X-Query-Count). Off in
# every deployment.
BENCH_MODE = env_bool("BENCH_MODE", False)
if BENCH_MODE:
    MIDDLEWARE = ["cop_portal.middleware.QueryCountMiddleware", *MIDDLEWARE]

# --- Logging --------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
