"""Local development: DEBUG on, mail printed to the console."""

from .base import *  # noqa: F403
from .env import env_int, env_str

DEBUG = True
# The portal's 404 page, not Django's list of URL patterns, also in the demo.
MIDDLEWARE = [*MIDDLEWARE, "cop_portal.middleware.PortalNotFoundMiddleware"]  # noqa: F405
MAILERS = {
    "default": {
        "BACKEND": env_str(
            "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
        )
    }
}
STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0)  # edits show at once
FIGURE_CACHE_SECONDS = env_int("FIGURE_CACHE_SECONDS", 0)
