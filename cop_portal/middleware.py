import re

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Text compresses to a fraction; PDFs and images, the attachments that the
# download view streams, are compressed already.
_COMPRESSIBLE = re.compile(
    r"^\s*(text/|application/(json|xml|atom\+xml|rss\+xml|javascript)|image/svg\+xml)",
    re.IGNORECASE,
)


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the visitor chose another language with the switch.

    The users are Dutch civil servants whose browsers are often set to English;
    the browser's Accept-Language is therefore ignored, only the language
    cookie that the switch sets counts.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # Django's LocaleMiddleware says "Vary: Accept-Language", which is not
        # what the language depends on here and would split a cache's copies
        # of a page by browser setting. It depends on the language cookie.
        # (The portal has no i18n_patterns, so the rest of the parent's
        # response handling, a redirect to a language prefix, never applies.)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class TextGZipMiddleware(GZipMiddleware):
    """Django's gzip for pages, feeds and exports (HTML shrinks to about a
    sixth), not for attachments that are compressed already.

    Django's GZipMiddleware pads each response with random bytes against
    BREACH, and CSRF tokens are masked anew for every response
    (docs/decisions/0009-page-weight.md).
    """

    def process_response(self, request, response):
        if not _COMPRESSIBLE.match(response.get("Content-Type", "")):
            return response
        return super().process_response(request, response)
