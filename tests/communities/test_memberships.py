"""A communitytrekker manages the participants of their own CoP."""

import pytest
from django.urls import reverse

from communities.models import Membership
from tests.conftest import ROLES
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

MANAGERS = {"trekker", "moderator"}


@pytest.fixture
def newcomer(db):
    return UserFactory(email="nieuwe.consulent@example.org")


def _add(client, community, email, organisation, **extra):
    return client.post(
        reverse("communities:membership_list", args=[community.slug]),
        {"email": email, "organisation": organisation.pk, **extra},
    )


@pytest.mark.parametrize("role", ROLES)
def test_only_trekker_of_the_cop_and_moderator_add_participants(
    role, client_as, community, newcomer
):
    client = client_as(role)
    page = client.get(reverse("communities:membership_list", args=[community.slug]))
    response = _add(client, community, newcomer.email, newcomer.organisation)
    added = Membership.objects.filter(user=newcomer, community=community).exists()
    if role in MANAGERS:
        assert page.status_code == 200
        assert response.status_code == 302
        assert added
    else:
        expected = 302 if role == "anonymous" else 403
        assert page.status_code == expected
        assert response.status_code == expected
        assert not added


@pytest.mark.parametrize("role", ROLES)
def test_only_trekker_of_the_cop_and_moderator_remove_participants(
    role, client_as, community, deelnemer
):
    membership = Membership.objects.get(user=deelnemer, community=community)
    response = client_as(role).post(
        reverse("communities:membership_remove", args=[community.slug, membership.pk])
    )
    still_member = Membership.objects.filter(pk=membership.pk).exists()
    assert still_member == (role not in MANAGERS)
    if role not in MANAGERS:
        assert response.status_code == (302 if role == "anonymous" else 403)


def test_trekker_cannot_appoint_or_remove_a_trekker(
    client_as, community, newcomer, trekker
):
    client = client_as("trekker")
    _add(
        client,
        community,
        newcomer.email,
        newcomer.organisation,
        role="communitytrekker",
    )
    assert Membership.objects.get(user=newcomer).role == Membership.Role.DEELNEMER

    own = Membership.objects.get(user=trekker, community=community)
    response = client.post(
        reverse("communities:membership_remove", args=[community.slug, own.pk])
    )
    assert response.status_code == 403
    assert Membership.objects.filter(pk=own.pk).exists()


def test_moderator_appoints_a_trekker(client_as, community, newcomer):
    _add(
        client_as("moderator"),
        community,
        newcomer.email,
        newcomer.organisation,
        role="communitytrekker",
    )
    assert Membership.objects.get(user=newcomer).role == Membership.Role.TREKKER


def test_unknown_address_gets_an_invitation_instead_of_a_membership(
    client_as, community, mailoutbox
):
    client = client_as("trekker")
    response = _add(client, community, "onbekend@example.org", OrganisationFactory())
    assert response.status_code == 302
    assert not Membership.objects.filter(user__email="onbekend@example.org").exists()
    assert [message.to for message in mailoutbox] == [["onbekend@example.org"]]
    page = client.get(reverse("communities:membership_list", args=[community.slug]))
    assert "we hebben een uitnodiging naar dit adres gestuurd" in page.text


def test_existing_member_is_not_added_twice(client_as, community, deelnemer):
    response = _add(
        client_as("trekker"), community, deelnemer.email, deelnemer.organisation
    )
    assert response.status_code == 200
    assert "is al lid van deze CoP" in response.text
    assert Membership.objects.filter(user=deelnemer, community=community).count() == 1


def test_trekker_cannot_remove_a_member_of_another_cop(
    client_as, community, other_community
):
    stranger = Membership.objects.create(
        user=UserFactory(),
        community=other_community,
        organisation=OrganisationFactory(),
    )
    response = client_as("trekker").post(
        reverse("communities:membership_remove", args=[community.slug, stranger.pk])
    )
    assert response.status_code == 404
    assert Membership.objects.filter(pk=stranger.pk).exists()


def test_new_participant_can_be_listed_as_attendee_right_away(
    client_as, community, newcomer, theme
):
    client = client_as("trekker")
    _add(client, community, newcomer.email, newcomer.organisation)
    form = client.get(reverse("communities:session_create", args=[community.slug]))
    assert f'value="{newcomer.pk}"' in form.text
