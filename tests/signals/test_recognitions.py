"""'Speelt bij ons ook': once per person, undoable, and counted per CoP and
gemeente."""

import pytest

from communities.models import Organisation
from cop_portal.exceptions import DomainError, NotAllowedError
from signals import selectors, services
from signals.models import Closure, Status
from tests.factories import CommunityFactory, MembershipFactory, OrganisationFactory
from tests.signals.factories import SignalFactory

pytestmark = pytest.mark.django_db


def _counts(signal, user):
    row = selectors.signal_list(user=user).get(pk=signal.pk)
    return row.recognition_count, row.community_count, row.gemeente_count


def test_recognitions_count_cops_and_gemeenten(community, moderator, deelnemer):
    signal = SignalFactory(community=community, raised_by=deelnemer)
    assert _counts(signal, moderator) == (0, 1, 1)

    zeeland = CommunityFactory()
    goes, tholen = OrganisationFactory(), OrganisationFactory()
    for organisation in (goes, tholen):
        user = MembershipFactory(
            community=zeeland, user__organisation=organisation
        ).user
        services.recognition_add(actor=user, signal=signal)
    # A colleague from the raiser's own gemeente in the same CoP adds nothing.
    colleague = MembershipFactory(
        community=community, user__organisation=deelnemer.organisation
    ).user
    services.recognition_add(actor=colleague, signal=signal)
    # A language school is not a gemeente.
    school = OrganisationFactory(kind=Organisation.Kind.TAALAANBIEDER)
    teacher = MembershipFactory(
        community=CommunityFactory(), user__organisation=school
    ).user
    services.recognition_add(actor=teacher, signal=signal)

    assert _counts(signal, moderator) == (4, 3, 3)


def test_recognition_is_once_per_person_and_can_be_undone(other_deelnemer):
    signal = SignalFactory()
    services.recognition_add(actor=other_deelnemer, signal=signal)
    with pytest.raises(DomainError):
        services.recognition_add(actor=other_deelnemer, signal=signal)
    assert signal.recognitions.count() == 1
    services.recognition_remove(actor=other_deelnemer, signal=signal)
    assert signal.recognitions.count() == 0
    with pytest.raises(DomainError):
        services.recognition_remove(actor=other_deelnemer, signal=signal)


@pytest.mark.parametrize("role", ["outsider", "moderator", "partner"])
def test_only_members_of_a_cop_can_recognise(request, role):
    signal = SignalFactory()
    with pytest.raises(NotAllowedError):
        services.recognition_add(actor=request.getfixturevalue(role), signal=signal)
    assert not signal.recognitions.exists()


def test_closed_signal_cannot_be_recognised(other_deelnemer):
    signal = SignalFactory(status=Status.CLOSED, closure=Closure.FEEDBACK)
    with pytest.raises(DomainError):
        services.recognition_add(actor=other_deelnemer, signal=signal)


def test_merge_moves_recognitions_once_per_person(moderator, other_community):
    source, target = SignalFactory(), SignalFactory()
    both = MembershipFactory(community=other_community).user
    only_source = MembershipFactory(community=other_community).user
    for user in (both, only_source):
        services.recognition_add(actor=user, signal=source)
    services.recognition_add(actor=both, signal=target)

    services.signal_merge(actor=moderator, signal=source, target=target)

    assert not source.recognitions.exists()
    recognisers = set(target.recognitions.values_list("user_id", flat=True))
    # Everyone once, and the raiser of the merged signal counts too.
    assert recognisers == {both.pk, only_source.pk, source.raised_by_id}


def test_raiser_cannot_recognise_own_signal(community, deelnemer):
    signal = SignalFactory(community=community, raised_by=deelnemer)
    with pytest.raises(DomainError):
        services.recognition_add(actor=deelnemer, signal=signal)
    assert not signal.recognitions.exists()


def test_counts_when_the_raiser_has_no_organisation(moderator, other_community):
    signal = SignalFactory(organisation=None)
    user = MembershipFactory(community=other_community).user
    services.recognition_add(actor=user, signal=signal)
    assert _counts(signal, moderator) == (1, 2, 1)
