"""The AVG (GDPR) rights of a signed-in person: see their profile, download
everything the portal holds about them (inzage), delete their account.

Deleting anonymises the account in place (docs/decisions/0013-audit-log.md):
name, address, password, e-mail addresses, memberships and two-factor
methods go; the row stays as "voormalig deelnemer", so everything they wrote
keeps its CoP and organisation, and their "speelt bij ons ook" marks keep
counting. This module sits on top of the apps: it reads all of them."""

import json
from collections.abc import Iterator

from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Membership, Session
from knowledge.models import KnowledgeProduct, Review, StatusChange
from signals.models import Recognition, Response, Signal, SignalEvent

from . import audit
from .models import AuditAction, AuditEvent, User, WorkListVisit

# Rows are read and written out this many at a time: a long-standing member
# may have thousands of events, the download never holds them all at once.
CHUNK = 500


def profile(*, user: User) -> dict:
    """What the profile page shows."""
    return {
        "memberships": Membership.objects.filter(user=user)
        .select_related("community", "organisation")
        .order_by("community__name"),
        "roles": [
            label
            for flag, label in [
                (user.is_moderator, _("moderator")),
                (user.is_expert, _("expertgroep")),
                (user.is_chain_partner, _("ketenpartner")),
            ]
            if flag
        ],
    }


def _account(user: User) -> dict:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "organisation": user.organisation.name if user.organisation_id else None,
        "moderator": user.is_moderator,
        "expertgroep": user.is_expert,
        "ketenpartner": user.is_chain_partner,
        "active": user.is_active,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "work_list_seen_at": (
            WorkListVisit.objects.filter(user=user)
            .values_list("seen_at", flat=True)
            .first()
        ),
    }


def _sections(user: User) -> Iterator[tuple[str, object]]:
    """(name, rows) per kind of data; rows are querysets of dicts, read in
    chunks, with only this person's rows."""
    yield (
        "email_addresses",
        EmailAddress.objects.filter(user=user).values("email", "verified", "primary"),
    )
    yield (
        "memberships",
        Membership.objects.filter(user=user).values(
            "community__name", "role", "organisation__name", "joined_on"
        ),
    )
    yield (
        "signals_raised",
        Signal.objects.filter(raised_by=user).values(
            "id",
            "title",
            "description",
            "community__name",
            "organisation__name",
            "level",
            "status",
            "created_at",
        ),
    )
    yield (
        "signal_events",
        SignalEvent.objects.filter(actor=user).values(
            "signal_id",
            "kind",
            "from_status",
            "to_status",
            "reason",
            "tried",
            "created_at",
        ),
    )
    yield (
        "signal_responses",
        Response.objects.filter(author=user).values(
            "signal_id", "level", "body", "organisation__name", "created_at"
        ),
    )
    yield (
        "recognitions",
        Recognition.objects.filter(user=user).values(
            "signal_id", "signal__title", "community__name", "created_at"
        ),
    )
    yield (
        "sessions_logged",
        Session.objects.filter(created_by=user).values(
            "id", "title", "community__name", "starts_at", "report"
        ),
    )
    yield (
        "sessions_attended",
        Session.objects.filter(attendees=user).values(
            "id", "title", "community__name", "starts_at"
        ),
    )
    yield (
        "knowledge_products",
        KnowledgeProduct.objects.filter(
            pk__in=KnowledgeProduct.objects.filter(authors=user)
            .values("pk")
            .union(KnowledgeProduct.objects.filter(created_by=user).values("pk"))
        ).values("id", "title", "kind", "status", "community__name", "created_at"),
    )
    yield (
        "reviews",
        Review.objects.filter(reviewer=user).values(
            "product_id", "decision", "comment", "created_at"
        ),
    )
    yield (
        "knowledge_status_changes",
        StatusChange.objects.filter(actor=user).values(
            "product_id",
            "transition",
            "from_status",
            "to_status",
            "comment",
            "created_at",
        ),
    )
    yield (
        "audit_log",
        AuditEvent.objects.filter(actor=user).values(
            "created_at", "action", "ip_address", "path"
        ),
    )


def personal_data(*, user: User) -> Iterator[str]:
    """The inzage as one JSON document, written piece by piece."""
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    yield '{"account": ' + encoder.encode(_account(user))
    for name, rows in _sections(user):
        yield f', "{name}": ['
        first = True
        for row in rows.order_by().iterator(chunk_size=CHUNK):
            yield ("" if first else ", ") + encoder.encode(row)
            first = False
        yield "]"
    yield ', "exported_at": ' + json.dumps(timezone.now().isoformat()) + "}\n"


def data_downloaded(*, user: User) -> None:
    audit.record(AuditAction.DATA_DOWNLOADED, actor=user, target=user)


def account_delete(*, user: User, password: str) -> User:
    """Delete the account of `user` after they typed their password again."""
    if not password or not user.check_password(password):
        raise ValidationError(
            {"password": _("That is not your password. Nothing was deleted.")}
        )
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        audit.record(AuditAction.ACCOUNT_DELETED, actor=user, target=user)
        Membership.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        if apps.is_installed("allauth.mfa"):
            apps.get_model("mfa", "Authenticator").objects.filter(user=user).delete()
        # The address becomes free for a new invitation or account; .invalid
        # is a domain that never receives mail (RFC 2606).
        user.email = f"voormalig-deelnemer-{user.pk}@verwijderd.invalid"
        user.first_name = ""
        user.last_name = ""
        # A new password hash also ends every session of the account: Django
        # checks the hash on each request.
        user.set_unusable_password()
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.is_moderator = False
        user.is_expert = False
        user.is_chain_partner = False
        user.last_login = None
        WorkListVisit.objects.filter(user=user).delete()
        user.anonymised_at = timezone.now()
        user.save()
    return user
