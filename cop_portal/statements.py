"""Statements run under settings of their own: a time limit above all (the
helps of a page, such as similar signals while typing, title suggestions and
facet counts, give nothing rather than a slow page), and plans kept on the
connection for the reads by key that every signed-in page makes."""

from contextlib import contextmanager

from django.conf import settings as django_settings
from django.db import OperationalError, connection, transaction
from django.db.backends.postgresql.base import ServerBindingCursor
from psycopg.errors import QueryCanceled


@contextmanager
def planned_once():
    """Within: statements are sent with their values apart (server-side
    binding) and prepared on the connection at their first run, so
    PostgreSQL plans each again only until it settles on one plan for all
    values (after five runs, its rule for prepared statements).

    Only for reads whose best plan is the same whatever their values: a row
    and its relations by key. Planning those cost more than running them
    (the signal page's main statement: 4 ms to plan, 0.7 ms to run, at
    national scale). A search, or a filter on skewed data, must be planned
    for the values it has, so everywhere else statements go as before: values
    bound by the client, nothing prepared. Reads only: django-pghistory puts
    its context in front of every write, two commands in one, which a
    prepared statement cannot hold
    (docs/decisions/0030-plans-kept-for-reads-by-key.md)."""
    if not django_settings.DB_PREPARED_PLANS:
        yield
        return
    connection.ensure_connection()
    driver = connection.connection
    before = driver.cursor_factory, driver.prepare_threshold
    driver.cursor_factory = ServerBindingCursor
    driver.prepare_threshold = 0
    try:
        yield
    finally:
        driver.cursor_factory, driver.prepare_threshold = before


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
