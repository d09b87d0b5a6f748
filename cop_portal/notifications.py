"""E-mail notifications through the outbox (cop_portal.models.Notification).

The apps decide who hears of an event and what it says; this module writes
one outbox row per person and event, and sends what is pending outside the
web request (cop_portal.tasks). A mail server that is down leaves rows
pending for a later attempt, with backoff; an address the server refuses
fails alone (docs/decisions/0022-notifications-outbox.md).
"""

import contextvars
import datetime
import logging
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Notification

logger = logging.getLogger(__name__)

BATCH = 100


_silenced = contextvars.ContextVar("notifications_silenced", default=False)


@contextmanager
def silenced():
    """No notifications for what happens inside (the demo loader: its
    accounts have example.org addresses)."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def after_commit(announce: Callable[[], object]) -> None:
    """Run announce (which enqueues a task) once the transaction commits;
    never on a rollback, never while silenced."""
    if not _silenced.get():
        transaction.on_commit(announce, robust=True)


def absolute_url(path: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + path


def one_line(text: str) -> str:
    """A subject is one header line: a title with CR or LF in it would make
    Django refuse the whole message (BadHeaderError)."""
    return " ".join(str(text).split())


@dataclass
class Message:
    """What one event says, the same for everyone it goes to: the texts
    are built by the apps with gettext, in the portal's language. Only
    titles and names go in, never free text someone wrote."""

    subject: str
    heading: str
    lines: list[str]
    url: str
    link_label: str
    reason: str
    headers: dict = field(default_factory=dict)

    def render(self) -> tuple[str, str, str]:
        context = {
            "heading": self.heading,
            "lines": self.lines,
            "url": self.url,
            "link_label": self.link_label,
            "reason": self.reason,
            "portal_url": settings.PORTAL_URL,
        }
        return (
            one_line(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + self.subject),
            render_to_string("email/notification.txt", context),
            render_to_string("email/notification.html", context),
        )


def write(*, event: str, recipient_ids: Iterable[int], message: Message) -> None:
    """Put one e-mail per person for this event in the outbox; a person who
    has it already (a retried task, a second worker, a second role that
    gets the same news) gets nothing new."""
    with translation.override(settings.LANGUAGE_CODE):
        subject, text, html = message.render()
    ids = sorted(set(recipient_ids))
    for start in range(0, len(ids), 1000):
        rows = [
            Notification(
                recipient_id=pk,
                event=event,
                subject=subject,
                body_text=text,
                body_html=html,
                headers=message.headers,
            )
            for pk in ids[start : start + 1000]
        ]
        Notification.objects.bulk_create(rows, ignore_conflicts=True)


def write_rendered(
    *, event: str, recipient_id: int, subject, text, html, headers=None
) -> None:
    """One personal e-mail (the digest); nothing when it is there already."""
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=recipient_id,
                event=event,
                subject=one_line(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject),
                body_text=text,
                body_html=html,
                headers=headers or {},
            )
        ],
        ignore_conflicts=True,
    )


def active_recipients(queryset) -> list[int]:
    """The ids of people in queryset who can receive mail at all."""
    return list(
        queryset.filter(is_active=True, anonymised_at__isnull=True)
        .exclude(email="")
        .values_list("pk", flat=True)
        .distinct()
    )


def backoff(attempts: int) -> datetime.timedelta:
    """Wait longer after each failed attempt: 1, 2, 4 ... minutes, at most
    six hours, so a mail server that is down for a day is not hammered."""
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


@dataclass
class Delivery:
    sent: int = 0
    failed: int = 0  # attempts that failed (the row waits for a retry)
    given_up: int = 0  # rows that reached NOTIFICATION_MAX_ATTEMPTS


def _email(row: Notification) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        row.subject,
        row.body_text,
        settings.DEFAULT_FROM_EMAIL,
        [row.recipient.email],
        headers=row.headers or None,
    )
    if row.body_html:
        message.attach_alternative(row.body_html, "text/html")
    return message


def _send_batch(now, result: Delivery) -> bool:
    """Claim one batch of due rows and send each; False when none is due.
    The rows stay locked until they are marked, so no other worker can
    take them meanwhile (SKIP LOCKED: it takes the next ones instead)."""
    with transaction.atomic():
        batch = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(state=Notification.State.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")[:BATCH]
        )
        if not batch:
            return False
        # One connection for the batch; a mailer that cannot connect fails
        # each message below, which is recorded per row.
        mailer = mailers.default
        try:
            mailer.open()
        except Exception as error:  # noqa: BLE001 - retried per message
            logger.warning("Mail server not reachable: %s", type(error).__name__)
        try:
            for row in batch:
                _send_one(row, mailer, result)
        finally:
            try:
                mailer.close()
            except Exception:  # noqa: BLE001 - closing a dead connection
                logger.debug("Could not close the mail connection")
    return True


def _send_one(row: Notification, mailer, result: Delivery) -> None:
    recipient = row.recipient
    if not recipient.is_active or recipient.anonymised_at or not recipient.email:
        row.state = Notification.State.CANCELLED
        row.save(update_fields=["state"])
        return
    row.attempts += 1
    try:
        mailer.send_messages([_email(row)])
    except Exception as error:  # noqa: BLE001 - any failure is retried
        row.last_error = type(error).__name__[:100]
        result.failed += 1
        if row.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
            row.state = Notification.State.FAILED
            result.given_up += 1
        else:
            row.next_attempt_at = timezone.now() + backoff(row.attempts)
        # Never the address or the text in the log.
        logger.warning(
            "Notification %s not sent (attempt %s): %s",
            row.pk,
            row.attempts,
            row.last_error,
        )
        row.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
        return
    row.state = Notification.State.SENT
    row.sent_at = timezone.now()
    row.save(update_fields=["attempts", "state", "sent_at"])
    result.sent += 1


def deliver_pending(*, now=None) -> Delivery:
    """Send every pending e-mail that is due, batch by batch."""
    now = now or timezone.now()
    result = Delivery()
    while _send_batch(now, result):
        pass
    return result


def next_attempt_at():
    """When the earliest pending e-mail that is not due yet is."""
    return (
        Notification.objects.filter(state=Notification.State.PENDING)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )


def resend(queryset) -> int:
    """Put failed e-mails back in the queue (the admin's action)."""
    return queryset.filter(state=Notification.State.FAILED).update(
        state=Notification.State.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
    )
