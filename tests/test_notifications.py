"""The outbox: each e-mail written once per person and event, sent once
however often the task runs and however many workers run it; a mail server
that is down delays mail and loses none; a refused address fails alone; a
task that keeps failing shows in the admin."""

import datetime
import smtplib
import threading
import time

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cop_portal import notifications
from cop_portal.models import Notification
from cop_portal.tasks import deliver_notifications
from tests.conftest import sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def _message(title="Knelpunt") -> notifications.Message:
    return notifications.Message(
        subject=f"Nieuw signaal: {title}",
        heading="Er is een nieuw signaal ingediend",
        lines=[f"“{title}” is ingediend."],
        url="http://127.0.0.1:8000/signalen/1/",
        link_label="Bekijk het signaal",
        reason="U bent moderator.",
    )


class DownBackend:
    """A mail server that does not answer."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        raise ConnectionRefusedError("mail server down")

    def close(self):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


class RefusingBackend(EmailBackend):
    """A mail server that refuses one address and takes the others."""

    def send_messages(self, messages):
        for message in messages:
            if "bounce" in message.to[0]:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"no")})
        return super().send_messages(messages)


def test_an_event_written_twice_is_one_mail_each_and_sent_once(mailoutbox):
    people = UserFactory.create_batch(3)
    ids = [person.pk for person in people]
    notifications.write(event="signal:1:raised", recipient_ids=ids, message=_message())
    # A retried task computes the same event again.
    notifications.write(event="signal:1:raised", recipient_ids=ids, message=_message())
    assert Notification.objects.count() == 3
    deliver_notifications.enqueue()
    deliver_notifications.enqueue()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    message = mailoutbox[0]
    assert message.subject == "[CoP-portaal] Nieuw signaal: Knelpunt"
    assert "http://127.0.0.1:8000/signalen/1/" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert set(Notification.objects.values_list("state", flat=True)) == {"sent"}


def test_a_mail_server_that_is_down_delays_mail_and_loses_none(settings, mailoutbox):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.DownBackend"}}
    person = UserFactory()
    notifications.write(
        event="signal:1:raised", recipient_ids=[person.pk], message=_message()
    )
    deliver_notifications.enqueue()
    row = Notification.objects.get()
    assert (row.state, row.attempts, row.last_error) == (
        "pending",
        1,
        "ConnectionRefusedError",
    )
    assert row.next_attempt_at > timezone.now()
    # The server is back, but the backoff has not passed: nothing yet.
    settings.MAILERS = LOCMEM
    call_command("send_notifications")
    assert mailoutbox == []
    with time_machine.travel(row.next_attempt_at + datetime.timedelta(seconds=1)):
        call_command("send_notifications")
        call_command("send_notifications")
    assert [m.to[0] for m in mailoutbox] == [person.email]
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("sent", 2)


def test_each_failure_waits_longer_and_the_last_gives_up(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.DownBackend"}}
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    notifications.write(
        event="signal:1:raised", recipient_ids=[UserFactory().pk], message=_message()
    )
    waits = []
    for _attempt in range(3):
        row = Notification.objects.get()
        with time_machine.travel(row.next_attempt_at, tick=False):
            notifications.deliver_pending()
            row.refresh_from_db()
            waits.append(row.next_attempt_at - timezone.now())
    assert waits[0] < waits[1]
    assert row.state == "failed"
    assert row.attempts == 3


def test_a_refused_address_does_not_block_the_others(settings, mailoutbox):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}
    bouncing = UserFactory(email="bounce@example.org")
    others = UserFactory.create_batch(2)
    notifications.write(
        event="signal:1:raised",
        recipient_ids=[bouncing.pk, *(o.pk for o in others)],
        message=_message(),
    )
    deliver_notifications.enqueue()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(o.email for o in others)
    refused = Notification.objects.get(recipient=bouncing)
    assert (refused.state, refused.last_error) == ("pending", "SMTPRecipientsRefused")


def test_a_switched_off_account_gets_nothing(mailoutbox):
    person = UserFactory()
    notifications.write(
        event="signal:1:raised", recipient_ids=[person.pk], message=_message()
    )
    person.is_active = False
    person.save()
    notifications.deliver_pending()
    assert mailoutbox == []
    assert Notification.objects.get().state == "cancelled"


def test_a_removed_account_takes_its_waiting_mail_along(mailoutbox):
    person = UserFactory()
    notifications.write(
        event="signal:1:raised", recipient_ids=[person.pk], message=_message()
    )
    person.delete()
    notifications.deliver_pending()
    assert mailoutbox == []
    assert not Notification.objects.exists()


class SlowRecordingBackend(EmailBackend):
    """Takes a moment per message, so two workers overlap for real."""

    sent: list = []
    lock = threading.Lock()

    def send_messages(self, messages):
        time.sleep(0.005)
        with self.lock:
            SlowRecordingBackend.sent.extend(m.to[0] for m in messages)
        return len(messages)


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_mail_exactly_once(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.SlowRecordingBackend"}}
    SlowRecordingBackend.sent = []
    people = UserFactory.create_batch(250)
    notifications.write(
        event="digest:2026-W47",
        recipient_ids=[p.pk for p in people],
        message=_message(),
    )
    barrier = threading.Barrier(2)
    results = [None, None]

    def worker(index):
        try:
            barrier.wait(timeout=30)
            results[index] = notifications.deliver_pending()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(SlowRecordingBackend.sent) == sorted(p.email for p in people)
    # Both workers took part: SKIP LOCKED shared the batches between them.
    assert all(result.sent > 0 for result in results)
    assert results[0].sent + results[1].sent == 250
    assert not Notification.objects.exclude(state="sent").exists()


@pytest.fixture
def database_tasks(settings):
    """The worker's own backend: tasks wait in PostgreSQL until a worker
    runs them (Django forgets the immediate backend on the change)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_what_a_signal_step_wrote(database_tasks, mailoutbox):
    person = UserFactory()
    notifications.write(
        event="signal:1:raised", recipient_ids=[person.pk], message=_message()
    )
    deliver_notifications.enqueue()
    assert mailoutbox == []  # queued in PostgreSQL, not sent in this process
    _run_worker()
    assert [m.to[0] for m in mailoutbox] == [person.email]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_a_failing_task_is_retried_later_and_shown_to_moderators(
    database_tasks, settings, client, mailoutbox
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.DownBackend"}}
    person = UserFactory()
    notifications.write(
        event="signal:1:raised", recipient_ids=[person.pk], message=_message()
    )
    deliver_notifications.enqueue()
    _run_worker()
    failed = DBTaskResult.objects.get(status="FAILED")
    retry = DBTaskResult.objects.get(status="READY")
    row = Notification.objects.get()
    assert retry.run_after == row.next_attempt_at
    # The moderators see the failed task in the admin, and the mail waiting.
    moderator = UserFactory(is_moderator=True)
    sign_in(client, moderator)
    page = client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"))
    assert page.status_code == 200
    assert str(failed.id) in page.content.decode()
    page = client.get(
        reverse("admin:cop_portal_notification_changelist") + "?state=pending"
    )
    assert "ConnectionRefusedError" in page.content.decode()
    # The server is back; the retry runs when its time comes.
    settings.MAILERS = LOCMEM
    with time_machine.travel(row.next_attempt_at + datetime.timedelta(seconds=1)):
        _run_worker()
    assert [m.to[0] for m in mailoutbox] == [person.email]
    assert mail.outbox == mailoutbox


def test_moderators_put_failed_mail_back_in_the_queue(client, mailoutbox):
    person = UserFactory()
    notifications.write(
        event="signal:1:raised", recipient_ids=[person.pk], message=_message()
    )
    Notification.objects.update(state="failed", attempts=8)
    moderator = UserFactory(is_moderator=True)
    sign_in(client, moderator)
    row = Notification.objects.get()
    response = client.post(
        reverse("admin:cop_portal_notification_changelist"),
        {"action": "send_again", "_selected_action": [row.pk]},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("pending", 0)
