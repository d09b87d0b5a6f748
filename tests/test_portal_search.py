"""The portal-wide search (/zoeken/, issue 10): a box in every page's header,
results grouped by kind with a count, each group only what the person may
read, every group's query on its own index."""

import re

import pytest
from django.urls import reverse

from communities import selectors as community_selectors
from knowledge import search as knowledge_search
from signals import selectors as signal_selectors
from signals.states import Closure, Level, Status
from tests import search_data
from tests.conftest import sign_in
from tests.factories import MembershipFactory, SessionFactory, UserFactory
from tests.knowledge.factories import ProductFactory
from tests.signals.factories import ChainPartnerOrganisationFactory, SignalFactory

pytestmark = pytest.mark.django_db

URL = "/zoeken/"


def _search(client, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def _group(html, kind):
    """The text of one group of results, or None when it is not shown."""
    match = re.search(
        rf'<section aria-labelledby="group-{kind}">(.*?)</section>', html, re.S
    )
    return match.group(1) if match else None


def _heading(html, kind):
    group = _group(html, kind)
    return re.search(r"<h2[^>]*>(.*?)</h2>", group, re.S).group(1)


# --- The box in the header -------------------------------------------------


def _box(html):
    match = re.search(r'<form class="portal-search".*?</form>', html, re.S)
    assert match, "no search box in the header"
    return match.group(0)


def test_every_page_has_the_search_box_with_a_visible_label(client, session):
    product = ProductFactory(community=session.community)
    pages = [
        reverse("home"),
        reverse("communities:community_list"),
        reverse("knowledge:product_list"),
        session.get_absolute_url(),
        product.get_absolute_url(),
        URL,
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        header = html.split("</header>")[0]
        box = _box(header)
        assert 'action="/zoeken/"' in box and 'method="get"' in box, url
        assert 'role="search"' in box
        # A visible label tied to the field: no JavaScript, no placeholder.
        assert (
            '<label class="utrecht-form-label" for="portal-search-q">Zoeken</label>'
            in box
        )
        assert 'id="portal-search-q" name="q"' in box


def test_the_box_is_english_in_english(client, settings):
    settings.LANGUAGE_CODE = "en"
    html = client.get(
        reverse("home"), headers={"accept-language": "en"}
    ).content.decode()
    assert 'for="portal-search-q">Search</label>' in _box(html)


def test_the_results_page_keeps_the_query_in_the_box(client):
    html = _search(client, "leerroute")
    assert 'name="q" value="leerroute"' in _box(html)


# --- Groups and counts ---------------------------------------------------------


def test_results_are_grouped_by_kind_with_a_count_each(client, community, moderator):
    for n in range(7):
        ProductFactory(community=community, title=f"Leerroute handreiking {n}")
    SessionFactory(community=community, title="Leerroute in de praktijk")
    SessionFactory(community=community, title="Iets anders", agenda="Over de leerroute")
    SessionFactory(community=community, title="Taalniveau", agenda="Geen match")
    SignalFactory(community=community, title="Leerroute sluit niet aan")
    html = _search(sign_in(client, moderator), "leerroute")
    assert "Kennisproducten (7)" in _heading(html, "knowledge")
    assert "Bijeenkomsten (2)" in _heading(html, "sessions")
    assert "Signalen (1)" in _heading(html, "signals")
    knowledge = _group(html, "knowledge")
    # The first five, and a link to the kennis search with the query.
    assert knowledge.count("Leerroute handreiking") == 5
    assert 'href="/kennis/?q=leerroute">Alle 7 kennisproducten</a>' in knowledge
    sessions = _group(html, "sessions")
    assert "Leerroute in de praktijk" in sessions and "Iets anders" in sessions
    assert "Taalniveau" not in sessions
    # Sessions and signals have no search of their own to link to.
    assert "/kennis/?q=" not in sessions


def test_a_kind_without_matches_says_so(client):
    html = _search(client, "leerroute")
    assert "Bijeenkomsten (0)" in _heading(html, "sessions")
    assert "Niets gevonden." in _group(html, "sessions")


def test_dutch_search_finds_compound_parts_and_forms_without_accents(client, community):
    SessionFactory(community=community, title="Het inburgeringstraject", agenda="")
    SessionFactory(community=community, title="Financiële ondersteuning", agenda="")
    assert "Het inburgeringstraject" in _group(
        _search(client, "inburgeringstrajecten"), "sessions"
    )
    assert "Financiële ondersteuning" in _group(
        _search(client, "financiele"), "sessions"
    )


def test_counts_stop_at_the_cap(client, community, moderator, monkeypatch):
    from cop_portal import search

    monkeypatch.setattr(search, "COUNT_CAP", 6)
    for n in range(8):
        SessionFactory(community=community, title=f"Leerroute {n}")
    html = _search(client, "leerroute")
    assert "Bijeenkomsten (meer dan 6)" in _heading(html, "sessions")


def test_the_page_in_english(client, settings, community):
    settings.LANGUAGE_CODE = "en"
    SessionFactory(community=community, title="Leerroute")
    html = client.get(
        URL, {"q": "leerroute"}, headers={"accept-language": "en"}
    ).content.decode()
    assert "Sessions (1)" in html and "Knowledge products (0)" in html
    assert "Nothing found." in html


# --- Visibility ------------------------------------------------------------------


@pytest.fixture
def hidden(community):
    session = SessionFactory(
        community=community,
        title="Openbare bijeenkomst",
        agenda="Openbare agenda",
        report="Het verslag noemt de zwaluwstaart",
    )
    rejected = SignalFactory(
        community=community,
        title="Afgewezen zwaluwstaart",
        status=Status.CLOSED,
        closure=Closure.REJECTED,
    )
    open_signal = SignalFactory(community=community, title="Open zwaluwstaart")
    return session, rejected, open_signal


def test_anonymous_sees_no_signals_and_no_members_only_report(client, hidden):
    html = _search(client, "zwaluwstaart")
    assert _group(html, "signals") is None
    assert "Signalen" not in html.split("<main")[1]
    # The match is only in the members-only report: not even counted.
    assert "Bijeenkomsten (0)" in _heading(html, "sessions")
    assert "Openbare bijeenkomst" not in html


def test_members_find_a_session_by_its_report(client, hidden, deelnemer):
    html = _search(sign_in(client, deelnemer), "zwaluwstaart")
    assert "Openbare bijeenkomst" in _group(html, "sessions")


def test_a_deelnemer_of_another_cop_does_not_see_a_rejected_signal(
    client, hidden, other_community
):
    other = MembershipFactory(community=other_community).user
    html = _search(sign_in(client, other), "zwaluwstaart")
    signals = _group(html, "signals")
    assert "Open zwaluwstaart" in signals
    assert "Afgewezen zwaluwstaart" not in signals
    assert "Signalen (1)" in _heading(html, "signals")


def test_a_signed_in_outsider_sees_no_signals_and_no_report(client, hidden, outsider):
    html = _search(sign_in(client, outsider), "zwaluwstaart")
    assert _group(html, "signals") is None
    assert "Openbare bijeenkomst" not in html


def test_a_ketenpartner_sees_only_signals_addressed_to_them(client, community):
    organisation = ChainPartnerOrganisationFactory(name="Ministerie", slug="min")
    partner = UserFactory(is_chain_partner=True, organisation=organisation)
    SignalFactory(
        community=community,
        title="Zwaluwstaart voor het ministerie",
        level=Level.STELSEL,
        addressed_to=organisation,
    )
    SignalFactory(community=community, title="Zwaluwstaart voor een ander")
    SignalFactory(
        community=community,
        title="Zwaluwstaart voor DUO",
        level=Level.STELSEL,
        addressed_to=ChainPartnerOrganisationFactory(name="DUO", slug="duo"),
    )
    html = _search(sign_in(client, partner), "zwaluwstaart")
    signals = _group(html, "signals")
    assert "Zwaluwstaart voor het ministerie" in signals
    assert "voor een ander" not in signals and "voor DUO" not in signals
    assert "Signalen (1)" in _heading(html, "signals")


# --- Hostile queries ---------------------------------------------------------------


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "x" * 10_000,
        "woord " * 2000,
        "de het een en of",
        "a & !b:* | (c <-> d)",
        "'); DROP TABLE signals_signal; --",
        "ﷺ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ‮",
    ],
)
def test_hostile_queries_give_a_normal_page(client, moderator, community, q):
    SessionFactory(community=community, title="Leerroute")
    response = sign_in(client, moderator).get(URL, {"q": q})
    assert response.status_code == 200
    assert "<h1" in response.content.decode()


def test_a_nul_character_is_refused(client):
    assert client.get(URL, {"q": "a\x00b"}).status_code == 400


def test_an_empty_query_asks_for_a_word(client):
    html = _search(client, "")
    assert "Typ een woord in het zoekvak" in html
    assert _group(html, "sessions") is None


# --- Every group on its index --------------------------------------------------------


@pytest.fixture
def many(community):
    search_data.fill(community, reports=True, rare_signal_title="Zeldzame zwaluwstaart")


def _plans(queryset, order_field):
    """The plans of what the page runs for a rare word: the matches without
    an order (also the count), then the newest of them by primary key."""
    from cop_portal.search import COUNT_CAP, PER_GROUP

    matches = queryset.order_by().values_list("pk", order_field)[: COUNT_CAP + 1]
    newest = queryset.filter(pk__in=[1, 2, 3, 4, 5])[:PER_GROUP]
    return matches.explain(), newest.explain()


@pytest.mark.parametrize("role", ["anonymous", "deelnemer"])
def test_session_search_uses_its_gin_index(many, role, request):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)
    index = "session_public_fts" if role == "anonymous" else "session_member_fts"
    parsed = knowledge_search.parse_query("zwaluwstaart")
    queryset = community_selectors.session_search(user=user, parsed=parsed)
    assert list(queryset.values_list("title", flat=True)) == ["Zeldzame zwaluwstaart"]
    matches, newest = _plans(queryset, "starts_at")
    assert f"Bitmap Index Scan on {index}" in matches, matches
    assert "Seq Scan on communities_session" not in matches + newest, newest
    assert "communities_session_pkey" in newest, newest


@pytest.mark.parametrize("role", ["moderator", "deelnemer"])
def test_signal_search_uses_its_gin_index(many, role, request):
    user = request.getfixturevalue(role)
    parsed = knowledge_search.parse_query("zwaluwstaart")
    queryset = signal_selectors.signal_search(user=user, parsed=parsed)
    assert list(queryset.values_list("title", flat=True)) == ["Zeldzame zwaluwstaart"]
    matches, newest = _plans(queryset, "created_at")
    assert "Bitmap Index Scan on signal_similar_fts" in matches, matches
    assert "Seq Scan on signals_signal" not in matches + newest, newest
    assert "signals_signal_pkey" in newest, newest


def test_the_number_of_queries_does_not_grow_with_the_matches(
    client, community, moderator
):
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    sign_in(client, moderator)
    counts = []
    for size in (1, 6):
        for n in range(size):
            ProductFactory(community=community, title=f"Leerroute {size} {n}")
            SessionFactory(community=community, title=f"Leerroute {size} {n}")
            SignalFactory(community=community, title=f"Leerroute {size} {n}")
        with CaptureQueriesContext(conn) as captured:
            _search(client, "leerroute")
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1], counts


def test_a_typo_gets_a_did_you_mean_link_to_the_portal_search(client, community):
    product = ProductFactory(community=community, title="Inburgering in Zeeland")
    product.save()  # builds the vector and the vocabulary
    html = _search(client, "inburgerring")
    assert 'Bedoelde u: <a class="utrecht-link" href="/zoeken/?q=inburgering">' in html
    assert "Bedoelde u" not in _search(client, "inburgering")
