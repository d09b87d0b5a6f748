"""The health check of an app server, for a load balancer (GET /gezond/).

200 when the database answers and every migration on disk is applied, 503
otherwise: a balancer then sends no visitors to a server that cannot serve
them, or that runs code ahead of its database during a deploy. No sign-in,
no session, no cookie, never cached. It asks the database itself on every
call (one SELECT 1 and the list of applied migrations, a few milliseconds),
so every instance answers from the same, current state."""

import logging

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _problem() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        logger.exception("Health check: the database does not answer.")
        return "database"
    if pending:
        logger.error("Health check: %d migrations not applied.", len(pending))
        return "migrations"
    return None


@never_cache
@require_safe
def health(request):
    problem = _problem()
    if problem:
        return JsonResponse({"status": "unavailable", "problem": problem}, status=503)
    return JsonResponse({"status": "ok"})
