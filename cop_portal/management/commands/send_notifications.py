"""Send whatever waits in the outbox, for a scheduler as a safety net next
to the worker (e.g. every 10 minutes), or by hand after an outage."""

from django.core.management.base import BaseCommand

from cop_portal import notifications


class Command(BaseCommand):
    help = "Send the e-mail notifications that are due."

    def handle(self, *args, **options):
        result = notifications.deliver_pending()
        self.stdout.write(
            f"{result.sent} e-mails sent, {result.failed} failed "
            f"({result.given_up} given up)."
        )
