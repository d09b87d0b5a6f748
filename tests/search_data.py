"""A few thousand sessions and signals in one CoP, so the planner has a real
choice between an index and a walk: shared by the list and portal search
tests that EXPLAIN their plans."""

import datetime

from django.db import connection
from django.utils import timezone

from communities.models import Session
from signals.models import Signal, Status
from tests.factories import SessionFactory
from tests.signals.factories import SignalFactory

WORDS = ["inkoop", "leerroute", "taal", "huur", "zorg", "werk", "toets"]


def fill(community, *, reports: bool, rare_signal_title: str, rows: int = 3000):
    """`rows` sessions (with reports if asked) and signals over common words,
    plus one session "Zeldzame zwaluwstaart" and one signal with the given
    rare title; then ANALYZE, so the statistics see them."""
    start = timezone.now()
    Session.objects.bulk_create(
        Session(
            community=community,
            title=f"Bijeenkomst {i} over {WORDS[i % len(WORDS)]}",
            slug=f"b-{i}",
            starts_at=start + datetime.timedelta(hours=i),
            ends_at=start + datetime.timedelta(hours=i, minutes=90),
            agenda=" ".join(WORDS[(i + j) % len(WORDS)] for j in range(40)),
            report=" ".join(WORDS[(i + j) % len(WORDS)] for j in range(80))
            if reports
            else "",
        )
        for i in range(rows)
    )
    Signal.objects.bulk_create(
        Signal(
            title=f"Knelpunt {i} over {WORDS[i % len(WORDS)]}",
            description=" ".join(WORDS[(i + j) % len(WORDS)] for j in range(60)),
            community=community,
            status=Status.NEW,
        )
        for i in range(rows)
    )
    SessionFactory(community=community, title="Zeldzame zwaluwstaart")
    SignalFactory(community=community, title=rare_signal_title)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE communities_session")
        cursor.execute("ANALYZE signals_signal")
