"""The language switch in the header: a plain link (no form, so no CSRF cookie
on every page) to a view that sets the language cookie and goes back to a
path on this site only."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

SWITCH = reverse("switch_language")


def test_header_links_to_english_with_the_page_to_return_to(client):
    html = client.get(reverse("communities:community_list"), {"region": "x y"}).text
    assert (
        f'<a class="utrecht-link portal-language__link" '
        f'href="{SWITCH}?language=en&amp;next=/cops/%3Fregion%3Dx%2By" '
        f'lang="en" hreflang="en">English</a>'
    ) in html


def test_following_the_link_turns_the_page_english_where_it_was(client):
    response = client.get(
        SWITCH, {"language": "en", "next": "/cops/?region=x+y"}, follow=True
    )
    assert response.redirect_chain == [("/cops/?region=x+y", 302)]
    assert '<html lang="en"' in response.text
    assert "Skip to main content" in response.text
    assert 'hreflang="nl">Nederlands</a>' in response.text


def test_the_switch_back_to_dutch_works_the_same_way(client):
    client.get(SWITCH, {"language": "en", "next": "/"})
    response = client.get(SWITCH, {"language": "nl", "next": "/"}, follow=True)
    assert '<html lang="nl"' in response.text


def test_the_language_cookie_is_for_the_server_only_and_lasts_a_year(client):
    response = client.get(SWITCH, {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 365 * 24 * 60 * 60


def test_the_language_cookie_is_secure_over_https(client):
    response = client.get(SWITCH, {"language": "en", "next": "/"}, secure=True)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME]["secure"]


def test_an_unknown_language_sets_nothing(client):
    response = client.get(SWITCH, {"language": "xx", "next": "/cops/"})
    assert response["Location"] == "/cops/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "///evil.example",
        "javascript:alert(1)",
        "http://testserver/cops/",
        "cops/",
        " /cops/",
        "",
    ],
)
def test_it_returns_only_to_a_path_on_this_site(client, next_url):
    response = client.get(SWITCH, {"language": "en", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_switch_is_never_cached(client):
    response = client.get(SWITCH, {"language": "en", "next": "/"})
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_switch_takes_no_post(client):
    assert client.post(SWITCH, {"language": "en", "next": "/"}).status_code == 405
