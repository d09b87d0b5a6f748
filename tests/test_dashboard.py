"""The moderators' dashboard: every figure's numbers on one fixed data set,
the chart, summary and table of each, the CSV, the filters and bad input."""

import datetime
import re

import pytest
import time_machine
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from communities.models import Membership, Region
from cop_portal.figures import FigureFilters
from knowledge import selectors as knowledge_selectors
from knowledge import services as knowledge_services
from knowledge.models import PublishedVersion, Status
from signals import selectors as signal_selectors
from signals import services
from signals.states import Level
from signals.states import Status as SignalStatus
from tests.conftest import sign_in
from tests.factories import (
    CommunityFactory,
    MembershipFactory,
    SessionFactory,
    ThemeFactory,
    UserFactory,
)
from tests.knowledge.factories import ProductFactory
from tests.signals.factories import ChainPartnerOrganisationFactory

pytestmark = pytest.mark.django_db

FIRST_HALF = FigureFilters(
    start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30)
)
QUERY = "?start=2026-01-01&end=2026-06-30"


def _at(month: int, day: int, year: int = 2026) -> datetime.datetime:
    return datetime.datetime(
        year, month, day, 10, tzinfo=timezone.get_current_timezone()
    )


@pytest.fixture
def data(moderator):
    """Two CoP's in two regions, two themes; signals, sessions and products
    on fixed dates in and around the first half of 2026."""
    w = type("World", (), {})()
    w.ontzorgen = ThemeFactory(name="Financieel ontzorgen", slug="ontzorgen")
    w.toets = ThemeFactory(name="Leerbaarheidstoets", slug="toets")
    # The 35 arbeidsmarktregio's come with the migrations.
    w.rijnmond = Region.objects.get(name="Rijnmond")
    w.zeeland = Region.objects.get(name="Zeeland")
    w.a = CommunityFactory(name="CoP A", slug="cop-a", regions=[w.rijnmond])
    w.b = CommunityFactory(name="CoP B", slug="cop-b", regions=[w.zeeland])
    raiser_a = MembershipFactory(community=w.a).user
    raiser_b = MembershipFactory(community=w.b).user
    partner = ChainPartnerOrganisationFactory(name="DUO", slug="duo")

    def raise_(community, raiser, theme, at, title):
        return services.signal_submit(
            actor=raiser,
            community=community,
            title=title,
            description="Een knelpunt uit de praktijk.",
            themes=[theme],
            raised_at=at,
        )

    m = moderator
    # S1: answered after 10 days, within term, closed in February.
    s1 = raise_(w.a, raiser_a, w.ontzorgen, _at(1, 10), "Betalingen komen terug")
    services.signal_accept(actor=m, signal=s1, at=_at(1, 12))
    services.signal_respond(
        actor=m, signal=s1, answer="Zo los je het op.", notify=False, at=_at(1, 20)
    )
    services.signal_close(
        actor=m, signal=s1, feedback="Gedeeld.", notify=False, at=_at(2, 2)
    )
    # S2: escalated, answered at schakelniveau after 45 days, within term.
    s2 = raise_(w.a, raiser_a, w.toets, _at(2, 3), "Toets in eigen taal")
    services.signal_accept(actor=m, signal=s2, at=_at(2, 4))
    services.signal_escalate(
        actor=m,
        signal=s2,
        tried="Regionaal gezocht.",
        reason="Landelijk knelpunt.",
        addressed_to=partner,
        at=_at(2, 10),
    )
    services.signal_respond(
        actor=m, signal=s2, answer="DUO past het aan.", notify=False, at=_at(3, 20)
    )
    # S3: answered after 59 days, past its term.
    s3 = raise_(w.b, raiser_b, w.ontzorgen, _at(3, 2), "Zorgverzekering te laat")
    services.signal_accept(actor=m, signal=s3, at=_at(3, 3))
    services.signal_respond(
        actor=m, signal=s3, answer="Regel het eerder.", notify=False, at=_at(4, 30)
    )
    # S4: rejected; S5: still new.
    s4 = raise_(w.b, raiser_b, w.ontzorgen, _at(4, 15), "Geen knelpunt")
    services.signal_reject(actor=m, signal=s4, reason="Hoort elders.", at=_at(4, 16))
    raise_(w.a, raiser_a, w.ontzorgen, _at(5, 5), "Vaste lasten lopen door")
    # S6: raised before the period, answered in it after 26 days, in term.
    s6 = raise_(w.a, raiser_a, w.toets, _at(12, 20, 2025), "Plaatsing te hoog")
    services.signal_accept(actor=m, signal=s6, at=_at(1, 5))
    services.signal_respond(
        actor=m, signal=s6, answer="Toets opnieuw.", notify=False, at=_at(1, 15)
    )
    # S7: after the period.
    raise_(w.b, raiser_b, w.toets, _at(7, 2), "Na de periode")

    for community, when in [
        (w.a, _at(1, 15)),
        (w.a, _at(2, 20)),
        (w.a, _at(4, 10)),
        (w.b, _at(3, 5)),
        (w.a, _at(8, 3)),  # after the period
    ]:
        SessionFactory(community=community, starts_at=when, themes=[w.ontzorgen])

    def publish(when, title):
        product = ProductFactory(
            community=w.a, title=title, status=Status.APPROVED, themes=[w.toets]
        )
        with time_machine.travel(when, tick=False):
            return knowledge_services.product_publish(actor=m, product=product)

    publish(_at(2, 10), "Handreiking een")
    publish(_at(5, 1), "Handreiking twee")
    earlier = publish(_at(11, 1, 2025), "Eerder gepubliceerd")
    # A second version in the period is no new product.
    first = PublishedVersion.objects.get(product=earlier)
    PublishedVersion.objects.create(
        product=earlier,
        number=2,
        kind=first.kind,
        title=first.title,
        summary=first.summary,
        visibility=first.visibility,
        published_at=_at(3, 1),
        published_by=m,
    )
    return w


# --- The numbers of each figure ------------------------------------------------


def test_signals_per_level_and_status_count_the_signals_raised_in_the_period(data):
    counts = signal_selectors.figure_signals_by_level_and_status(FIRST_HALF)
    nonzero = {key: value for key, value in counts.items() if value}
    assert nonzero == {
        (Level.UITVOERING, SignalStatus.NEW): 1,
        (Level.UITVOERING, SignalStatus.ANSWERED): 1,
        (Level.UITVOERING, SignalStatus.CLOSED): 2,
        (Level.SCHAKEL, SignalStatus.ANSWERED): 1,
    }
    assert len(counts) == 12


def test_signals_per_theme_and_per_cop_rank_the_most_first(data):
    assert signal_selectors.figure_signals_by_theme(FIRST_HALF) == [
        ("Financieel ontzorgen", 4),
        ("Leerbaarheidstoets", 1),
    ]
    assert signal_selectors.figure_signals_by_community(FIRST_HALF) == [
        ("CoP A", 3),
        ("CoP B", 2),
    ]


def test_flow_counts_each_transition_in_the_month_it_was_made(data):
    flow = signal_selectors.figure_signal_flow(FIRST_HALF)
    assert flow == [
        # month, raised, escalated, answered, closed
        (datetime.date(2026, 1, 1), 1, 0, 2, 0),
        (datetime.date(2026, 2, 1), 1, 1, 0, 1),
        (datetime.date(2026, 3, 1), 1, 0, 1, 0),
        (datetime.date(2026, 4, 1), 1, 0, 1, 1),
        (datetime.date(2026, 5, 1), 1, 0, 0, 0),
        (datetime.date(2026, 6, 1), 0, 0, 0, 0),
    ]


def test_answer_times_give_median_90th_percentile_and_answers_within_term(data):
    times = signal_selectors.figure_answer_times(FIRST_HALF)
    # Uitvoeringsniveau: 10, 26 and 59 days (the last one an hour short:
    # summer time began between raising and answering).
    assert times == [
        (Level.UITVOERING, 3, 26.0, 52.4, 2),
        (Level.SCHAKEL, 1, 45.0, 45.0, 1),
        (Level.STELSEL, 0, None, None, 0),
    ]


def test_sessions_per_quarter_per_cop_busiest_first(data):
    figure = community_figure(FIRST_HALF)
    assert figure == {
        "quarters": [datetime.date(2026, 1, 1), datetime.date(2026, 4, 1)],
        "communities": [("CoP A", [2, 1]), ("CoP B", [1, 0])],
    }


def community_figure(filters):
    from communities.selectors import figure_sessions_per_quarter

    return figure_sessions_per_quarter(filters)


def test_products_count_first_publications_per_quarter(data):
    assert knowledge_selectors.figure_products_published_per_quarter(FIRST_HALF) == [
        (datetime.date(2026, 1, 1), 1),
        (datetime.date(2026, 4, 1), 1),
    ]


def test_theme_filter_narrows_every_signal_figure(data):
    toets = FigureFilters(
        start=FIRST_HALF.start, end=FIRST_HALF.end, theme_id=data.toets.pk
    )
    counts = signal_selectors.figure_signals_by_level_and_status(toets)
    assert {key: value for key, value in counts.items() if value} == {
        (Level.SCHAKEL, SignalStatus.ANSWERED): 1
    }
    flow = signal_selectors.figure_signal_flow(toets)
    assert [row[1:] for row in flow[:3]] == [(0, 0, 1, 0), (1, 1, 0, 0), (0, 0, 1, 0)]
    assert community_figure(toets)["communities"] == []
    assert knowledge_selectors.figure_products_published_per_quarter(toets) == [
        (datetime.date(2026, 1, 1), 1),
        (datetime.date(2026, 4, 1), 1),
    ]


def test_region_filter_keeps_the_cops_of_that_region(data):
    zeeland = FigureFilters(
        start=FIRST_HALF.start, end=FIRST_HALF.end, region_id=data.zeeland.pk
    )
    assert signal_selectors.figure_signals_by_community(zeeland) == [("CoP B", 2)]
    assert community_figure(zeeland)["communities"] == [("CoP B", [1, 0])]
    assert knowledge_selectors.figure_products_published_per_quarter(zeeland) == [
        (datetime.date(2026, 1, 1), 0),
        (datetime.date(2026, 4, 1), 0),
    ]


# --- The page --------------------------------------------------------------------


@pytest.fixture
def moderator_client(client, moderator):
    return sign_in(client, moderator)


def test_every_figure_has_title_summary_chart_and_table(data, moderator_client):
    response = moderator_client.get(reverse("dashboard") + QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    charts = re.findall(r"<svg [^>]*>", html)
    assert len(charts) == 7
    for chart in charts:
        assert 'role="img"' in chart
        slug_title, slug_summary = re.search(
            r'aria-labelledby="([^" ]+) ([^"]+)"', chart
        ).groups()
        assert f'id="{slug_title}"' in html
        assert f'id="{slug_summary}"' in html
    assert html.count("<table") == 7
    assert html.count("<caption") == 7


def test_page_shows_the_numbers_in_dutch(data, moderator_client):
    html = moderator_client.get(reverse("dashboard") + QUERY).content.decode()
    assert "Van de 5 signalen die in deze periode zijn ingediend" in html
    assert "staan er 3 nog open" in html
    assert "Van de 4 antwoorden in deze periode kwam 75%" in html
    assert "CoP A hield de meeste bijeenkomsten: 3." in html
    assert "52,4" in html


def test_figure_downloads_as_csv_with_bom_and_semicolons(data, moderator_client):
    response = moderator_client.get(
        reverse("dashboard_csv", args=["doorlooptijd"]) + QUERY
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "doorlooptijd-20260101-20260630.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffNiveau;Antwoorden;")
    lines = text.splitlines()
    assert lines[1] == "uitvoeringsniveau;3;26,0;52,4;2;67%"
    assert lines[2] == "schakelniveau;1;45,0;45,0;1;100%"


def test_csv_neutralises_a_name_that_a_spreadsheet_would_run(data, moderator_client):
    data.a.name = "=HYPERLINK(1)"
    data.a.save()
    text = moderator_client.get(
        reverse("dashboard_csv", args=["signalen-per-cop"]) + QUERY
    ).content.decode()
    assert "'=HYPERLINK(1);3" in text


def test_unknown_figure_is_not_found(moderator_client):
    response = moderator_client.get(reverse("dashboard_csv", args=["bestaat-niet"]))
    assert response.status_code == 404


def test_without_filters_the_last_twelve_months_are_shown(moderator_client):
    response = moderator_client.get(reverse("dashboard"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.cleaned_data["end"] == timezone.localdate()
    assert (form.cleaned_data["end"] - form.cleaned_data["start"]).days < 366


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?start=gisteren", "Vul een datum in als dd-mm-jjjj."),
        ("?start=2026-13-45", "Vul een datum in als dd-mm-jjjj."),
        ("?start=0001-01-01", "2000"),
        ("?start=2026-06-01&end=2026-01-01", "Het einde van de periode"),
        ("?start=2000-01-01&end=2026-01-01", "ten hoogste drie jaar"),
        ("?theme=bestaat-niet", "Dit thema bestaat niet."),
        ("?region=%27%3B--", "Deze regio bestaat niet."),
        ("?region=1&theme[]=2", "Deze regio bestaat niet."),
    ],
)
def test_bad_filter_input_gives_a_clear_message_and_no_figures(
    moderator_client, query, message
):
    response = moderator_client.get(reverse("dashboard") + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "<svg" not in html
    csv = moderator_client.get(
        reverse("dashboard_csv", args=["signalenstroom"]) + query
    )
    assert csv.status_code == 400
    assert message in csv.content.decode()


def _one_more_signal_for_cop_a(data):
    raiser = Membership.objects.filter(community=data.a).first().user
    services.signal_submit(
        actor=raiser,
        community=data.a,
        title="Nog een knelpunt",
        description="Een knelpunt uit de praktijk.",
        themes=[data.ontzorgen],
        raised_at=_at(6, 1),
    )


def test_a_figure_is_served_from_the_cache_until_it_expires(
    data, moderator_client, settings
):
    settings.FIGURE_CACHE_SECONDS = 600
    url = reverse("dashboard_csv", args=["signalen-per-cop"]) + QUERY
    before = moderator_client.get(url).content.decode()
    assert "CoP A;3" in before
    _one_more_signal_for_cop_a(data)
    assert moderator_client.get(url).content.decode() == before
    # Other filters are other figures, computed afresh.
    other = moderator_client.get(url + "&region=rijnmond").content.decode()
    assert "CoP A;4" in other
    settings.FIGURE_CACHE_SECONDS = 0
    assert "CoP A;4" in moderator_client.get(url).content.decode()


def test_an_old_figure_is_shown_while_the_worker_works_it_out_afresh(
    data, moderator_client, settings
):
    """Past FIGURE_CACHE_SECONDS a moderator still gets the figure at once,
    the last one kept; the task worker works it out again (at once here:
    the tests run tasks immediately), and the next request shows it. Only
    a figure nobody asked for is computed in the request."""
    settings.FIGURE_CACHE_SECONDS = 600
    url = reverse("dashboard_csv", args=["signalen-per-cop"]) + QUERY
    assert "CoP A;3" in moderator_client.get(url).content.decode()
    _one_more_signal_for_cop_a(data)
    later = timezone.now() + datetime.timedelta(seconds=601)
    with time_machine.travel(later, tick=False):
        with TestCase.captureOnCommitCallbacks(execute=True) as refreshes:
            stale = moderator_client.get(url).content.decode()
        assert "CoP A;3" in stale
        assert len(refreshes) == 1
        assert "CoP A;4" in moderator_client.get(url).content.decode()
    # Once per figure and filter, however many ask meanwhile.
    with time_machine.travel(later + datetime.timedelta(seconds=700), tick=False):
        with TestCase.captureOnCommitCallbacks(execute=False) as waiting:
            moderator_client.get(url)
            moderator_client.get(url)
        assert len(waiting) == 1


def test_navigation_shows_the_dashboard_to_moderators_only(client, moderator):
    url = reverse("dashboard")
    assert f'href="{url}"' in sign_in(client, moderator).get("/").content.decode()
    client.logout()
    other = UserFactory()
    assert f'href="{url}"' not in sign_in(client, other).get("/").content.decode()
