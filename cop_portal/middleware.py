import re
from contextlib import ExitStack
from importlib import import_module

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import connections
from django.http import Http404
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.defaults import page_not_found

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


class QueryCountMiddleware:
    """Benchmark only (settings.BENCH_MODE): a request with the header
    X-Bench-Queries gets the number of database queries it ran, the session
    and user look-ups included, in the response header X-Query-Count. Other
    requests pass untouched. A streamed response is counted up to its headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_X_BENCH_QUERIES" not in request.META:
            return self.get_response(request)
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(counter))
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response


class RequestInputMiddleware:
    """Refuses a request that no form of the portal could use, before any view
    or database sees it:

    - a NUL character in a cookie: the cookie is ignored;
    - a NUL character in a query parameter or form field (name or value):
      PostgreSQL cannot store or compare it, so it would end in a 500; it
      becomes the portal's 400 page;
    - a form body over settings.DATA_UPLOAD_MAX_MEMORY_SIZE (file uploads not
      counted; they have their own limit): the 413 page, which says to
      shorten the text.

    Reading request.POST here parses it once; the views read the same parse.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self._drop_cookies_with_nul(request)
        if _has_nul(request.GET):
            raise BadRequest("NUL in the query string")
        if request.method == "POST":
            try:
                form = request.POST
            except RequestDataTooBig:
                return render(request, "413.html", status=413)
            except (TooManyFieldsSent, TooManyFilesSent) as error:
                raise BadRequest("too many fields") from error
            if _has_nul(form):
                raise BadRequest("NUL in a form field")
        return self.get_response(request)

    @staticmethod
    def _drop_cookies_with_nul(request):
        """A cookie with a NUL byte is ignored, as if the browser had not sent
        it: a session key with one would reach the database (and fail there)
        even on the 400 page, which shows who is signed in."""
        spoilt = [name for name, value in request.COOKIES.items() if "\x00" in value]
        for name in spoilt:
            del request.COOKIES[name]
        if settings.SESSION_COOKIE_NAME in spoilt and hasattr(request, "session"):
            request.session = import_module(settings.SESSION_ENGINE).SessionStore()


def _has_nul(data) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in data.lists()
    )


class PortalNotFoundMiddleware:
    """Development only (settings/dev.py): with DEBUG on, Django answers a 404
    with its list of URL patterns; this shows the portal's 404 page instead,
    as in production, so a demo never shows the site's internals."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and response.get("Content-Type", "").startswith(
            "text/html"
        ):
            return page_not_found(request, Http404())
        return response
