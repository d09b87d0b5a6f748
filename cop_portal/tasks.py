"""The task that sends the outbox, run by the worker (`manage.py db_worker`,
started by `make run` and `make serve`) outside the web request."""

from django.db import transaction
from django.tasks import task, task_backends

from . import notifications


class NotificationsNotSentError(Exception):
    """Some e-mails could not be sent this time. Raised after the rest went
    out, so the task shows as failed in the admin (Tasks); the rows wait in
    the outbox for the retry scheduled with run_after."""


@task
def deliver_notifications() -> int:
    """Send what is due in the outbox; when some e-mails failed, schedule
    this task again for when their backoff ends, and report the failure."""
    result = notifications.deliver_pending()
    if result.failed:
        retry_at = notifications.next_attempt_at()
        if (
            retry_at is not None
            and task_backends[deliver_notifications.backend].supports_defer
        ):
            deliver_notifications.using(run_after=retry_at).enqueue()
        raise NotificationsNotSentError(
            f"{result.failed} e-mail(s) not sent, {result.given_up} given up; "
            f"next attempt at {retry_at:%Y-%m-%d %H:%M}"
            if retry_at
            else f"{result.failed} e-mail(s) not sent, {result.given_up} given up"
        )
    return result.sent


def deliver_after_commit() -> None:
    """Start sending once the transaction that wrote the rows commits."""
    transaction.on_commit(deliver_notifications.enqueue, robust=True)
