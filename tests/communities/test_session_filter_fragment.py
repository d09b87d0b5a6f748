"""The empty filter form of the session list comes from the shared cache for
signed-in readers (whose pages the page cache does not keep), one copy for
upcoming and one for past sessions; a filled-in form is rendered afresh."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

LIST = reverse("communities:session_list")


@pytest.fixture(autouse=True)
def _shared_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "session-filter-fragment-tests",
        }
    }
    cache.clear()


def _filter_form(response) -> str:
    return re.search(r'<form class="portal-filter".*?</form>', response.text, re.S)[0]


def _theme_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if 'FROM "communities_theme"' in q["sql"]]


def test_upcoming_and_past_each_keep_their_own_empty_form(client, deelnemer, theme):
    sign_in(client, deelnemer)
    upcoming = _filter_form(client.get(LIST))
    past = _filter_form(client.get(LIST, {"wanneer": "afgelopen"}))
    with CaptureQueriesContext(connection) as queries:
        upcoming_again = _filter_form(client.get(LIST))
        past_again = _filter_form(client.get(LIST, {"wanneer": "afgelopen"}))
    assert _theme_queries(queries) == []
    assert (upcoming_again, past_again) == (upcoming, past)
    assert 'name="wanneer" value="afgelopen"' in past
    assert 'name="wanneer"' not in upcoming
    assert f'<option value="{theme.slug}">{theme.name}</option>' in upcoming


def test_a_filled_in_session_filter_is_rendered_afresh(client, deelnemer, theme):
    sign_in(client, deelnemer).get(LIST)
    form = _filter_form(client.get(LIST, {"theme": theme.slug, "q": "taalcafé"}))
    assert f'<option value="{theme.slug}" selected>' in form
    assert 'value="taalcafé"' in form
    assert "Zoekopdracht en filters wissen" in form
    assert f'<option value="{theme.slug}">' in _filter_form(client.get(LIST))
