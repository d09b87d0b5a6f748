"""Writes in the communities app. Views, the admin and commands call these."""

import datetime
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cop_portal import audit
from cop_portal.exceptions import DomainError, NotAllowedError
from cop_portal.models import AuditAction
from cop_portal.roles import is_moderator
from cop_portal.slugs import remember_old_slug, save_with_unique_slug, unique_slug

from .models import (
    Community,
    Invitation,
    Membership,
    Organisation,
    Session,
    SessionOldSlug,
    Theme,
    invitation_token_hash,
)
from .notifications import announce_session_after_commit, send_invitation
from .permissions import can_invite, can_manage_sessions
from .selectors import account_for_address, owns_address


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


# What only exists once a session has taken place: the report and outcomes.
RECORDED_FIELDS = ("report", "outcome_own", "outcome_chain", "outcome_other_party")


def _check_held(session: Session, *, attendees, now) -> None:
    """Who attended and what came out of it are recorded once the session has
    started: before that they would be a guess, and a report of a planned
    session would be announced to followers as if it had taken place."""
    if session.starts_at is None or session.starts_at <= now:
        return
    errors = {}
    if list(attendees):
        errors["attendees"] = _(
            "Attendance can only be recorded once the session has started."
        )
    for name in RECORDED_FIELDS:
        if getattr(session, name, "").strip():
            errors[name] = _(
                "The report and outcomes can only be recorded once the session "
                "has started."
            )
    if errors:
        raise ValidationError(errors)


def _apply(
    session: Session,
    *,
    themes,
    attendees,
    guest_organisations,
    old_slug: str | None = None,
) -> Session:
    session.full_clean()
    _check_attendees(community=session.community, attendees=attendees)
    now = timezone.now()
    _check_held(session, attendees=attendees, now=now)
    planned = session._state.adding and session.starts_at > now
    reported = bool(session.report.strip()) and session.report_published_at is None
    if reported:
        session.report_published_at = now
    if session._state.adding:
        save_with_unique_slug(
            session,
            constraint="session_unique_slug_per_community",
            source=session.title,
            **_slug_options(session.community),
        )
    elif old_slug is not None:
        options = _slug_options(session.community)
        options["taken_in"] = options["taken_in"].exclude(pk=session.pk)
        save_with_unique_slug(
            session,
            constraint="session_unique_slug_per_community",
            source=session.title,
            **options,
        )
        remember_old_slug(
            session,
            old_slug=old_slug,
            history=SessionOldSlug.objects.filter(community=session.community),
            session=session,
            community=session.community,
        )
    else:
        session.save()
    session.themes.set(themes)
    session.attendees.set(attendees)
    session.guest_organisations.set(guest_organisations)
    if planned:
        announce_session_after_commit(session, "planned")
    if reported:
        announce_session_after_commit(session, "report")
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
    """Change a logged session. A new title gives it the address of the new
    title; the old address redirects there, so links and calendar entries
    keep working. Refuses the same actors and input as session_create."""
    if not can_manage_sessions(actor, session.community):
        raise NotAllowedError(
            _("Only a communitytrekker of this CoP can edit its sessions.")
        )
    unknown = set(fields) - SESSION_FIELDS
    if unknown:
        raise TypeError(f"session_update() got unexpected fields {sorted(unknown)}")
    session = Session.objects.select_for_update().get(pk=session.pk)
    old_slug = None
    if "title" in fields and fields["title"] != session.title:
        old_slug = session.slug
        options = _slug_options(session.community)
        options["taken_in"] = options["taken_in"].exclude(pk=session.pk)
        session.slug = unique_slug(fields["title"], **options)
    for name, value in fields.items():
        setattr(session, name, value)
    return _apply(
        session,
        themes=themes,
        attendees=attendees,
        guest_organisations=guest_organisations,
        old_slug=old_slug,
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


# --- Invitations --------------------------------------------------------------
class InvitationLimitError(DomainError):
    """The inviter sent INVITATIONS_PER_HOUR invitations within the last hour."""


class InvitationUnusableError(DomainError):
    """The link's invitation cannot be accepted (any more). `gone` is False for
    a token nobody issued (404), True when it was used, withdrawn or expired
    (410)."""

    def __init__(self, message, *, gone: bool):
        super().__init__(message)
        self.gone = gone


def _normalised_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from error
    return email


def _check_invitation_rate(actor) -> None:
    """Counted from the invitations themselves, so every worker and server
    sees the same number and withdrawing one does not free a place."""
    limit = settings.INVITATIONS_PER_HOUR
    since = timezone.now() - datetime.timedelta(hours=1)
    if limit and (
        Invitation.objects.filter(invited_by=actor, created_at__gte=since).count()
        >= limit
    ):
        raise InvitationLimitError(
            _(
                "You have sent %(limit)d invitations in the last hour. Wait a "
                "while before you send more."
            )
            % {"limit": limit}
        )


def _check_not_joined_already(*, email, community, role, organisation) -> None:
    user = account_for_address(email)
    if user is None:
        return
    if role in Invitation.COMMUNITY_ROLES:
        membership = Membership.objects.filter(user=user, community=community).first()
        if membership and not (
            role == Invitation.Role.TREKKER
            and membership.role != Membership.Role.TREKKER
        ):
            raise ValidationError(
                {"email": _("This person is already a member of this CoP.")}
            )
    elif role == Invitation.Role.EXPERT and user.is_expert:
        raise ValidationError(
            {"email": _("This person is already in the expertgroep.")}
        )
    elif (
        role == Invitation.Role.CHAIN_PARTNER
        and user.is_chain_partner
        and user.organisation_id == getattr(organisation, "pk", None)
    ):
        raise ValidationError(
            {"email": _("This person is already a ketenpartner of this organisation.")}
        )


def _close_expired(*, email: str, community: Community | None) -> None:
    """Lock the open invitations for this address and CoP. One whose link
    still works refuses a second; expired ones are closed, so that they do not
    block a new invitation (they count as withdrawn)."""
    now = timezone.now()
    earlier = list(
        Invitation.objects.select_for_update()
        .filter(
            email__iexact=email,
            community=community,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        )
        .order_by("pk")
    )
    for invitation in earlier:
        if invitation.expires_at > now:
            raise ValidationError(
                {
                    "email": _(
                        "This address already has an open invitation, valid "
                        "until %(date)s. Withdraw it first if you want to send "
                        "a new one."
                    )
                    % {"date": formats.date_format(invitation.expires_at)}
                }
            )
        invitation.revoked_at = now
        invitation.save(update_fields=["revoked_at"])


def _invitation_audit_changes(invitation: Invitation) -> dict:
    # What was granted, never the address: the target names the invitation.
    return {
        "role": invitation.role,
        "community": invitation.community_id,
        "organisation": invitation.organisation_id,
    }


@transaction.atomic
def invitation_create(
    *,
    actor,
    request=None,
    email: str,
    community: Community | None = None,
    role: str = Invitation.Role.DEELNEMER,
    organisation: Organisation | None = None,
) -> Invitation:
    """Invite a person by e-mail: to a CoP as deelnemer or communitytrekker,
    or to the portal as expertgroep or ketenpartner. Sends the e-mail with a
    single-use link valid INVITATION_VALID_DAYS days; only a hash of its
    token is stored. The link is built from `request`, else PORTAL_URL.

    Refuses an actor who may not invite to this CoP and role (a trekker
    invites deelnemers to their own CoP; a moderator anything), an ended CoP,
    a role without the CoP or organisation it needs, a person who already has
    the membership or role, a second open invitation for the same address and
    CoP, more than INVITATIONS_PER_HOUR invitations by the actor in an hour,
    and a mail server that does not take the message (then nothing is saved).
    """
    if role not in Invitation.COMMUNITY_ROLES:
        community = None
    if not can_invite(actor, community=community, role=role):
        raise NotAllowedError(
            _("Only a communitytrekker of this CoP or a moderator can invite people.")
        )
    if community is not None and not community.is_active:
        raise ValidationError(_("This CoP has ended: nobody can be invited to it."))
    email = _normalised_email(email)
    _check_not_joined_already(
        email=email, community=community, role=role, organisation=organisation
    )
    _close_expired(email=email, community=community)
    _check_invitation_rate(actor)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation(
        email=email,
        community=community,
        role=role,
        organisation=organisation,
        invited_by=actor,
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
        token_hash=invitation_token_hash(token),
    )
    invitation.full_clean()
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as error:
        # Another inviter's invitation for this address and CoP won the race.
        raise ValidationError(
            {"email": _("This address already has an open invitation for this CoP.")}
        ) from error
    send_invitation(invitation, token=token, request=request)
    audit.record(
        AuditAction.INVITATION_SENT,
        actor=actor,
        request=request,
        target=invitation,
        changes=_invitation_audit_changes(invitation),
    )
    return invitation


def _grant(invitation: Invitation, user) -> None:
    """Give the person what the invitation promised."""
    changed = []
    if invitation.organisation_id and (
        user.organisation_id is None or invitation.role == Invitation.Role.CHAIN_PARTNER
    ):
        # A ketenpartner's rights follow their organisation.
        user.organisation = invitation.organisation
        changed.append("organisation")
    if invitation.role == Invitation.Role.EXPERT:
        user.is_expert = True
        changed.append("is_expert")
    elif invitation.role == Invitation.Role.CHAIN_PARTNER:
        user.is_chain_partner = True
        changed.append("is_chain_partner")
    if changed:
        user.save(update_fields=changed)
    if invitation.role not in Invitation.COMMUNITY_ROLES:
        return
    membership = (
        Membership.objects.select_for_update()
        .filter(user=user, community=invitation.community)
        .first()
    )
    if membership is None:
        membership = Membership(
            user=user,
            community=invitation.community,
            organisation=invitation.organisation,
            role=invitation.role,
        )
        membership.full_clean()
        membership.save()
    elif invitation.role == Membership.Role.TREKKER:
        membership.role = Membership.Role.TREKKER
        membership.save(update_fields=["role"])


def _locked_open_invitation(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update()
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )
    if invitation is None:
        raise InvitationUnusableError(
            _("This invitation link is not valid."), gone=False
        )
    if invitation.accepted_at:
        raise InvitationUnusableError(
            _("This invitation has already been used."), gone=True
        )
    if invitation.revoked_at:
        raise InvitationUnusableError(
            _("This invitation has been withdrawn."), gone=True
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationUnusableError(_("This invitation has expired."), gone=True)
    return invitation


@transaction.atomic
def invitation_accept(
    *,
    actor,
    request=None,
    token: str,
    first_name: str = "",
    last_name: str = "",
    password: str = "",
):
    """Accept the invitation of a link: returns (invitation, user).

    Signed in (`actor`): adds the membership or role to that account, which
    must own the invited address. Not signed in (`actor` None or anonymous):
    creates the account with the invited address, verified and primary, the
    name and the password given, then the membership or role.

    Refuses a token nobody issued, one already used, withdrawn or expired
    (InvitationUnusableError), a signed-in account that does not own the
    address (NotAllowedError), an anonymous accept for an address that has an
    account already (sign in first), a missing name and a password Django's
    validators refuse. Nothing is created on refusal; two accepts of one link
    at once: one wins, the other is told the link was used.
    """
    invitation = _locked_open_invitation(token)
    if actor is not None and actor.is_authenticated:
        if not owns_address(actor, invitation.email):
            raise NotAllowedError(
                _(
                    "This invitation was sent to another e-mail address than "
                    "the one you are signed in with. Sign out and open the link "
                    "again, or sign in with the invited address."
                )
            )
        user = actor
        # The link arrived at this address: it is verified now.
        EmailAddress.objects.filter(user=user, email__iexact=invitation.email).update(
            verified=True
        )
    else:
        if account_for_address(invitation.email) is not None:
            raise DomainError(
                _(
                    "There is already an account with this address. Sign in "
                    "first, then open the link again."
                )
            )
        user = _new_account(
            email=invitation.email,
            first_name=first_name,
            last_name=last_name,
            password=password,
        )
    _grant(invitation, user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        AuditAction.INVITATION_ACCEPTED,
        actor=user,
        request=request,
        target=invitation,
        changes=_invitation_audit_changes(invitation),
    )
    return invitation, user


def _new_account(*, email: str, first_name: str, last_name: str, password: str):
    first_name, last_name = first_name.strip(), last_name.strip()
    errors = {}
    if not first_name:
        errors["first_name"] = _("Fill in your first name.")
    if not last_name:
        errors["last_name"] = _("Fill in your last name.")
    if errors:
        raise ValidationError(errors)
    user = get_user_model()(email=email, first_name=first_name, last_name=last_name)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password1": error.messages}) from error
    user.set_password(password)
    user.full_clean(exclude=["password", "organisation"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:
        # Someone created an account for this address at the same moment.
        raise DomainError(
            _(
                "There is already an account with this address. Sign in "
                "first, then open the link again."
            )
        ) from error
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@transaction.atomic
def invitation_revoke(*, actor, request=None, invitation: Invitation) -> Invitation:
    """Withdraw an open invitation: its link stops working at once.

    Refuses actors who could not have sent it (a trekker withdraws deelnemer
    invitations of their own CoP; a moderator any) and an invitation that was
    accepted or withdrawn already."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not can_invite(actor, community=invitation.community, role=invitation.role):
        raise NotAllowedError(
            _("Only a communitytrekker of this CoP or a moderator can withdraw it.")
        )
    if invitation.accepted_at or invitation.revoked_at:
        raise DomainError(_("This invitation was accepted or withdrawn already."))
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = actor
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(
        AuditAction.INVITATION_REVOKED,
        actor=actor,
        request=request,
        target=invitation,
        changes=_invitation_audit_changes(invitation),
    )
    return invitation


def participant_add(
    *,
    actor,
    request=None,
    community: Community,
    email: str,
    organisation: Organisation,
    role: str = Membership.Role.DEELNEMER,
) -> Membership | Invitation:
    """The member page's one form: an address with an account becomes a
    member at once (membership_add); any other address gets an invitation
    (invitation_create). The rules of those two services apply."""
    address = _normalised_email(email)
    if account_for_address(address) is not None:
        return membership_add(
            actor=actor,
            community=community,
            email=address,
            organisation=organisation,
            role=role,
        )
    return invitation_create(
        actor=actor,
        request=request,
        email=address,
        community=community,
        role=role,
        organisation=organisation,
    )


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
