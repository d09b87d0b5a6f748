"""Time the facet counts of /kennis/ on a cache miss, on the bench data.

    DATABASE_URL=postgres:///cop_portal_bench \\
    DJANGO_SETTINGS_MODULE=cop_portal.settings.dev \\
        python -m scripts.bench.facet_timing [--repeat 5] [--budget-ms 50]

As production runs them: the facets kept in a cache (a per-process one
here), the unfiltered totals counted first by the recount task (timed), and
every timed call a miss of the facets of its list. For a few lists (no
filter, a common word, a rare word, two filters), as a visitor and as a
signed-in deelnemer, the list selector and the facet function are timed on
their own; the unfiltered list also with totals of an older generation.

Reads only: the session is made read-only before the first query, and tasks
go to a backend that keeps them without running them.
"""

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def _read_only(sender, connection, **kwargs):
    with connection.cursor() as cursor:
        cursor.execute("SET default_transaction_read_only = on")


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--budget-ms", type=int, default=None)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django
    from django.db.backends.signals import connection_created

    connection_created.connect(_read_only)
    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import cache
    from django.test.utils import override_settings

    from communities.models import Membership, Theme
    from cop_portal import page_cache
    from knowledge import facets, selectors

    from .vocabulary import COMMON_WORD, RARE, RARE_WORD

    few_word = RARE[3]  # "werkfitheidsscan"

    override_settings(
        PAGE_CACHE_SECONDS=300,
        FACET_COUNT_TIMEOUT_MS=args.budget_ms or settings.FACET_COUNT_TIMEOUT_MS,
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        },
        TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}},
    ).enable()
    print(f"budget {settings.FACET_COUNT_TIMEOUT_MS} ms")
    for reader in ("public", "all"):
        started = time.perf_counter()
        facets.recount_facet_totals.call(reader=reader)
        print(f"recount task, {reader}: {_ms(started):.0f} ms")
    theme = Theme.objects.order_by("pk").first()
    deelnemer = (
        Membership.objects.filter(role=Membership.Role.DEELNEMER)
        .order_by("pk")
        .first()
        .user
    )
    cases = {
        "no filter": selectors.ProductFilters(),
        f"q={COMMON_WORD}": selectors.ProductFilters(q=COMMON_WORD),
        f"q={RARE_WORD}": selectors.ProductFilters(q=RARE_WORD),
        # About a hundred matches (the one above, split as a compound,
        # thousands).
        f"q={few_word}": selectors.ProductFilters(q=few_word),
        f"q={few_word}+kind": selectors.ProductFilters(q=few_word, kind="handreiking"),
        "theme+kind": selectors.ProductFilters(theme=theme, kind="handreiking"),
        "theme": selectors.ProductFilters(theme=theme),
    }
    print(f"{'list':34} {'reader':10} {'list ms':>8} {'facets ms':>10}  counted")

    def stale_queued(reader):
        cache.set(page_cache.GENERATION_KEY, uuid.uuid4().hex, None)
        cache.set(f"kennis-facet-recount:{reader}", True, 60)

    def stale_idle(reader):
        cache.set(page_cache.GENERATION_KEY, uuid.uuid4().hex, None)
        cache.delete(f"kennis-facet-recount:{reader}")

    runs = [(name, filters, None) for name, filters in cases.items()]
    runs += [
        ("no filter, totals stale, queued", cases["no filter"], stale_queued),
        ("no filter, totals stale, not queued", cases["no filter"], stale_idle),
    ]
    for name, filters, before in runs:
        for reader, user in (("visitor", AnonymousUser()), ("deelnemer", deelnemer)):
            list_ms, facet_ms, found = [], [], None
            for _ in range(args.repeat):
                started = time.perf_counter()
                listing = selectors.product_list_page(
                    user=user, filters=filters, cursor=None, per_page=20
                )
                list_ms.append(_ms(started))
                key_reader = facets._reader_class(user)
                if before:
                    before(key_reader)
                cache.delete(facets._cache_key(key_reader, filters))
                started = time.perf_counter()
                found = facets.product_facets(
                    user=user,
                    filters=filters,
                    parsed=listing.parsed,
                    window=listing.window,
                )
                facet_ms.append(_ms(started))
            shown = [
                value
                for values in (found.themes, found.kinds, found.scopes, found.years)
                for value in values
            ]
            counted = sum(value.count is not None for value in shown)
            tags = sum(tag.count is not None for tag in found.tags)
            print(
                f"{name[:34]:34} {reader:10} {statistics.median(list_ms):8.0f} "
                f"{statistics.median(facet_ms):10.0f}  {counted}/{len(shown)} "
                f"values, {tags}/{len(found.tags)} tags "
                f"(max {max(facet_ms):.0f} ms)",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
