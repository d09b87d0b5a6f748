"""The benchmark harness: the portal as users meet it, on generated data.

    python -m scripts.bench.run [--scales "0.05 1.0"] [--duration 10]

Per scale: generates the data set if needed (scripts.bench.generate), serves
the portal with production settings under gunicorn (2 sync workers, or
--workers / BENCH_WORKERS, on 127.0.0.1, a free port) with the task worker
next to it, and for every page measures
- one request on the idle server: status, queries (X-Query-Count from the
  bench-only middleware), time, bytes sent with Accept-Encoding: gzip, br;
- wrk with 8 connections for a fixed time: requests/s and p50/p95/p99,
  right after the same run on the floor page (a one-line template through
  the same middleware stack), so each page is compared with a floor measured
  under the same machine load;
and the signalenrapportage export of a quarter and a year as single
requests (time to first byte, total time, bytes). Prints a table and writes
JSON to bench/results/<timestamp>-scale<s>.json; with two scales, also how
each page's p95 grew from the smaller to the larger.
"""

import argparse
import datetime
import gzip
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from . import generate
from .vocabulary import COMMON_WORD, RARE_WORD

ROOT = Path(__file__).resolve().parent.parent.parent
HERE = Path(__file__).resolve().parent
RESULTS = ROOT / "bench" / "results"
ACCEPT_ENCODING = "gzip, br"
FLOOR = "/bench/floor/"


@dataclass
class Page:
    name: str
    path: str
    who: str = "anonymous"  # anonymous, deelnemer, moderator
    note: str = ""
    result: dict = field(default_factory=dict)
    # A word at the end of path whose letters change case on every request
    # (vary_case.lua): the same search, never in the page or facet cache.
    vary: str = ""

    def varied(self, n: int) -> str:
        """The path with the n-th case variant of `vary`, as vary_case.lua
        makes it."""
        if not self.vary:
            return self.path
        letters = []
        for letter in self.vary:
            letters.append(letter.upper() if n % 2 else letter)
            n //= 2
        return self.path + "".join(letters)


# --- Plumbing ---------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The cache production runs with (README, Deployment): Redis, which also
# holds the sessions (cached_db). The bench flushes its Redis database (15 by
# default) before each scale. BENCH_REDIS_URL= (empty) measures the database
# cache instead; so does a machine where no Redis answers.
BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_url() -> str:
    if not BENCH_REDIS_URL:
        return ""
    parts = urlsplit(BENCH_REDIS_URL)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1
        ) as sock:
            # The bench's own Redis database starts empty: pages kept from
            # an earlier data set would otherwise be served again.
            database = parts.path.strip("/") or "0"
            sock.sendall(f"SELECT {database}\r\nFLUSHDB\r\n".encode())
            answer = b""
            while answer.count(b"\r\n") < 2:
                chunk = sock.recv(64)
                if not chunk:
                    break
                answer += chunk
    except OSError:
        return ""
    return BENCH_REDIS_URL if answer == b"+OK\r\n+OK\r\n" else ""


def _server_env(scale: float, port: int, secret: str) -> dict:
    env = dict(os.environ)
    redis_url = _redis_url()
    if redis_url:
        # A prefix of its own per scale: never another site's keys.
        env.update(REDIS_URL=redis_url, CACHE_KEY_PREFIX=f"bench{scale:g}")
    else:
        env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="cop_portal.settings.prod",
        DATABASE_URL=generate.database_url(scale),
        SECRET_KEY=secret,
        ALLOWED_HOSTS="127.0.0.1",
        # Plain HTTP on 127.0.0.1: no redirect to HTTPS. Everything else as
        # in production (secure cookies are sent back by wrk and urllib as
        # plain headers).
        SECURE_SSL_REDIRECT="false",
        DEBUG="false",
        BENCH_MODE="true",
        LOG_LEVEL="WARNING",
        PORTAL_URL=f"http://127.0.0.1:{port}",
    )
    return env


def _get(port, path, *, cookie="", timeout=120.0, extra=None) -> dict:
    """One GET: status, headers, time to first byte, total time, the body as
    sent (compressed if the server compressed it) and decompressed."""
    headers = {"Accept-Encoding": ACCEPT_ENCODING, "X-Bench-Queries": "1"}
    if cookie:
        headers["Cookie"] = cookie
    headers.update(extra or {})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        ttfb = time.perf_counter() - started
        raw = response.read()
        total = time.perf_counter() - started
    except (OSError, http.client.HTTPException) as exc:
        return {
            "status": None,
            "error": f"{type(exc).__name__} after"
            f" {time.perf_counter() - started:.1f} s",
        }
    finally:
        conn.close()
    encoding = response.getheader("Content-Encoding", "")
    return {
        "status": response.status,
        "location": response.getheader("Location", ""),
        "queries": _int(response.getheader("X-Query-Count")),
        "ttfb_ms": ttfb * 1000,
        "total_ms": total * 1000,
        "bytes": len(raw),
        "encoding": encoding,
        "raw_bytes": len(_decompress(raw, encoding)),
        "body": _decompress(raw, encoding),
    }


def _int(value):
    return int(value) if value and value.isdigit() else None


def _decompress(raw: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.decompress(raw)
    if encoding == "deflate":
        return zlib.decompress(raw)
    if encoding == "br":
        import brotli

        return brotli.decompress(raw)
    return raw


class _Links(HTMLParser):
    """Every link on a page: href, rel and text."""

    def __init__(self):
        super().__init__()
        self.links, self._open, self.text = [], None, []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            attrs = dict(attrs)
            self._open = {
                "href": attrs.get("href") or "",
                "rel": attrs.get("rel") or "",
            }
            self._open["text"] = ""
            self.links.append(self._open)

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None

    def handle_data(self, data):
        self.text.append(data)
        if self._open is not None:
            self._open["text"] += data


def _links(html: bytes) -> _Links:
    parser = _Links()
    parser.feed(html.decode("utf-8", "replace"))
    return parser


def _join(path: str, href: str) -> str:
    """A link on the page at path, as a path with query."""
    parts = urlsplit(href)
    if not parts.path:
        return urlsplit(path).path + ("?" + parts.query if parts.query else "")
    return urlunsplit(("", "", parts.path, parts.query, ""))


def _with_page(href: str, number: int) -> str:
    parts = urlsplit(href)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "page"]
    query.append(("page", str(number)))
    return urlunsplit(("", "", parts.path, urlencode(query), ""))


_PAGE_OF = re.compile(r"(?:Pagina|Page)\s+[\d.,]+\s+(?:van|of)\s+([\d.,]+)")


def last_page(port: int, path: str, cookie: str = "", max_hops: int = 300) -> tuple:
    """The last page of a list, the way the page itself offers it: its
    rel="last" link; else, for ?page=N pagination, the page count it shows
    (or the highest page it links to); else its rel="next" links followed to
    the end (a cursor), at most max_hops. Returns (path, how)."""
    first = _get(port, path, cookie=cookie)
    if first.get("status") != 200:
        return path, f"first page answered {first.get('status')}"
    parsed = _links(first["body"])
    for link in parsed.links:
        if "last" in link["rel"].split():
            return _join(path, link["href"]), 'rel="last" link'
    nexts = [link for link in parsed.links if "next" in link["rel"].split()]
    numbered = [
        link for link in parsed.links if re.search(r"[?&]page=\d+", link["href"])
    ]
    if numbered:
        shown = _PAGE_OF.search(" ".join(" ".join(parsed.text).split()))
        if shown:
            total = int(re.sub(r"[.,]", "", shown.group(1)))
            return _with_page(_join(path, numbered[0]["href"]), total), (
                f"?page=N, page {total} (the count the page shows)"
            )
        highest = max(
            int(re.search(r"[?&]page=(\d+)", link["href"]).group(1))
            for link in numbered
        )
        return _with_page(_join(path, numbered[0]["href"]), highest), (
            f"?page=N, highest page linked ({highest})"
        )
    if not nexts:
        return path, "one page only"
    current, hops = _join(path, nexts[0]["href"]), 1
    while hops < max_hops:
        page = _get(port, current, cookie=cookie)
        following = [
            link
            for link in _links(page.get("body", b"")).links
            if "next" in link["rel"].split()
        ]
        if page.get("status") != 200 or not following:
            return current, f'rel="next" followed {hops} times (cursor)'
        current, hops = _join(current, following[0]["href"]), hops + 1
    return current, f'rel="next" followed {hops} times, end not reached'


# The first case variants of a varied page go to the single requests.
VARY_START = 2


def _wrk(port, path, *, cookie, duration, connections, threads, vary="") -> dict:
    script, env = HERE / "report.lua", None
    if vary:
        script = HERE / "vary_case.lua"
        env = dict(
            os.environ,
            BENCH_REPORT_LUA=str(HERE / "report.lua"),
            BENCH_VARY_PATH=path,
            BENCH_VARY_WORD=vary,
            BENCH_VARY_START=str(VARY_START),
            BENCH_VARY_STRIDE=str(threads),
        )
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "60s",
        "-s",
        str(script),
        "-H",
        f"Accept-Encoding: {ACCEPT_ENCODING}",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(f"http://127.0.0.1:{port}{path}{vary}")
    _drain(port)
    load = os.getloadavg()[0]
    done = subprocess.run(  # noqa: S603 - our own command line
        command, capture_output=True, text=True, check=False, env=env
    )
    for line in done.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            result = json.loads(line.removeprefix("BENCH_JSON "))
            seconds = result["duration_us"] / 1e6
            result["rps"] = result["requests"] / seconds if seconds else 0.0
            result["errors"] = sum(
                result[k]
                for k in (
                    "connect_errors",
                    "read_errors",
                    "write_errors",
                    "status_errors",
                    "timeouts",
                )
            )
            result["load1"] = load
            return result
    return {"failed": (done.stderr or done.stdout).strip()[-500:], "rps": 0.0}


def _drain(port) -> None:
    """Wait until the server has worked off what an earlier run left queued:
    wrk stops sending, but the workers still answer every request that was
    accepted. One request through the same queue comes back after them."""
    _get(port, FLOOR, timeout=600)


def _server_errors(log: Path, since: int) -> tuple[int, int, int]:
    """Internal server errors and worker timeouts logged since byte `since`."""
    with log.open("rb") as handle:
        handle.seek(since)
        text = handle.read().decode("utf-8", "replace")
    return (
        text.count("Internal Server Error"),
        text.count("WORKER TIMEOUT"),
        log.stat().st_size,
    )


# --- What is measured --------------------------------------------------------


def _quarter_and_year(today: datetime.date):
    """The last complete quarter and the last complete calendar year."""
    first_of_quarter = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = first_of_quarter - datetime.timedelta(days=1)
    start = datetime.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
    year = today.year - 1
    return (start, end), (datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def _pages(port: int) -> tuple[list[Page], list[Page], dict]:
    from django.utils import timezone

    from communities.models import Community, Membership, Session, Theme
    from cop_portal.models import User
    from knowledge.models import KnowledgeProduct
    from signals.models import Signal

    from .login import sign_in

    now = timezone.now()
    cop = Community.objects.filter(is_active=True).order_by("pk").first()
    session = (
        Session.objects.filter(community=cop, starts_at__lt=now)
        .order_by("-starts_at")
        .first()
    )
    theme = Theme.objects.order_by("pk").first()
    product = (
        KnowledgeProduct.objects.published()
        .public()
        .order_by("-published_at", "-pk")
        .first()
    )
    deelnemer = (
        Membership.objects.filter(community=cop, role=Membership.Role.DEELNEMER)
        .order_by("pk")
        .first()
        .user
    )
    moderator = User.objects.filter(is_moderator=True, is_active=True).order_by("pk")[0]
    signal = (
        Signal.objects.filter(community=cop)
        .exclude(status="nieuw")
        .order_by("-created_at", "-pk")
        .first()
    )
    cookies = {
        "anonymous": "",
        "deelnemer": sign_in(deelnemer),
        "moderator": sign_in(moderator),
    }
    knowledge_last, knowledge_how = last_page(port, "/kennis/")
    signals_last, signals_how = last_page(port, "/signalen/", cookies["deelnemer"])
    pages = [
        Page("home", "/"),
        Page("/cops/", "/cops/"),
        Page("CoP page", cop.get_absolute_url()),
        Page("/bijeenkomsten/", "/bijeenkomsten/"),
        Page("session page", session.get_absolute_url()),
        Page(
            "/kennis/ theme+kind filter",
            "/kennis/?" + urlencode({"theme": theme.slug, "kind": "handreiking"}),
        ),
        Page(f"search '{COMMON_WORD}' (common)", f"/kennis/?q={COMMON_WORD}"),
        Page(f"search '{RARE_WORD}' (rare)", f"/kennis/?q={RARE_WORD}"),
        Page(
            f"search '{COMMON_WORD}', every one a miss",
            "/kennis/?q=",
            vary=COMMON_WORD,
            note="the case of the word changes per request (vary_case.lua): "
            "no page or facet cache",
        ),
        Page("product page", product.get_absolute_url()),
        Page("/kennis/ last page", knowledge_last, note=knowledge_how),
        Page("Atom feed", "/kennis/feed/"),
        Page("iCal feed", f"/cops/{cop.slug}/bijeenkomsten.ics"),
        Page("/signalen/ (deelnemer)", "/signalen/", "deelnemer"),
        Page(
            "/signalen/ last page (deelnemer)", signals_last, "deelnemer", signals_how
        ),
        Page("signal page (deelnemer)", signal.get_absolute_url(), "deelnemer"),
        Page("admin signals (moderator)", "/beheer/signals/signal/", "moderator"),
        Page(
            "admin signals ?overdue=yes",
            "/beheer/signals/signal/?overdue=yes",
            "moderator",
        ),
        Page(
            f"admin signals ?q={COMMON_WORD}",
            f"/beheer/signals/signal/?q={COMMON_WORD}",
            "moderator",
        ),
    ]
    quarter, year = _quarter_and_year(timezone.localdate())
    exports = [
        Page(
            f"export CSV quarter {quarter[0]:%Y-%m-%d}..{quarter[1]:%Y-%m-%d}",
            "/signalen/rapportage/?"
            + urlencode({"start": quarter[0], "end": quarter[1], "file_format": "csv"}),
            "moderator",
        ),
        Page(
            f"export CSV year {year[0]:%Y}",
            "/signalen/rapportage/?"
            + urlencode({"start": year[0], "end": year[1], "file_format": "csv"}),
            "moderator",
        ),
    ]
    fixtures = {
        "community": cop.slug,
        "deelnemer": deelnemer.email,
        "moderator": moderator.email,
        "product": product.slug,
        "signal": signal.pk,
    }
    return pages, exports, {"cookies": cookies, "fixtures": fixtures}


def measure(scale: float, args) -> dict:
    """Serve the bench database of this scale and measure every page."""
    port = _free_port()
    env = _server_env(scale, port, secrets.token_urlsafe(50))
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    stamp = args.stamp
    RESULTS.mkdir(parents=True, exist_ok=True)
    log = RESULTS / f"{stamp}-scale{scale:g}-gunicorn.log"
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    with log.open("wb") as log_handle:
        server = subprocess.Popen(  # noqa: S603 - our own interpreter
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                str(HERE / "gunicorn_conf.py"),
                "--workers",
                str(args.workers),
                "-b",
                f"127.0.0.1:{port}",
                "cop_portal.wsgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=log_handle,
            stderr=subprocess.STDOUT,
        )
        # The task worker, as make serve starts it: it recounts the kennis
        # facet totals when counting them no longer fits a request's budget
        # (knowledge/facets.py).
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter
            [sys.executable, "manage.py", "db_worker"],
            cwd=ROOT,
            env=env,
            stdout=log_handle,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_ready(port, server)
        pages, exports, extra = _pages(port)
        connection.close()
        cookies = extra["cookies"]
        load_start = os.getloadavg()
        print(
            f"\nScale {scale:g} on 127.0.0.1:{port}, {os.cpu_count()} cores, "
            f"load {load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f}; "
            f"wrk -c{args.connections} -t{args.threads} {args.duration} s per run",
            flush=True,
        )
        # One request each on the idle server (after one to warm up).
        for page in [Page("floor", FLOOR), *pages]:
            _get(port, page.varied(0), cookie=cookies[page.who])
            probe = _get(port, page.varied(1), cookie=cookies[page.who])
            probe.pop("body", None)
            page.result["single"] = probe
        floor_single = {"single": _get(port, FLOOR)}
        floor_single["single"].pop("body", None)
        _wrk(
            port,
            FLOOR,
            cookie="",
            duration=2,
            connections=args.connections,
            threads=args.threads,
        )  # warm-up
        position = log.stat().st_size
        floors = []
        for page in pages:
            if args.only and not re.search(args.only, page.name):
                continue
            floor = _wrk(
                port,
                FLOOR,
                cookie="",
                duration=args.duration,
                connections=args.connections,
                threads=args.threads,
            )
            floors.append(floor)
            _errors, _timeouts, position = _server_errors(log, position)
            run = _wrk(
                port,
                page.path,
                cookie=cookies[page.who],
                duration=args.duration,
                connections=args.connections,
                threads=args.threads,
                vary=page.vary,
            )
            run["server_errors"], run["worker_timeouts"], position = _server_errors(
                log, position
            )
            run["floor_rps"] = floor["rps"]
            run["floor_ratio"] = run["rps"] / floor["rps"] if floor["rps"] else None
            page.result["load"] = run
            print(f"  {_row(page)}", flush=True)
        for page in exports:
            if args.only and not re.search(args.only, page.name):
                continue
            _drain(port)
            result = _get(port, page.path, cookie=cookies[page.who], timeout=300)
            if "body" in result:
                body = result.pop("body")
                if result["status"] == 200:
                    result["rows"] = max(0, body.count(b"\n") - 1)
            _e, result["worker_timeouts"], position = _server_errors(log, position)
            page.result["single"] = result
        load_end = os.getloadavg()
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    from django.db import connection as db

    with db.cursor() as cursor:
        cursor.execute(f"SELECT counts, seconds FROM {generate.MARKER_TABLE}")  # noqa: S608
        counts, seconds = cursor.fetchone()
    if isinstance(counts, str):
        counts = json.loads(counts)
    result = {
        "scale": scale,
        "started": stamp,
        "git": _git(),
        "machine": {
            "cores": os.cpu_count(),
            "load_start": load_start,
            "load_end": load_end,
        },
        "settings": {
            "server": f"gunicorn, {args.workers} sync workers, prod settings",
            "cache": "Redis (sessions cached_db)"
            if env.get("REDIS_URL")
            else "database cache (sessions in the database)",
            "wrk": {
                "connections": args.connections,
                "threads": args.threads,
                "duration_s": args.duration,
                "accept_encoding": ACCEPT_ENCODING,
            },
            "queries": "X-Query-Count from the bench-only middleware, one request",
        },
        "data": {"counts": counts, "generation_seconds": seconds},
        "fixtures": extra["fixtures"],
        "floor": {"single": floor_single["single"], "runs": floors},
        "pages": [
            {
                "name": p.name,
                "path": p.path + p.vary,
                "who": p.who,
                "note": p.note,
                **p.result,
            }
            for p in pages
        ],
        "exports": [{"name": p.name, "path": p.path, **p.result} for p in exports],
        "server_log": str(log.relative_to(ROOT)),
    }
    return result


def _wait_ready(port, server, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped; see its log under bench/results/.")
        result = _get(port, FLOOR, timeout=5)
        if result.get("status") == 200:
            return
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer the floor page within a minute.")


def _git() -> str:
    done = subprocess.run(
        ["git", "describe", "--always", "--dirty"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip()


# --- Reporting ---------------------------------------------------------------


def _ms(us):
    return (
        "" if us is None else f"{us / 1000:.0f}" if us >= 10_000 else f"{us / 1000:.1f}"
    )


def _row(page: Page | dict) -> str:
    result = page.result if isinstance(page, Page) else page
    name = page.name if isinstance(page, Page) else page["name"]
    single = result.get("single", {})
    run = result.get("load", {})
    status = single.get("status") or single.get("error", "?")
    ratio = run.get("floor_ratio")
    errors = run.get("errors", 0) + run.get("server_errors", 0)
    size = (
        f"{single['bytes'] / 1024:.1f}/{single['raw_bytes'] / 1024:.1f}"
        if "bytes" in single
        else ""
    )
    if run.get("requests") == 0:
        # Not one response within the run: no latency to report.
        timings = f"{'none':>7} {'-':>7} {'-':>7} {'-':>7}"
    else:
        timings = (
            f"{run.get('rps', 0):7.1f} {_ms(run.get('p50_us')):>7} "
            f"{_ms(run.get('p95_us')):>7} {_ms(run.get('p99_us')):>7}"
        )
    return (
        f"{name[:40]:40} {status!s:>5} {single.get('queries') or '':>4} "
        f"{single.get('total_ms', 0):8.0f} {timings} "
        f"{'' if ratio is None else f'{ratio * 100:.2f}%':>8} {size:>13} "
        f"{errors or '':>6}"
    )


HEADER = (
    f"{'page':40} {'HTTP':>5} {'qry':>4} {'idle ms':>8} {'req/s':>7} "
    f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'% floor':>8} {'KiB sent/raw':>13} "
    f"{'errors':>6}"
)


def print_report(report: dict) -> None:
    counts = report["data"]["counts"]
    machine = report["machine"]
    floor_rps = [run["rps"] for run in report["floor"]["runs"]]
    print(
        f"\n== scale {report['scale']:g}: {counts['communities_community']:,} CoP's, "
        f"{counts['cop_portal_user']:,} users, "
        f"{counts['communities_session']:,} sessions, "
        f"{counts['knowledge_knowledgeproduct']:,} products, "
        f"{counts['signals_signal']:,} signals, {counts['signals_recognition']:,} "
        f"recognitions (generated in {report['data']['generation_seconds']:.0f} s)"
    )
    print(
        f"   {machine['cores']} cores; load {machine['load_start'][0]:.2f} at start, "
        f"{machine['load_end'][0]:.2f} at end; git {report['git']}; "
        f"cache: {report['settings'].get('cache', 'database cache')}"
    )
    if floor_rps:
        print(
            f"   floor page: {min(floor_rps):.0f}-{max(floor_rps):.0f} req/s over "
            f"{len(floor_rps)} runs, idle "
            f"{report['floor']['single'].get('total_ms', 0):.1f} ms"
        )
    print(HEADER)
    for page in report["pages"]:
        print(_row(page))
        if page.get("note"):
            print(f"{'':4}({page['note']}: {page['path']})")
        if page.get("load", {}).get("failed"):
            print(f"{'':4}wrk failed: {page['load']['failed']}")
    print(
        f"\n{'export (one request)':48} {'HTTP':>5} {'qry':>4} {'TTFB s':>8} "
        f"{'total s':>8} {'MB':>7} {'rows':>8}"
    )
    for export in report["exports"]:
        single = export.get("single", {})
        status = single.get("status") or single.get("error", "?")
        print(
            f"{export['name'][:48]:48} {status!s:>5} {single.get('queries') or '':>4} "
            f"{single.get('ttfb_ms', 0) / 1000:8.2f} "
            f"{single.get('total_ms', 0) / 1000:8.2f} "
            f"{single.get('bytes', 0) / 1e6:7.2f} {single.get('rows', ''):>8}"
            + (
                f"  worker timeouts: {single['worker_timeouts']}"
                if single.get("worker_timeouts")
                else ""
            )
        )


def growth(small: dict, large: dict) -> list[dict]:
    """Each page's p95 at the larger scale against the smaller, and its share
    of the floor's throughput at both (steadier when the machine's load
    differs between the runs)."""
    before = {page["name"]: page for page in small["pages"]}
    rows = []
    for page in large["pages"]:
        runs = [before.get(page["name"], {}).get("load", {}), page.get("load", {})]
        p95 = [
            _safe_ms(run.get("p95_us")) if run.get("requests") else None for run in runs
        ]
        rows.append(
            {
                "name": page["name"],
                "p95_ms": p95,
                "p95_growth": p95[1] / p95[0] if p95[0] and p95[1] else None,
                "rps": [run.get("rps") for run in runs],
                "floor_ratio": [run.get("floor_ratio") for run in runs],
            }
        )
    return rows


def _safe_ms(us):
    return None if us is None else us / 1000


def _pct(ratio):
    return "" if ratio is None else f"{ratio * 100:.2f}%"


def print_growth(rows, small_scale, large_scale) -> None:
    print(f"\n== p95 growth from scale {small_scale:g} to {large_scale:g}")
    print(
        f"{'page':40} {'p95 small':>10} {'p95 large':>10} {'growth':>8} "
        f"{'%floor small':>13} {'%floor large':>13}"
    )
    for row in rows:
        small, large = row["p95_ms"]
        factor = row["p95_growth"]
        print(
            f"{row['name'][:40]:40} {'' if small is None else f'{small:.1f}':>10} "
            f"{'none' if large is None else f'{large:.1f}':>10} "
            f"{'' if factor is None else f'{factor:.2f}x':>8} "
            f"{_pct(row['floor_ratio'][0]):>13} {_pct(row['floor_ratio'][1]):>13}"
        )


def report(reports: list[dict]) -> None:
    """Print the tables of one or more scales, and the growth between the
    first and the last."""
    for one in reports:
        print_report(one)
    if len(reports) >= 2:
        small, large = reports[0], reports[-1]
        rows = growth(small, large)
        print_growth(rows, small["scale"], large["scale"])
        large["growth"] = {"from_scale": small["scale"], "pages": rows}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scales", default=os.environ.get("BENCH_SCALES", "1.0"), help='e.g. "0.1 1.0"'
    )
    parser.add_argument(
        "--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "10"))
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("BENCH_WORKERS", "2")),
        help="gunicorn sync workers (2, as the issue measures; make serve runs "
        "2 per core plus one)",
    )
    parser.add_argument(
        "--only", default="", help="measure only pages matching this regex"
    )
    parser.add_argument(
        "--report", nargs="+", metavar="JSON", help="print the tables of earlier runs"
    )
    parser.add_argument("--measure", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--stamp", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.report:
        report([json.loads(Path(name).read_text()) for name in args.report])
        return 0
    if shutil.which("wrk") is None:
        print(
            "wrk is not installed. It is Debian's package `wrk`: "
            "apt-get install wrk (as root), then run the benchmark again.",
            file=sys.stderr,
        )
        return 2
    if args.measure is not None:
        # One scale, in its own process: Django is set up once, on one database.
        measured = measure(args.measure, args)
        out = RESULTS / f"{args.stamp}-scale{args.measure:g}.json"
        out.write_text(json.dumps(measured, indent=2, default=str))
        return 0
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    scales = [float(s) for s in args.scales.replace(",", " ").split()]
    reports = []
    for scale in scales:
        subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "scripts.bench.generate", "--scale", str(scale)],
            cwd=ROOT,
            check=True,
        )
        subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-m",
                "scripts.bench.run",
                "--measure",
                str(scale),
                "--stamp",
                stamp,
                "--duration",
                str(args.duration),
                "--connections",
                str(args.connections),
                "--threads",
                str(args.threads),
                "--workers",
                str(args.workers),
                "--only",
                args.only,
            ],
            cwd=ROOT,
            check=True,
        )
        out = RESULTS / f"{stamp}-scale{scale:g}.json"
        reports.append(json.loads(out.read_text()))
    report(reports)
    if len(reports) >= 2:
        large = reports[-1]
        out = RESULTS / f"{stamp}-scale{large['scale']:g}.json"
        out.write_text(json.dumps(large, indent=2, default=str))
    written = [f"bench/results/{stamp}-scale{r['scale']:g}.json" for r in reports]
    print(f"\nJSON: {', '.join(written)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
