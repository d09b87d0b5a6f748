"""The invitation e-mail. Sent inside invitation_create's transaction: when
the mail server refuses it, the invitation is not saved and the inviter is
told, instead of a link that never arrived."""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cop_portal import notifications
from cop_portal.exceptions import DomainError
from cop_portal.tasks import deliver_notifications

from .following import news_followers
from .models import NewsFrequency, Session

logger = logging.getLogger(__name__)


def invitation_url(token: str, request=None) -> str:
    path = reverse("communities:invitation_accept", kwargs={"token": token})
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.PORTAL_URL.rstrip("/") + path


def send_invitation(invitation, *, token: str, request=None) -> None:
    """Mail the link, in the language the inviter uses the portal in."""
    context = {
        "invitation": invitation,
        "inviter": invitation.invited_by,
        "url": invitation_url(token, request),
        "days": settings.INVITATION_VALID_DAYS,
        "portal_url": settings.PORTAL_URL,
    }
    subject = " ".join(
        render_to_string("communities/email/invitation_subject.txt", context).split()
    )
    body = render_to_string("communities/email/invitation_message.txt", context)
    message = EmailMessage(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )
    try:
        message.send()
    except Exception as error:
        # Never log the link or the address.
        logger.error("Could not send invitation %s: %s", invitation.pk, type(error))
        raise DomainError(
            _(
                "The invitation could not be sent: the e-mail server did not "
                "take it. Nothing was saved; try again later."
            )
        ) from error


# --- Sessions ----------------------------------------------------------------
# Members of a CoP follow it without a row (communities.following), and hear
# of its sessions at once unless they chose otherwise; so do people who
# follow the CoP or a theme of the session.


def _session_message(session, kind: str) -> notifications.Message:
    names = {
        "title": session.title,
        "community": session.community.name,
        "date": timezone.localtime(session.starts_at).strftime("%d-%m-%Y %H:%M"),
    }
    if kind == "planned":
        subject = _("Session planned: %(title)s") % names
        heading = _("A session was planned")
        line = _("%(community)s plans the session “%(title)s” on %(date)s.") % names
    else:
        subject = _("Report published: %(title)s") % names
        heading = _("The report of a session was published")
        line = (
            _("The report of “%(title)s” (%(community)s, %(date)s) is on the portal.")
            % names
        )
    return notifications.Message(
        subject=subject,
        heading=heading,
        lines=[line],
        url=notifications.absolute_url(session.get_absolute_url()),
        link_label=_("View the session"),
        reason=_(
            "You receive this e-mail because you follow this CoP or a theme of "
            "the session. Choose what you receive under Profile, Notifications."
        ),
    )


@task
def announce_session(*, session_id: int, kind: str) -> None:
    """Write the e-mails about a planned session or its report; send them."""
    session = Session.objects.select_related("community").filter(pk=session_id).first()
    if session is None:
        return
    people = news_followers(
        kind="sessions",
        community_id=session.community_id,
        theme_ids=session.themes.values_list("pk", flat=True),
        frequency=NewsFrequency.IMMEDIATELY,
    )
    with translation.override(settings.LANGUAGE_CODE):
        message = _session_message(session, kind)
    notifications.write(
        event=f"session:{session_id}:{kind}",
        recipient_ids=notifications.active_recipients(people),
        message=message,
    )
    deliver_notifications.enqueue()


def announce_session_after_commit(session, kind: str) -> None:
    notifications.after_commit(
        partial(announce_session.enqueue, session_id=session.pk, kind=kind)
    )
