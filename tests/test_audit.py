"""The audit log (docs/decisions/0013-audit-log.md): every sign-in, failed
sign-in, MFA change, invitation, role and membership change, admin change
and refused permission is written with actor, object and address, without
secrets or free text; moderators read it in the admin, nobody changes it."""

import re

import pytest
from django.core import mail
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client
from django.urls import reverse

from communities.models import Membership, MembershipHistory
from communities.services import (
    invitation_create,
    invitation_revoke,
    membership_remove,
)
from cop_portal import audit
from cop_portal.models import AuditAction, AuditEvent, UserHistory
from tests.conftest import sign_in
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"


def _events(action):
    return list(AuditEvent.objects.filter(action=action))


def _admin_client(user) -> Client:
    client = Client(REMOTE_ADDR=ADDRESS)
    sign_in(client, user)
    return client


def test_a_sign_in_is_recorded_with_the_person_and_their_address(outsider):
    client = Client(REMOTE_ADDR=ADDRESS)
    client.post(
        reverse("account_login"), {"login": outsider.email, "password": PASSWORD}
    )
    (event,) = _events(AuditAction.SIGN_IN)
    assert event.actor == outsider
    assert event.target_id == str(outsider.pk)
    assert event.ip_address == ADDRESS


def test_the_address_behind_the_trusted_proxy_is_recorded(outsider, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"{ADDRESS}")
    client.post(
        reverse("account_login"), {"login": outsider.email, "password": PASSWORD}
    )
    assert _events(AuditAction.SIGN_IN)[0].ip_address == ADDRESS


def test_a_failed_sign_in_names_the_account_but_keeps_no_password(outsider):
    client = Client(REMOTE_ADDR=ADDRESS)
    response = client.post(
        reverse("account_login"),
        {"login": outsider.email, "password": "fout-wachtwoord-geheim"},
    )
    assert response.status_code == 200
    (event,) = _events(AuditAction.SIGN_IN_FAILED)
    assert event.actor is None
    assert event.target_id == str(outsider.pk)
    assert event.ip_address == ADDRESS
    stored = str(AuditEvent.objects.values().get(pk=event.pk))
    assert "fout-wachtwoord-geheim" not in stored
    assert outsider.email not in stored


def test_a_failed_sign_in_with_an_unknown_address_stores_nothing_typed(db):
    Client(REMOTE_ADDR=ADDRESS).post(
        reverse("account_login"),
        {"login": "mijn-wachtwoord@example.org", "password": "x" * 12},
    )
    (event,) = _events(AuditAction.SIGN_IN_FAILED)
    assert event.target_type is None and event.target_id == ""
    assert "mijn-wachtwoord" not in str(AuditEvent.objects.values().get(pk=event.pk))


def test_mfa_changes_are_recorded_without_the_secret(outsider):
    """allauth.mfa is installed by the test settings (another branch adds it
    to base.py); its signals are sent the way allauth sends them."""
    from allauth.mfa import signals as mfa_signals
    from allauth.mfa.models import Authenticator
    from django.test import RequestFactory

    totp = Authenticator.objects.create(
        user=outsider, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    request = RequestFactory().post("/accounts/2fa/totp/activate", REMOTE_ADDR=ADDRESS)
    request.user = outsider
    for signal in (
        mfa_signals.authenticator_added,
        mfa_signals.authenticator_reset,
        mfa_signals.authenticator_removed,
    ):
        signal.send(
            sender=Authenticator, request=request, user=outsider, authenticator=totp
        )
    for action in (
        AuditAction.MFA_ADDED,
        AuditAction.MFA_RESET,
        AuditAction.MFA_REMOVED,
    ):
        (event,) = _events(action)
        assert event.actor == outsider
        assert event.ip_address == ADDRESS
        assert event.target_id == str(totp.pk)
        assert event.changes == {"type": "totp"}
    assert "JBSWY3DPEHPK3PXP" not in str(list(AuditEvent.objects.values()))


def test_an_invitation_is_recorded_when_sent_accepted_and_withdrawn(
    moderator, community
):
    organisation = OrganisationFactory()
    invitation = invitation_create(
        actor=moderator,
        email="nieuw@gemeente.nl",
        community=community,
        organisation=organisation,
    )
    (sent,) = _events(AuditAction.INVITATION_SENT)
    assert sent.actor == moderator
    assert sent.target_id == str(invitation.pk)
    assert sent.changes == {
        "role": "deelnemer",
        "community": community.pk,
        "organisation": organisation.pk,
    }
    # Neither the address nor the link's token is kept.
    assert "nieuw@gemeente.nl" not in str(sent.changes)
    assert invitation.token_hash not in str(list(AuditEvent.objects.values()))

    link = re.search(r"/uitnodiging/\S+/", mail.outbox[-1].body).group()
    response = Client(REMOTE_ADDR=ADDRESS).post(
        link,
        {
            "first_name": "Jan",
            "last_name": "de Vries",
            "password1": "een-lang-wachtwoord-8",
            "password2": "een-lang-wachtwoord-8",
        },
    )
    assert response.status_code == 302
    (accepted,) = _events(AuditAction.INVITATION_ACCEPTED)
    assert accepted.actor.email == "nieuw@gemeente.nl"
    assert accepted.ip_address == ADDRESS

    other = invitation_create(
        actor=moderator,
        email="ander@gemeente.nl",
        community=community,
        organisation=organisation,
    )
    invitation_revoke(actor=moderator, invitation=other)
    (revoked,) = _events(AuditAction.INVITATION_REVOKED)
    assert revoked.actor == moderator
    assert revoked.target_id == str(other.pk)


def test_the_audit_keeps_no_secrets_or_free_text(moderator, community):
    invitee = UserFactory()
    event = audit.record(
        AuditAction.INVITATION_SENT,
        actor=moderator,
        target=community,
        changes={
            "role": "deelnemer",
            "email": invitee.email,
            "token": "geheim-token",
            "message": "Welkom! " * 30,
        },
    )
    assert event.actor == moderator
    assert event.target_id == str(community.pk)
    # The token is a secret, the long message free text.
    assert event.changes == {
        "role": "deelnemer",
        "email": audit.CHANGED,
        "message": audit.CHANGED,
    }
    assert invitee.email not in str(event.changes)


def test_a_role_change_in_the_admin_keeps_old_and_new_value_actor_and_address(
    moderator,
):
    person = UserFactory(is_expert=False)
    client = _admin_client(moderator)
    response = client.post(
        reverse("admin:cop_portal_user_change", args=[person.pk]),
        {
            "first_name": person.first_name,
            "last_name": "Nieuwe Achternaam",
            "organisation": person.organisation_id,
            "is_expert": "on",
            "is_chain_partner": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    history = UserHistory.objects.filter(pgh_obj=person).order_by("pgh_id")
    assert [event.pgh_label for event in history] == [
        "account_created",
        "account_changed",
    ]
    before, after = history
    assert (before.is_expert, after.is_expert) == (False, True)
    assert after.pgh_context.metadata["user"] == moderator.pk
    assert after.pgh_context.metadata["ip"] == ADDRESS
    # The admin's own change, with field names only: the name is free text.
    (event,) = _events(AuditAction.ADMIN_CHANGED)
    assert event.actor == moderator and event.ip_address == ADDRESS
    assert event.target_id == str(person.pk)
    # Django's admin names the fields by their (English) labels.
    assert event.changes == {"fields": ["Expertgroep", "Last name"]}
    assert "Nieuwe Achternaam" not in str(list(AuditEvent.objects.values()))


def test_a_membership_added_on_the_site_is_in_the_history_with_its_actor(
    trekker, community
):
    person = UserFactory()
    client = Client(REMOTE_ADDR=ADDRESS)
    sign_in(client, trekker)
    response = client.post(
        reverse("communities:membership_list", args=[community.slug]),
        {
            "email": person.email,
            "organisation": person.organisation_id,
            "role": Membership.Role.DEELNEMER,
        },
    )
    assert response.status_code == 302
    (event,) = MembershipHistory.objects.filter(user=person)
    assert event.pgh_label == "membership_added"
    assert event.community_id == community.pk
    assert event.role == Membership.Role.DEELNEMER
    assert event.pgh_context.metadata == {
        "user": trekker.pk,
        "url": reverse("communities:membership_list", args=[community.slug]),
        "ip": ADDRESS,
    }


def test_a_membership_removed_through_the_service_is_in_the_history(
    moderator, community
):
    membership = MembershipFactory(community=community)
    pk = membership.pk
    membership_remove(actor=moderator, membership=membership)
    labels = list(
        MembershipHistory.objects.filter(pgh_obj_id=pk)
        .order_by("pgh_id")
        .values_list("pgh_label", flat=True)
    )
    assert labels == ["membership_added", "membership_removed"]


def test_a_refused_page_is_recorded_with_who_and_where(deelnemer, session):
    client = Client(REMOTE_ADDR=ADDRESS)
    sign_in(client, deelnemer)
    url = reverse(
        "communities:session_update",
        kwargs={"community_slug": session.community.slug, "slug": session.slug},
    )
    assert client.get(url + "?token=abc").status_code == 403
    (event,) = _events(AuditAction.PERMISSION_REFUSED)
    assert event.actor == deelnemer
    assert event.ip_address == ADDRESS
    assert event.path == url  # without the query string


def test_a_refused_admin_page_is_recorded(moderator):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client = _admin_client(moderator)
    response = client.get(
        reverse("admin:auth_user_password_change", args=[superuser.pk])
    )
    assert response.status_code == 403
    assert _events(AuditAction.PERMISSION_REFUSED)[0].actor == moderator


def test_moderators_read_the_audit_log_in_the_admin(moderator, outsider):
    audit.record(AuditAction.SIGN_IN, actor=outsider, target=outsider)
    client = _admin_client(moderator)
    response = client.get(reverse("admin:cop_portal_auditevent_changelist"))
    assert response.status_code == 200
    assert outsider.email in response.text or str(outsider) in response.text
    filtered = client.get(
        reverse("admin:cop_portal_auditevent_changelist"),
        {"action__exact": AuditAction.SIGN_IN},
    )
    assert filtered.status_code == 200
    for name in ("cop_portal_userhistory", "communities_membershiphistory"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_the_audit_log_cannot_be_added_changed_or_deleted_in_the_admin(
    moderator, outsider
):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    event = audit.record(AuditAction.SIGN_IN, actor=outsider, target=outsider)
    for user in (moderator, superuser):
        client = _admin_client(user)
        change = reverse("admin:cop_portal_auditevent_change", args=[event.pk])
        page = client.get(change)
        assert page.status_code == 200
        assert 'name="_save"' not in page.text
        assert client.post(change, {"action": "sign_out"}).status_code == 403
        assert client.get(reverse("admin:cop_portal_auditevent_add")).status_code == 403
        delete = reverse("admin:cop_portal_auditevent_delete", args=[event.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        bulk = client.post(
            reverse("admin:cop_portal_auditevent_changelist"),
            {"action": "delete_selected", "_selected_action": [event.pk]},
        )
        assert bulk.status_code in (200, 302)
    event.refresh_from_db()
    assert event.action == AuditAction.SIGN_IN


@pytest.mark.parametrize("statement", ["UPDATE", "DELETE"])
def test_the_database_refuses_to_change_the_audit_log(outsider, statement):
    event = audit.record(AuditAction.SIGN_IN, actor=outsider, target=outsider)
    sql = {
        "UPDATE": "UPDATE cop_portal_auditevent SET action = 'sign_out' WHERE id = %s",
        "DELETE": "DELETE FROM cop_portal_auditevent WHERE id = %s",
    }[statement]
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == AuditAction.SIGN_IN


def test_the_database_refuses_to_change_the_model_history(deelnemer):
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM communities_membershiphistory")
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE cop_portal_userhistory SET is_superuser = true")


def test_the_orm_refuses_to_change_the_audit_log(outsider):
    event = audit.record(AuditAction.SIGN_IN, actor=outsider)
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(action="sign_out")


@pytest.mark.parametrize("role", ["outsider", "deelnemer", "trekker"])
def test_people_who_are_not_moderators_cannot_read_the_audit_log(request, role):
    user = request.getfixturevalue(role)
    user.is_staff = True  # even with admin access
    user.save()
    client = Client()
    sign_in(client, user)
    for name in (
        "cop_portal_auditevent",
        "cop_portal_userhistory",
        "communities_membershiphistory",
    ):
        response = client.get(reverse(f"admin:{name}_changelist"))
        assert response.status_code in (302, 403), name


def test_no_secret_field_is_ever_stored():
    assert audit.clean_changes(
        {
            "password": "a",
            "new_password1": "b",
            "totp_secret": "c",
            "session_key": "d",
            "recovery_codes": "e",
            "token": "f",
            "role": "deelnemer",
            "organisation": OrganisationFactory(),
        }
    ).keys() == {"role", "organisation"}


def test_a_post_refused_for_a_missing_csrf_token_is_recorded(outsider):
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=ADDRESS)
    sign_in(client, outsider)
    response = client.post(reverse("profile_delete"), {"password": PASSWORD})
    assert response.status_code == 403
    (event,) = _events(AuditAction.PERMISSION_REFUSED)
    assert (event.actor, event.path) == (outsider, reverse("profile_delete"))
    outsider.refresh_from_db()
    assert outsider.is_active


def test_writing_the_audit_log_leaves_the_public_page_cache_alone(
    outsider, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from cop_portal.page_cache import GENERATION_KEY

    cache.set(GENERATION_KEY, "before", None)
    with django_capture_on_commit_callbacks(execute=True):
        audit.record(AuditAction.SIGN_IN, actor=outsider, target=outsider)
        Client().post(
            reverse("account_login"),
            {"login": outsider.email, "password": "fout-123456"},
        )
    assert cache.get(GENERATION_KEY) == "before"
