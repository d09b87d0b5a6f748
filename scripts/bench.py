"""Benchmark: the main pages on a generated data set, in its own database.

Usage: make bench [BENCH_COMMUNITIES=200]. Prints, per page, the number of
queries and the median and 95th percentile response time over repeated runs.
"""

import datetime
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres:///cop_portal_bench")
os.environ["DJANGO_SETTINGS_MODULE"] = "cop_portal.settings.test"

# Our own script with our own interpreter: no untrusted input.
subprocess.run(  # noqa: S603
    [sys.executable, str(ROOT / "scripts/ensure_database.py")], check=True
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from communities.models import (  # noqa: E402
    Community,
    Membership,
    Organisation,
    Session,
    Theme,
)
from cop_portal.models import User  # noqa: E402

COMMUNITIES = int(os.environ.get("BENCH_COMMUNITIES", "200"))
MEMBERS = 30
SESSIONS = 40
RUNS = 30


def generate():
    call_command("migrate", verbosity=0)
    if Community.objects.filter(slug__startswith="bench-").count() >= COMMUNITIES:
        return
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    themes = list(Theme.objects.all())
    organisation = Organisation.objects.first()
    now = timezone.now()
    for i in range(COMMUNITIES):
        community, _ = Community.objects.get_or_create(
            slug=f"bench-{i}", defaults={"name": f"Bench CoP {i}"}
        )
        community.themes.set(themes[i % len(themes) :][:3])
        User.objects.bulk_create(
            [User(email=f"bench-{i}-{j}@example.org") for j in range(MEMBERS)],
            ignore_conflicts=True,
        )
        users = list(User.objects.filter(email__startswith=f"bench-{i}-"))
        Membership.objects.bulk_create(
            [
                Membership(
                    user=user,
                    community=community,
                    organisation=organisation,
                    role=Membership.Role.TREKKER
                    if j == 0
                    else Membership.Role.DEELNEMER,
                )
                for j, user in enumerate(users)
            ],
            ignore_conflicts=True,
        )
        Session.objects.bulk_create(
            [
                Session(
                    community=community,
                    title=f"Bijeenkomst {k}",
                    slug=f"bijeenkomst-{k}",
                    starts_at=now + datetime.timedelta(days=k - SESSIONS // 2),
                    ends_at=now + datetime.timedelta(days=k - SESSIONS // 2, hours=2),
                    location="Stadhuis",
                )
                for k in range(SESSIONS)
            ],
            ignore_conflicts=True,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(client, url):
    client.get(url)  # warm up
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return (
        len(queries),
        statistics.median(timings),
        timings[int(len(timings) * 0.95) - 1],
    )


def main():
    generate()
    client = Client()
    client.force_login(User.objects.get(email="moderator@example.org"))
    community = Community.objects.get(slug="bench-0")
    session = community.sessions.order_by("starts_at").first()
    theme = Theme.objects.first()
    pages = {
        "CoP overview": "/cops/",
        "CoP overview, theme filter": f"/cops/?theme={theme.slug}",
        "CoP page": community.get_absolute_url(),
        "sessions overview": "/bijeenkomsten/",
        "theme page": theme.get_absolute_url(),
        "session page": session.get_absolute_url(),
        "iCalendar feed": f"/cops/{community.slug}/bijeenkomsten.ics",
    }
    print(
        f"{Community.objects.count()} CoP's, {Membership.objects.count()} memberships, "
        f"{Session.objects.count()} sessions; {RUNS} runs per page"
    )
    print(f"{'page':45} {'queries':>7} {'median ms':>10} {'p95 ms':>8}")
    for name, url in pages.items():
        reset_queries()
        count, median, p95 = measure(client, url)
        print(f"{name:45} {count:7d} {median:10.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
