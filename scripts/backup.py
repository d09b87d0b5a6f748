"""Back up and restore the portal's database (and local attachments).

    python scripts/backup.py backup [--to DIR]    # make backup
    python scripts/backup.py restore DIR          # make restore FROM=DIR
    python scripts/backup.py check                # make backup-check

backup: pg_dump in its custom format (compressed, restorable table by table)
of the database DATABASE_URL names, into DIR (default backups/<UTC time>/
database.dump), plus attachments.tar.gz of PROTECTED_MEDIA_ROOT when the
attachments are on local disk; with ATTACHMENT_STORAGE=s3 the bucket is
backed up by the object store (versioning, replication), not here.

restore: pg_restore of such a folder into the database DATABASE_URL names,
which must be empty (a fresh `createdb`): a restore never mixes with data
that is already there. Then the attachments, if the folder has them.

check: the round trip on the demo data, as documented in the README: a
scratch database gets the migrations and `manage.py load_demo`, is dumped
and restored into a second scratch database, and the two are compared:
the rows of every table (count and an md5 of all rows), every sequence's
position, the extensions, and that no migration is left to apply. Both
scratch databases are dropped afterwards.

Runs without Django (psycopg and dj-database-url only), so it works before
the settings can be loaded, e.g. on a machine that only restores."""

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import dj_database_url
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
DUMP = "database.dump"
ATTACHMENTS = "attachments.tar.gz"


# --- Connections ------------------------------------------------------------
def _config(url: str) -> dict:
    return dj_database_url.parse(url)


def _params(config: dict, dbname: str | None = None) -> dict:
    return {
        "dbname": dbname or config["NAME"],
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }


def _libpq_env(config: dict) -> dict[str, str]:
    """The environment pg_dump and pg_restore read: the password never
    appears on a command line."""
    env = dict(os.environ)
    for name, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ]:
        if config.get(key):
            env[name] = str(config[key])
    return env


def _url_for(config: dict, dbname: str) -> str:
    """A DATABASE_URL for another database on the same server."""
    from urllib.parse import quote

    auth = ""
    if config.get("USER"):
        auth = quote(config["USER"], safe="")
        if config.get("PASSWORD"):
            auth += ":" + quote(config["PASSWORD"], safe="")
        auth += "@"
    host = quote(config.get("HOST") or "", safe="")
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{dbname}"


def _server(config: dict):
    return psycopg.connect(autocommit=True, **_params(config, "postgres"))


def _create(config: dict, name: str) -> None:
    with _server(config) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _drop(config: dict, name: str) -> None:
    with _server(config) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )


# --- Backup and restore -----------------------------------------------------
def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise SystemExit(f"{name} is needed (Debian: postgresql-client).")
    return path


def backup(config: dict, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=False)
    dump = folder / DUMP
    subprocess.run(  # noqa: S603 (our own arguments)
        [
            _tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={dump}",
            config["NAME"],
        ],
        env=_libpq_env(config),
        check=True,
    )
    media = _local_attachments()
    if media and media.is_dir():
        with tarfile.open(folder / ATTACHMENTS, "w:gz") as tar:
            tar.add(media, arcname=".")
    return folder


def restore(config: dict, folder: Path) -> None:
    dump = folder / DUMP
    if not dump.is_file():
        raise SystemExit(f"No {DUMP} in {folder}.")
    with psycopg.connect(**_params(config)) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()[0]
    if tables:
        raise SystemExit(
            f"The database {config['NAME']} already has {tables} tables; restore "
            "into an empty database (dropdb/createdb, or a new name)."
        )
    subprocess.run(  # noqa: S603 (our own arguments)
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={config['NAME']}",
            str(dump),
        ],
        env=_libpq_env(config),
        check=True,
    )
    # A dump holds no planner statistics: until autovacuum gathers them, a
    # restored national database plans its list pages blind.
    with psycopg.connect(**_params(config), autocommit=True) as conn:
        conn.execute("ANALYZE")
    archive = folder / ATTACHMENTS
    media = _local_attachments()
    if archive.is_file() and media:
        media.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            tar.extractall(media, filter="data")


def _local_attachments() -> Path | None:
    if os.environ.get("ATTACHMENT_STORAGE", "local") != "local":
        return None
    return Path(os.environ.get("PROTECTED_MEDIA_ROOT", ROOT / "protected_media"))


# --- The round trip ---------------------------------------------------------
def snapshot(config: dict, dbname: str) -> dict:
    """What must survive a restore: every table's row count and an md5 of
    its rows, every sequence's position, the extensions."""
    with psycopg.connect(**_params(config, dbname)) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "ORDER BY tablename"
            )
        ]
        rows = {}
        for table in tables:
            rows[table] = conn.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, '|' "
                    "ORDER BY t::text), '')) FROM {} AS t"
                ).format(sql.Identifier(table))
            ).fetchone()
        sequences = {
            name: conn.execute(
                sql.SQL("SELECT last_value, is_called FROM {}").format(
                    sql.Identifier(name)
                )
            ).fetchone()
            for (name,) in conn.execute(
                "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' "
                "ORDER BY sequencename"
            )
        }
        extensions = sorted(
            name for (name,) in conn.execute("SELECT extname FROM pg_extension")
        )
    return {"rows": rows, "sequences": sequences, "extensions": extensions}


def differences(before: dict, after: dict) -> list[str]:
    found = []
    for part in ("rows", "sequences"):
        for name in sorted(before[part].keys() | after[part].keys()):
            if before[part].get(name) != after[part].get(name):
                found.append(
                    f"{part} of {name}: {before[part].get(name)} before, "
                    f"{after[part].get(name)} after"
                )
    if before["extensions"] != after["extensions"]:
        found.append(f"extensions: {before['extensions']} / {after['extensions']}")
    return found


def _manage(url: str, *args: str) -> None:
    subprocess.run(  # noqa: S603 (our own arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        check=True,
    )


def check(config: dict, keep: bool = False) -> int:
    base = config["NAME"]
    source, target = f"{base}_backup_src", f"{base}_backup_dst"
    started = time.monotonic()
    try:
        _create(config, source)
        _manage(_url_for(config, source), "migrate", "--noinput", "--verbosity=0")
        _manage(_url_for(config, source), "load_demo")
        loaded = time.monotonic()
        with tempfile.TemporaryDirectory() as tmp:
            folder = backup(dict(config, NAME=source), Path(tmp) / "backup")
            dumped = time.monotonic()
            size = (folder / DUMP).stat().st_size
            _create(config, target)
            restore(dict(config, NAME=target), folder)
        restored = time.monotonic()
        _manage(_url_for(config, target), "migrate", "--check", "--verbosity=0")
        before, after = snapshot(config, source), snapshot(config, target)
        found = differences(before, after)
        print(
            f"Round trip of the demo data: {len(before['rows'])} tables, "
            f"{sum(count for count, _md5 in before['rows'].values())} rows, "
            f"{len(before['sequences'])} sequences, extensions "
            f"{', '.join(before['extensions'])}; dump {size / 1024:.0f} KiB."
        )
        print(
            f"Times: migrate and load_demo {loaded - started:.1f} s, pg_dump "
            f"{dumped - loaded:.1f} s, pg_restore {restored - dumped:.1f} s."
        )
        if found:
            print("The restored database differs:", *found, sep="\n  ")
            return 1
        print("The restored database is the same: every row, every sequence.")
        return 0
    finally:
        if not keep:
            _drop(config, source)
            _drop(config, target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup", help="dump the database (and attachments)")
    make.add_argument("--to", type=Path, help="the folder to write (new)")
    back = commands.add_parser("restore", help="restore a backup folder")
    back.add_argument("folder", type=Path)
    trip = commands.add_parser("check", help="round trip on the demo data")
    trip.add_argument("--keep", action="store_true", help="keep scratch databases")
    args = parser.parse_args(argv)

    config = _config(os.environ.get("DATABASE_URL", "postgres:///cop_portal"))
    if args.command == "backup":
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        folder = backup(config, args.to or ROOT / "backups" / stamp)
        print(f"Backup of {config['NAME']} in {folder}")
        return 0
    if args.command == "restore":
        restore(config, args.folder)
        print(f"Restored {args.folder} into {config['NAME']}")
        return 0
    return check(config, keep=args.keep)


if __name__ == "__main__":
    sys.exit(main())
