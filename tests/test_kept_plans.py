"""Plans kept on the connection for the reads by key that signed-in pages
make, and for nothing else (cop_portal.statements.planned_once, decision
0030): a search or a filter is planned for the values it has, every time.

PostgreSQL lists a connection's prepared statements with how often each ran
under its one generic plan; the tests compare that list before and after the
requests, as earlier tests on the same connection may have left some."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.conftest import sign_in
from tests.signals.factories import SignalFactory

pytestmark = pytest.mark.django_db

VISITS = 7  # PostgreSQL settles on a generic plan after five runs.


def _prepared() -> dict[str, tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
        )
        return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}


def _runs_since(before: dict, after: dict) -> dict[str, tuple[int, int]]:
    """Per prepared statement: its runs (generic, custom) between the two."""
    return {
        statement: (
            generic - before.get(statement, (0, 0))[0],
            custom - before.get(statement, (0, 0))[1],
        )
        for statement, (generic, custom) in after.items()
        if (generic, custom) != before.get(statement, (0, 0))
    }


def _reads_of(runs: dict, table: str) -> int:
    return sum(
        generic
        for statement, (generic, _custom) in runs.items()
        if statement.startswith(f'SELECT "{table}"."id"')
    )


def test_the_signal_page_reads_the_signal_its_events_and_answers_under_one_plan(
    client, deelnemer, community
):
    signal = SignalFactory(community=community, title="Geen passende taallessen")
    sign_in(client, deelnemer)
    before = _prepared()
    for _ in range(VISITS):
        response = client.get(signal.get_absolute_url())
        assert response.status_code == 200
        assert "Geen passende taallessen" in response.text
    runs = _runs_since(before, _prepared())
    # The last visits reuse the plan instead of planning again.
    assert _reads_of(runs, "signals_signal") >= VISITS - 5
    assert _reads_of(runs, "signals_signalevent") >= VISITS - 5
    assert _reads_of(runs, "signals_response") >= VISITS - 5


def test_searches_are_planned_for_their_own_words_even_after_a_missing_signal(
    client, deelnemer, community
):
    SignalFactory(community=community, title="Wachtlijst taalschool loopt op")
    sign_in(client, deelnemer)
    # A read by key that fails halfway: what follows is not prepared.
    assert client.get(reverse("signals:signal_detail", args=[10**9])).status_code == 404
    before = _prepared()
    for word in ["wachtlijst", "taalschool", "wachtlijst", "taalschool"] * 2:
        response = client.get(reverse("signals:signal_list"), {"q": word})
        assert response.status_code == 200
        assert "Wachtlijst taalschool loopt op" in response.text
        assert (
            client.get(reverse("knowledge:product_list"), {"q": word}).status_code
            == 200
        )
    assert _runs_since(before, _prepared()) == {}


def test_with_kept_plans_switched_off_nothing_is_prepared(
    client, deelnemer, community, settings
):
    settings.DB_PREPARED_PLANS = False
    signal = SignalFactory(community=community, title="Geen passende taallessen")
    sign_in(client, deelnemer)
    before = _prepared()
    for _ in range(VISITS):
        response = client.get(signal.get_absolute_url())
        assert "Geen passende taallessen" in response.text
    assert _runs_since(before, _prepared()) == {}
