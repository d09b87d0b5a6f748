from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.core.management.base import BaseCommand
from django.db import transaction

from communities.demo import (
    DEMO_PASSWORD,
    PEOPLE,
    README_ACCOUNTS,
    load_communities_demo,
)
from cop_portal import notifications
from cop_portal.mfa import requires_mfa
from knowledge.demo import advance, load_knowledge_demo
from signals.demo import load_signals_demo, make_answer_products

# Published TOTP secrets of the demo accounts whose role needs two-factor
# sign-in (README, "Demo accounts"): demo data only, never in a migration.
# `python -m cop_portal.totp SECRET` or any authenticator app gives the code.
DEMO_TOTP_SECRETS = {
    "moderator@example.org": "DEMOMODERATORCOPPORTAALINBURGERS",
    "ketenpartner@example.org": "DEMOKETENPARTNERCOPPORTAALSZWXYZ",
    "ketenpartner.duo@example.org": "DEMOKETENPARTNERCOPPORTAALDUOXYZ",
}


def give_demo_totp(users) -> None:
    """A fixed TOTP authenticator for each demo account that needs one."""
    for email, secret in DEMO_TOTP_SECRETS.items():
        user = users.get(email)
        if user is None or not requires_mfa(user):
            continue
        # The data TOTP.activate would write for this secret.
        Authenticator.objects.update_or_create(
            user=user,
            type=Authenticator.Type.TOTP,
            defaults={"data": {"secret": encrypt(secret)}},
        )


class Command(BaseCommand):
    help = "Load demo content drawn from the seed texts. Safe to run again."

    @transaction.atomic
    def handle(self, *args, **options):
        # Demo accounts have example.org addresses: they get no e-mail.
        with notifications.silenced():
            self._load()

    def _load(self):
        loaded = load_communities_demo()
        load_knowledge_demo(
            communities=loaded["communities"],
            themes=loaded["themes"],
            users=loaded["users"],
        )
        load_signals_demo(**loaded)
        # Answers of closed signals become kennisproducten (signals), which
        # then go through the review like any product (knowledge).
        for product, status, days_ago in make_answer_products(users=loaded["users"]):
            advance(product, target=status, users=loaded["users"], days_ago=days_ago)
        give_demo_totp(loaded["users"])
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for email in README_ACCOUNTS:
            secret = DEMO_TOTP_SECRETS.get(email)
            extra = f" (TOTP secret {secret})" if secret else ""
            self.stdout.write(f"  {email}{extra}")
        others = len(PEOPLE) - len(README_ACCOUNTS)
        self.stdout.write(
            f"  and {others} more: members of the CoP's, the expertgroep and "
            "Divosa's regiocoördinatoren (README, Demo accounts)."
        )
