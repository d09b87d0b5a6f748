"""E-mail to the people a signal concerns, sent after the transaction that
changed it commits (services register these with transaction.on_commit)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Signal

logger = logging.getLogger(__name__)


def _one_line(text: str) -> str:
    """A subject is one header line: a title with CR or LF in it would make
    Django refuse the whole message (BadHeaderError)."""
    return " ".join(text.split())


def recipients(signal: Signal) -> list[str]:
    """Members of the source CoP and everyone who recognised the signal,
    each address once."""
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(memberships__community_id=signal.community_id)
            | Q(signal_recognitions__signal=signal)
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
        .order_by("email")
    )
    return list(users)


def _message(signal: Signal, kind: str) -> tuple[str, str]:
    url = settings.PORTAL_URL.rstrip("/") + signal.get_absolute_url()
    if kind == "respond":
        answer = signal.responses.order_by("-created_at", "-pk").first()
        subject = _("Signal answered: %(title)s") % {"title": signal.title}
        body = _(
            "The signal “%(title)s” of %(community)s has been answered.\n\n"
            "%(text)s\n\nRead more: %(url)s"
        ) % {
            "title": signal.title,
            "community": signal.community,
            "text": answer.body if answer else "",
            "url": url,
        }
    else:
        subject = _("Signal closed with feedback: %(title)s") % {"title": signal.title}
        body = _(
            "The signal “%(title)s” of %(community)s has been closed with this "
            "feedback to practice:\n\n%(text)s\n\nRead more: %(url)s"
        ) % {
            "title": signal.title,
            "community": signal.community,
            "text": signal.feedback,
            "url": url,
        }
    footer = _(
        "You receive this e-mail because you are a member of the CoP that "
        "raised the signal or marked it “speelt bij ons ook”."
    )
    return subject, f"{body}\n\n-- \n{footer}\n"


def notify_signal(*, signal_id: int, kind: str) -> int:
    """Send one e-mail per recipient (nobody sees the other addresses).
    Returns the number sent."""
    signal = Signal.objects.select_related("community").get(pk=signal_id)
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _message(signal, kind)
    subject = _one_line(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject)
    messages = [
        (subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        for address in recipients(signal)
    ]
    try:
        return send_mass_mail(messages)
    except Exception as error:
        # The transition has committed; a mail server that is down must not
        # turn it into an error page. Log what failed, never the text or the
        # addresses.
        logger.error(
            "Could not send the %s e-mail for signal %s: %s",
            kind,
            signal_id,
            type(error).__name__,
        )
        return 0
