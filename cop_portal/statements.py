"""Statements run under settings of their own, a time limit above all: the
helps of a page (similar signals while typing, title suggestions, facet
counts) give nothing rather than a slow page."""

from django.db import OperationalError, connection, transaction
from psycopg.errors import QueryCanceled


def within(work, settings: dict[str, str | None]):
    """work(cursor) in a savepoint with these PostgreSQL settings local to
    it (a value None keeps the current one), typically statement_timeout.
    Returns what work returns, or None when PostgreSQL cancelled a statement
    of it: the savepoint is rolled back and the request goes on.

    A local setting lasts to the end of the whole transaction, not of the
    savepoint, so inside an outer transaction (a view in atomic, a test)
    the former values are put back after work."""
    names = list(settings)
    columns = ", ".join(f"current_setting(%s) AS v{i}" for i in range(len(names)))
    changes = ", ".join(
        f"set_config(%s, coalesce(%s, old.v{i}), true)" for i in range(len(names))
    )
    # The former values are read in a subquery, before the new ones are set.
    change = f"SELECT {changes}, old.* FROM (SELECT {columns} OFFSET 0) AS old"  # noqa: S608
    params = [p for name in names for p in (name, settings[name])] + names
    outer = connection.in_atomic_block
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(change, params)
            before = cursor.fetchone()[len(names) :]
            result = work(cursor)
            if outer:
                cursor.execute(
                    "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(names)),
                    [p for pair in zip(names, before, strict=True) for p in pair],
                )
            return result
    except OperationalError as error:
        if isinstance(error.__cause__, QueryCanceled):
            return None
        raise
