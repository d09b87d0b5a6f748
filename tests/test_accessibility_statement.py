"""The toegankelijkheidsverklaring (/toegankelijkheid/): public, in Dutch and
English, linked from the footer of every page, and kept in the page cache for
visitors who are not signed in."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

URL = "/toegankelijkheid/"


def test_the_statement_names_the_standard_the_tests_the_gaps_and_a_contact(
    client, settings
):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "drempels@example.org"
    response = client.get(reverse("accessibility_statement"))
    assert response.status_code == 200
    html = response.text
    assert "<h1" in html and "Toegankelijkheidsverklaring" in html
    assert "WCAG" in html and "2.1" in html and "AA" in html
    assert "Zo testen wij" in html
    assert "axe-core" in html
    assert "toetsenbord" in html
    assert "zonder JavaScript" in html
    assert "Bekende tekortkomingen" in html
    # Honest: no independent audit yet.
    assert "onafhankelijke deskundige" in html
    assert 'href="mailto:drempels@example.org"' in html
    assert "<script" not in html


def test_the_statement_is_english_after_the_switch(client):
    client.cookies["django_language"] = "en"
    html = client.get(URL).text
    assert "Accessibility statement" in html
    assert "Known gaps" in html
    assert "Toegankelijkheidsverklaring" not in html


@pytest.mark.parametrize(
    "name", ["home", "communities:community_list", "search", "account_login"]
)
def test_every_page_links_to_the_statement_from_its_footer(client, name):
    html = client.get(reverse(name)).text
    footer = html[html.index("<footer") :]
    assert f'href="{URL}"' in footer
    assert "Toegankelijkheidsverklaring" in footer


def test_signed_in_pages_link_to_it_too(client, moderator):
    sign_in(client, moderator)
    html = client.get(reverse("signals:signal_list")).text
    assert f'href="{URL}"' in html[html.index("<footer") :]


def test_a_post_is_refused_and_changes_nothing(client):
    assert client.post(URL).status_code == 405


def test_anonymous_visitors_get_it_from_the_page_cache(client, page_cache_on):
    first = client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(URL)
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert "public" in second["Cache-Control"]
