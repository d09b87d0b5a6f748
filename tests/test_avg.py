"""AVG: the profile, the download of one's own data (inzage) and deleting
one's account, which keeps what the person wrote ("voormalig deelnemer")
and their "speelt bij ons ook" marks; users and CoP's are deactivated in the
admin, never deleted with their content."""

import json
import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse

from communities.models import Community, Invitation, Membership
from communities.services import invitation_create
from cop_portal.models import AuditAction, AuditEvent, User
from knowledge.models import Review, Status
from signals.models import Recognition, Signal
from signals.services import signal_submit
from tests.conftest import sign_in
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    SessionFactory,
    UserFactory,
)
from tests.knowledge.factories import ProductFactory
from tests.signals.factories import RecognitionFactory, SignalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(community, other_community, theme):
    """A deelnemer of CoP Rijnmond who wrote and marked things."""
    user = MembershipFactory(community=community, user__first_name="Fatima").user
    signal = signal_submit(
        actor=user,
        community=community,
        title="Energiebedrijven weigeren",
        description="Betalingen namens inburgeraars worden geweigerd.",
        themes=[theme],
    )
    others = SignalFactory(community=other_community, title="Te weinig werkplekken")
    RecognitionFactory(signal=others, user=user, community=community)
    product = ProductFactory(community=community, status=Status.REVIEW)
    product.authors.add(user)
    Review.objects.create(
        product=product, reviewer=user, decision=Review.Decision.APPROVE, comment="Goed"
    )
    SessionFactory(community=community, created_by=user, title="Bijeenkomst maart")
    user.test_signal, user.test_recognised = signal, others
    return user


def _client(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _download(client) -> dict:
    response = client.get(reverse("profile_download"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "no-store" in response["Cache-Control"]
    return json.loads(b"".join(response.streaming_content))


# --- profile ------------------------------------------------------------------
def test_the_profile_shows_memberships_organisation_and_roles(writer, community):
    writer.is_expert = True
    writer.save()
    response = _client(writer).get(reverse("profile"))
    assert response.status_code == 200
    text = response.text
    assert community.name in text
    assert "deelnemer" in text
    assert writer.organisation.name in text
    assert "expertgroep" in text
    assert "no-store" in response["Cache-Control"]


def test_visitors_are_sent_to_sign_in_for_the_profile_pages(db):
    for name in ("profile", "profile_download", "profile_delete"):
        response = Client().get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


# --- download -------------------------------------------------------------------
def test_the_download_holds_the_persons_data_and_nobody_elses(writer, community):
    stranger = MembershipFactory(community=community).user
    SignalFactory(community=community, raised_by=stranger, title="Iets van een ander")
    data = _download(_client(writer))
    assert data["account"]["email"] == writer.email
    assert data["account"]["first_name"] == "Fatima"
    assert [m["community__name"] for m in data["memberships"]] == [community.name]
    assert [s["title"] for s in data["signals_raised"]] == ["Energiebedrijven weigeren"]
    assert [r["signal__title"] for r in data["recognitions"]] == [
        "Te weinig werkplekken"
    ]
    assert len(data["knowledge_products"]) == 1
    assert [r["comment"] for r in data["reviews"]] == ["Goed"]
    assert [s["title"] for s in data["sessions_logged"]] == ["Bijeenkomst maart"]
    assert [e["email"] for e in data["email_addresses"]] == [writer.email]
    text = json.dumps(data)
    assert stranger.email not in text
    assert "Iets van een ander" not in text


def test_a_download_is_in_the_audit_log_and_the_next_download(writer):
    client = _client(writer)
    _download(client)
    data = _download(client)
    assert AuditEvent.objects.filter(
        action=AuditAction.DATA_DOWNLOADED, actor=writer
    ).exists()
    assert "data_downloaded" in [event["action"] for event in data["audit_log"]]


# --- deletion -------------------------------------------------------------------
def test_a_wrong_password_deletes_nothing(writer):
    client = _client(writer)
    response = client.post(reverse("profile_delete"), {"password": "niet-goed-123"})
    assert response.status_code == 200
    assert "Dat is niet uw wachtwoord" in response.text
    writer.refresh_from_db()
    assert writer.is_active and writer.anonymised_at is None
    assert client.get(reverse("profile")).status_code == 200


def test_deletion_removes_personal_data_and_keeps_what_was_written(
    writer, community, moderator
):
    Authenticator.objects.create(
        user=writer, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    old_email, organisation = writer.email, writer.organisation
    counts_before = Signal.objects.get(pk=writer.test_recognised.pk)

    client = _client(writer)
    response = client.post(reverse("profile_delete"), {"password": PASSWORD})
    assert response.status_code == 302

    person = User.objects.get(pk=writer.pk)
    assert person.email != old_email and person.email.endswith(".invalid")
    assert (person.first_name, person.last_name) == ("", "")
    assert not person.has_usable_password()
    assert not person.is_active
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not Authenticator.objects.filter(user=person).exists()
    assert not Membership.objects.filter(user=person).exists()
    assert str(person) == "voormalig deelnemer"
    # The session is over.
    assert client.get(reverse("profile")).status_code == 302

    # What they wrote stays, with its CoP and organisation.
    signal = Signal.objects.get(pk=writer.test_signal.pk)
    assert signal.raised_by_id == person.pk
    assert signal.community == community
    assert signal.organisation == organisation
    page = _client(moderator).get(signal.get_absolute_url())
    assert "voormalig deelnemer" in page.text
    assert "Fatima" not in page.text
    # Their mark still counts.
    counts_after = Signal.objects.get(pk=writer.test_recognised.pk)
    assert counts_after.recognition_count == counts_before.recognition_count == 1
    assert counts_after.community_count == counts_before.community_count
    assert Review.objects.filter(reviewer=person).count() == 1
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCOUNT_DELETED, target_id=str(person.pk)
    ).exists()


def test_a_deleted_account_cannot_sign_in_and_its_address_is_free_again(
    writer, community
):
    email = writer.email
    _client(writer).post(reverse("profile_delete"), {"password": PASSWORD})
    client = Client()
    client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert client.get(reverse("profile")).status_code == 302
    # The same address can be invited again and become a new account.
    mail.outbox.clear()
    moderator = UserFactory(is_moderator=True)
    invitation = invitation_create(
        actor=moderator,
        email=email,
        community=community,
        organisation=OrganisationFactory(),
    )
    assert invitation.email == email.lower()
    link = re.search(r"https?://\S+/uitnodiging/\S+/", mail.outbox[-1].body).group()
    response = Client().post(
        urlsplit(link).path,
        {
            "first_name": "Nieuw",
            "last_name": "Account",
            "password1": "nieuw-wachtwoord-456",
            "password2": "nieuw-wachtwoord-456",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email=email.lower()).exclude(pk=writer.pk).exists()


# --- no deleting in the admin or through the ORM ------------------------------------
@pytest.mark.parametrize("model", ["cop_portal_user", "communities_community"])
def test_the_admin_offers_no_delete_of_users_and_cops(model, community, outsider):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    pk = outsider.pk if model == "cop_portal_user" else community.pk
    client = _client(superuser)
    assert client.get(reverse(f"admin:{model}_delete", args=[pk])).status_code == 403
    assert (
        client.post(
            reverse(f"admin:{model}_delete", args=[pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    changelist = client.get(reverse(f"admin:{model}_changelist"))
    assert 'value="delete_selected"' not in changelist.text
    assert 'value="deactivate"' in changelist.text


def test_the_admin_deactivates_an_account_through_the_service(moderator, deelnemer):
    person = _client(deelnemer)
    response = _client(moderator).post(
        reverse("admin:cop_portal_user_changelist"),
        {"action": "deactivate", "_selected_action": [deelnemer.pk]},
    )
    assert response.status_code == 302
    deelnemer.refresh_from_db()
    assert not deelnemer.is_active
    # Their open session ends.
    assert person.get(reverse("profile")).status_code == 302
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCOUNT_DEACTIVATED, actor=moderator
    ).exists()


def test_a_moderator_cannot_deactivate_a_moderator(moderator):
    other = UserFactory(is_moderator=True)
    response = _client(moderator).post(
        reverse("admin:cop_portal_user_changelist"),
        {"action": "deactivate", "_selected_action": [other.pk]},
        follow=True,
    )
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.is_active


def test_the_admin_deactivates_a_cop_and_keeps_its_content(moderator, community):
    SignalFactory(community=community)
    response = _client(moderator).post(
        reverse("admin:communities_community_changelist"),
        {"action": "deactivate", "_selected_action": [community.pk]},
    )
    assert response.status_code == 302
    community.refresh_from_db()
    assert not community.is_active
    assert Signal.objects.filter(community=community).count() == 1


def test_deleting_a_cop_with_content_is_refused_by_the_database(writer, community):
    with pytest.raises(ProtectedError):
        Community.objects.get(pk=community.pk).delete()
    assert Signal.objects.filter(community=community).exists()
    assert community.sessions.exists()


def test_deleting_a_cop_with_only_sessions_or_members_is_refused(other_community):
    SessionFactory(community=other_community)
    with pytest.raises(ProtectedError):
        other_community.delete()
    lonely = Community.objects.create(name="CoP Leeg", slug="cop-leeg")
    MembershipFactory(community=lonely)
    with pytest.raises(ProtectedError):
        lonely.delete()


def test_deleting_a_cop_with_only_invitations_is_refused(moderator):
    invited_to = Community.objects.create(name="CoP Nieuw", slug="cop-nieuw")
    invitation_create(
        actor=moderator,
        email="nieuw@gemeente.nl",
        community=invited_to,
        organisation=OrganisationFactory(),
    )
    with pytest.raises(ProtectedError):
        invited_to.delete()
    assert Invitation.objects.filter(community=invited_to).exists()


def test_deleting_an_account_with_marks_is_refused_by_the_database(writer):
    with pytest.raises(ProtectedError):
        User.objects.get(pk=writer.pk).delete()
    assert Recognition.objects.filter(user=writer).count() == 1
