"""Response terms in working days per level, and the overdue filter."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from signals import services, terms
from signals.models import Level, Signal, Status
from tests.conftest import sign_in
from tests.signals.factories import SignalFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = datetime.timezone(datetime.timedelta(hours=1))
FRIDAY = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=AMSTERDAM)


def test_working_days_skip_the_weekend():
    assert terms.add_working_days(FRIDAY, 1).date() == datetime.date(2026, 11, 23)
    assert terms.add_working_days(FRIDAY, 5).date() == datetime.date(2026, 11, 27)
    assert terms.add_working_days(FRIDAY, 10).date() == datetime.date(2026, 12, 4)


def test_term_per_level_comes_from_the_setting(settings):
    settings.SIGNAL_RESPONSE_TERMS = {"uitvoering": 1, "schakel": 2, "stelsel": 3}
    due = terms.due_at(level=Level.STELSEL, entered_level_at=FRIDAY)
    assert due.date() == datetime.date(2026, 11, 25)


def test_submitted_signal_becomes_overdue_after_its_term(
    settings, community, deelnemer, theme, moderator
):
    settings.SIGNAL_RESPONSE_TERMS = {"uitvoering": 2, "schakel": 5, "stelsel": 10}
    with time_machine.travel(FRIDAY, tick=False):
        signal = services.signal_submit(
            actor=deelnemer,
            community=community,
            title="Leerbaarheidstoets",
            description="Vragen over de toets.",
            themes=[theme],
        )
    assert signal.due_at.date() == datetime.date(2026, 11, 24)
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, tzinfo=AMSTERDAM)):
        assert not Signal.objects.overdue().exists()
    with time_machine.travel(datetime.datetime(2026, 11, 24, 11, tzinfo=AMSTERDAM)):
        assert list(Signal.objects.overdue()) == [signal]
        assert signal.is_overdue
        # Escalating starts the term of the next level.
        services.signal_accept(actor=moderator, signal=signal)
        services.signal_escalate(
            actor=moderator, signal=signal, tried="Zelf.", reason="Landelijk."
        )
        assert not Signal.objects.overdue().exists()


def test_answered_signal_is_not_overdue():
    SignalFactory(status=Status.ANSWERED, due_at="2020-01-01T00:00Z")
    assert not Signal.objects.overdue().exists()


def test_overdue_filter_in_the_admin(client, moderator):
    late = SignalFactory(title="Te laat signaal", due_at="2020-01-01T00:00Z")
    SignalFactory(title="Op tijd signaal")
    sign_in(client, moderator)
    text = client.get(reverse("admin:signals_signal_changelist") + "?overdue=yes").text
    assert late.title in text
    assert "Op tijd signaal" not in text
