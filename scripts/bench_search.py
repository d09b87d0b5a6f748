"""Benchmark: knowledge search on generated products, in its own database.

Usage: .venv/bin/python scripts/bench_search.py [BENCH_PRODUCTS=100000]
Generates the products once (SQL, a few minutes), VACUUM ANALYZEs, then
prints per query the plan's use of the GIN index, the number of matches and
the median and 95th percentile time of the search page (list query, count,
snippets, rendering) over repeated runs. Not part of `make test`.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres:///cop_portal_bench_search")
os.environ["DJANGO_SETTINGS_MODULE"] = "cop_portal.settings.test"

# Our own script with our own interpreter: no untrusted input.
subprocess.run(  # noqa: S603
    [sys.executable, str(ROOT / "scripts/ensure_database.py")], check=True
)

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from knowledge.models import KnowledgeProduct  # noqa: E402
from knowledge.selectors import ProductFilters, product_list  # noqa: E402

PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "100000"))
RUNS = 20
WORDS = [
    "inburgering",
    "gemeente",
    "consulent",
    "leerroute",
    "taalniveau",
    "werkervaringsplek",
    "ontzorgen",
    "energierekening",
    "huur",
    "zorgverzekering",
    "ontheffing",
    "ziekte",
    "beperking",
    "regievoering",
    "handhaving",
    "naleving",
    "participatie",
    "arbeidsmarkt",
    "taalschool",
    "inkoop",
    "aanbesteding",
    "statushouder",
    "vergunninghouder",
    "gezondheid",
    "trauma",
    "rouw",
    "klankbordgroep",
    "pilot",
    "training",
    "examen",
    "lening",
    "begeleiding",
    "werkgever",
    "stage",
    "vrijwilligerswerk",
    "onderwijsroute",
    "zelfredzaamheidsroute",
    "maatschappij",
    "kennis",
    "oriëntatie",
]


def generate():
    call_command("migrate", verbosity=0)
    existing = KnowledgeProduct.objects.count()
    if existing >= PRODUCTS:
        return
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH words AS (SELECT %s::text[] AS w),
            rows AS (
              SELECT i,
                (SELECT array_agg(
                   w[1 + abs(hashint4(i * 1000 + j)) %% array_length(w, 1)])
                   FROM generate_series(1, 120) j) AS body_words
              FROM generate_series(%s, %s) i, words
            )
            INSERT INTO knowledge_knowledgeproduct
              (kind, title, slug, summary, body, body_html, body_text,
               community_id, scope, visibility, status, version,
               created_at, updated_at, published_at)
            SELECT
              (ARRAY['handreiking','factsheet','verslag','goede_praktijk'])[1 + i %% 4],
              initcap(body_words[1]) || ' en ' || body_words[2] || ' ' || i,
              'bench-' || i,
              'Over ' || body_words[3] || ', ' || body_words[4] || ' en '
                || body_words[5] || ' in de praktijk.',
              '', '',
              array_to_string(body_words, ' ') || ' kenmerk' || (i %% 5000),
              (SELECT id FROM communities_community ORDER BY id
                 OFFSET (i %% 4) LIMIT 1),
              CASE WHEN i %% 3 = 0 THEN 'regionaal' ELSE 'landelijk' END,
              CASE WHEN i %% 5 = 0 THEN 'leden' ELSE 'openbaar' END,
              'gepubliceerd', 1, now(), now(),
              now() - make_interval(days => i %% 1500)
            FROM rows
            """,
            [WORDS, existing + 1, PRODUCTS],
        )
    # Vectors and vocabulary as a save writes them (compounds in Python).
    from knowledge.search import reindex_products

    reindex_products()
    connection.set_autocommit(True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE knowledge_knowledgeproduct")


QUERIES = [
    "leerbaarheidstoetsen",
    "ontheffing ziekte",
    "energierekening",
    "kenmerk4711",
    "statushouder",
    "inburgering gemeente",
]


def main():
    start = time.perf_counter()
    generate()
    print(
        f"{KnowledgeProduct.objects.count()} products "
        f"(generated/checked in {time.perf_counter() - start:.0f} s); "
        f"{RUNS} runs per query, anonymous visitor, first page of 20"
    )
    client = Client()
    print(f"{'query':24} {'matches':>8} {'GIN':>4} {'median ms':>10} {'p95 ms':>8}")
    for q in QUERIES:
        # The list reads the newest matches first (the statement with the
        # text condition), then its page among them by key: EXPLAIN that one.
        with CaptureQueriesContext(connection) as captured:
            products, parsed = product_list(
                user=AnonymousUser(), filters=ProductFilters(q=q)
            )
        window = [c["sql"] for c in captured.captured_queries if "@@" in c["sql"]]
        plan = ""
        with connection.cursor() as cursor:
            for sql in window:
                cursor.execute("EXPLAIN " + sql)
                plan += "\n".join(row[0] for row in cursor.fetchall())
        matches = (
            KnowledgeProduct.objects.published()
            .public()
            .filter(search_vector=parsed.as_search_query())
            .count()
            if parsed
            else 0
        )
        client.get("/kennis/", {"q": q})  # warm up
        timings = []
        for _ in range(RUNS):
            begin = time.perf_counter()
            response = client.get("/kennis/", {"q": q})
            timings.append((time.perf_counter() - begin) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{q!r} answered {response.status_code}")
        timings.sort()
        gin = "yes" if "knowledge_search_gin" in plan else "no"
        print(
            f"{q:24} {matches:8d} {gin:>4}"
            f" {statistics.median(timings):10.1f}"
            f" {timings[int(len(timings) * 0.95) - 1]:8.1f}"
        )


if __name__ == "__main__":
    main()
