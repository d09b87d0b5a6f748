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
    "allauth.mfa",
    "taggit",
    # Model history of accounts and memberships (docs/decisions/0013-audit-log.md).
    "pgtrigger",
    "pghistory",
    "communities",
    "signals",
    "knowledge",
    # The task queue in PostgreSQL, worked by `manage.py db_worker`
    # (docs/decisions/0022-notifications-outbox.md).
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cop_portal.session_security.PermissionsPolicyMiddleware",
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
    # Who and from which address, for the audit log and the model history.
    "cop_portal.audit.AuditMiddleware",
    # After authentication and messages: ends idle and expired sessions, and
    # marks every response to a signed-in user private, no-store.
    "cop_portal.session_security.SessionSecurityMiddleware",
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
# Inputs and selects written in Python, the same markup as Django's widget
# templates, at a fraction of the cost (cop_portal/form_renderer.py).
FORM_RENDERER = "cop_portal.form_renderer.PortalFormRenderer"

# --- Database -------------------------------------------------------------
# Default: the local PostgreSQL database "cop_portal" over the unix socket.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres:///cop_portal"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Reads by key keep their plans on the connection (prepared statements):
# cop_portal.statements.planned_once, docs/decisions/0030. False for a
# transaction-mode connection pooler in front of PostgreSQL that cannot keep
# prepared statements.
DB_PREPARED_PLANS = env_bool("DB_PREPARED_PLANS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------
AUTH_USER_MODEL = "cop_portal.User"
AUTHENTICATION_BACKENDS = [
    # Only grants permissions; it never authenticates anyone. First, so that
    # a moderator's permission is granted before ModelBackend reads the
    # permission tables (two queries on every admin page).
    "cop_portal.backends.ModeratorBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    # First: a megabyte of password is refused before the others look at it.
    {"NAME": "cop_portal.passwords.MaximumLengthValidator"},
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
# A new password ends every session of the account, this one included
# (cop_portal.session_security): whoever knew the old one is out everywhere.
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
# Adding or removing an e-mail address (and, through MFA_REAUTHENTICATION_
# REQUIRED, which is on by default, changing two-factor sign-in) asks for the
# password again when the last sign-in is older than five minutes; changing
# the password asks for the current one in the form itself.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CoP-portaal] "
# allauth's forms that take an existing password, with a maximum length
# (cop_portal.passwords); new passwords get it from AUTH_PASSWORD_VALIDATORS.
ACCOUNT_FORMS = {
    "login": "cop_portal.passwords.LoginForm",
    "reauthenticate": "cop_portal.passwords.ReauthenticateForm",
    "change_password": "cop_portal.passwords.ChangePasswordForm",
    # Checks the domain list before allauth looks for an existing account.
    "signup": "cop_portal.signup.PortalSignupForm",
}
# Sign-in limits, counted in the shared cache (below) so they hold across
# workers and servers. Per address first: one address that guesses is slowed
# to 10 tries a minute and 30 an hour. Per account (key: the e-mail address,
# and the account for two-factor codes) 10 failures in 15 minutes; the window
# slides, so an attacker who stops leaves the real user free within 15
# minutes, and a password reset lifts it at once. Successful sign-ins count
# per address too, against scripted sign-ins from one place.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,30/h/ip,10/15m/key",
}
# Sign-up is by invitation (communities.services.invitation_create); the
# sign-up page is open only to addresses of these domains, e.g. gemeente
# domains ("rotterdam.nl"). An entry matches that domain exactly; one that
# starts with a dot (".rotterdam.nl") also matches its sub-domains.
ACCOUNT_ADAPTER = "cop_portal.signup.PortalAccountAdapter"
SIGNUP_OPEN_DOMAINS = [domain.lower() for domain in env_list("SIGNUP_OPEN_DOMAINS", [])]
# An invitation link works this many days, once.
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7)
if INVITATION_VALID_DAYS < 1:
    raise ImproperlyConfigured("INVITATION_VALID_DAYS must be 1 or more.")
# Invitations one person may send per hour (counted in the invitations table,
# which every server shares; 0: no limit), so a trekker's account cannot be
# used to mail strangers in bulk.
INVITATIONS_PER_HOUR = env_int("INVITATIONS_PER_HOUR", 30)
# B1 checks one signed-in person may ask for per minute while typing
# (/schrijfhulp/b1/, counted in the shared cache; 0: no limit). The form's
# own check and saving are not limited.
PLAIN_LANGUAGE_CHECKS_PER_MINUTE = env_int("PLAIN_LANGUAGE_CHECKS_PER_MINUTE", 30)
# Behind a load balancer every request comes from its address: the number of
# proxies that append to X-Forwarded-For makes the per-IP limits count the
# visitor's address instead (0: no proxy, REMOTE_ADDR counts; the header is
# then ignored, since anyone can send it). A proxy that puts the visitor's
# address in a header of its own (X-Real-IP, CF-Connecting-IP) can be named
# with TRUSTED_CLIENT_IP_HEADER instead; only when every request passes it.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER", "") or None

# Two-factor sign-in (allauth.mfa): an authenticator app (TOTP) with
# recovery codes. Required for moderators, staff and ketenpartners before the
# admin and the signals (cop_portal.mfa), optional for everyone else.
# WebAuthn (security keys, passkeys) is left out: see
# docs/decisions/0014-two-factor-sign-in.md.
MFA_ADAPTER = "cop_portal.mfa.PortalMFAAdapter"
MFA_FORMS = {"activate_totp": "cop_portal.mfa.ActivateTOTPForm"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CoP-portaal Inburgering"
# allauth's default tolerance (0) on purpose: a code is valid in its own
# 30-second step only, and allauth remembers a used code in the shared cache
# for exactly that long, so no code is accepted twice.

# --- Sessions and sign-out (cop_portal.session_security) -------------------
# OWASP ASVS 4.0 (3.3.2, level 2) and the BIO: a session ends after 30
# minutes without activity and at the latest 12 hours after sign-in, a
# working day with margin; then the password and the second factor again.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
# The last activity is written to the session at most once a minute, not on
# every request.
SESSION_ACTIVITY_RESOLUTION_SECONDS = 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS

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

# Where a visitor reports an accessibility barrier (the statement at
# /toegankelijkheid/); the organisation running the portal sets its own.
ACCESSIBILITY_CONTACT_EMAIL = env_str(
    "ACCESSIBILITY_CONTACT_EMAIL", "toegankelijkheid@example.org"
)

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
            "BACKEND": "cop_portal.cache.PortalRedisCache",
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

# --- Notifications --------------------------------------------------------
# E-mail goes out through the outbox (cop_portal.models.Notification), sent by
# a task the worker runs outside the web request. "immediate" runs tasks in
# the process that enqueues them (tests; a machine without a worker).
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
        }[env_str("TASK_BACKEND", "database")]
    }
}
# Attempts per e-mail before it is given up (shown as failed in the admin).
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 8)
# Calendar days before a signal's term passes that the
# ketenpartner is reminded (manage.py send_term_reminders).
SIGNAL_TERM_REMINDER_DAYS = env_int("SIGNAL_TERM_REMINDER_DAYS", 5)
# How long the unsubscribe link in the weekly digest works.
DIGEST_UNSUBSCRIBE_DAYS = env_int("DIGEST_UNSUBSCRIBE_DAYS", 120)

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
# How many query-string variants of one path are kept per generation.
PAGE_CACHE_VARIANTS = env_int("PAGE_CACHE_VARIANTS", 200)
# Milliseconds the facet counts of /kennis/ may take on one request when
# they are not in the cache (knowledge/facets.py); what does not fit is shown
# without a count. With what the request does around the counts, some 50 ms
# at most. 0 shows every filter without counts.
FACET_COUNT_TIMEOUT_MS = env_int("FACET_COUNT_TIMEOUT_MS", 40)

# --- Dashboard ------------------------------------------------------------
# Seconds each figure of the moderators' dashboard is kept in the cache, per
# filter (cop_portal/figures.py, docs/decisions/0023-mijn-werk-and-dashboard.md);
# 0 computes every figure on every request.
FIGURE_CACHE_SECONDS = env_int("FIGURE_CACHE_SECONDS", 600)

# --- Security -------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Sent with every response (cop_portal.session_security): the portal uses
# none of these browser features, so no page or injected frame may either.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

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
