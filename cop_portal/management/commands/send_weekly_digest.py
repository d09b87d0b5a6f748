"""The weekly digest "Inburgering in uitvoering", for cron or any scheduler
(e.g. Monday 07:00). Safe to run again for the same week: whoever has it
already gets nothing new, and what an interrupted run left unsent goes out."""

from django.core.management.base import BaseCommand, CommandError

from cop_portal import notifications
from cop_portal.digest import Week, write_digest


class Command(BaseCommand):
    help = "Write and send the weekly digest of last week (or --week YYYY-Www)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--week", help="ISO week, e.g. 2026-W47; the last complete week if left out"
        )

    def handle(self, *args, week=None, **options):
        try:
            chosen = Week.parse(week) if week is not None else Week.previous()
        except ValueError:
            raise CommandError(
                f"Not an ISO week: {week!r} (write e.g. 2026-W47)"
            ) from None
        run = write_digest(chosen)
        delivery = notifications.deliver_pending()
        self.stdout.write(
            f"Digest {chosen.key}: {run.written} written, {run.skipped} had it "
            f"already, {run.nothing} without news; {delivery.sent} e-mails sent, "
            f"{delivery.failed} failed (retried later)."
        )
