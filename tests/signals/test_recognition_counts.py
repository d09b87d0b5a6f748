"""The counts on a signal (recognitions, CoP's, gemeenten) are kept by the
database, so they are right whatever wrote the recognitions: the services,
a merge, a plain ORM write or a bulk statement, an organisation that stops
being a gemeente (docs/decisions/0029). Each test compares the stored
counts with a count made here from the recognitions themselves."""

import pytest

from communities.models import Organisation
from signals import services
from signals.models import Recognition, Signal
from tests.factories import (
    CommunityFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.signals.factories import RecognitionFactory, SignalFactory

pytestmark = pytest.mark.django_db


def _stored(signal):
    row = Signal.objects.values(
        "recognition_count", "community_count", "gemeente_count"
    ).get(pk=signal.pk)
    return row["recognition_count"], row["community_count"], row["gemeente_count"]


def _counted(signal):
    """The rule, worked out in Python: the signal's own CoP and its raiser's
    gemeente count once, plus every other CoP and gemeente that recognised
    it."""
    signal = Signal.objects.select_related("organisation").get(pk=signal.pk)
    marks = list(
        Recognition.objects.filter(signal=signal).select_related("organisation")
    )
    cops = {mark.community_id for mark in marks} | {signal.community_id}
    gemeenten = {
        mark.organisation_id
        for mark in marks
        if mark.organisation and mark.organisation.kind == Organisation.Kind.GEMEENTE
    }
    if signal.organisation and signal.organisation.kind == Organisation.Kind.GEMEENTE:
        gemeenten.add(signal.organisation_id)
    return len(marks), len(cops), len(gemeenten)


def _member_elsewhere(organisation=None):
    return MembershipFactory(
        community=CommunityFactory(),
        user__organisation=organisation or OrganisationFactory(),
    ).user


def test_a_new_signal_counts_its_own_cop_and_gemeente_without_reading_it_again(
    community, deelnemer
):
    signal = SignalFactory(
        community=community, raised_by=deelnemer, organisation=deelnemer.organisation
    )
    # The database's values come back with the insert.
    assert (signal.recognition_count, signal.community_count) == (0, 1)
    assert signal.gemeente_count == 1
    school = OrganisationFactory(kind=Organisation.Kind.TAALAANBIEDER)
    assert _stored(SignalFactory(organisation=school)) == (0, 1, 0)


def test_marking_and_unmarking_through_the_services(community, deelnemer):
    signal = SignalFactory(community=community, organisation=deelnemer.organisation)
    people = [_member_elsewhere() for _ in range(3)]
    for person in people:
        services.recognition_add(actor=person, signal=signal)
    assert _stored(signal) == _counted(signal) == (3, 4, 4)
    services.recognition_remove(actor=people[0], signal=signal)
    assert _stored(signal) == _counted(signal) == (2, 3, 3)


def test_recognitions_written_without_the_services_count_too():
    signal = SignalFactory()
    RecognitionFactory(signal=signal)
    assert _stored(signal) == _counted(signal) == (1, 2, 2)
    # One statement for many, as a bulk load or a script writes them.
    Recognition.objects.bulk_create(
        [
            Recognition(
                signal=signal,
                user=UserFactory(),
                community=CommunityFactory(),
                organisation=OrganisationFactory(),
            )
            for _ in range(5)
        ]
    )
    assert _stored(signal) == _counted(signal) == (6, 7, 7)
    Recognition.objects.filter(signal=signal).delete()
    assert _stored(signal) == _counted(signal) == (0, 1, 1)


def test_a_merge_moves_the_counts_with_the_recognitions(moderator):
    source, target = SignalFactory(), SignalFactory()
    for _ in range(2):
        RecognitionFactory(signal=source)
    RecognitionFactory(signal=target)
    services.signal_merge(actor=moderator, signal=source, target=target)
    assert _stored(source) == _counted(source) == (0, 1, 1)
    # Its two, and the source's raiser, who counts as recognising it.
    assert _stored(target)[0] == 4
    assert _stored(target) == _counted(target)


def test_an_organisation_that_stops_being_a_gemeente_stops_counting_as_one():
    raisers_gemeente, marking_gemeente = OrganisationFactory(), OrganisationFactory()
    signal = SignalFactory(organisation=raisers_gemeente)
    RecognitionFactory(signal=signal, user=_member_elsewhere(marking_gemeente))
    assert _stored(signal) == (1, 2, 2)

    marking_gemeente.kind = Organisation.Kind.TAALAANBIEDER
    marking_gemeente.save()
    assert _stored(signal) == _counted(signal) == (1, 2, 1)
    # An update of many rows at once, as a data fix would.
    Organisation.objects.filter(pk=raisers_gemeente.pk).update(
        kind=Organisation.Kind.TAALAANBIEDER
    )
    assert _stored(signal) == _counted(signal) == (1, 2, 0)
    Organisation.objects.filter(
        pk__in=[raisers_gemeente.pk, marking_gemeente.pk]
    ).update(kind=Organisation.Kind.GEMEENTE)
    assert _stored(signal) == _counted(signal) == (1, 2, 2)


def test_an_edit_of_a_signal_read_before_a_recognition_keeps_the_new_count(
    moderator,
):
    signal = SignalFactory()
    read_earlier = Signal.objects.get(pk=signal.pk)
    RecognitionFactory(signal=signal)
    # A save of every column with the counts it read: the database keeps
    # the counts its recognitions give.
    read_earlier.title = "Een nieuwe titel"
    read_earlier.save()
    assert _stored(signal) == _counted(signal) == (1, 2, 2)


def test_a_deleted_organisation_no_longer_counts():
    gone = OrganisationFactory()
    signal = SignalFactory()
    RecognitionFactory(signal=signal, organisation=gone, user=UserFactory())
    assert _stored(signal) == (1, 2, 2)
    gone.delete()
    assert _stored(signal) == _counted(signal) == (1, 2, 1)
