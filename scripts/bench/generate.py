"""Fill a separate database with a national data set at a scale factor.

    python -m scripts.bench.generate --scale 1.0 [--fresh]

At scale 1.0: 400 CoP's, 60,000 users (verified e-mail addresses), 20,000
sessions, 200,000 kennisproducten (every status, versions, histories, themes,
tags, Q&A), 500,000 signals at every level, status and closure with their
event histories over four years, and 2,000,000 recognitions. Everything is
set-based SQL (INSERT ... SELECT over generate_series) inside one transaction,
with every constraint and trigger in force; pseudo-random choices come from a
hash of the row number, so the same scale gives the same data.

The database is BENCH_DATABASE_URL (default postgres:///cop_portal_bench) at
scale 1.0 and that name with a suffix for other scales (cop_portal_bench_s0_05),
so a quick run does not throw the large data set away. A marker table records
the scale; a database that already holds this scale is left as it is,
anything else in it is dropped first (so is everything with --fresh).
"""

import argparse
import math
import os
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_URL = "postgres:///cop_portal_bench"
# Bump when the generated data changes shape, so old databases are rebuilt.
GENERATOR_VERSION = 3
MARKER_TABLE = "bench_marker"
PASSWORD = "bench-wachtwoord-2026"  # noqa: S105 - generated test accounts
YEARS = 4


@dataclass(frozen=True)
class Sizes:
    organisations: int  # regional ones; seven national ones come on top
    communities: int
    users: int
    sessions: int
    products: int
    signals: int
    recognitions: int

    @classmethod
    def at(cls, scale: float) -> "Sizes":
        def n(full, least):
            return max(least, round(full * scale))

        return cls(
            organisations=n(380, 12),
            communities=n(400, 4),
            users=n(60_000, 80),
            sessions=n(20_000, 12),
            products=n(200_000, 60),
            signals=n(500_000, 120),
            recognitions=n(2_000_000, 200),
        )


def scale_tag(scale: float) -> str:
    return f"{scale:g}".replace(".", "_").replace("-", "_")


def database_url(scale: float) -> str:
    """The bench database of this scale: the base name at 1.0, suffixed else."""
    base = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if scale == 1.0:
        return base
    head, _sep, name = base.rpartition("/")
    name, query_sep, query = name.partition("?")
    return f"{head}/{name}_s{scale_tag(scale)}{query_sep}{query}"


# --- Database lifecycle (before Django is set up) --------------------------


def _server_params(url: str) -> tuple[str, dict]:
    import dj_database_url

    config = dj_database_url.parse(url)
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    return config["NAME"], params


def marker(url: str) -> dict | None:
    """The marker of the database at url, or None (no database, no marker)."""
    import psycopg

    name, params = _server_params(url)
    try:
        with psycopg.connect(dbname=name, autocommit=True, **params) as conn:
            exists = conn.execute(
                "SELECT to_regclass(%s) IS NOT NULL", [MARKER_TABLE]
            ).fetchone()[0]
            if not exists:
                return None
            row = conn.execute(
                f"SELECT scale, version, seconds, counts FROM {MARKER_TABLE}"  # noqa: S608
            ).fetchone()
    except psycopg.OperationalError:
        return None
    if row is None:
        return None
    return {"scale": row[0], "version": row[1], "seconds": row[2], "counts": row[3]}


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name, params = _server_params(url)
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def ensure(scale: float, *, fresh: bool = False, quiet: bool = False) -> dict:
    """Make the bench database of this scale hold its data set; returns the
    marker. Sets up Django on that database (DATABASE_URL) in this process."""
    url = database_url(scale)
    found = marker(url)
    say = (lambda *a: None) if quiet else print
    if (
        not fresh
        and found
        and math.isclose(found["scale"], scale)
        and found["version"] == GENERATOR_VERSION
    ):
        say(
            f"{url} holds scale {scale:g} already"
            f" (generated in {found['seconds']:.0f} s)."
        )
        _setup_django(url)
        # The data stays; the schema follows the code being measured (new
        # indexes, the cache table...).
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        say(f"  migrations applied in {time.perf_counter() - started:.0f} s")
        return found
    say(f"Creating {url} afresh for scale {scale:g}.")
    recreate_database(url)
    _setup_django(url)
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    say(f"  migrated in {time.perf_counter() - started:.0f} s")
    from django.db import connection

    counts = generate(scale, log=say)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        _write_marker(cursor, scale, seconds, counts)
    say("  VACUUM ANALYZE ...")
    vacuum_started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    say(f"  VACUUM ANALYZE in {time.perf_counter() - vacuum_started:.0f} s")
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {MARKER_TABLE} SET seconds = %s", [seconds])  # noqa: S608
    say(f"Generated scale {scale:g} in {seconds:.0f} s: {counts}")
    return marker(url)


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings.dev")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _write_marker(cursor, scale, seconds, counts) -> None:
    import json

    cursor.execute(
        f"""CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (
            scale double precision NOT NULL, version integer NOT NULL,
            seconds double precision NOT NULL, counts jsonb NOT NULL,
            generated_at timestamptz NOT NULL DEFAULT now())"""
    )
    cursor.execute(f"DELETE FROM {MARKER_TABLE}")  # noqa: S608
    cursor.execute(
        f"INSERT INTO {MARKER_TABLE} (scale, version, seconds, counts)"  # noqa: S608
        " VALUES (%s, %s, %s, %s)",
        [scale, GENERATOR_VERSION, seconds, json.dumps(counts)],
    )


# --- The data set ------------------------------------------------------------

# Pseudo-random numbers from a hash of (row, salt): uniform in [0, 1) and
# whole numbers in [0, n). SQL functions this simple are inlined by the planner.
FUNCTIONS = """
CREATE OR REPLACE FUNCTION pg_temp.r(i bigint, salt bigint) RETURNS float8
    IMMUTABLE PARALLEL SAFE LANGUAGE sql AS
$$ SELECT ((hashint8extended(i, salt) >> 11) & 9007199254740991)::float8
          / 9007199254740992.0 $$;
CREATE OR REPLACE FUNCTION pg_temp.ri(i bigint, salt bigint, n bigint) RETURNS bigint
    IMMUTABLE PARALLEL SAFE LANGUAGE sql AS
$$ SELECT floor(pg_temp.r(i, salt) * n)::bigint $$;
CREATE OR REPLACE FUNCTION pg_temp.slug(t text) RETURNS text
    IMMUTABLE PARALLEL SAFE LANGUAGE sql AS
$$ SELECT trim(both '-' from regexp_replace(
     translate(lower(t), 'äëïöüéèêáàçñ', 'aeioueeeaacn'), '[^a-z0-9]+', '-', 'g')) $$;
CREATE OR REPLACE FUNCTION pg_temp.cap(t text) RETURNS text
    IMMUTABLE PARALLEL SAFE LANGUAGE sql AS
$$ SELECT upper(left(t, 1)) || substr(t, 2) $$;
-- signals.terms.add_working_days: n working days (Mon-Fri) after ts, same
-- wall-clock time in Europe/Amsterdam.
CREATE OR REPLACE FUNCTION pg_temp.add_working_days(ts timestamptz, n int)
    RETURNS timestamptz
    IMMUTABLE PARALLEL SAFE LANGUAGE sql AS
$$ SELECT ((local - (greatest(d, 4) - 4) * interval '1 day')
           + ((n / 5) * 7 + mod(n, 5)
              + CASE WHEN least(d, 4) + mod(n, 5) > 4 THEN 2 ELSE 0 END)
             * interval '1 day') AT TIME ZONE 'Europe/Amsterdam'
   FROM (SELECT ts AT TIME ZONE 'Europe/Amsterdam' AS local,
                extract(isodow FROM ts AT TIME ZONE 'Europe/Amsterdam')::int - 1
                    AS d) x $$;
"""


def generate(scale: float, *, log=print) -> dict:
    """Generate the data set into the (migrated, empty) default database.
    Returns the row count per table."""
    from django.conf import settings
    from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
    from django.db import connection, transaction

    from . import vocabulary as v

    sizes = Sizes.at(scale)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cop_portal_user")
        if cursor.fetchone()[0]:
            raise SystemExit(
                "The database has users already: generate into an empty one."
            )
    content = list(dict.fromkeys(v.CONTENT))
    params = {
        "orgs": sizes.organisations,
        "cops": sizes.communities,
        "users": sizes.users,
        "sessions": sizes.sessions,
        "products": sizes.products,
        "signals": sizes.signals,
        "recognitions": sizes.recognitions,
        "moderators": max(2, round(20 * scale)),
        "experts": max(2, round(40 * scale)),
        "partners": max(6, round(300 * scale)),
        "themes": len(v.THEMES),
        "sentences": 20_000,
        "words": len(content),
        "password": make_password(PASSWORD, hasher=PBKDF2PasswordHasher()),
        "years": YEARS,
        "term_uitvoering": settings.SIGNAL_RESPONSE_TERMS["uitvoering"],
        "term_schakel": settings.SIGNAL_RESPONSE_TERMS["schakel"],
        "term_stelsel": settings.SIGNAL_RESPONSE_TERMS["stelsel"],
    }
    params["members"] = (
        params["users"] - params["moderators"] - params["experts"] - params["partners"]
    )
    # First user id of each group: moderators, experts, ketenpartners, members.
    params["expert0"] = params["moderators"]
    params["partner0"] = params["expert0"] + params["experts"]
    params["member0"] = params["partner0"] + params["partners"]
    params["per_cop"] = max(1, params["members"] // params["cops"])
    # Strides that are coprime with what they walk through, so a walk never
    # repeats an element: recognitions per signal are distinct people.
    params["user_stride"] = _coprime(7919, params["members"])
    params["signal_stride"] = _coprime(104_729, params["signals"])
    counts = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '128MB'")
        cursor.execute("SET LOCAL synchronous_commit = off")
        # Compiling these one-off statements costs more than it saves.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(FUNCTIONS)
        steps = [
            ("vocabulary", _vocabulary, {"content": content, "v": v}),
            ("organisations and CoP's", _communities, {"v": v}),
            ("users", _users, {"v": v}),
            ("sessions", _sessions, {}),
            ("kennisproducten", _products, {}),
            ("kennisproduct histories", _product_histories, {}),
            ("signals", _signals, {}),
            ("recognitions", _recognitions, {}),
        ]
        for name, step, extra in steps:
            started = time.perf_counter()
            step(cursor, params, **extra)
            # Fresh statistics (temporary tables included), or the planner
            # takes a table of millions of rows for an empty one.
            cursor.execute("ANALYZE")
            log(f"  {name}: {time.perf_counter() - started:.0f} s")
        for table in _TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"  # noqa: S608
                f" coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            )
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


_TABLES = [
    "communities_organisation",
    "communities_theme",
    "communities_community",
    "communities_community_regions",
    "communities_community_themes",
    "cop_portal_user",
    "account_emailaddress",
    "communities_membership",
    "communities_session",
    "communities_session_themes",
    "communities_session_attendees",
    "communities_session_guest_organisations",
    "taggit_tag",
    "taggit_taggeditem",
    "knowledge_knowledgeproduct",
    "knowledge_knowledgeproduct_themes",
    "knowledge_knowledgeproduct_authors",
    "knowledge_knowledgeproduct_sessions",
    "knowledge_questionanswer",
    "knowledge_publishedversion",
    "knowledge_statuschange",
    "knowledge_review",
    "signals_signal",
    "signals_signal_themes",
    "signals_signalevent",
    "signals_response",
    "signals_recognition",
]


def _coprime(start: int, n: int) -> int:
    stride = start
    while math.gcd(stride, max(n, 1)) != 1:
        stride += 1
    return stride


def _run(cursor, sql: str, params: dict) -> None:
    cursor.execute(sql, params)


def _vocabulary(cursor, p, *, content, v):
    """Words (ranked common to rare), a pool of sentences drawn from them, and
    the themes and tags."""
    cursor.execute(
        "CREATE TEMP TABLE bench_word (rank int PRIMARY KEY, w text NOT NULL)"
        " ON COMMIT DROP"
    )
    cursor.execute(
        "INSERT INTO bench_word SELECT n, w"
        " FROM unnest(%s::text[]) WITH ORDINALITY AS x(w, n)",
        [content],
    )
    cursor.execute(
        "CREATE TEMP TABLE bench_stop (rank int PRIMARY KEY, w text NOT NULL)"
        " ON COMMIT DROP"
    )
    cursor.execute(
        "INSERT INTO bench_stop SELECT n, w"
        " FROM unnest(%s::text[]) WITH ORDINALITY AS x(w, n)",
        [v.STOPWORDS],
    )
    # A sentence: 7-16 words, a third of them stop words, the content words
    # skewed towards the common end of the list.
    _run(
        cursor,
        """
        CREATE TEMP TABLE bench_sentence ON COMMIT DROP AS
        SELECT t.id, pg_temp.cap(string_agg(coalesce(s.w, w.w), ' ' ORDER BY t.g)) AS s
        FROM (
            SELECT id, g,
                   pg_temp.r(id * 32 + g, 2) < 0.35 AS stop,
                   1 + pg_temp.ri(id * 32 + g, 3, %(stops)s) AS stop_rank,
                   1 + floor(%(words)s * pg_temp.r(id * 32 + g, 4) ^ 2.5)::int AS rank
            FROM generate_series(0, %(sentences)s - 1) id,
                 generate_series(1, 16) g
            WHERE g <= 7 + pg_temp.ri(id, 1, 10)
        ) t
        JOIN bench_word w ON w.rank = t.rank
        LEFT JOIN bench_stop s ON t.stop AND s.rank = t.stop_rank
        GROUP BY t.id
        """,
        {**p, "stops": len(v.STOPWORDS)},
    )
    cursor.execute("UPDATE bench_sentence SET s = s || '.'")
    cursor.execute("ALTER TABLE bench_sentence ADD PRIMARY KEY (id)")
    cursor.execute(
        "CREATE TEMP TABLE bench_rare ON COMMIT DROP AS SELECT n::int AS rank, w"
        " FROM unnest(%s::text[]) WITH ORDINALITY AS x(w, n)",
        [v.RARE],
    )
    cursor.execute(
        """
        INSERT INTO communities_theme (id, name, slug, description)
        SELECT n, name, pg_temp.slug(name),
               (SELECT s FROM bench_sentence WHERE id = n * 7)
        FROM unnest(%s::text[]) WITH ORDINALITY AS x(name, n)
        """,
        [v.THEMES],
    )
    # Tags: the content words, so tag slugs are the words themselves.
    cursor.execute(
        "INSERT INTO taggit_tag (id, name, slug)"
        " SELECT rank, w, pg_temp.slug(w) FROM bench_word"
    )


def _communities(cursor, p, *, v):
    national = [name for name, _kind in v.ORGANISATION_KINDS_NATIONAL]
    national_kinds = [kind for _name, kind in v.ORGANISATION_KINDS_NATIONAL]
    cursor.execute(
        """
        INSERT INTO communities_organisation (id, name, slug, kind, website)
        SELECT n, name, pg_temp.slug(name), kind, ''
        FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS x(name, kind, n)
        """,
        [national, national_kinds],
    )
    p["national"] = len(national)
    # Place names: stem + ending (+ a prefix once those run out), unique by
    # construction; CoP's and gemeenten walk the same list at different offsets.
    cursor.execute(
        """
        CREATE TEMP TABLE bench_place ON COMMIT DROP AS
        SELECT n, (%(prefixes)s::text[])[1 + (n / (%(stems)s * %(endings)s))]
                  || (%(stem)s::text[])[1 + mod(n, %(stems)s)]
                  || (%(ending)s::text[])[1 + mod(n / %(stems)s, %(endings)s)] AS name
        FROM generate_series(0, %(places)s - 1) n
        """,
        {
            "prefixes": v.PLACE_PREFIXES,
            "stem": v.PLACE_STEMS,
            "ending": v.PLACE_ENDINGS,
            "stems": len(v.PLACE_STEMS),
            "endings": len(v.PLACE_ENDINGS),
            "places": len(v.PLACE_STEMS) * len(v.PLACE_ENDINGS) * len(v.PLACE_PREFIXES),
        },
    )
    cursor.execute("ALTER TABLE bench_place ADD PRIMARY KEY (n)")
    regional = [prefix for prefix, _kind in v.ORGANISATION_KINDS_REGIONAL]
    regional_kinds = [kind for _prefix, kind in v.ORGANISATION_KINDS_REGIONAL]
    # Regional organisations: 85% gemeenten, the rest taalscholen and others.
    _run(
        cursor,
        """
        INSERT INTO communities_organisation (id, name, slug, kind, website)
        SELECT %(national)s + k, name, pg_temp.slug(name), kind, ''
        FROM (
            SELECT k,
                   CASE WHEN pg_temp.r(k, 20) < 0.85 THEN 'Gemeente ' || pl.name
                        ELSE (%(regional)s::text[])
                                 [1 + pg_temp.ri(k, 21, %(n_regional)s)]
                             || ' ' || pl.name END AS name,
                   CASE WHEN pg_temp.r(k, 20) < 0.85 THEN 'gemeente'
                        ELSE (%(regional_kinds)s::text[])
                                 [1 + pg_temp.ri(k, 21, %(n_regional)s)]
                   END AS kind
            FROM generate_series(1, %(orgs)s) k
            JOIN bench_place pl ON pl.n = mod(k * 7, 1000) + 1000 * (k / 1000)
        ) o
        """,
        {
            **p,
            "regional": regional,
            "regional_kinds": regional_kinds,
            "n_regional": len(regional),
        },
    )
    _run(
        cursor,
        """
        INSERT INTO communities_community
            (id, name, slug, description, running_since, contact_name,
             contact_email, is_active, ended_on, created_at, updated_at)
        SELECT c, 'CoP Inburgering – ' || pl.name, 'cop-' || pg_temp.slug(pl.name),
               (SELECT string_agg(s, ' ') FROM bench_sentence
                 WHERE id BETWEEN mod(c * 13, 19000) AND mod(c * 13, 19000) + 3),
               since, 'Contactpersoon CoP ' || pl.name, '',
               NOT ended,
               CASE WHEN ended THEN since + 300 + pg_temp.ri(c, 32, 400)::int END,
               since::timestamptz, since::timestamptz
        FROM (
            SELECT c, date '2022-01-10' + pg_temp.ri(c, 30, 1200)::int AS since,
                   pg_temp.r(c, 31) < 0.04 AS ended
            FROM generate_series(1, %(cops)s) c
        ) x
        JOIN bench_place pl ON pl.n = c - 1
        """,
        p,
    )
    # One or two arbeidsmarktregio's and two to four main themes per CoP.
    _run(
        cursor,
        """
        INSERT INTO communities_community_regions (community_id, region_id)
        SELECT DISTINCT c, r.id
        FROM generate_series(1, %(cops)s) c
        CROSS JOIN generate_series(0, 1) k
        JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n,
                     count(*) OVER () AS total FROM communities_region) r
          ON r.n = mod(c + k * 11, r.total)
        WHERE k = 0 OR pg_temp.r(c, 33) < 0.2
        """,
        p,
    )
    _run(
        cursor,
        """
        INSERT INTO communities_community_themes (community_id, theme_id)
        SELECT c, 1 + mod(pg_temp.ri(c, 34, %(themes)s) + k * 7, %(themes)s)
        FROM generate_series(1, %(cops)s) c, generate_series(0, 3) k
        WHERE k < 2 + pg_temp.ri(c, 35, 3)
        """,
        p,
    )


def _users(cursor, p, *, v):
    """Moderators (Divosa), the expertgroep, ketenpartners of the national
    organisations, then CoP members: member k belongs to CoP 1 + k mod C (the
    first one or two of each CoP are its trekkers), one in ten to a second CoP
    as well, and works for one of a handful of organisations of that CoP."""
    _run(
        cursor,
        """
        CREATE TEMP TABLE bench_user ON COMMIT DROP AS
        SELECT u AS id,
               CASE WHEN u > %(member0)s
                    THEN 1 + mod(u - %(member0)s - 1, %(cops)s) END AS community_id,
               CASE WHEN u <= %(moderators)s THEN 7
                    WHEN u <= %(partner0)s THEN NULL
                    WHEN u <= %(member0)s THEN 1 + mod(u - %(partner0)s - 1, 6)
                    ELSE %(national)s + 1 + mod(
                        mod(u - %(member0)s - 1, %(cops)s) * 3
                        + mod((u - %(member0)s - 1) / %(cops)s, 4), %(orgs)s)
               END AS organisation_id
        FROM generate_series(1, %(users)s) u
        """,
        p,
    )
    cursor.execute("ALTER TABLE bench_user ADD PRIMARY KEY (id)")
    _run(
        cursor,
        """
        INSERT INTO cop_portal_user
            (id, password, last_login, is_superuser, first_name, last_name,
             is_staff, is_active, date_joined, email, is_moderator, is_expert,
             is_chain_partner, organisation_id, session_epoch)
        SELECT id, %(password)s, NULL, false, first, last,
               id <= %(moderators)s, true,
               now() - (pg_temp.r(id, 41) * %(years)s * 365) * interval '1 day',
               lower(translate(first || '.' || last, 'ë', 'e')) || '.' || id
                   || CASE WHEN id <= %(moderators)s THEN '@divosa.example.org'
                           ELSE '@example.org' END,
               id <= %(moderators)s,
               id > %(expert0)s AND id <= %(partner0)s,
               id > %(partner0)s AND id <= %(member0)s,
               organisation_id, 0
        FROM (
            SELECT b.*,
                   (%(first)s::text[])[1 + pg_temp.ri(id, 42, %(n_first)s)] AS first,
                   (%(last)s::text[])[1 + pg_temp.ri(id, 43, %(n_last)s)] AS last
            FROM bench_user b
        ) x
        """,
        {
            **p,
            "first": v.FIRST_NAMES,
            "last": v.LAST_NAMES,
            "n_first": len(v.FIRST_NAMES),
            "n_last": len(v.LAST_NAMES),
        },
    )
    cursor.execute(
        """
        INSERT INTO account_emailaddress (id, email, verified, "primary", user_id)
        SELECT id, email, true, true, id FROM cop_portal_user
        """
    )
    _run(
        cursor,
        """
        INSERT INTO communities_membership
            (user_id, community_id, role, organisation_id, joined_on)
        SELECT id, community_id,
               CASE WHEN id - %(member0)s <= %(cops)s
                         OR (id - %(member0)s <= 2 * %(cops)s
                             AND pg_temp.r(id, 44) < 0.5)
                    THEN 'communitytrekker' ELSE 'deelnemer' END,
               organisation_id,
               (SELECT running_since FROM communities_community c
                 WHERE c.id = b.community_id) + pg_temp.ri(id, 45, 300)::int
        FROM bench_user b WHERE community_id IS NOT NULL
        UNION ALL
        SELECT id, 1 + mod(community_id + 6, %(cops)s), 'deelnemer', organisation_id,
               date '2024-01-01' + pg_temp.ri(id, 46, 600)::int
        FROM bench_user b
        WHERE community_id IS NOT NULL AND pg_temp.r(id, 47) < 0.1
          AND 1 + mod(community_id + 6, %(cops)s) <> community_id
        """,
        p,
    )


def _member(cop: str, salt: int, seed: str) -> str:
    """SQL: a member (user id) of the CoP `cop`, picked by the hash of seed."""
    return f"(%(member0)s + {cop} + %(cops)s * pg_temp.ri({seed}, {salt}, %(per_cop)s))"


def _trekker(cop: str) -> str:
    """SQL: the first trekker (user id) of the CoP `cop`."""
    return f"(%(member0)s + {cop})"


def _moderator(salt: int, seed: str) -> str:
    return f"(1 + pg_temp.ri({seed}, {salt}, %(moderators)s))"


def _sessions(cursor, p):
    """Sessions in blocks per CoP, over four years and the coming quarter."""
    _run(
        cursor,
        f"""
        INSERT INTO communities_session
            (id, title, slug, starts_at, ends_at, location, online_url, agenda,
             report, outcome_own, outcome_chain, outcome_other_party,
             created_at, updated_at, community_id, created_by_id)
        SELECT j, title, pg_temp.slug(title) || '-' || j, starts,
               starts + interval '2 hours',
               CASE WHEN online THEN '' ELSE 'Stadhuis, zaal ' || w2.w END,
               CASE WHEN online THEN 'https://meet.example.org/cop-' || j ELSE '' END,
               s1.s || ' ' || s2.s,
               CASE WHEN past THEN s3.s || ' ' || s4.s ELSE '' END,
               CASE WHEN past THEN s2.s ELSE '' END,
               CASE WHEN past THEN s3.s ELSE '' END,
               CASE WHEN past AND pg_temp.r(j, 55) < 0.5 THEN s4.s ELSE '' END,
               starts - interval '30 days', starts - interval '30 days', cop,
               {_trekker("cop")}
        FROM (
            SELECT j, 1 + ((j - 1) * %(cops)s) / %(sessions)s AS cop,
                   date_trunc('hour', now() - interval '{YEARS} years'
                       + pg_temp.r(j, 50)
                         * (interval '{YEARS} years' + interval '90 days'))
                       + interval '9 hours' AS starts,
                   pg_temp.r(j, 51) < 0.3 AS online
            FROM generate_series(1, %(sessions)s) j
        ) x
        CROSS JOIN LATERAL (SELECT starts < now() AS past) y
        JOIN bench_word w1 ON w1.rank = 1 + pg_temp.ri(j, 52, 120)
        JOIN bench_word w2 ON w2.rank = 1 + pg_temp.ri(j, 53, %(words)s)
        CROSS JOIN LATERAL (
            SELECT 'Bijeenkomst over ' || w1.w || ' en ' || w2.w AS title
        ) t
        JOIN bench_sentence s1 ON s1.id = pg_temp.ri(j, 56, %(sentences)s)
        JOIN bench_sentence s2 ON s2.id = pg_temp.ri(j, 57, %(sentences)s)
        JOIN bench_sentence s3 ON s3.id = pg_temp.ri(j, 58, %(sentences)s)
        JOIN bench_sentence s4 ON s4.id = pg_temp.ri(j, 59, %(sentences)s)
        """,  # noqa: S608 - SQL from constants
        p,
    )
    cursor.execute(
        """
        CREATE TEMP TABLE bench_cop_sessions ON COMMIT DROP AS
        SELECT community_id AS cop, min(id) AS first, count(*) AS n
        FROM communities_session GROUP BY community_id
        """
    )
    cursor.execute("ALTER TABLE bench_cop_sessions ADD PRIMARY KEY (cop)")
    _run(
        cursor,
        """
        INSERT INTO communities_session_themes (session_id, theme_id)
        SELECT j, 1 + mod(pg_temp.ri(j, 60, %(themes)s) + k * 7, %(themes)s)
        FROM generate_series(1, %(sessions)s) j, generate_series(0, 1) k
        WHERE k = 0 OR pg_temp.r(j, 61) < 0.4
        """,
        p,
    )
    # Six to ten attendees from the CoP's members (distinct: a stride of one
    # CoP-block each), for sessions that took place.
    _run(
        cursor,
        """
        INSERT INTO communities_session_attendees (session_id, user_id)
        SELECT s.id, %(member0)s + s.community_id
               + %(cops)s * mod(pg_temp.ri(s.id, 62, %(per_cop)s) + k, %(per_cop)s)
        FROM communities_session s, generate_series(0, 9) k
        WHERE s.starts_at < now()
          AND k < least(6 + pg_temp.ri(s.id, 63, 5), %(per_cop)s)
          AND %(member0)s + s.community_id
              + %(cops)s * mod(pg_temp.ri(s.id, 62, %(per_cop)s) + k, %(per_cop)s)
              <= %(users)s
        """,
        p,
    )
    _run(
        cursor,
        """
        INSERT INTO communities_session_guest_organisations
            (session_id, organisation_id)
        SELECT j, 1 + pg_temp.ri(j, 64, 6)
        FROM generate_series(1, %(sessions)s) j WHERE pg_temp.r(j, 65) < 0.3
        """,
        p,
    )


# Share of each product status (cumulative), and of each kind.
_PRODUCT_STATUS = """
    CASE WHEN u < 0.84 THEN 'gepubliceerd' WHEN u < 0.90 THEN 'gearchiveerd'
         WHEN u < 0.94 THEN 'concept' WHEN u < 0.97 THEN 'ter_toetsing'
         ELSE 'goedgekeurd' END"""
_PRODUCT_KIND = """
    CASE WHEN k < 0.25 THEN 'handreiking' WHEN k < 0.40 THEN 'factsheet'
         WHEN k < 0.60 THEN 'verslag' WHEN k < 0.75 THEN 'goede_praktijk'
         WHEN k < 0.83 THEN 'infographic' WHEN k < 0.88 THEN 'qa'
         WHEN k < 0.95 THEN 'webinar' ELSE 'antwoord_op_signaal' END"""


def _products(cursor, p):
    """Kennisproducten with a Markdown body whose HTML and plain text are
    written here exactly as KnowledgeProduct.save() renders them (paragraphs,
    an h2, a list), and the search vector of update_search_vector()."""
    p["revisions"] = max(1, p["products"] // 200)
    p["originals"] = p["products"] - p["revisions"]
    _run(
        cursor,
        f"""
        CREATE TEMP TABLE bench_kp ON COMMIT DROP AS
        SELECT i, {_PRODUCT_STATUS} AS status, {_PRODUCT_KIND} AS kind,
               1 + pg_temp.ri(i, 72, %(cops)s) AS cop,
               CASE WHEN pg_temp.r(i, 73) < 0.2 THEN 'leden' ELSE 'openbaar' END
                   AS visibility,
               CASE WHEN pg_temp.r(i, 74) < 0.3 THEN 'regionaal' ELSE 'landelijk' END
                   AS scope,
               now() - interval '{YEARS} years'
                   + pg_temp.r(i, 75) * (interval '{YEARS} years' - interval '60 days')
                   AS created,
               CASE WHEN pg_temp.r(i, 76) < 0.1 THEN 1 + pg_temp.ri(i, 77, 3) ELSE 0 END
                   AS earlier
        FROM generate_series(1, %(originals)s) i,
             LATERAL (SELECT pg_temp.r(i, 70) AS u, pg_temp.r(i, 71) AS k) x
        """,  # noqa: S608 - SQL from constants
        p,
    )
    cursor.execute("ALTER TABLE bench_kp ADD PRIMARY KEY (i)")
    # The text pieces of each product, aggregated per part of the page.
    _run(
        cursor,
        """
        CREATE TEMP TABLE bench_kp_text ON COMMIT DROP AS
        SELECT i,
               string_agg(s, ' ' ORDER BY g) FILTER (WHERE part = 1) AS p1,
               string_agg(s, ' ' ORDER BY g) FILTER (WHERE part = 2) AS heading,
               string_agg(s, ' ' ORDER BY g) FILTER (WHERE part = 3) AS p2,
               array_agg(s ORDER BY g) FILTER (WHERE part = 4) AS items,
               string_agg(s, ' ' ORDER BY g) FILTER (WHERE part = 5) AS p3,
               string_agg(s, ' ' ORDER BY g) FILTER (WHERE part = 6) AS summary
        FROM (
            SELECT i, g,
                   CASE WHEN g <= a THEN 1 WHEN g = a + 1 THEN 2
                        WHEN g <= a + 1 + b THEN 3 WHEN g <= a + 4 + b THEN 4
                        WHEN g <= a + 4 + b + c THEN 5 ELSE 6 END AS part,
                   sn.s
            FROM (
                SELECT i, 2 + pg_temp.ri(i, 80, 3) AS a, 2 + pg_temp.ri(i, 81, 3) AS b,
                       1 + pg_temp.ri(i, 82, 3) AS c
                FROM generate_series(1, %(products)s) i
            ) x
            CROSS JOIN generate_series(1, 16) g
            JOIN bench_sentence sn ON sn.id = pg_temp.ri(i * 32 + g, 83, %(sentences)s)
            WHERE g <= a + b + c + 6
        ) t
        GROUP BY i
        """,
        p,
    )
    cursor.execute("ALTER TABLE bench_kp_text ADD PRIMARY KEY (i)")
    _run(
        cursor,
        """
        CREATE TEMP TABLE bench_kp_title ON COMMIT DROP AS
        SELECT i, pg_temp.cap(string_agg(w.w, ' ' ORDER BY g)) AS title
        FROM generate_series(1, %(products)s) i
        CROSS JOIN generate_series(1, 8) g
        JOIN bench_word w
          ON w.rank = 1 + floor(%(words)s * pg_temp.r(i * 8 + g, 84) ^ 1.5)::int
        WHERE g <= 3 + pg_temp.ri(i, 85, 5)
        GROUP BY i
        """,
        p,
    )
    cursor.execute("ALTER TABLE bench_kp_title ADD PRIMARY KEY (i)")
    # One product in seventy mentions a rare word, at the end of its last paragraph.
    _run(
        cursor,
        """
        UPDATE bench_kp_text t SET p3 = p3 || ' Zie ook de ' || r.w || '.'
        FROM bench_rare r
        WHERE pg_temp.r(t.i, 86) < 0.015
          AND r.rank = 1 + pg_temp.ri(t.i, 87, (SELECT count(*) FROM bench_rare))
        """,
        p,
    )
    _run(
        cursor,
        f"""
        INSERT INTO knowledge_knowledgeproduct
            (id, kind, title, slug, summary, body, body_html, body_text, scope,
             visibility, status, version, created_at, updated_at, published_at,
             reviewed_at, search_vector, community_id, created_by_id, revision_of_id)
        SELECT k.i, k.kind, ti.title, left(pg_temp.slug(ti.title), 60) || '-' || k.i,
               t.summary,
               t.p1 || E'\\n\\n## ' || t.heading || E'\\n\\n' || t.p2 || E'\\n\\n- '
                   || array_to_string(t.items, E'\\n- ') || E'\\n\\n' || t.p3,
               '<p>' || t.p1 || E'</p>\\n<h2>' || t.heading || E'</h2>\\n<p>' || t.p2
                   || E'</p>\\n<ul>\\n<li>' || array_to_string(t.items, E'</li>\\n<li>')
                   || E'</li>\\n</ul>\\n<p>' || t.p3 || '</p>',
               t.p1 || ' ' || t.heading || ' ' || t.p2 || ' '
                   || array_to_string(t.items, ' ') || ' ' || t.p3,
               k.scope, k.visibility, k.status,
               CASE WHEN k.status IN ('gepubliceerd', 'gearchiveerd') THEN 1 + k.earlier
                    ELSE 0 END,
               k.created, coalesce(d.published, k.created), d.published,
               CASE WHEN k.status IN ('goedgekeurd', 'gepubliceerd', 'gearchiveerd')
                    THEN coalesce(d.published, k.created + interval '20 days')
                         - interval '2 days' END,
               setweight(to_tsvector('dutch'::regconfig, ti.title), 'A')
               || setweight(to_tsvector('dutch'::regconfig, t.summary), 'B')
               || setweight(to_tsvector('dutch'::regconfig,
                      t.p1 || ' ' || t.heading || ' ' || t.p2 || ' '
                      || array_to_string(t.items, ' ') || ' ' || t.p3), 'C'),
               k.cop, {_trekker("k.cop")}, NULL
        FROM bench_kp k
        JOIN bench_kp_text t ON t.i = k.i
        JOIN bench_kp_title ti ON ti.i = k.i
        CROSS JOIN LATERAL (
            SELECT CASE WHEN k.status IN ('gepubliceerd', 'gearchiveerd')
                        THEN k.created
                             + (5 + pg_temp.r(k.i, 88) * 50) * interval '1 day'
                   END AS published
        ) d
        """,  # noqa: S608 - SQL from constants
        p,
    )
    # New versions in the making of some published products (revision_of):
    # a concept or a version under review, with the product's slug.
    _run(
        cursor,
        """
        INSERT INTO knowledge_knowledgeproduct
            (id, kind, title, slug, summary, body, body_html, body_text, scope,
             visibility, status, version, created_at, updated_at, published_at,
             reviewed_at, search_vector, community_id, created_by_id, revision_of_id)
        SELECT %(originals)s + n, o.kind, o.title, o.slug, o.summary,
               o.body || E'\\n\\n' || s.s, o.body_html || E'\\n<p>' || s.s || '</p>',
               o.body_text || ' ' || s.s, o.scope, o.visibility,
               CASE WHEN mod(n, 2) = 0 THEN 'concept' ELSE 'ter_toetsing' END, 0,
               now() - pg_temp.r(n, 90) * interval '60 days',
               now() - pg_temp.r(n, 90) * interval '60 days', NULL, NULL,
               setweight(to_tsvector('dutch'::regconfig, o.title), 'A')
               || setweight(to_tsvector('dutch'::regconfig, o.summary), 'B')
               || setweight(
                      to_tsvector('dutch'::regconfig, o.body_text || ' ' || s.s), 'C'),
               o.community_id, o.created_by_id, o.id
        FROM (
            SELECT id, row_number() OVER (ORDER BY id) AS rn, count(*) OVER () AS total
            FROM knowledge_knowledgeproduct WHERE status = 'gepubliceerd'
        ) pub
        JOIN generate_series(1, %(revisions)s) n
          ON pub.rn = 1 + (n - 1) * greatest(1, pub.total / %(revisions)s)
        JOIN knowledge_knowledgeproduct o ON o.id = pub.id
        JOIN bench_sentence s ON s.id = pg_temp.ri(n, 91, %(sentences)s)
        """,
        p,
    )
    # Themes (one to three), tags (none to four, skewed to common words),
    # authors (the trekker, sometimes a member), sessions (a quarter).
    _run(
        cursor,
        """
        INSERT INTO knowledge_knowledgeproduct_themes (knowledgeproduct_id, theme_id)
        SELECT i, 1 + mod(pg_temp.ri(coalesce(kp.revision_of_id, i), 92, %(themes)s)
                          + k * 7, %(themes)s)
        FROM knowledge_knowledgeproduct kp
        CROSS JOIN LATERAL (SELECT kp.id AS i) x, generate_series(0, 2) k
        WHERE k < 1 + pg_temp.ri(coalesce(kp.revision_of_id, i), 93, 3)
        """,
        p,
    )
    cursor.execute(
        "SELECT id FROM django_content_type"
        " WHERE app_label = 'knowledge' AND model = 'knowledgeproduct'"
    )
    p["product_type"] = cursor.fetchone()[0]
    _run(
        cursor,
        """
        INSERT INTO taggit_taggeditem (object_id, content_type_id, tag_id)
        SELECT kp.id, %(product_type)s,
               1 + mod(floor(%(words)s
                             * pg_temp.r(coalesce(kp.revision_of_id, kp.id), 94) ^ 2
                       )::int + k * 13, %(words)s)
        FROM knowledge_knowledgeproduct kp, generate_series(0, 3) k
        WHERE k < pg_temp.ri(coalesce(kp.revision_of_id, kp.id), 95, 5)
        """,
        p,
    )
    _run(
        cursor,
        """
        INSERT INTO knowledge_knowledgeproduct_authors (knowledgeproduct_id, user_id)
        SELECT id, created_by_id FROM knowledge_knowledgeproduct
        UNION
        SELECT id, %(member0)s + community_id
                   + %(cops)s * (1 + pg_temp.ri(id, 96, greatest(1, %(per_cop)s - 1)))
        FROM knowledge_knowledgeproduct
        WHERE pg_temp.r(id, 97) < 0.4
          AND %(member0)s + community_id
              + %(cops)s * (1 + pg_temp.ri(id, 96, greatest(1, %(per_cop)s - 1)))
              <= %(users)s
        """,
        p,
    )
    _run(
        cursor,
        """
        INSERT INTO knowledge_knowledgeproduct_sessions
            (knowledgeproduct_id, session_id)
        SELECT kp.id, cs.first + pg_temp.ri(kp.id, 98, cs.n)
        FROM knowledge_knowledgeproduct kp
        JOIN bench_cop_sessions cs ON cs.cop = kp.community_id
        WHERE pg_temp.r(kp.id, 99) < 0.25
        """,
        p,
    )
    # Q&A products: four to ten questions each, on the product's first theme.
    _run(
        cursor,
        """
        INSERT INTO knowledge_questionanswer
            (product_id, theme_id, question, answer, answer_html, anchor, position)
        SELECT kp.id, th.theme_id, q.question, a.s, '<p>' || a.s || '</p>',
               left(pg_temp.slug(q.question), 60) || '-' || n, n
        FROM knowledge_knowledgeproduct kp
        CROSS JOIN generate_series(1, 10) n
        JOIN LATERAL (
            SELECT min(theme_id) AS theme_id FROM knowledge_knowledgeproduct_themes
            WHERE knowledgeproduct_id = kp.id
        ) th ON true
        JOIN bench_sentence qs
          ON qs.id = pg_temp.ri(coalesce(kp.revision_of_id, kp.id) * 16 + n, 100,
                                %(sentences)s)
        CROSS JOIN LATERAL (SELECT rtrim(qs.s, '.') || '?' AS question) q
        JOIN bench_sentence a
          ON a.id = pg_temp.ri(coalesce(kp.revision_of_id, kp.id) * 16 + n, 101,
                               %(sentences)s)
        WHERE kp.kind = 'qa'
          AND n <= 4 + pg_temp.ri(coalesce(kp.revision_of_id, kp.id), 102, 7)
        """,
        p,
    )
    # The search vector and vocabulary words as update_search_vector()
    # writes them: compound parts are split in Python (cop_portal.textsearch),
    # so the same batch re-index the migration runs, not SQL alone.
    from knowledge.search import reindex_products

    reindex_products()


def _product_histories(cursor, p):
    """Status changes and reviews that lead to each product's status, and the
    earlier published versions of products published more than once."""
    # Each publication round: submit, approve, publish, spread between the
    # creation and the (latest) publication.
    _run(
        cursor,
        """
        CREATE TEMP TABLE bench_kp_round ON COMMIT DROP AS
        SELECT kp.id, kp.status, v AS round, kp.version, kp.created_at, kp.community_id,
               kp.created_at + (kp.published_at - kp.created_at) * (v - 1) / kp.version
                   AS round_start,
               kp.created_at + (kp.published_at - kp.created_at) * v / kp.version
                   AS round_end
        FROM knowledge_knowledgeproduct kp, generate_series(1, 4) v
        WHERE kp.version >= v
        """,
        p,
    )
    _run(
        cursor,
        f"""
        INSERT INTO knowledge_statuschange
            (product_id, actor_id, transition, from_status, to_status, comment,
             created_at)
        SELECT id, actor, transition, from_status, to_status, comment, at
        FROM (
            -- published rounds
            SELECT r.id, {_trekker("r.community_id")} AS actor, 'submit' AS transition,
                   'concept' AS from_status, 'ter_toetsing' AS to_status, '' AS comment,
                   r.round_start + (r.round_end - r.round_start) * 0.2 AS at
            FROM bench_kp_round r
            UNION ALL
            SELECT r.id,
                   %(expert0)s + 1 + pg_temp.ri(r.id * 4 + r.round, 110, %(experts)s),
                   'approve', 'ter_toetsing', 'goedgekeurd', '',
                   r.round_start + (r.round_end - r.round_start) * 0.6
            FROM bench_kp_round r
            UNION ALL
            SELECT r.id, {_moderator(111, "r.id * 4 + r.round")}, 'publish',
                   'goedgekeurd', 'gepubliceerd', '', r.round_end
            FROM bench_kp_round r
            UNION ALL
            -- archived: after the last round
            SELECT kp.id, {_moderator(112, "kp.id")}, 'archive', 'gepubliceerd',
                   'gearchiveerd', '', kp.published_at + interval '30 days'
            FROM knowledge_knowledgeproduct kp WHERE kp.status = 'gearchiveerd'
            UNION ALL
            -- never published: submitted (and approved) recently
            SELECT kp.id, {_trekker("kp.community_id")}, 'submit', 'concept',
                   'ter_toetsing', '', kp.created_at + interval '3 days'
            FROM knowledge_knowledgeproduct kp
            WHERE kp.status IN ('ter_toetsing', 'goedgekeurd')
               OR (kp.status = 'concept' AND pg_temp.r(kp.id, 113) < 0.3)
            UNION ALL
            SELECT kp.id, %(expert0)s + 1 + pg_temp.ri(kp.id, 114, %(experts)s),
                   'approve', 'ter_toetsing', 'goedgekeurd', '',
                   kp.created_at + interval '10 days'
            FROM knowledge_knowledgeproduct kp WHERE kp.status = 'goedgekeurd'
            UNION ALL
            SELECT kp.id, %(expert0)s + 1 + pg_temp.ri(kp.id, 114, %(experts)s),
                   'request_changes', 'ter_toetsing', 'concept', s.s,
                   kp.created_at + interval '10 days'
            FROM knowledge_knowledgeproduct kp
            JOIN bench_sentence s ON s.id = pg_temp.ri(kp.id, 115, %(sentences)s)
            WHERE kp.status = 'concept' AND pg_temp.r(kp.id, 113) < 0.3
        ) h
        """,  # noqa: S608 - SQL from constants
        p,
    )
    cursor.execute(
        """
        INSERT INTO knowledge_review
            (decision, comment, created_at, product_id, reviewer_id)
        SELECT CASE transition WHEN 'approve' THEN 'approve' ELSE 'request_changes' END,
               comment, created_at, product_id, actor_id
        FROM knowledge_statuschange
        WHERE transition IN ('approve', 'request_changes')
        """
    )
    # Earlier published versions: what readers saw before the latest round.
    _run(
        cursor,
        f"""
        INSERT INTO knowledge_publishedversion
            (product_id, number, kind, title, summary, body, body_html, visibility,
             themes, tags, entries, attachments, published_at, published_by_id)
        SELECT r.id, r.round, kp.kind, kp.title, kp.summary,
               kp.body, kp.body_html, kp.visibility,
               coalesce((SELECT jsonb_agg(t.name ORDER BY t.name)
                           FROM knowledge_knowledgeproduct_themes kt
                           JOIN communities_theme t ON t.id = kt.theme_id
                          WHERE kt.knowledgeproduct_id = r.id), '[]'::jsonb),
               '[]'::jsonb, '[]'::jsonb, '[]'::jsonb,
               r.round_end, {_moderator(111, "r.id * 4 + r.round")}
        FROM bench_kp_round r
        JOIN knowledge_knowledgeproduct kp ON kp.id = r.id
        WHERE r.round < r.version
        """,  # noqa: S608 - SQL from constants
        p,
    )


# What a signal's full life would be (after submit); the events that fall
# after now are cut off, so recent signals are still new or in treatment.
_SIGNAL_PATH = """
    CASE WHEN f < 0.62 THEN ARRAY['accept'] || mid || ARRAY['respond', 'close']
         WHEN f < 0.66 THEN ARRAY['accept'] || mid
                            || ARRAY['respond', 'close', 'reopen']
         WHEN f < 0.74 THEN ARRAY['reject']
         WHEN f < 0.80 THEN ARRAY['accept'] || mid || ARRAY['reject']
         WHEN f < 0.85 AND i > 1 THEN
              CASE WHEN g < 0.5 THEN ARRAY['merge'] ELSE ARRAY['accept', 'merge'] END
         WHEN f < 0.92 THEN ARRAY['accept'] || mid || ARRAY['respond']
         ELSE ARRAY['accept'] || mid END"""
# Days before each kind of event, after the one before it.
_SIGNAL_GAP = """
    CASE kind WHEN 'submit' THEN 0 WHEN 'accept' THEN 1 + 14 * u
              WHEN 'escalate' THEN 10 + 50 * u WHEN 'respond' THEN 5 + 45 * u
              WHEN 'close' THEN 3 + 27 * u WHEN 'reject' THEN 2 + 18 * u
              WHEN 'merge' THEN 1 + 19 * u ELSE 10 + 110 * u END"""
_STATUS_AFTER = """
    CASE kind WHEN 'submit' THEN 'nieuw' WHEN 'respond' THEN 'beantwoord'
              WHEN 'close' THEN 'gesloten' WHEN 'reject' THEN 'gesloten'
              WHEN 'merge' THEN 'gesloten' ELSE 'in_behandeling' END"""


def _signals(cursor, p):
    """Signals, raised by members of their CoP over four years, each with the
    events of its life so far (the append-only history: inserted, never
    changed), the answers, and the state those events lead to."""
    _run(
        cursor,
        f"""
        CREATE TEMP TABLE bench_sig ON COMMIT DROP AS
        SELECT i, cop, {_member("cop", 120, "i")} AS raiser,
               now() - interval '{YEARS} years'
                   + pg_temp.r(i, 121) ^ 0.8 * interval '{YEARS} years' AS created,
               {_SIGNAL_PATH} AS path
        FROM (
            SELECT i, 1 + pg_temp.ri(i, 122, %(cops)s) AS cop,
                   pg_temp.r(i, 123) AS f, pg_temp.r(i, 124) AS g,
                   CASE WHEN pg_temp.r(i, 125) < 0.70 THEN '{{}}'::text[]
                        WHEN pg_temp.r(i, 125) < 0.92 THEN ARRAY['escalate']
                        ELSE ARRAY['escalate', 'escalate'] END AS mid
            FROM generate_series(1, %(signals)s) i
        ) x
        """,  # noqa: S608 - SQL from constants
        p,
    )
    # A raiser past the last member of a small CoP falls back on its trekker.
    _run(
        cursor,
        f"""
        UPDATE bench_sig SET raiser = {_trekker("cop")} WHERE raiser > %(users)s
        """,  # noqa: S608 - SQL from constants
        p,
    )
    cursor.execute("ALTER TABLE bench_sig ADD PRIMARY KEY (i)")
    _run(
        cursor,
        f"""
        CREATE TEMP TABLE bench_ev ON COMMIT DROP AS
        SELECT i, n, kind, at,
               {_STATUS_AFTER} AS to_status,
               (ARRAY['uitvoering', 'schakel', 'stelsel'])[1 + escalations] AS to_level,
               escalations
        FROM (
            SELECT i, n, kind, at,
                   count(*) FILTER (WHERE kind = 'escalate')
                       OVER (PARTITION BY i ORDER BY n) AS escalations
            FROM (
                SELECT s.i, e.n, e.kind,
                       s.created + sum(({_SIGNAL_GAP}) * interval '1 day')
                           OVER (PARTITION BY s.i ORDER BY e.n) AS at
                FROM bench_sig s,
                     unnest(ARRAY['submit'] || s.path) WITH ORDINALITY AS e(kind, n),
                     LATERAL (SELECT pg_temp.r(s.i * 8 + e.n, 126) AS u) x
            ) timed
            WHERE at <= now()
        ) y
        """,  # noqa: S608 - SQL from constants
        p,
    )
    cursor.execute("ALTER TABLE bench_ev ADD PRIMARY KEY (i, n)")
    # Addressed organisation at each escalation: required at stelselniveau.
    _run(
        cursor,
        """
        CREATE TEMP TABLE bench_ev2 ON COMMIT DROP AS
        SELECT e.*,
               coalesce(lag(to_status) OVER w, '') AS from_status,
               coalesce(lag(to_level) OVER w, '') AS from_level,
               CASE WHEN kind = 'escalate'
                         AND (to_level = 'stelsel' OR pg_temp.r(i * 8 + n, 130) < 0.7)
                    THEN 1 + pg_temp.ri(i * 8 + n, 131, 6) END AS addressed_to
        FROM bench_ev e
        WINDOW w AS (PARTITION BY i ORDER BY n)
        """,
        p,
    )
    cursor.execute("ALTER TABLE bench_ev2 ADD PRIMARY KEY (i, n)")
    # The state each signal's last event left it in.
    _run(
        cursor,
        """
        CREATE TEMP TABLE bench_state ON COMMIT DROP AS
        SELECT s.i, s.cop, s.raiser, s.created, last.kind AS last_kind,
               last.to_status AS status, last.to_level AS level, last.at AS last_at,
               last.n AS events,
               CASE last.kind WHEN 'close' THEN 'teruggekoppeld'
                              WHEN 'reject' THEN 'afgewezen'
                              WHEN 'merge' THEN 'samengevoegd' ELSE '' END AS closure,
               (SELECT max(at) FROM bench_ev2 e
                 WHERE e.i = s.i AND e.kind IN ('submit', 'escalate')) AS entered,
               (SELECT addressed_to FROM bench_ev2 e
                 WHERE e.i = s.i AND e.kind = 'escalate' ORDER BY n DESC LIMIT 1)
                   AS addressed_to,
               EXISTS (SELECT FROM bench_ev2 e WHERE e.i = s.i AND e.kind = 'close')
                   AS closed_once,
               EXISTS (SELECT FROM bench_ev2 e WHERE e.i = s.i AND e.kind = 'accept')
                   AND pg_temp.r(s.i, 132) < 0.5 AS handled
        FROM bench_sig s
        JOIN LATERAL (
            SELECT * FROM bench_ev2 e WHERE e.i = s.i ORDER BY n DESC LIMIT 1
        ) last ON true
        """,
        p,
    )
    cursor.execute("ALTER TABLE bench_state ADD PRIMARY KEY (i)")
    _run(
        cursor,
        f"""
        INSERT INTO signals_signal
            (id, title, description, level, status, closure, feedback,
             entered_level_at, due_at, version, created_at, updated_at,
             addressed_to_id, community_id, handler_id, merged_into_id,
             organisation_id, raised_by_id, session_id, knowledge_product_id)
        SELECT st.i, t.title, d1.s || ' ' || d2.s || ' ' || d3.s, st.level, st.status,
               st.closure, CASE WHEN st.closed_once THEN fb.s ELSE '' END,
               st.entered,
               pg_temp.add_working_days(
                   CASE WHEN st.last_kind = 'reopen' THEN st.last_at
                        ELSE st.entered END,
                   CASE st.level WHEN 'uitvoering' THEN %(term_uitvoering)s
                                 WHEN 'schakel' THEN %(term_schakel)s
                                 ELSE %(term_stelsel)s END),
               st.events, st.created, st.last_at, st.addressed_to, st.cop,
               CASE WHEN st.handled THEN {_moderator(133, "st.i")} END,
               CASE WHEN st.closure = 'samengevoegd'
                    THEN st.i - 1 - pg_temp.ri(st.i, 134, least(st.i - 1, 5000)) END,
               u.organisation_id, st.raiser,
               CASE WHEN pg_temp.r(st.i, 135) < 0.2
                    THEN cs.first + pg_temp.ri(st.i, 136, cs.n) END,
               NULL
        FROM bench_state st
        JOIN bench_user u ON u.id = st.raiser
        LEFT JOIN bench_cop_sessions cs ON cs.cop = st.cop
        JOIN bench_sentence d1 ON d1.id = pg_temp.ri(st.i, 137, %(sentences)s)
        JOIN bench_sentence d2 ON d2.id = pg_temp.ri(st.i, 138, %(sentences)s)
        JOIN bench_sentence d3 ON d3.id = pg_temp.ri(st.i, 139, %(sentences)s)
        JOIN bench_sentence fb ON fb.id = pg_temp.ri(st.i, 140, %(sentences)s)
        JOIN bench_word w1
          ON w1.rank = 1 + floor(%(words)s * pg_temp.r(st.i, 141) ^ 1.5)::int
        JOIN bench_word w2
          ON w2.rank = 1 + floor(%(words)s * pg_temp.r(st.i, 142) ^ 1.5)::int
        JOIN bench_word w3
          ON w3.rank = 1 + floor(%(words)s * pg_temp.r(st.i, 143) ^ 1.5)::int
        CROSS JOIN LATERAL (
            SELECT (ARRAY['Knelpunt', 'Probleem', 'Vraag', 'Signaal', 'Zorg'])
                       [1 + pg_temp.ri(st.i, 144, 5)]
                   || ' bij ' || w1.w || ' en ' || w2.w || ' rond ' || w3.w AS title
        ) t
        """,  # noqa: S608 - SQL from constants
        p,
    )
    _run(
        cursor,
        """
        INSERT INTO signals_signal_themes (signal_id, theme_id)
        SELECT i, 1 + mod(pg_temp.ri(i, 150, %(themes)s) + k * 7, %(themes)s)
        FROM generate_series(1, %(signals)s) i, generate_series(0, 1) k
        WHERE k = 0 OR pg_temp.r(i, 151) < 0.4
        """,
        p,
    )
    # A ketenpartner of the addressed organisation answers half of what
    # is addressed to one; moderators do everything else.
    _run(
        cursor,
        f"""
        CREATE TEMP TABLE bench_ev3 ON COMMIT DROP AS
        SELECT e.*,
               CASE WHEN e.kind = 'submit' THEN s.raiser
                    WHEN e.kind = 'respond' AND e.to_level <> 'uitvoering'
                         AND st.addressed_to IS NOT NULL AND pg_temp.r(e.i, 160) < 0.5
                    THEN %(partner0)s + st.addressed_to
                    ELSE {_moderator(161, "e.i * 8 + e.n")} END AS actor,
               CASE WHEN e.kind IN ('close', 'reject', 'reopen', 'escalate')
                         OR (e.kind = 'merge' AND pg_temp.r(e.i, 162) < 0.5)
                    THEN 1 ELSE 0 END AS with_reason
        FROM bench_ev2 e
        JOIN bench_sig s ON s.i = e.i
        JOIN bench_state st ON st.i = e.i
        """,  # noqa: S608 - SQL from constants
        p,
    )
    _run(
        cursor,
        """
        INSERT INTO signals_signalevent
            (kind, created_at, from_level, to_level, from_status, to_status,
             reason, tried, actor_id, addressed_to_id, signal_id, target_id)
        SELECT e.kind, e.at, e.from_level, e.to_level, e.from_status, e.to_status,
               CASE WHEN e.kind = 'close' THEN sig.feedback
                    WHEN e.with_reason = 1 THEN rs.s ELSE '' END,
               CASE WHEN e.kind = 'escalate' THEN tr.s ELSE '' END,
               e.actor, e.addressed_to, e.i,
               CASE WHEN e.kind = 'merge' THEN sig.merged_into_id END
        FROM bench_ev3 e
        JOIN signals_signal sig ON sig.id = e.i
        JOIN bench_sentence rs ON rs.id = pg_temp.ri(e.i * 8 + e.n, 163, %(sentences)s)
        JOIN bench_sentence tr ON tr.id = pg_temp.ri(e.i * 8 + e.n, 164, %(sentences)s)
        ORDER BY e.at
        """,
        p,
    )
    _run(
        cursor,
        """
        INSERT INTO signals_response
            (level, body, created_at, author_id, organisation_id, signal_id)
        SELECT e.to_level, a1.s || ' ' || a2.s, e.at, e.actor, u.organisation_id, e.i
        FROM bench_ev3 e
        JOIN bench_user u ON u.id = e.actor
        JOIN bench_sentence a1 ON a1.id = pg_temp.ri(e.i * 8 + e.n, 165, %(sentences)s)
        JOIN bench_sentence a2 ON a2.id = pg_temp.ri(e.i * 8 + e.n, 166, %(sentences)s)
        WHERE e.kind = 'respond'
        """,
        p,
    )
    cursor.execute("ANALYZE signals_signal")
    # Answers turned into knowledge: published 'antwoord op signaal'
    # products, each linked to one signal closed with feedback.
    cursor.execute(
        """
        UPDATE signals_signal s SET knowledge_product_id = pair.product
        FROM (
            SELECT sig.id AS signal, kp.id AS product
            FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM signals_signal
                  WHERE closure = 'teruggekoppeld') sig
            JOIN (SELECT id, row_number() OVER (ORDER BY id) AS rn
                  FROM knowledge_knowledgeproduct
                  WHERE kind = 'antwoord_op_signaal' AND status = 'gepubliceerd'
                    AND revision_of_id IS NULL) kp ON kp.rn = sig.rn
        ) pair
        WHERE s.id = pair.signal
        """
    )


def _recognitions(cursor, p):
    """'Speelt bij ons ook': skewed over three in five signals (a few
    recognised by hundreds, most by a handful, the other two in five by
    nobody), each by distinct members, as they were at the time (their CoP
    and organisation)."""
    _run(
        cursor,
        """
        INSERT INTO signals_recognition
            (created_at, community_id, organisation_id, user_id, signal_id)
        SELECT s.created_at + pg_temp.r(x.r, 170)
                   * least(now() - s.created_at, interval '365 days'),
               u.community_id, u.organisation_id, u.id, s.id
        FROM (
            SELECT r, signal,
                   row_number() OVER (PARTITION BY signal ORDER BY r) - 1 AS j
            FROM (
                SELECT r,
                       1 + mod(floor(%(recognised)s
                                     * ((r + 0.5) / %(recognitions)s) ^ 1.5)::bigint
                               * %(signal_stride)s, %(signals)s) AS signal
                FROM generate_series(0, %(recognitions)s - 1) r
            ) a
        ) x
        JOIN signals_signal s ON s.id = x.signal
        JOIN bench_user u ON u.id = %(member0)s + 1
             + mod(pg_temp.ri(x.signal, 171, %(members)s) + x.j * %(user_stride)s,
                   %(members)s)
        WHERE x.j < %(members)s
        """,
        {**p, "recognised": max(1, p["signals"] * 3 // 5)},
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument(
        "--fresh", action="store_true", help="drop the database and generate anew"
    )
    args = parser.parse_args(argv)
    found = ensure(args.scale, fresh=args.fresh)
    print(f"Sizes at scale {args.scale:g}: {asdict(Sizes.at(args.scale))}")
    print(f"Marker: scale {found['scale']:g}, generated in {found['seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
