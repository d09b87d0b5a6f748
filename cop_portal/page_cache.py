"""Whole pages for visitors who are not signed in, from the shared cache.

Most visitors of the public pages (CoP's, sessions, kennisproducten) are not
signed in, and those pages are the same for all of them. The middleware keeps
such a page in Django's cache, which every app server shares (Redis or the
database: see settings), and serves it again without a query.

A page is kept only when nothing personal can be in it: a GET or HEAD without
a session or messages cookie, answered 200, setting no cookie (a page with a
CSRF token sets one), not marked private. Every cached page carries the
content generation in its key. Any change to what public pages show bumps
the generation (receivers in CopPortalConfig.ready), and every server then
misses its old pages at once. The timeout also bounds how old a page can be,
for what moves on its own with time (upcoming sessions).

The key also carries the build: a digest of the code, templates, translations
and static manifest the server runs. A deploy changes it, so no server serves
a page made by the old release (which would point at stylesheets under hashed
names that the new release no longer has).

A query string makes a new page for every variant anyone types, so one path
keeps at most PAGE_CACHE_VARIANTS of them per generation: past that, its
variants are made afresh and not kept, and nobody can fill the cache by
counting up a parameter.
"""

import functools
import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

GENERATION_KEY = "portal:page-generation"
_NEVER = ("/beheer/", "/accounts/", "/i18n/", "/signalen/")


def content_changed() -> None:
    """Start a new generation once the current transaction commits: every
    cached page of the old one is no longer found."""
    transaction.on_commit(
        lambda: cache.set(GENERATION_KEY, uuid.uuid4().hex, None), robust=True
    )


def generation() -> str:
    """The current content generation: part of the key of anything kept
    until what public pages show changes."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        # Another server may have set it meanwhile: keep theirs.
        if not cache.add(GENERATION_KEY, generation, None):
            generation = cache.get(GENERATION_KEY, generation)
    return generation


def shared_fragment_version(request, form) -> str:
    """For a signed-in page's part that is the same for everyone (an empty
    filter form: its choices, labels and markup), the version to keep it
    under with Django's {% cache %} tag: the release and the content
    generation, so a new theme or a deploy shows at once. Empty, meaning
    "render it afresh", when the request fills in any of the form's fields
    or the page cache is off."""
    if settings.PAGE_CACHE_SECONDS <= 0 or any(
        request.GET.get(name) for name in form.fields
    ):
        return ""
    return f"{build()}:{generation()}"


def _cacheable_request(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.path.startswith(_NEVER)
    )


def _cacheable_response(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


# What a release consists of, as far as a kept page depends on it.
_BUILD_PACKAGES = ("cop_portal", "communities", "knowledge", "signals")
_BUILD_SUFFIXES = {".py", ".html", ".txt", ".mo", ".json", ".svg"}


@functools.cache
def build() -> str:
    """A digest of the release this server runs: computed once per process,
    from the files that shape a page (a few hundred, read in milliseconds)."""
    root = Path(settings.BASE_DIR)
    folders = [root / name for name in (*_BUILD_PACKAGES, "templates", "locale")]
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    files = [
        path
        for folder in folders
        if folder.is_dir()
        for path in folder.rglob("*")
        if path.suffix in _BUILD_SUFFIXES and path.is_file()
    ]
    if manifest.is_file():
        files.append(manifest)
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _key(request, current: str) -> str:
    path = request.get_full_path().encode("utf-8", "surrogateescape")
    digest = hashlib.sha256(path).hexdigest()
    return f"page:{build()}:{current}:{request.LANGUAGE_CODE}:{digest}"


def _may_keep_variant(request, current: str) -> bool:
    """A page without a query string is always kept; the variants of one
    path only up to PAGE_CACHE_VARIANTS per generation."""
    if not request.META.get("QUERY_STRING"):
        return True
    path = request.path.encode("utf-8", "surrogateescape")
    digest = hashlib.sha256(path).hexdigest()
    counter = f"pagevariants:{build()}:{current}:{digest}"
    cache.add(counter, 0, settings.PAGE_CACHE_SECONDS)
    try:
        kept = cache.incr(counter)
    except ValueError:
        # Expired between add and incr: start counting again.
        cache.set(counter, 1, settings.PAGE_CACHE_SECONDS)
        kept = 1
    return kept <= settings.PAGE_CACHE_VARIANTS


class AnonymousPageCacheMiddleware:
    """Sits inside the session and locale middleware and outside CSRF, so it
    sees the language and every cookie the response sets."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        current = generation()
        key = _key(request, current)
        kept = cache.get(key)
        if kept is not None:
            content, headers = kept
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            # A page differs by session cookie, as it did when it was made.
            patch_vary_headers(response, ["Cookie"])
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(response) and _may_keep_variant(request, current):
            patch_cache_control(response, public=True, max_age=60)
            # Every header the middlewares inside this one set (the content
            # security policy, X-Frame-Options, Content-Language...), so a
            # kept page is answered exactly as it was; cookies never.
            headers = {
                name: value
                for name, value in response.items()
                if name.lower() != "set-cookie"
            }
            cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
        return response
