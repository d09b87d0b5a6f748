"""Remind the addressed ketenpartner of a term about to pass, and the
moderators of a signal past its term. For cron or any scheduler, e.g. every
morning; each signal is reminded once per term (the outbox key holds the
due date), however often this runs."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from signals.models import WAITING_STATUSES, Signal
from signals.notifications import announce

# At national scale a few thousand signals are open; the window and the
# (status, due_at) index keep each run to what is due soon or overdue.
BATCH = 500


class Command(BaseCommand):
    help = "Send the e-mails about response terms that are about to pass or passed."

    def handle(self, *args, **options):
        now = timezone.now()
        soon = now + datetime.timedelta(days=settings.SIGNAL_TERM_REMINDER_DAYS)
        waiting = Signal.objects.filter(status__in=WAITING_STATUSES)
        due_soon = waiting.filter(
            due_at__gte=now, due_at__lt=soon, addressed_to__isnull=False
        ).values_list("pk", "due_at")
        overdue = waiting.filter(due_at__lt=now).values_list("pk", "due_at")
        counts = {"due_soon": 0, "overdue": 0}
        for kind, rows in (("due_soon", due_soon), ("overdue", overdue)):
            for pk, due_at in rows.iterator(chunk_size=BATCH):
                announce.enqueue(signal_id=pk, kind=kind, key=f"{kind}:{due_at:%Y%m%d}")
                counts[kind] += 1
        self.stdout.write(
            f"Term reminders: {counts['due_soon']} about to pass, "
            f"{counts['overdue']} overdue."
        )
