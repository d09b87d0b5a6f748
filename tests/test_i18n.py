"""Dutch by default, English on request, with a language switch that works
without JavaScript."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_are_dutch_by_default(client):
    response = client.get(reverse("communities:community_list"))
    assert '<html lang="nl"' in response.text
    assert "Direct naar de inhoud" in response.text


def test_language_switch_turns_the_interface_english(client):
    response = client.post(
        reverse("set_language"),
        {"language": "en", "next": reverse("communities:community_list")},
        follow=True,
    )
    assert '<html lang="en"' in response.text
    assert "Skip to main content" in response.text
    assert "Communities of Practice" in response.text


def test_english_browser_still_gets_dutch_until_the_switch_is_used(client):
    response = client.get(reverse("home"), headers={"accept-language": "en"})
    assert '<html lang="nl"' in response.text


def test_unknown_language_cookie_falls_back_to_dutch(client):
    client.cookies["django_language"] = "xx"
    assert '<html lang="nl"' in client.get(reverse("home")).text


def test_every_page_has_one_h1_a_skip_link_and_landmarks(client, session):
    for url in [
        reverse("home"),
        reverse("communities:community_list"),
        session.community.get_absolute_url(),
        session.get_absolute_url(),
        reverse("communities:theme_list"),
        reverse("communities:session_list"),
        reverse("account_login"),
    ]:
        html = client.get(url).text
        assert html.count("<h1") == 1, url
        assert 'href="#main-content"' in html
        assert '<main id="main-content"' in html
        assert "<header" in html and "<footer" in html and "<nav" in html
        assert "<script" not in html, "pages must work without JavaScript"
