import pytest
from django.test import Client

from communities.models import Membership
from tests.factories import (
    CommunityFactory,
    MembershipFactory,
    SessionFactory,
    ThemeFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _dutch(settings):
    settings.LANGUAGE_CODE = "nl"


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Leerbaarheidstoets", slug="leerbaarheidstoets")


@pytest.fixture
def community(db, theme):
    return CommunityFactory(
        name="CoP Inburgering – Rijnmond", slug="cop-rijnmond", themes=[theme]
    )


@pytest.fixture
def other_community(db):
    return CommunityFactory(name="CoP Inburgering – Zeeland", slug="cop-zeeland")


@pytest.fixture
def session(community, theme):
    return SessionFactory(community=community, themes=[theme], slug="bijeenkomst")


@pytest.fixture
def deelnemer(community):
    return MembershipFactory(community=community).user


@pytest.fixture
def trekker(community):
    return MembershipFactory(community=community, role=Membership.Role.TREKKER).user


@pytest.fixture
def other_trekker(other_community):
    return MembershipFactory(
        community=other_community, role=Membership.Role.TREKKER
    ).user


@pytest.fixture
def moderator(db):
    return UserFactory(is_moderator=True)


@pytest.fixture
def outsider(db):
    """Signed in, verified, but member of no CoP."""
    return UserFactory()


ROLES = ["anonymous", "outsider", "deelnemer", "trekker", "other_trekker", "moderator"]


@pytest.fixture
def client_as(request):
    """client_as(role) -> a Client signed in as that role (or anonymous)."""

    def make(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return make
