"""What an anonymous visitor's pages carry besides their content (issue 11):
no cookie, so that a cache may share them; a Vary header that names what the
page really depends on; and gzip for the HTML."""

import gzip

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils.cache import get_max_age

from cop_portal.middleware import TextGZipMiddleware
from tests.knowledge.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_pages(session, theme):
    product = ProductFactory(community=session.community, themes=[theme])
    return [
        reverse("home"),
        reverse("communities:community_list"),
        session.community.get_absolute_url(),
        reverse("communities:theme_list"),
        reverse("communities:theme_detail", args=[theme.slug]),
        reverse("communities:session_list"),
        reverse("communities:session_list") + f"?community={session.community.slug}",
        session.get_absolute_url(),
        reverse("knowledge:product_list"),
        reverse("knowledge:product_list") + "?q=handreiking",
        product.get_absolute_url(),
        reverse("accessibility_statement"),
    ]


def _vary(response):
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def test_anonymous_pages_set_no_cookie(client, public_pages):
    for url in public_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert dict(response.cookies) == {}, url
        assert "csrfmiddlewaretoken" not in response.text, url


def test_anonymous_pages_vary_on_the_cookie_not_on_the_browser_language(
    client, public_pages
):
    # The page depends on the language cookie and on being signed in (both
    # cookies); Accept-Language is ignored (decision 0002), so a cache must
    # not keep a copy per browser language.
    for url in public_pages:
        vary = _vary(client.get(url))
        assert "cookie" in vary, url
        assert "accept-language" not in vary, url


def test_pages_with_a_post_form_still_set_the_csrf_cookie(client):
    response = client.get(reverse("account_login"))
    assert settings.CSRF_COOKIE_NAME in response.cookies
    assert "csrfmiddlewaretoken" in response.text


def test_the_csrf_token_in_a_page_is_masked_anew_every_time(client):
    # What keeps gzip from leaking the token (BREACH): its bytes differ per
    # response, so a guess that compresses well once tells nothing next time.
    def token():
        text = client.get(reverse("account_login")).text
        return text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"')[0]

    assert token() != token()


def test_pages_are_gzipped_for_a_browser_that_accepts_it(client, public_pages):
    for url in public_pages:
        plain = client.get(url)
        packed = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
        assert "Content-Encoding" not in plain, url
        assert packed["Content-Encoding"] == "gzip", url
        assert "accept-encoding" in _vary(packed), url
        assert len(packed.content) < len(plain.content) / 2, url
        assert gzip.decompress(packed.content).decode().startswith("<!DOCTYPE html>")


def test_gzip_leaves_attachments_alone():
    request = RequestFactory().get("/", headers={"accept-encoding": "gzip"})
    pdf = HttpResponse(b"%PDF-1.7 " * 200, content_type="application/pdf")
    middleware = TextGZipMiddleware(lambda request: pdf)
    response = middleware(request)
    assert "Content-Encoding" not in response
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    "content_type",
    ["text/html; charset=utf-8", "application/atom+xml", "text/calendar", "text/csv"],
)
def test_gzip_takes_text_of_every_kind(content_type):
    request = RequestFactory().get("/", headers={"accept-encoding": "gzip"})
    text = HttpResponse("Bijeenkomst " * 200, content_type=content_type)
    response = TextGZipMiddleware(lambda request: text)(request)
    assert response["Content-Encoding"] == "gzip"


def test_pages_leave_their_cache_policy_to_the_views(client):
    # Compression and the switch add no Cache-Control of their own to pages.
    assert get_max_age(client.get(reverse("home"))) is None
