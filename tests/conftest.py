import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
)
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from communities.models import Membership
from cop_portal.mfa import requires_mfa
from tests.factories import (
    CommunityFactory,
    MembershipFactory,
    SessionFactory,
    ThemeFactory,
    UserFactory,
)


def pytest_collection_modifyitems(items):
    """Every test that commits for real restores the database as migrated
    afterwards (serialized rollback). A flush without it re-creates content
    types with new ids, which clash with the next serialized restore: which
    test follows which depends on how xdist shares the tests out."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        commits = (
            "transactional_db" in item.fixturenames
            or "live_server" in item.fixturenames
            or bool(marker and marker.kwargs.get("transaction"))
        )
        if commits and "django_db_serialized_rollback" not in item.fixturenames:
            item.fixturenames.append("django_db_serialized_rollback")


@pytest.fixture(scope="session", autouse=True)
def _attachments_in_a_temporary_folder(tmp_path_factory):
    """`load_demo` attaches files (its infographics and handreiking): every
    test keeps them out of the working copy's protected_media."""
    from django.test import override_settings

    with override_settings(PROTECTED_MEDIA_ROOT=tmp_path_factory.mktemp("protected")):
        yield


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for a module and rolled back at its end; each
    test runs in a savepoint inside it."""
    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


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


def sign_in(client: Client, user) -> Client:
    """force_login, and for the roles that need two-factor sign-in
    (cop_portal.mfa.requires_mfa) a TOTP authenticator and a session that
    allauth marked as authenticated with it, as after the MFA step."""
    client.force_login(user)
    if requires_mfa(user):
        authenticator = (
            Authenticator.objects.filter(
                user=user, type=Authenticator.Type.TOTP
            ).first()
            or TOTP.activate(user, generate_totp_secret()).instance
        )
        now = time.time()
        session = client.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": now, "email": user.email},
            {"method": "mfa", "at": now, "id": authenticator.pk, "type": "totp"},
        ]
        session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
        session.save()
    return client


@pytest.fixture
def client_as(request):
    """client_as(role) -> a Client signed in as that role (or anonymous)."""

    def make(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            sign_in(client, request.getfixturevalue(role))
        return client

    return make


@pytest.fixture
def page_cache_on(settings):
    """The page cache switched on (the test settings keep it off), in a cache
    of the test's own, emptied first."""
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "page-cache-tests",
        }
    }
    cache.clear()
