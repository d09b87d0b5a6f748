"""Two moderators act on one signal at the same moment, each on their own
database connection: exactly one wins, the other gets the conflict message,
and the history holds one event."""

import threading

import pytest
from django.db import connection

from cop_portal.exceptions import DomainError
from signals import services
from signals.models import SignalEvent, Status
from tests.factories import UserFactory
from tests.signals.factories import SignalFactory


@pytest.mark.django_db(transaction=True)
def test_two_moderators_racing_one_wins_and_one_event_is_written():
    signal = SignalFactory()
    moderators = [UserFactory(is_moderator=True) for _ in range(2)]
    opened_on = signal.version
    barrier = threading.Barrier(2)
    outcomes = []

    def act(moderator, name):
        try:
            barrier.wait()
            if name == "accept":
                services.signal_accept(
                    actor=moderator, signal=signal, expected_version=opened_on
                )
            else:
                services.signal_reject(
                    actor=moderator,
                    signal=signal,
                    reason="Geen knelpunt",
                    expected_version=opened_on,
                )
            outcomes.append(("won", name))
        except DomainError as error:
            outcomes.append(("refused", error.message))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(moderators[0], "accept")),
        threading.Thread(target=act, args=(moderators[1], "reject")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(kind for kind, _ in outcomes) == ["refused", "won"]
    refusal = next(detail for kind, detail in outcomes if kind == "refused")
    assert refusal == "dit signaal is intussen gewijzigd"
    winner = next(detail for kind, detail in outcomes if kind == "won")
    signal.refresh_from_db()
    assert signal.status == (
        Status.IN_PROGRESS if winner == "accept" else Status.CLOSED
    )
    assert signal.version == opened_on + 1
    assert SignalEvent.objects.filter(signal=signal).count() == 1
