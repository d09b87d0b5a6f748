"""Create the PostgreSQL database named by DATABASE_URL if it does not exist yet.

Runs before Django is configured, so it talks to the server with psycopg directly.
"""

import os
import sys

import dj_database_url
import psycopg
from psycopg import sql


def main() -> int:
    config = dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres:///cop_portal")
    )
    params = {
        "dbname": "postgres",
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    name = config["NAME"]
    try:
        with psycopg.connect(autocommit=True, **params) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"Created database {name}.")
    except psycopg.OperationalError as exc:
        print(f"Cannot reach PostgreSQL: {exc}", file=sys.stderr)
        print(
            "Start it (pg_lsclusters; pg_ctlcluster VERSION main start).",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
