"""Joining by invitation: a trekker or moderator invites by e-mail, the link
creates the account (or adds the membership) once, and sign-up without an
invitation is closed except for the domains in SIGNUP_OPEN_DOMAINS."""

import datetime
import re
import threading

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from communities import services
from communities.models import Invitation, Membership
from cop_portal.exceptions import DomainError, NotAllowedError
from cop_portal.models import User
from tests.conftest import sign_in
from tests.factories import (
    PASSWORD,
    CommunityFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "een-sterk-wachtwoord-2026"
LINK = re.compile(r"https?://[^/\s]+(/uitnodiging/[^/\s]+/)")


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Gemeente Schiedam", slug="gemeente-schiedam")


def _members_url(community):
    return reverse("communities:membership_list", args=[community.slug])


def _invite_on_member_page(client, community, email, organisation, **extra):
    return client.post(
        _members_url(community),
        {"email": email, "organisation": organisation.pk, **extra},
    )


def _link(message) -> str:
    return LINK.search(message.body).group(1)


def _invite(actor, email, **kwargs) -> str:
    """An invitation through the service; returns the link's path."""
    from django.core import mail

    services.invitation_create(actor=actor, email=email, **kwargs)
    return _link(mail.outbox[-1])


def _new_account(**overrides):
    return {
        "first_name": "Jan",
        "last_name": "de Vries",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **overrides,
    }


def _expire_all():
    now = timezone.now()
    Invitation.objects.update(
        created_at=now - datetime.timedelta(days=8),
        expires_at=now - datetime.timedelta(seconds=1),
    )


# --- The whole way, as users meet it ---------------------------------------
def test_trekker_invites_and_the_new_person_joins_with_a_verified_address(
    client_as, community, trekker, organisation, mailoutbox
):
    response = _invite_on_member_page(
        client_as("trekker"),
        community,
        "Jan.de.Vries@Schiedam.example.nl",
        organisation,
    )
    assert response.status_code == 302
    page = client_as("trekker").get(_members_url(community))
    assert "jan.de.vries@schiedam.example.nl" in page.text  # listed as open

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["jan.de.vries@schiedam.example.nl"]
    assert "Uitnodiging" in message.subject
    assert community.name in message.subject
    assert "7 dagen" in message.body
    link = _link(message)
    token = link.strip("/").rsplit("/", 1)[1]
    # Only a hash of the token is stored.
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash
    assert invitation.token_hash != token

    newcomer = Client()
    form = newcomer.get(link)
    assert form.status_code == 200
    assert "Account aanmaken" in form.text
    assert "no-store" in form["Cache-Control"]
    accepted = newcomer.post(link, _new_account())
    assert accepted.status_code == 302
    assert accepted.url == community.get_absolute_url()

    user = User.objects.get(email="jan.de.vries@schiedam.example.nl")
    assert user.get_full_name() == "Jan de Vries"
    assert user.check_password(NEW_PASSWORD)
    address = EmailAddress.objects.get(user=user)
    assert address.verified and address.primary
    membership = Membership.objects.get(user=user, community=community)
    assert membership.role == Membership.Role.DEELNEMER
    assert membership.organisation == organisation
    # Signed in through allauth, and a member from the first page on.
    assert accepted.wsgi_request.user == user
    assert newcomer.get(_members_url(community)).status_code == 403  # not trekker
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None


def test_the_new_person_can_sign_in_again_with_the_chosen_password(
    community, trekker, organisation
):
    link = _invite(
        trekker, "nieuw@example.nl", community=community, organisation=organisation
    )
    Client().post(link, _new_account())
    client = Client()
    response = client.post(
        reverse("account_login"),
        {"login": "nieuw@example.nl", "password": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response.wsgi_request.user.email == "nieuw@example.nl"


def test_the_mail_is_in_english_when_the_inviter_uses_english(
    client_as, community, trekker, organisation, mailoutbox
):
    client = client_as("trekker")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _invite_on_member_page(client, community, "new@example.nl", organisation)
    assert mailoutbox[0].subject.endswith(f"Invitation to {community.name}")
    assert "The link works once and for 7 days." in mailoutbox[0].body


def test_the_link_uses_portal_url_when_there_is_no_request(
    settings, community, trekker, organisation, mailoutbox
):
    settings.PORTAL_URL = "https://cop.example.nl"
    _invite(trekker, "nieuw@example.nl", community=community, organisation=organisation)
    assert "https://cop.example.nl/uitnodiging/" in mailoutbox[0].body


def test_the_link_works_for_invitation_valid_days(
    settings, community, trekker, organisation
):
    settings.INVITATION_VALID_DAYS = 3
    _invite(trekker, "nieuw@example.nl", community=community, organisation=organisation)
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=3)


def test_a_weak_password_is_refused_and_nothing_is_created(
    community, trekker, organisation
):
    link = _invite(
        trekker, "nieuw@example.nl", community=community, organisation=organisation
    )
    response = Client().post(
        link, _new_account(password1="12345678", password2="12345678")
    )
    assert response.status_code == 200
    assert "wachtwoord" in response.text.lower()
    assert not User.objects.filter(email="nieuw@example.nl").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_name_is_required(community, trekker, organisation):
    link = _invite(
        trekker, "nieuw@example.nl", community=community, organisation=organisation
    )
    response = Client().post(link, _new_account(first_name="  "))
    assert response.status_code == 200
    assert not User.objects.filter(email="nieuw@example.nl").exists()


# --- Moderators: any CoP, any role, in the admin ---------------------------
def _admin_add(client, **data):
    return client.post(reverse("admin:communities_invitation_add"), data)


@pytest.mark.parametrize(
    ("role", "flag"),
    [("ketenpartner", "is_chain_partner"), ("expertgroep", "is_expert")],
)
def test_moderator_invites_a_portal_wide_role_with_organisation_in_the_admin(
    client, moderator, role, flag, mailoutbox
):
    duo = OrganisationFactory(name="DUO", slug="duo")
    sign_in(client, moderator)
    response = _admin_add(
        client, email="medewerker@duo.example.nl", role=role, organisation=duo.pk
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.invited_by == moderator
    assert invitation.community is None
    assert len(mailoutbox) == 1

    newcomer = Client()
    newcomer.post(_link(mailoutbox[0]), _new_account())
    user = User.objects.get(email="medewerker@duo.example.nl")
    assert getattr(user, flag)
    assert user.organisation == duo
    assert not user.memberships.exists()


def test_moderator_invites_a_trekker_to_any_cop(
    client_as, other_community, organisation, mailoutbox
):
    response = _invite_on_member_page(
        client_as("moderator"),
        other_community,
        "trekker.nieuw@example.nl",
        organisation,
        role="communitytrekker",
    )
    assert response.status_code == 302
    Client().post(_link(mailoutbox[0]), _new_account())
    membership = Membership.objects.get(user__email="trekker.nieuw@example.nl")
    assert membership.community == other_community
    assert membership.role == Membership.Role.TREKKER


def test_a_refused_admin_invitation_is_a_form_error_and_sends_nothing(
    client, moderator, mailoutbox
):
    sign_in(client, moderator)
    # A ketenpartner needs an organisation.
    response = _admin_add(
        client, email="medewerker@duo.example.nl", role="ketenpartner"
    )
    assert response.status_code == 200
    assert "errornote" in response.text
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_a_second_open_invitation_in_the_admin_is_a_form_error(
    client, moderator, mailoutbox
):
    sign_in(client, moderator)
    _admin_add(client, email="expert@example.nl", role="expertgroep")
    response = _admin_add(client, email="Expert@Example.nl", role="expertgroep")
    assert response.status_code == 200
    assert "al een openstaande uitnodiging" in response.text
    assert Invitation.objects.count() == 1
    assert len(mailoutbox) == 1


def test_moderator_withdraws_invitations_with_the_admin_action(
    client, moderator, community, organisation, mailoutbox
):
    link = _invite(
        moderator, "nieuw@example.nl", community=community, organisation=organisation
    )
    sign_in(client, moderator)
    response = client.post(
        reverse("admin:communities_invitation_changelist"),
        {"action": "withdraw", "_selected_action": [Invitation.objects.get().pk]},
    )
    assert response.status_code == 302
    assert Invitation.objects.get().revoked_by == moderator
    assert Client().get(link).status_code == 410


def test_an_invitation_is_never_edited_or_deleted_in_the_admin(
    client, moderator, community, organisation
):
    _invite(
        moderator, "nieuw@example.nl", community=community, organisation=organisation
    )
    invitation = Invitation.objects.get()
    sign_in(client, moderator)
    change = reverse("admin:communities_invitation_change", args=[invitation.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="email"' not in page.text  # read-only
    client.post(change, {"email": "ander@example.nl", "role": "deelnemer"})
    assert Invitation.objects.get().email == "nieuw@example.nl"
    delete = reverse("admin:communities_invitation_delete", args=[invitation.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Invitation.objects.exists()


# --- Existing accounts -----------------------------------------------------
def test_an_existing_account_signs_in_and_accepts(community, trekker, organisation):
    person = UserFactory(email="bestaand@example.nl")
    link = _invite(
        trekker, "Bestaand@Example.nl", community=community, organisation=organisation
    )
    anonymous = Client().get(link)
    assert anonymous.status_code == 200
    assert "Log in om te accepteren" in anonymous.text
    # No second account for the address, whatever is posted.
    Client().post(link, _new_account())
    assert User.objects.filter(email__iexact="bestaand@example.nl").count() == 1

    client = Client()
    sign_in(client, person)
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert Membership.objects.filter(user=person, community=community).exists()


def test_adding_an_existing_account_on_the_member_page_still_adds_at_once(
    client_as, community, trekker, organisation, mailoutbox
):
    person = UserFactory(email="jan@gemeente.example.nl")
    response = _invite_on_member_page(
        client_as("trekker"), community, "Jan@Gemeente.example.nl", organisation
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=person, community=community).exists()
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_someone_else_signed_in_is_told_and_nothing_changes(
    client_as, community, trekker, deelnemer, organisation
):
    link = _invite(
        trekker, "nieuw@example.nl", community=community, organisation=organisation
    )
    client = client_as("deelnemer")
    page = client.get(link)
    assert page.status_code == 403
    assert "ander adres" in page.text
    assert client.post(link).status_code == 403
    assert Invitation.objects.get().accepted_at is None
    assert not User.objects.filter(email="nieuw@example.nl").exists()


def test_a_second_account_for_the_same_address_is_impossible_in_any_case(db):
    UserFactory(email="jan@gemeente.nl")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="Jan@Gemeente.nl", password=PASSWORD)


def test_an_account_made_meanwhile_is_not_made_twice(community, trekker, organisation):
    link = _invite(
        trekker, "jan@gemeente.nl", community=community, organisation=organisation
    )
    UserFactory(email="Jan@Gemeente.nl")
    response = Client().post(link, _new_account())
    assert response.status_code == 200
    assert User.objects.filter(email__iexact="jan@gemeente.nl").count() == 1
    assert Invitation.objects.get().accepted_at is None


# --- Links that no longer work -----------------------------------------------
def test_an_expired_link_gives_a_clear_page_and_creates_nothing(
    community, trekker, organisation
):
    link = _invite(
        trekker, "nieuw@example.nl", community=community, organisation=organisation
    )
    _expire_all()
    client = Client()
    page = client.get(link)
    assert page.status_code == 410
    assert "verlopen" in page.text
    assert client.post(link, _new_account()).status_code == 410
    assert not User.objects.filter(email="nieuw@example.nl").exists()


def test_a_used_link_works_once(community, trekker, organisation):
    link = _invite(
        trekker, "nieuw@example.nl", community=community, organisation=organisation
    )
    Client().post(link, _new_account())
    again = Client().post(link, _new_account(first_name="Piet"))
    assert again.status_code == 410
    assert "al gebruikt" in again.text
    assert User.objects.get(email="nieuw@example.nl").first_name == "Jan"


def test_a_withdrawn_link_no_longer_works(
    client_as, community, trekker, organisation, mailoutbox
):
    client = client_as("trekker")
    _invite_on_member_page(client, community, "nieuw@example.nl", organisation)
    invitation = Invitation.objects.get()
    response = client.post(
        reverse("communities:invitation_revoke", args=[community.slug, invitation.pk])
    )
    assert response.status_code == 302
    page = Client().get(_link(mailoutbox[0]))
    assert page.status_code == 410
    assert "ingetrokken" in page.text
    client.get(_members_url(community))  # the messages of the two steps
    assert "Geen openstaande uitnodigingen." in client.get(_members_url(community)).text


def test_a_forged_link_is_not_found(client):
    page = client.get(
        reverse("communities:invitation_accept", args=["verzonnen-code-123"])
    )
    assert page.status_code == 404
    assert "niet geldig" in page.text
    response = client.post(
        reverse("communities:invitation_accept", args=["verzonnen-code-123"]),
        _new_account(),
    )
    assert response.status_code == 404
    assert not User.objects.filter(first_name="Jan").exists()


# --- Second invitations and limits ---------------------------------------------
def test_a_second_invitation_while_one_is_open_is_refused(
    client_as, community, trekker, organisation, mailoutbox
):
    client = client_as("trekker")
    _invite_on_member_page(client, community, "nieuw@example.nl", organisation)
    response = _invite_on_member_page(
        client, community, "NIEUW@example.nl", organisation
    )
    assert response.status_code == 200
    assert "al een openstaande uitnodiging" in response.text
    assert Invitation.objects.count() == 1
    assert len(mailoutbox) == 1


def test_after_expiry_a_new_invitation_can_be_sent(
    community, trekker, organisation, mailoutbox
):
    old = _invite(
        trekker, "nieuw@example.nl", community=community, organisation=organisation
    )
    _expire_all()
    new = _invite(
        trekker, "nieuw@example.nl", community=community, organisation=organisation
    )
    assert Client().get(old).status_code == 410
    assert Client().get(new).status_code == 200


def test_the_same_address_may_be_invited_to_two_cops(
    community, other_community, trekker, other_trekker, organisation
):
    first = _invite(
        trekker, "nieuw@example.nl", community=community, organisation=organisation
    )
    second = _invite(
        other_trekker,
        "nieuw@example.nl",
        community=other_community,
        organisation=organisation,
    )
    client = Client()
    client.post(first, _new_account())
    assert client.post(second).status_code == 302
    user = User.objects.get(email="nieuw@example.nl")
    assert user.memberships.count() == 2


def test_a_trekker_cannot_send_more_than_the_hourly_limit(
    settings, client_as, community, trekker, organisation, mailoutbox
):
    settings.INVITATIONS_PER_HOUR = 2
    client = client_as("trekker")
    for number in range(2):
        response = _invite_on_member_page(
            client, community, f"persoon{number}@example.nl", organisation
        )
        assert response.status_code == 302
    response = _invite_on_member_page(
        client, community, "nog.een@example.nl", organisation
    )
    assert response.status_code == 429
    assert "in het afgelopen uur" in response.text
    assert Invitation.objects.count() == 2
    assert len(mailoutbox) == 2
    # Withdrawing does not free a place.
    client.post(
        reverse(
            "communities:invitation_revoke",
            args=[community.slug, Invitation.objects.first().pk],
        )
    )
    again = _invite_on_member_page(
        client, community, "nog.een@example.nl", organisation
    )
    assert again.status_code == 429


# --- Who may invite ------------------------------------------------------------
def test_trekker_cannot_invite_to_another_cop(
    client_as, other_community, trekker, organisation, mailoutbox
):
    response = _invite_on_member_page(
        client_as("trekker"), other_community, "nieuw@example.nl", organisation
    )
    assert response.status_code == 403
    with pytest.raises(NotAllowedError):
        services.invitation_create(
            actor=trekker,
            email="nieuw@example.nl",
            community=other_community,
            organisation=organisation,
        )
    assert not Invitation.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize("role", ["communitytrekker", "expertgroep", "ketenpartner"])
def test_trekker_cannot_invite_for_another_role(
    client_as, community, trekker, organisation, role, mailoutbox
):
    # The member page's form has no role for a trekker: it invites a deelnemer.
    _invite_on_member_page(
        client_as("trekker"), community, "nieuw@example.nl", organisation, role=role
    )
    assert Invitation.objects.get().role == Invitation.Role.DEELNEMER
    Invitation.objects.all().delete()
    with pytest.raises(NotAllowedError):
        services.invitation_create(
            actor=trekker,
            email="ander@example.nl",
            community=community,
            role=role,
            organisation=organisation,
        )
    assert not Invitation.objects.exists()


def test_trekker_cannot_withdraw_a_moderators_trekker_invitation(
    client_as, community, moderator, organisation
):
    _invite(
        moderator,
        "trekker.nieuw@example.nl",
        community=community,
        role=Invitation.Role.TREKKER,
        organisation=organisation,
    )
    invitation = Invitation.objects.get()
    response = client_as("trekker").post(
        reverse("communities:invitation_revoke", args=[community.slug, invitation.pk])
    )
    assert response.status_code == 403
    assert Invitation.objects.get().revoked_at is None


def test_a_trekker_cannot_withdraw_an_invitation_of_another_cop(
    client_as, community, other_community, other_trekker, organisation
):
    _invite(
        other_trekker,
        "nieuw@example.nl",
        community=other_community,
        organisation=organisation,
    )
    invitation = Invitation.objects.get()
    response = client_as("trekker").post(
        reverse("communities:invitation_revoke", args=[community.slug, invitation.pk])
    )
    assert response.status_code in (403, 404)
    assert Invitation.objects.get().revoked_at is None


# --- Sign-up without an invitation -----------------------------------------------
def _sign_up(client, email):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def test_sign_up_is_closed_and_says_how_to_get_access(client, mailoutbox):
    page = client.get(reverse("account_signup"))
    assert "communitytrekker" in page.text
    assert "uitnodiging" in page.text
    _sign_up(client, "nieuw@gemeente.example.nl")
    assert not User.objects.exists()
    assert mailoutbox == []


def test_sign_up_is_open_for_a_listed_domain_with_mail_verification(
    settings, client, mailoutbox
):
    settings.SIGNUP_OPEN_DOMAINS = ["rotterdam.example.nl"]
    response = _sign_up(client, "Nieuw@Rotterdam.example.nl")
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@rotterdam.example.nl")
    assert not EmailAddress.objects.get(user=user).verified
    assert not user.memberships.exists()
    assert len(mailoutbox) == 1  # the verification mail


@pytest.mark.parametrize(
    ("entries", "email", "allowed"),
    [
        (["rotterdam.example.nl"], "a@rotterdam.example.nl", True),
        (["rotterdam.example.nl"], "a@wijk.rotterdam.example.nl", False),
        (["rotterdam.example.nl"], "a@nietrotterdam.example.nl", False),
        ([".rotterdam.example.nl"], "a@wijk.rotterdam.example.nl", True),
        ([".rotterdam.example.nl"], "a@rotterdam.example.nl", True),
        ([".rotterdam.example.nl"], "a@nietrotterdam.example.nl", False),
    ],
)
def test_the_domain_list_decides_who_signs_up(
    settings, client, entries, email, allowed
):
    settings.SIGNUP_OPEN_DOMAINS = entries
    response = _sign_up(client, email)
    assert User.objects.filter(email=email).exists() == allowed
    if not allowed:
        assert response.status_code == 200
        assert "communitytrekker" in response.text


def test_sign_up_tells_nothing_about_existing_accounts(settings, mailoutbox):
    settings.SIGNUP_OPEN_DOMAINS = ["rotterdam.example.nl"]
    UserFactory(email="bestaand@rotterdam.example.nl")
    known = _sign_up(Client(), "bestaand@rotterdam.example.nl")
    unknown = _sign_up(Client(), "nieuw@rotterdam.example.nl")
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    # An address outside the list gets the same refusal, account or not.
    UserFactory(email="iemand@elders.example.nl")
    outside_known = _sign_up(Client(), "iemand@elders.example.nl")
    outside_unknown = _sign_up(Client(), "niemand@elders.example.nl")
    assert outside_known.status_code == outside_unknown.status_code == 200
    assert (
        User.objects.filter(email__iexact="bestaand@rotterdam.example.nl").count() == 1
    )


def test_invited_people_of_any_domain_can_reset_their_password(
    community, trekker, organisation, mailoutbox
):
    link = _invite(
        trekker, "nieuw@duo.example.nl", community=community, organisation=organisation
    )
    Client().post(link, _new_account())
    mailoutbox.clear()
    Client().post(reverse("account_reset_password"), {"email": "nieuw@duo.example.nl"})
    assert any("password/reset/key" in message.body for message in mailoutbox)


# --- Two at once -------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_two_accepts_of_one_link_at_once_make_one_account():
    community = CommunityFactory()
    organisation = OrganisationFactory()
    trekker = MembershipFactory(community=community, role=Membership.Role.TREKKER).user
    link = _invite(
        trekker, "nieuw@example.nl", community=community, organisation=organisation
    )
    token = link.strip("/").rsplit("/", 1)[1]
    barrier = threading.Barrier(2)
    outcomes = []

    def accept(first_name):
        try:
            barrier.wait()
            services.invitation_accept(
                actor=None,
                token=token,
                first_name=first_name,
                last_name="de Vries",
                password=NEW_PASSWORD,
            )
            outcomes.append("accepted")
        except DomainError as error:
            outcomes.append(str(error.message))
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(name,)) for name in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["Deze uitnodiging is al gebruikt.", "accepted"]
    assert User.objects.filter(email="nieuw@example.nl").count() == 1
    assert Membership.objects.filter(community=community).count() == 2


@pytest.mark.parametrize(
    "token", ["%00", "x" * 5000, "%C3%A9%F0%9F%98%80", "..%2F..", " "]
)
def test_hostile_links_are_not_found(client, token):
    response = client.get(f"/uitnodiging/{token}/")
    assert response.status_code == 404
    assert client.post(f"/uitnodiging/{token}/", _new_account()).status_code == 404
    assert not User.objects.exists()


def test_a_nul_byte_in_the_name_is_refused(community, trekker, organisation):
    link = _invite(
        trekker, "nieuw@example.nl", community=community, organisation=organisation
    )
    response = Client().post(link, _new_account(first_name="Jan\x00"))
    # The request-input guard answers every NUL byte with its 400 page.
    assert response.status_code == 400
    assert not User.objects.filter(email="nieuw@example.nl").exists()


def test_the_open_sign_up_page_explains_the_invitations(settings, client):
    settings.SIGNUP_OPEN_DOMAINS = ["rotterdam.example.nl"]
    page = client.get(reverse("account_signup"))
    assert page.status_code == 200
    assert "communitytrekker" in page.text
    assert 'name="email"' in page.text
