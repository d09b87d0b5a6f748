from django.core.management.base import BaseCommand
from django.db import transaction

from communities.demo import DEMO_PASSWORD, USERS, load_communities_demo
from knowledge.demo import load_knowledge_demo
from signals.demo import load_signals_demo


class Command(BaseCommand):
    help = "Load demo content drawn from the seed texts. Safe to run again."

    @transaction.atomic
    def handle(self, *args, **options):
        loaded = load_communities_demo()
        load_knowledge_demo(
            communities=loaded["communities"],
            themes=loaded["themes"],
            users=loaded["users"],
        )
        load_signals_demo(**loaded)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for email, *_ in USERS:
            self.stdout.write(f"  {email}")
