"""The demo signals: idempotent, every level and status, recognitions from
several CoP's, and every signal page renders for the demo accounts."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cop_portal.models import User
from signals.models import Closure, Level, Recognition, Signal, SignalEvent, Status
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Signal.objects.count(),
        SignalEvent.objects.count(),
        Recognition.objects.count(),
    )


def test_demo_signals_run_twice_create_no_duplicates():
    call_command("load_demo")
    first = _counts()
    call_command("load_demo")
    assert _counts() == first
    assert first[0] >= 8


def test_demo_covers_every_level_status_and_closure():
    call_command("load_demo")
    assert set(Signal.objects.values_list("level", flat=True)) == set(Level.values)
    assert set(Signal.objects.values_list("status", flat=True)) == set(Status.values)
    closures = set(Signal.objects.values_list("closure", flat=True)) - {""}
    assert closures == set(Closure.values)
    assert SignalEvent.objects.filter(kind="reopen").exists()
    assert Signal.objects.overdue().exists()
    busiest = Signal.objects.order_by("-community_count").first()
    assert busiest.community_count >= 3


DEMO_ACCOUNTS = [
    "deelnemer@example.org",
    "trekker@example.org",
    "ketenpartner@example.org",
    "moderator@example.org",
]


@pytest.mark.parametrize("email", DEMO_ACCOUNTS)
def test_every_visible_demo_signal_page_renders(email):
    call_command("load_demo")
    user = User.objects.get(email=email)
    client = Client()
    sign_in(client, user)
    assert client.get(reverse("signals:signal_list")).status_code == 200
    visible = Signal.objects.visible_to(user)
    assert visible.exists()
    for signal in visible:
        assert client.get(signal.get_absolute_url()).status_code == 200


def test_demo_ketenpartner_sees_only_signals_addressed_to_szw():
    call_command("load_demo")
    partner = User.objects.get(email="ketenpartner@example.org")
    visible = Signal.objects.visible_to(partner)
    assert visible.count() == 2
    assert {s.addressed_to.name for s in visible} == {"Ministerie van SZW"}
    client = Client()
    sign_in(client, partner)
    page = client.get(reverse("signals:signal_list")).text
    assert "Energiebedrijven weigeren betalingen" in page
    assert "Te weinig werkervaringsplekken" not in page


def test_demo_timelines_start_when_the_signal_was_raised():
    call_command("load_demo")
    for signal in Signal.objects.prefetch_related("events"):
        events = list(signal.events.all())
        assert events[0].kind == "submit"
        assert events[0].created_at == signal.created_at, signal.title
        assert all(event.created_at >= signal.created_at for event in events)
