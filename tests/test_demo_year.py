"""The demo spans the last twelve months (issue 9): signals move on dates
over the year, CoP's meet on weekdays, products are published over the
year, and every demo role finds something in Mijn werk."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from communities.models import Session
from cop_portal.models import User
from knowledge.models import PublishedVersion
from signals.models import Signal, SignalEvent
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def _months(moments) -> set[tuple[int, int]]:
    return {(timezone.localtime(m).year, timezone.localtime(m).month) for m in moments}


def test_signals_are_raised_and_moved_on_over_the_last_year(demo):
    now = timezone.now()
    year_ago = now - datetime.timedelta(days=365)
    raised = Signal.objects.values_list("created_at", flat=True)
    assert all(year_ago <= moment <= now for moment in raised)
    assert len(_months(raised)) >= 10
    for kind in ("escalate", "respond", "close"):
        moments = SignalEvent.objects.filter(kind=kind).values_list(
            "created_at", flat=True
        )
        assert len(_months(moments)) >= 3, kind
    assert not SignalEvent.objects.filter(created_at__gt=now).exists()


def test_sessions_fall_on_weekdays_over_the_past_year_and_coming_months(demo):
    starts = [
        timezone.localtime(s)
        for s in Session.objects.values_list("starts_at", flat=True)
    ]
    assert all(start.weekday() < 5 for start in starts)
    now = timezone.localtime()
    assert len(_months(s for s in starts if s < now)) >= 10
    assert any(start > now + datetime.timedelta(days=30) for start in starts)


def test_products_are_published_over_the_year(demo):
    first = PublishedVersion.objects.filter(
        number=1, published_at__gte=timezone.now() - datetime.timedelta(days=365)
    ).values_list("published_at", flat=True)
    quarters = {(m.year, (m.month - 1) // 3) for m in map(timezone.localtime, first)}
    assert len(quarters) >= 3


@pytest.mark.parametrize(
    ("email", "heading"),
    [
        ("moderator@example.org", "Signalen om in behandeling te nemen"),
        ("ketenpartner@example.org", "Signalen om te beantwoorden voor"),
        ("expert@example.org", "Kennisproducten om te toetsen"),
        ("trekker@example.org", "Bijeenkomsten van uw CoP zonder verslag"),
        ("trekker@example.org", "Uw concepten met opmerkingen van de expertgroep"),
        ("deelnemer@example.org", "Signalen van uw CoP beantwoord sinds"),
    ],
)
def test_every_demo_role_finds_work_waiting(demo, email, heading):
    client = sign_in(Client(), User.objects.get(email=email))
    html = client.get(reverse("home")).content.decode()
    section = html[html.index(heading) :]
    section = section[: section.index("</section>")]
    assert "(0)" not in section
    assert "Hier wacht nu niets." not in section


def test_demo_dashboard_shows_a_year_of_figures(demo):
    client = sign_in(Client(), User.objects.get(email="moderator@example.org"))
    response = client.get(reverse("dashboard"))
    flow = next(f for f in response.context["figures"] if f.slug == "signalenstroom")
    assert len(flow.rows) == 12
    assert sum(1 for row in flow.rows if row[1]) >= 10
