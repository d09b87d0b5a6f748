"""A query budget per page (issue "Fast at national scale"): each page's
number of queries is fixed, whatever the data; a change that adds one fails
here and must say why. What each query costs at national scale is measured by
`make bench`."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from signals import services as signal_services
from signals.models import Response
from tests.factories import MembershipFactory, SessionFactory, UserFactory
from tests.knowledge.factories import ProductFactory
from tests.signals.factories import RecognitionFactory, SignalFactory

pytestmark = pytest.mark.django_db

# page -> (who, the most queries it may run)
BUDGET = {
    "home": ("anonymous", 8),
    # Text only: no query of its own. Signed in, the base page reads the
    # session, the account and the memberships (the Signals menu item).
    "accessibility": ("anonymous", 0),
    "accessibility_signed_in": ("deelnemer", 3),
    "cops": ("anonymous", 7),
    "cop": ("anonymous", 9),
    "sessions": ("anonymous", 4),
    "sessions_past": ("anonymous", 4),
    "session": ("anonymous", 5),
    # The list's search box: the synonyms and stems of the query, the
    # matches from the GIN index (also the count), the page by primary key.
    "sessions_search": ("anonymous", 6),
    # The page, with its products' themes and tags in the same statement
    # (cop_portal.linked); the facet counts: the themes (which replace the
    # select's own read) and one counting statement, in a savepoint with its
    # own time limit: savepoint, limit, count, limit put back, release (outside a
    # transaction: limit, count, commit); with the page cache on, two reads
    # of the cache instead (decisions 0021, 0028).
    "kennis": ("anonymous", 8),
    # + two indexed reads of the search vocabulary (compound parts and the
    # "Bedoelde u" correction, docs/decisions/0019-dutch-search.md), and the
    # facets' "is the word common" read.
    "kennis_search": ("anonymous", 13),
    "product": ("anonymous", 9),
    "feed": ("anonymous", 1),
    "ical": ("anonymous", 5),
    # Session, account, memberships; the page (with whether the reader
    # marked each signal), the capped count.
    "signals": ("deelnemer", 6),
    # Session, account, memberships; the signal (with its themes, whether
    # any signal was merged into it and whether the reader marked it), its
    # events and answers (their authors and organisations joined); merged
    # signals only when there are any. Visibility is decided on the signal
    # read, no query.
    "signal": ("deelnemer", 6),
    "signals_search": ("deelnemer", 8),
    # A moderator's permissions come from the role, not the permission
    # tables (cop_portal.backends.ModeratorBackend, first in the list).
    "admin_signals": ("moderator", 6),
    # + the search window: the cut-off time, the recent matches (their planner
    # setting in a savepoint) and, for a rarer word, the trigram path.
    "admin_signals_search": ("moderator", 13),
    "export": ("moderator", 8),
    # The choices, the memberships and followings, the followed CoP's and
    # themes: one query each.
    "notifications": ("deelnemer", 7),
    # The outbox in the admin: no full count (show_full_result_count off).
    "admin_outbox": ("moderator", 5),
    # Mijn werk: a capped count and (when there is any) the first lines per
    # list; a member's visit is recorded (one upsert); the newest products.
    # An author's own products are read first, two small queries along the
    # author and creator indexes (one OR walked every concept: 300 ms).
    "mijn_werk_moderator": ("moderator", 11),
    "mijn_werk_trekker": ("trekker", 10),
    "mijn_werk_deelnemer": ("deelnemer", 9),
    # One grouped query per figure (seven), the theme and region choices.
    "dashboard": ("moderator", 11),
    "dashboard_csv": ("moderator", 3),
}


@pytest.fixture
def world(community, theme, session, deelnemer, moderator):
    """Several of everything, so a query per row would show."""
    for _ in range(3):
        MembershipFactory(community=community)
        SessionFactory(community=community, themes=[theme])
    products = [
        ProductFactory(community=community, themes=[theme], title=f"Ontheffing {i}")
        for i in range(4)
    ]
    for product in products:
        product.tags.add("argonaut")
    signals = [SignalFactory(community=community, themes=[theme]) for _ in range(4)]
    for signal in signals:
        signal_services.signal_accept(actor=moderator, signal=signal)
        RecognitionFactory(signal=signal)
    # Answers by two people of two organisations: a query per author or
    # organisation would show on the signal's page.
    for author in (moderator, UserFactory()):
        Response.objects.create(
            signal=signals[0],
            author=author,
            organisation=author.organisation,
            level=signals[0].level,
            body="Het ministerie kijkt ernaar.",
        )
    return {"product": products[0], "signal": signals[0]}


def _urls(world, community, session):
    return {
        "home": "/",
        "accessibility": reverse("accessibility_statement"),
        "accessibility_signed_in": reverse("accessibility_statement"),
        "cops": reverse("communities:community_list"),
        "cop": community.get_absolute_url(),
        "sessions": reverse("communities:session_list"),
        "sessions_past": reverse("communities:session_list") + "?wanneer=afgelopen",
        "session": session.get_absolute_url(),
        "sessions_search": reverse("communities:session_list") + "?q=bijeenkomst",
        "kennis": reverse("knowledge:product_list"),
        "kennis_search": reverse("knowledge:product_list") + "?q=ontheffing",
        "product": world["product"].get_absolute_url(),
        "feed": reverse("knowledge:feed"),
        "ical": reverse("communities:community_calendar", args=[community.slug]),
        "signals": reverse("signals:signal_list"),
        "signal": world["signal"].get_absolute_url(),
        "signals_search": reverse("signals:signal_list") + "?q=knelpunt",
        "admin_signals": reverse("admin:signals_signal_changelist"),
        "admin_signals_search": reverse("admin:signals_signal_changelist")
        + "?q=knelpunt",
        "notifications": reverse("profile_notifications"),
        "admin_outbox": reverse("admin:cop_portal_notification_changelist"),
        "export": reverse("signals:signal_export")
        + "?start=2000-01-01&end=2099-12-31&file_format=csv",
        "mijn_werk_moderator": "/",
        "mijn_werk_trekker": "/",
        "mijn_werk_deelnemer": "/",
        "dashboard": reverse("dashboard"),
        "dashboard_csv": reverse("dashboard_csv", args=["signalenstroom"]),
    }


@pytest.mark.parametrize("page", BUDGET)
def test_page_stays_within_its_query_budget(page, world, community, session, client_as):
    who, budget = BUDGET[page]
    client = client_as({"anonymous": "anonymous"}.get(who, who))
    url = _urls(world, community, session)[page]
    client.get(url)  # warm: content types, sessions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    assert len(queries) <= budget, "\n".join(q["sql"][:150] for q in queries)
