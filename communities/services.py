"""Writes in the communities app. Views, the admin and commands call these."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cop_portal import audit
from cop_portal.exceptions import NotAllowedError
from cop_portal.models import AuditAction
from cop_portal.roles import is_moderator
from cop_portal.slugs import save_with_unique_slug, unique_slug

from .models import Community, Membership, Organisation, Session, Theme
from .permissions import can_manage_sessions


def _slug_options(community: Community) -> dict:
    return {
        "taken_in": Session.objects.filter(community=community),
        "fallback": "bijeenkomst",
        "max_length": 200,
    }


def _check_attendees(*, community: Community, attendees) -> None:
    member_ids = set(
        Membership.objects.filter(community=community).values_list("user_id", flat=True)
    )
    outsiders = [user for user in attendees if user.pk not in member_ids]
    if outsiders:
        raise ValidationError(
            {
                "attendees": _(
                    "Only members of this CoP can be listed as attendees. "
                    "Not a member: %(names)s."
                )
                % {"names": ", ".join(str(user) for user in outsiders)}
            }
        )


def _apply(
    session: Session,
    *,
    themes,
    attendees,
    guest_organisations,
) -> Session:
    session.full_clean()
    _check_attendees(community=session.community, attendees=attendees)
    if session._state.adding:
        save_with_unique_slug(
            session,
            constraint="session_unique_slug_per_community",
            source=session.title,
            **_slug_options(session.community),
        )
    else:
        session.save()
    session.themes.set(themes)
    session.attendees.set(attendees)
    session.guest_organisations.set(guest_organisations)
    return session


@transaction.atomic
def session_create(
    *,
    actor,
    community: Community,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str = "",
    online_url: str = "",
    agenda: str = "",
    report: str = "",
    outcome_own: str = "",
    outcome_chain: str = "",
    outcome_other_party: str = "",
    themes: list[Theme] | tuple = (),
    attendees=(),
    guest_organisations: list[Organisation] | tuple = (),
) -> Session:
    """Log a session of a CoP.

    Refuses an actor who is not a communitytrekker of that CoP or a moderator,
    an end before the start, and attendees who are not members of the CoP.
    """
    if not can_manage_sessions(actor, community):
        raise NotAllowedError(
            _("Only a communitytrekker of this CoP can log sessions.")
        )
    session = Session(
        community=community,
        title=title,
        slug=unique_slug(title, **_slug_options(community)),
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        online_url=online_url,
        agenda=agenda,
        report=report,
        outcome_own=outcome_own,
        outcome_chain=outcome_chain,
        outcome_other_party=outcome_other_party,
        created_by=actor,
    )
    return _apply(
        session,
        themes=themes,
        attendees=attendees,
        guest_organisations=guest_organisations,
    )


# What a session holds besides its CoP and relations: the fields the site's
# form and the admin pass to session_create and session_update.
SESSION_FIELDS = frozenset(
    {
        "title",
        "starts_at",
        "ends_at",
        "location",
        "online_url",
        "agenda",
        "report",
        "outcome_own",
        "outcome_chain",
        "outcome_other_party",
    }
)


@transaction.atomic
def session_update(
    *,
    actor,
    session: Session,
    themes,
    attendees,
    guest_organisations,
    **fields,
) -> Session:
    """Change a logged session. The slug stays, so links and calendar entries
    keep working. Refuses the same actors and input as session_create."""
    if not can_manage_sessions(actor, session.community):
        raise NotAllowedError(
            _("Only a communitytrekker of this CoP can edit its sessions.")
        )
    unknown = set(fields) - SESSION_FIELDS
    if unknown:
        raise TypeError(f"session_update() got unexpected fields {sorted(unknown)}")
    session = Session.objects.select_for_update().get(pk=session.pk)
    for name, value in fields.items():
        setattr(session, name, value)
    return _apply(
        session,
        themes=themes,
        attendees=attendees,
        guest_organisations=guest_organisations,
    )


@transaction.atomic
def session_delete(*, actor, session: Session) -> None:
    """Remove a session, for instance one logged by mistake."""
    if not can_manage_sessions(actor, session.community):
        raise NotAllowedError(
            _("Only a communitytrekker of this CoP can delete its sessions.")
        )
    session.delete()


def _check_can_manage_members(actor, community: Community) -> None:
    if not can_manage_sessions(actor, community):
        raise NotAllowedError(
            _("Only a communitytrekker of this CoP can manage its participants.")
        )


@transaction.atomic
def membership_add(
    *,
    actor,
    community: Community,
    email: str,
    organisation: Organisation,
    role: str = Membership.Role.DEELNEMER,
) -> Membership:
    """Make an existing account a vaste deelnemer of the CoP.

    Refuses actors who are not a trekker of the CoP or a moderator, a trekker
    appointing another trekker (moderators do that), unknown e-mail addresses
    and people who are already a member.
    """
    _check_can_manage_members(actor, community)
    if role != Membership.Role.DEELNEMER and not is_moderator(actor):
        raise NotAllowedError(_("Only a moderator can appoint a communitytrekker."))
    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError(
            {
                "email": _(
                    "There is no account with this e-mail address. Ask the person "
                    "to create an account first."
                )
            }
        )
    if Membership.objects.filter(user=user, community=community).exists():
        raise ValidationError(
            {"email": _("This person is already a member of this CoP.")}
        )
    membership = Membership(
        user=user, community=community, organisation=organisation, role=role
    )
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    """End someone's membership of a CoP. Sessions they attended keep them
    as attendee. A trekker removes deelnemers; only a moderator removes a
    trekker."""
    _check_can_manage_members(actor, membership.community)
    if membership.role == Membership.Role.TREKKER and not is_moderator(actor):
        raise NotAllowedError(_("Only a moderator can remove a communitytrekker."))
    membership.delete()


def community_deactivate(*, actor, community: Community) -> Community:
    """A CoP that stops is marked ended, never deleted: its sessions,
    reports, signals and products stay (the database refuses the delete)."""
    if not is_moderator(actor):
        raise NotAllowedError(_("Only a moderator deactivates a CoP."))
    with transaction.atomic():
        community = Community.objects.select_for_update().get(pk=community.pk)
        if not community.is_active:
            return community
        community.is_active = False
        community.save(update_fields=["is_active"])
        audit.record(
            AuditAction.COMMUNITY_DEACTIVATED,
            actor=actor,
            target=community,
            changes={"is_active": [True, False]},
        )
    return community
