"""The empty filter forms of the signal and session lists are the same for
every reader, so they are kept in the shared cache
(cop_portal.page_cache.shared_fragment_version): signed-in readers' pages are
never kept by the page cache. A filled-in form, a new theme, another
language, another tab and a new release are never served an old copy."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Theme
from tests.conftest import sign_in
from tests.factories import CommunityFactory, MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

SIGNALS = reverse("signals:signal_list")
SESSIONS = reverse("communities:session_list")


def _filter_form(response) -> str:
    return re.search(r'<form class="portal-filter".*?</form>', response.text, re.S)[0]


def _theme_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if 'FROM "communities_theme"' in q["sql"]]


def test_the_empty_filter_form_is_rendered_once_for_every_reader(
    client, deelnemer, theme
):
    first = sign_in(client, deelnemer).get(SIGNALS)
    sign_in(client, MembershipFactory(community=CommunityFactory()).user)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(SIGNALS)
    assert second.status_code == 200
    assert _filter_form(second) == _filter_form(first)
    assert f'<option value="{theme.slug}">{theme.name}</option>' in _filter_form(second)
    assert _theme_queries(queries) == []


def test_a_filled_in_form_shows_what_the_reader_chose(client, deelnemer, theme):
    sign_in(client, deelnemer).get(SIGNALS)
    response = client.get(SIGNALS, {"q": "taalniveau", "theme": theme.slug})
    form = _filter_form(response)
    assert 'value="taalniveau"' in form
    assert f'<option value="{theme.slug}" selected>' in form
    assert "Zoekopdracht en filters wissen" in form
    # The next reader without filters still gets the empty form.
    assert 'value="taalniveau"' not in _filter_form(client.get(SIGNALS))


def test_a_new_theme_shows_in_the_filter_at_once(
    client, deelnemer, django_capture_on_commit_callbacks
):
    sign_in(client, deelnemer).get(SIGNALS)
    with django_capture_on_commit_callbacks(execute=True):
        Theme.objects.create(name="Digitale vaardigheden", slug="digitaal")
    assert '<option value="digitaal">Digitale vaardigheden</option>' in (
        _filter_form(client.get(SIGNALS))
    )


def test_each_language_keeps_its_own_form(client, deelnemer):
    sign_in(client, deelnemer)
    dutch = _filter_form(client.get(SIGNALS))
    client.cookies["django_language"] = "en"
    english = _filter_form(client.get(SIGNALS))
    assert "Alle thema" in dutch
    assert "All themes" in english and "Alle thema" not in english


def test_a_new_release_renders_the_form_afresh(client, deelnemer, monkeypatch):
    sign_in(client, deelnemer).get(SIGNALS)
    monkeypatch.setattr("cop_portal.page_cache.build", lambda: "next-release")
    with CaptureQueriesContext(connection) as queries:
        client.get(SIGNALS)
    assert len(_theme_queries(queries)) == 1


def test_upcoming_and_past_each_keep_their_own_empty_form(client, deelnemer, theme):
    sign_in(client, deelnemer)
    upcoming = _filter_form(client.get(SESSIONS))
    past = _filter_form(client.get(SESSIONS, {"wanneer": "afgelopen"}))
    with CaptureQueriesContext(connection) as queries:
        upcoming_again = _filter_form(client.get(SESSIONS))
        past_again = _filter_form(client.get(SESSIONS, {"wanneer": "afgelopen"}))
    assert _theme_queries(queries) == []
    assert (upcoming_again, past_again) == (upcoming, past)
    assert 'name="wanneer" value="afgelopen"' in past
    assert 'name="wanneer"' not in upcoming
    assert f'<option value="{theme.slug}">{theme.name}</option>' in upcoming


def test_a_filled_in_session_filter_is_rendered_afresh(client, deelnemer, theme):
    sign_in(client, deelnemer).get(SESSIONS)
    form = _filter_form(client.get(SESSIONS, {"theme": theme.slug, "q": "taalcafé"}))
    assert f'<option value="{theme.slug}" selected>' in form
    assert 'value="taalcafé"' in form
    assert "Zoekopdracht en filters wissen" in form
    assert f'<option value="{theme.slug}">' in _filter_form(client.get(SESSIONS))
