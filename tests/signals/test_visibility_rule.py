"""Who may see a signal is decided in two places: in SQL for lists
(SignalQuerySet.visible_to) and on a signal already read for its own pages
(Signal.is_visible_to, which saves the page a query). They must agree for
every kind of person and every kind of signal."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from signals.models import Closure, Level, Signal, Status
from tests.factories import MembershipFactory, UserFactory
from tests.signals.factories import SignalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(community, other_community, partner, other_partner, moderator):
    member_of_both = MembershipFactory(community=community).user
    MembershipFactory(community=other_community, user=member_of_both)
    partner_and_member = UserFactory(
        is_chain_partner=True, organisation=partner.organisation
    )
    MembershipFactory(community=other_community, user=partner_and_member)
    return {
        "anonymous": AnonymousUser(),
        "deelnemer": MembershipFactory(community=community).user,
        "trekker": MembershipFactory(community=community, role="trekker").user,
        "other_deelnemer": MembershipFactory(community=other_community).user,
        "member_of_both": member_of_both,
        "moderator": moderator,
        "partner": partner,
        "other_partner": other_partner,
        "partner_and_member": partner_and_member,
        "partner_without_organisation": UserFactory(
            is_chain_partner=True, organisation=None
        ),
        "outsider": UserFactory(),
        "inactive_deelnemer": MembershipFactory(
            community=community, user=UserFactory(is_active=False)
        ).user,
        "inactive_moderator": UserFactory(is_moderator=True, is_active=False),
    }


@pytest.fixture
def signals(community, other_community, partner_organisation):
    target = SignalFactory(community=other_community)
    made = [target]
    for cop, level, closure, addressed in itertools.product(
        [community, other_community],
        Level.values,
        ["", *Closure.values],
        [None, partner_organisation],
    ):
        made.append(
            SignalFactory(
                community=cop,
                level=level,
                status=Status.CLOSED if closure else Status.IN_PROGRESS,
                closure=closure,
                merged_into=target if closure == Closure.MERGED else None,
                addressed_to=addressed,
            )
        )
    return made


def test_the_rule_for_one_signal_is_the_rule_for_lists(people, signals):
    disagreements = []
    for name, person in people.items():
        in_sql = set(Signal.objects.visible_to(person).values_list("pk", flat=True))
        for signal in Signal.objects.filter(pk__in=[s.pk for s in signals]):
            if signal.is_visible_to(person) != (signal.pk in in_sql):
                disagreements.append(
                    (name, signal.level, signal.closure, signal.addressed_to_id)
                )
    assert disagreements == []
    # The matrix is not trivially all-or-nothing.
    deelnemer_sees = {
        s.pk for s in signals if s.is_visible_to(people["other_deelnemer"])
    }
    assert 0 < len(deelnemer_sees) < len(signals)
    partner_sees = {s.pk for s in signals if s.is_visible_to(people["partner"])}
    assert 0 < len(partner_sees) < len(signals)
