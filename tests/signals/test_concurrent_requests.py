"""Two or three people take the same step on one signal at the same moment,
each with their own request and database connection: exactly one wins, the
others get their form back with "dit signaal is intussen gewijzigd", never
a 500, and the history holds one event."""

import pytest
from django.urls import reverse

from signals.models import Level, Response, SignalEvent, Status
from tests.factories import UserFactory
from tests.racing import race
from tests.signals.factories import ChainPartnerOrganisationFactory, SignalFactory

# Committed for real (threads see each other's rows). serialized_rollback:
# the database is restored as migrated afterwards, without the flush's
# post_migrate rows that would clash with a later serialized test's restore.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHANGED = "dit signaal is intussen gewijzigd"


def _post(signal, name, **data):
    url = reverse("signals:signal_transition", args=[signal.pk, name])
    payload = {"version": signal.version, **data}
    return lambda client, _index: client.post(url, payload)


def _one_winner(results):
    for result in results:
        assert not isinstance(result, Exception), result
    codes = sorted(response.status_code for response in results)
    assert codes == [200] * (len(results) - 1) + [302], codes
    for response in results:
        if response.status_code == 200:
            assert CHANGED in response.text


def test_three_moderators_escalating_at_once_escalate_once():
    signal = SignalFactory(status=Status.IN_PROGRESS, level=Level.UITVOERING)
    moderators = [UserFactory(is_moderator=True) for _ in range(3)]
    results = race(
        moderators,
        _post(
            signal,
            "escalate",
            tried="De gemeente belde het energiebedrijf.",
            reason="Het speelt in meer regio's.",
        ),
    )
    _one_winner(results)
    signal.refresh_from_db()
    assert (signal.level, signal.version) == (Level.SCHAKEL, 2)
    assert SignalEvent.objects.filter(signal=signal, kind="escalate").count() == 1


def test_moderator_and_ketenpartner_answering_at_once_answer_once():
    szw = ChainPartnerOrganisationFactory(name="Ministerie van SZW", slug="szw")
    signal = SignalFactory(
        status=Status.IN_PROGRESS, level=Level.STELSEL, addressed_to=szw
    )
    people = [
        UserFactory(is_moderator=True),
        UserFactory(is_chain_partner=True, organisation=szw),
        UserFactory(is_chain_partner=True, organisation=szw),
    ]
    results = race(
        people, _post(signal, "respond", answer="Gemeenten mogen namens hen betalen.")
    )
    _one_winner(results)
    signal.refresh_from_db()
    assert signal.status == Status.ANSWERED
    assert Response.objects.filter(signal=signal).count() == 1
    assert SignalEvent.objects.filter(signal=signal, kind="respond").count() == 1
