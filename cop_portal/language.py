"""The language switch in the page header: a plain link to this view.

Django's set_language wants a POST form, and a POST form on every page means a
CSRF cookie on every page, which no cache may share between visitors
(docs/decisions/0009-page-weight.md). Choosing a language changes nothing but
how the visitor's own pages read, so a GET is safe: the worst another site can
do with a link here is show someone the portal in English.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def switch_language(request):
    """Set the language cookie and go back to `next`, a path on this site.

    An unknown language sets nothing; a `next` that is not a path on this site
    (another host, a scheme, `//host`) goes to the home page instead.
    """
    next_url = request.GET.get("next", "")
    response = HttpResponseRedirect(
        next_url if _is_local_path(request, next_url) else "/"
    )
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


def _is_local_path(request, url: str) -> bool:
    parts = urlsplit(url)
    return (
        url.startswith("/")
        and not parts.scheme
        and not parts.netloc
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    )
