from django.core.management.base import BaseCommand, CommandError

from knowledge.search import REINDEX_BATCH, reindex_products


class Command(BaseCommand):
    help = (
        "Rewrite the search vector and vocabulary words of every kennisproduct "
        "in batches, then count the vocabulary afresh. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=REINDEX_BATCH)

    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")

        def log(message):
            if options["verbosity"] > 1:
                self.stdout.write(message)

        done = reindex_products(batch_size=batch_size, log=log)
        self.stdout.write(f"Re-indexed {done} kennisproducten.")
