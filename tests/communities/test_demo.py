"""`manage.py load_demo`: idempotent, and every demo page renders for the roles
that may see it."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from communities.models import Community, Membership, Organisation, Session, Theme
from cop_portal.models import User
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

MODELS = [Community, Membership, Organisation, Session, Theme, User]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_loader_run_twice_creates_no_duplicates():
    call_command("load_demo", stdout=None)
    first = _counts()
    call_command("load_demo")
    assert _counts() == first
    assert first["Community"] == 7
    assert set(Community.objects.values_list("name", flat=True)) == {
        "CoP Inburgering – Rijnmond",
        "CoP Inburgering – Zeeland",
        "CoP Inburgering – Holland Rijnland",
        "CoP Inburgering – Achterhoek",
        "CoP Inburgering – Groot Amsterdam",
        "CoP Inburgering – Twente",
        "CoP Inburgering – Midden-Utrecht",
    }


def test_demo_has_past_and_upcoming_sessions_and_one_account_per_role():
    call_command("load_demo")
    assert Session.objects.upcoming().exists()
    assert Session.objects.past().exists()
    assert User.objects.filter(is_moderator=True).exists()
    assert User.objects.filter(is_expert=True).exists()
    assert User.objects.filter(is_chain_partner=True).exists()
    assert Membership.objects.filter(role=Membership.Role.TREKKER).exists()
    assert Membership.objects.filter(role=Membership.Role.DEELNEMER).exists()


def _demo_pages():
    pages = [
        reverse("home"),
        reverse("communities:community_list"),
        reverse("communities:theme_list"),
        reverse("communities:session_list"),
    ]
    for community in Community.objects.all():
        pages.append(community.get_absolute_url())
        pages.append(reverse("communities:community_calendar", args=[community.slug]))
        pages.append(community.get_absolute_url() + "?region=rijnmond")
    pages += [theme.get_absolute_url() for theme in Theme.objects.all()]
    pages += [session.get_absolute_url() for session in Session.objects.all()]
    return pages


DEMO_ROLES = [
    None,
    "deelnemer@example.org",
    "trekker@example.org",
    "expert@example.org",
    "ketenpartner@example.org",
    "moderator@example.org",
]


@pytest.mark.parametrize("email", DEMO_ROLES)
def test_every_demo_page_renders_for_every_role(email):
    call_command("load_demo")
    client = Client()
    if email:
        sign_in(client, User.objects.get(email=email))
    for url in _demo_pages():
        assert client.get(url).status_code == 200, url


def test_trekker_can_open_the_edit_form_of_every_session_of_own_cop():
    call_command("load_demo")
    client = Client()
    sign_in(client, User.objects.get(email="trekker@example.org"))
    own = Session.objects.filter(community__slug="cop-inburgering-rijnmond")
    assert own.exists()
    for session in own:
        url = reverse(
            "communities:session_update", args=[session.community.slug, session.slug]
        )
        assert client.get(url).status_code == 200


def test_demo_accounts_sign_in_with_the_published_password():
    from communities.demo import DEMO_PASSWORD

    call_command("load_demo")
    client = Client()
    response = client.post(
        reverse("account_login"),
        {"login": "deelnemer@example.org", "password": DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"].is_authenticated


def test_demo_trekker_manages_the_participants_of_own_cop_only():
    call_command("load_demo")
    client = Client()
    sign_in(client, User.objects.get(email="trekker@example.org"))
    own = reverse("communities:membership_list", args=["cop-inburgering-rijnmond"])
    other = reverse("communities:membership_list", args=["cop-inburgering-zeeland"])
    assert client.get(own).status_code == 200
    assert client.get(other).status_code == 403
