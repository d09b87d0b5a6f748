"""The invitation e-mail. Sent inside invitation_create's transaction: when
the mail server refuses it, the invitation is not saved and the inviter is
told, instead of a link that never arrived."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from cop_portal.exceptions import DomainError

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
