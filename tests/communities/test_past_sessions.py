"""/bijeenkomsten/ has two tabs: what is planned (soonest first) and what took
place (most recent first), each paged by keyset and keeping the filters."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CommunityFactory, SessionFactory

pytestmark = pytest.mark.django_db

URL = reverse("communities:session_list")


def _held(community, days_ago, title):
    starts_at = timezone.now().replace(microsecond=0) - datetime.timedelta(
        days=days_ago
    )
    return SessionFactory(
        community=community,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
    )


def _titles(html):
    return re.findall(r"(Sessiegehouden \d+|Sessiegepland)", html)


def test_past_tab_lists_sessions_that_took_place_most_recent_first(client, community):
    SessionFactory(community=community, title="Sessiegepland")
    _held(community, 30, "Sessiegehouden 30")
    _held(community, 2, "Sessiegehouden 2")
    response = client.get(URL, {"wanneer": "afgelopen"})
    assert response.status_code == 200
    assert "Eerdere bijeenkomsten" in response.text
    assert _titles(response.text) == ["Sessiegehouden 2", "Sessiegehouden 30"]
    upcoming = client.get(URL)
    assert _titles(upcoming.text) == ["Sessiegepland"]


def test_both_tabs_are_links_and_the_current_one_is_marked(client):
    response = client.get(URL, {"wanneer": "afgelopen"})
    assert 'href="/bijeenkomsten/?wanneer=afgelopen" aria-current="page"' in (
        response.text
    )
    assert 'href="/bijeenkomsten/"' in response.text


def test_past_tab_pages_by_cursor_without_repeats(client, community):
    for days in range(1, 31):
        _held(community, days, f"Sessiegehouden {days}")
    first = client.get(URL, {"wanneer": "afgelopen"})
    assert _titles(first.text) == [f"Sessiegehouden {days}" for days in range(1, 26)]
    next_link = re.search(r'rel="next" href="\?([^"]+)"', first.text).group(1)
    second = client.get(URL + "?" + next_link.replace("&amp;", "&"))
    assert _titles(second.text) == [f"Sessiegehouden {days}" for days in range(26, 31)]


def test_past_tab_keeps_the_cop_filter(client, community):
    other = CommunityFactory(name="CoP Zeeland")
    _held(community, 3, "Sessiegehouden 3")
    _held(other, 4, "Sessiegehouden 4")
    response = client.get(URL, {"wanneer": "afgelopen", "community": "Zeeland"})
    assert _titles(response.text) == ["Sessiegehouden 4"]
    assert 'name="wanneer" value="afgelopen"' in response.text


def test_an_unknown_tab_is_the_upcoming_list(client, community):
    SessionFactory(community=community, title="Sessiegepland")
    response = client.get(URL, {"wanneer": "<script>"})
    assert response.status_code == 200
    assert _titles(response.text) == ["Sessiegepland"]
