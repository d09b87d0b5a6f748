from django.core.management.base import BaseCommand, CommandError

from knowledge.services import RERENDER_BATCH, markdown_rerender


class Command(BaseCommand):
    help = (
        "Render the stored Markdown of knowledge products and Q&A answers again "
        "with the current renderer, in batches. Safe to run again and to stop."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=RERENDER_BATCH,
            help="Rows per transaction (default %(default)s).",
        )

    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        products, answers = markdown_rerender(batch_size=batch_size)
        self.stdout.write(
            f"Rendered again: {products} products and {answers} answers changed."
        )
