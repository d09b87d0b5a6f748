"""The search boxes of the session list (/bijeenkomsten/) and the signal
list (/signalen/): the Dutch search of the kennis list (jargon, compounds,
diacritics), each person finding only what they may read, pages by cursor
that keep the query, hostile input answered with a page, and the portal
search's "Alle N …" links to them."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from communities import views as community_views
from signals import views as signal_views
from signals.states import Closure, Status
from tests import search_data
from tests.conftest import sign_in
from tests.factories import SessionFactory, UserFactory
from tests.signals.factories import ChainPartnerOrganisationFactory, SignalFactory

pytestmark = pytest.mark.django_db

SESSIONS = reverse("communities:session_list")
SIGNALS = reverse("signals:signal_list")


def _titles(response, name):
    assert response.status_code == 200
    return [item.title for item in response.context[name]]


def _heading(response) -> str:
    html = response.content.decode()
    return re.search(r'<h2 class="utrecht-heading-2">(.*?)</h2>', html, re.S).group(1)


# --- Sessions ----------------------------------------------------------------


def test_session_search_finds_past_and_upcoming_sessions(client, community):
    SessionFactory(community=community, title="Inkoop van leerroutes")
    SessionFactory(
        community=community,
        title="Inkoop terugblik",
        starts_at=timezone.now() - datetime.timedelta(days=30),
        ends_at=timezone.now() - datetime.timedelta(days=30, hours=-2),
    )
    SessionFactory(community=community, title="Werkervaringsplekken")
    response = client.get(SESSIONS, {"q": "inkoop"})
    assert sorted(_titles(response, "sessions")) == [
        "Inkoop terugblik",
        "Inkoop van leerroutes",
    ]
    assert "2 sessions for “inkoop”" in _heading(response) or "2 bijeenkomsten" in (
        _heading(response)
    )


def test_session_report_is_searched_only_for_those_who_may_read_it(
    client, client_as, community
):
    SessionFactory(
        community=community, title="Overleg", report="Zwaluwstaart besproken"
    )
    assert _titles(client.get(SESSIONS, {"q": "zwaluwstaart"}), "sessions") == []
    member = client_as("deelnemer").get(SESSIONS, {"q": "zwaluwstaart"})
    assert _titles(member, "sessions") == ["Overleg"]


def test_session_search_keeps_the_filters(client, community, other_community):
    SessionFactory(community=community, title="Inkoop hier")
    SessionFactory(community=other_community, title="Inkoop daar")
    response = client.get(SESSIONS, {"q": "inkoop", "community": community.slug})
    assert _titles(response, "sessions") == ["Inkoop hier"]


def test_session_search_finds_a_word_without_its_accents(client, community):
    SessionFactory(community=community, title="Financiële ondersteuning")
    response = client.get(SESSIONS, {"q": "financiele"})
    assert _titles(response, "sessions") == ["Financiële ondersteuning"]


def test_session_search_pages_by_cursor_with_the_query(client, community, monkeypatch):
    monkeypatch.setattr(community_views, "SESSIONS_PER_PAGE", 2)
    start = timezone.now()
    for i in range(5):
        SessionFactory(
            community=community,
            title=f"Inkoop {i}",
            starts_at=start + datetime.timedelta(days=i),
            ends_at=start + datetime.timedelta(days=i, hours=2),
        )
    SessionFactory(community=community, title="Iets anders")
    seen = []
    response = client.get(SESSIONS, {"q": "inkoop"})
    while True:
        seen += _titles(response, "sessions")
        page = response.context["page_obj"]
        if not page.has_next:
            break
        response = client.get(SESSIONS, {"q": "inkoop", "cursor": page.next_cursor})
    # Newest first, each once, the query kept on every page.
    assert seen == [f"Inkoop {i}" for i in range(4, -1, -1)]
    assert "q=inkoop" in response.content.decode()


def test_session_list_without_a_query_still_shows_upcoming_only(client, community):
    SessionFactory(community=community, title="Komt nog")
    SessionFactory(
        community=community,
        title="Geweest",
        starts_at=timezone.now() - datetime.timedelta(days=30),
        ends_at=timezone.now() - datetime.timedelta(days=30, hours=-2),
    )
    assert _titles(client.get(SESSIONS), "sessions") == ["Komt nog"]


# --- Signals -----------------------------------------------------------------


@pytest.fixture
def signals(community, other_community):
    return {
        "energy": SignalFactory(
            community=community,
            title="Energiebedrijven weigeren betalingen",
            description="Financiële ontzorging loopt vast.",
        ),
        "other": SignalFactory(
            community=other_community,
            title="Te weinig werkervaringsplekken",
            description="Werkgevers bieden geen plekken.",
        ),
    }


def test_signal_search_finds_matching_signals(client_as, signals):
    response = client_as("deelnemer").get(SIGNALS, {"q": "betalingen"})
    assert _titles(response, "signals") == ["Energiebedrijven weigeren betalingen"]


def test_signal_search_finds_a_word_without_its_accents(client_as, signals):
    response = client_as("deelnemer").get(SIGNALS, {"q": "financiele"})
    assert _titles(response, "signals") == ["Energiebedrijven weigeren betalingen"]


def test_signal_search_finds_compound_and_parts_together(client_as, signals):
    # A typed compound also finds its parts written apart, and plurals.
    response = client_as("deelnemer").get(SIGNALS, {"q": "werkervaringsplek"})
    assert _titles(response, "signals") == ["Te weinig werkervaringsplekken"]


def test_signal_search_shows_no_signal_the_person_may_not_see(
    client_as, other_community, signals
):
    SignalFactory(
        community=other_community,
        title="Afgewezen: betalingen",
        status=Status.CLOSED,
        closure=Closure.REJECTED,
    )
    found = _titles(client_as("deelnemer").get(SIGNALS, {"q": "betalingen"}), "signals")
    assert found == ["Energiebedrijven weigeren betalingen"]
    # A ketenpartner sees only what was addressed to their organisation.
    organisation = ChainPartnerOrganisationFactory(name="DUO", slug="duo")
    partner = UserFactory(is_chain_partner=True, organisation=organisation)
    partner_client = Client()
    sign_in(partner_client, partner)
    assert _titles(partner_client.get(SIGNALS, {"q": "betalingen"}), "signals") == []


def test_signal_search_keeps_the_filters(client_as, community, signals):
    response = client_as("deelnemer").get(
        SIGNALS, {"q": "werkervaringsplek", "community": community.slug}
    )
    assert _titles(response, "signals") == []


def test_signal_search_pages_by_cursor_with_the_query(
    client_as, community, monkeypatch
):
    monkeypatch.setattr(signal_views, "SIGNALS_PER_PAGE", 2)
    for i in range(5):
        SignalFactory(community=community, title=f"Inkoop knelpunt {i}")
    SignalFactory(community=community, title="Iets anders")
    client = client_as("deelnemer")
    seen = []
    response = client.get(SIGNALS, {"q": "inkoop"})
    assert "5 signals for “inkoop”" in _heading(response) or "5 signalen" in (
        _heading(response)
    )
    while True:
        seen += _titles(response, "signals")
        page = response.context["page_obj"]
        if not page.has_next:
            break
        response = client.get(SIGNALS, {"q": "inkoop", "cursor": page.next_cursor})
    assert seen == [f"Inkoop knelpunt {i}" for i in range(4, -1, -1)]


# --- Hostile input -----------------------------------------------------------

HOSTILE = [
    "!!!",
    "&|!():*<->",
    "' OR 1=1 --",
    "inkoop & !",
    "de het een",
    "\u200b\u200b",
    "😀" * 50,
    "a" * 1999,
]


@pytest.mark.parametrize("q", HOSTILE)
def test_session_search_answers_any_text_with_a_page(client, community, q):
    SessionFactory(community=community, title="Inkoop")
    response = client.get(SESSIONS, {"q": q})
    assert response.status_code == 200


@pytest.mark.parametrize("q", HOSTILE)
def test_signal_search_answers_any_text_with_a_page(client_as, signals, q):
    response = client_as("deelnemer").get(SIGNALS, {"q": q})
    assert response.status_code == 200


@pytest.mark.parametrize("url", [SESSIONS, SIGNALS])
def test_only_punctuation_asks_for_words(client_as, url):
    response = client_as("deelnemer").get(url, {"q": "!?&|"})
    assert "Typ een of meer woorden" in response.content.decode()


@pytest.mark.parametrize("url", [SESSIONS, SIGNALS])
def test_an_overlong_query_is_refused_on_the_form(client_as, url):
    response = client_as("deelnemer").get(url, {"q": "woord " * 500})
    assert response.status_code == 200
    assert "2000" in response.content.decode()


# --- The portal search links to them ---------------------------------------


def test_portal_search_links_to_all_matching_sessions_and_signals(
    client_as, community, monkeypatch
):
    from cop_portal import search

    monkeypatch.setattr(search, "PER_GROUP", 2)
    for i in range(3):
        SessionFactory(community=community, title=f"Inkoop sessie {i}")
        SignalFactory(community=community, title=f"Inkoop signaal {i}")
    html = client_as("deelnemer").get("/zoeken/", {"q": "inkoop"}).content.decode()
    assert f'href="{SESSIONS}?q=inkoop"' in html
    assert f'href="{SIGNALS}?q=inkoop"' in html
    # The list it leads to finds as many.
    sessions = client_as("deelnemer").get(SESSIONS, {"q": "inkoop"})
    assert sessions.context["count"] == 3


# --- Plans -------------------------------------------------------------------


@pytest.fixture
def many(community):
    search_data.fill(
        community, reports=False, rare_signal_title="Financiële zwaluwstaart"
    )


def _match_plans(client, url, q):
    """EXPLAIN of every query of the page that holds a text condition."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"q": q})
    assert response.status_code == 200
    plans = []
    for query in captured.captured_queries:
        if "@@" in query["sql"] and query["sql"].startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + query["sql"])
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return response, plans


def test_session_list_search_reads_its_gin_index(client, many):
    response, plans = _match_plans(client, SESSIONS, "zwaluwstaart")
    assert _titles(response, "sessions") == ["Zeldzame zwaluwstaart"]
    assert plans and all("session_public_fts" in plan for plan in plans), plans


def test_signal_list_search_reads_its_gin_index_without_accents(client_as, many):
    response, plans = _match_plans(client_as("moderator"), SIGNALS, "financiele")
    assert _titles(response, "signals") == ["Financiële zwaluwstaart"]
    assert plans and all("signal_similar_fts" in plan for plan in plans), plans
