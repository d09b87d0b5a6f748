import pytest

from tests.factories import MembershipFactory, UserFactory
from tests.signals.factories import ChainPartnerOrganisationFactory

# Every role the signal workflow knows, relative to one signal of `community`
# addressed to `partner_organisation`.
SIGNAL_ROLES = [
    "anonymous",
    "deelnemer",
    "other_deelnemer",
    "trekker",
    "moderator",
    "partner",
    "other_partner",
]


@pytest.fixture
def other_deelnemer(other_community):
    return MembershipFactory(community=other_community).user


@pytest.fixture
def partner_organisation(db):
    return ChainPartnerOrganisationFactory(name="Ministerie van SZW", slug="szw")


@pytest.fixture
def partner(partner_organisation):
    return UserFactory(is_chain_partner=True, organisation=partner_organisation)


@pytest.fixture
def other_partner(db):
    organisation = ChainPartnerOrganisationFactory(name="DUO", slug="duo")
    return UserFactory(is_chain_partner=True, organisation=organisation)


@pytest.fixture
def expert(db):
    """Of the expertgroep: reviews knowledge products, no part in signals."""
    return UserFactory(is_expert=True)
