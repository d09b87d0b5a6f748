"""Sending fuzzed requests and checking what they did.

Every example runs in a savepoint that is rolled back afterwards, inside the
world of tests/test_permission_matrix.py (built once per test module).
Three promises are checked per example:

- no response is a server error (an exception in the view fails the example
  with its traceback; a 5xx status fails it too);
- a refusal saves nothing: when the answer is not a success (anything but a
  redirect without a warning or error message), every table of the portal
  holds exactly the rows it held before, to the byte;
- what a success saved breaks no page: the page it leads to and the pages
  that list such things still answer without a server error.
"""

import os
import re
from html import unescape
from urllib.parse import parse_qsl, quote, urlsplit

from django.apps import apps
from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings

from .html_forms import Form, parse_forms
from .strategies import ORDINARY, Raw, post_data, post_fields, query_pairs, typed_fields

# FUZZ_EXAMPLES=200 runs deeper locally; FUZZ_RANDOM=1 draws new examples on
# every run instead of the fixed sequence CI uses.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
RANDOM = os.environ.get("FUZZ_RANDOM", "") == "1"


def fuzz_settings(max_examples: int, *, known_failure: bool = False) -> settings:
    phases = list(Phase)
    if known_failure:
        # An expected failure is not shrunk on every run: that is slow, and
        # the reproduction is in known_failures.py already.
        phases = [Phase.explicit, Phase.generate]
    return settings(
        max_examples=max(1, max_examples),
        deadline=None,
        # The same examples on every run: CI is never flaky, and a failure
        # found there is found again by anyone who runs the test.
        derandomize=not RANDOM,
        database=None,
        phases=phases,
        report_multiple_bugs=False,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


# --- What the database holds ----------------------------------------------------
# Sessions change on every sign-in and sign-out, cache entries on any read;
# the audit log records every refusal (a 403 is written down, on purpose),
# with pghistory's request context beside it; opening Mijn werk records the
# moment of the visit (cop_portal.visits), on purpose too.
UNWATCHED_TABLES = {
    "django_session",
    django_settings.CACHE_TABLE,
    "cop_portal_auditevent",
    "pghistory_context",
    "cop_portal_worklistvisit",
}


def _tables() -> list[str]:
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return sorted(tables - UNWATCHED_TABLES)


def snapshot() -> dict[str, tuple[int, str]]:
    """Each table's row count and a digest of all its rows."""
    quote_name = connection.ops.quote_name
    tables = _tables()
    sql = " UNION ALL ".join(
        f"SELECT %s, count(*), md5(coalesce(string_agg(fuzz_row::text, '|' "
        f"ORDER BY fuzz_row::text), '')) FROM {quote_name(table)} fuzz_row"
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, tables)
        return {table: (count, digest) for table, count, digest in cursor.fetchall()}


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(table for table in before if before[table] != after.get(table))


# --- Requests -------------------------------------------------------------------
def client_for(world, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.cookies[django_settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def query_string(pairs) -> str:
    def part(text):
        return str(text) if isinstance(text, Raw) else quote(str(text), safe="")

    return "&".join(f"{part(key)}={part(value)}" for key, value in pairs)


def _read(response):
    # A streamed export fails while it streams, not when the view returns.
    if response.streaming:
        b"".join(response.streaming_content)
    else:
        response.content  # noqa: B018
    return response


def is_success(response) -> bool:
    """A redirect that carries a success or no warning: a step was taken.
    (An admin action on several rows may take some and refuse others.)"""
    if response.status_code not in (301, 302, 303):
        return False
    levels = {m.level for m in get_messages(response.wsgi_request)}
    return messages.SUCCESS in levels or not any(
        level >= messages.WARNING for level in levels
    )


def check_get(world, role: str, path: str, pairs) -> None:
    """GET path?pairs as role, in a savepoint: never a 5xx, nothing saved."""
    query = query_string(pairs)
    with transaction.atomic():
        before = snapshot()
        response = _read(client_for(world, role).get(f"{path}?{query}"))
        assert response.status_code < 500, f"GET {path}?{query}: {response}"
        changed = changed_tables(before, snapshot())
        transaction.set_rollback(True)
    assert not changed, f"GET {path}?{query} as {role} changed {changed}"


def check_post(world, role: str, path: str, data: dict, *, shown_on=()) -> None:
    """POST data to path as role, in a savepoint: never a 5xx; a refusal
    leaves every table as it was; after a success, the page it leads to and
    the pages `shown_on` (where what was saved shows) still answer."""
    with transaction.atomic():
        before = snapshot()
        client = client_for(world, role)
        response = _read(client.post(path, data))
        assert response.status_code < 500, f"POST {path}: {response}"
        changed = []
        if is_success(response):
            for shown in [urlsplit(response.url).path, *shown_on]:
                after = _read(client.get(shown))
                assert after.status_code < 500, (
                    f"GET {shown} after a successful POST {path}: {after}"
                )
        else:
            changed = changed_tables(before, snapshot())
        transaction.set_rollback(True)
    assert not changed, (
        f"POST {path} as {role} was refused ({response.status_code}) but "
        f"changed {changed}"
    )


# --- Finding the forms ------------------------------------------------------------
class Page:
    def __init__(self, path: str, response):
        self.status = response.status_code
        html = ""
        if self.status == 200 and "html" in response.get("Content-Type", ""):
            html = response.text
        self.forms = parse_forms(html)
        for form in self.forms:
            form.action = urlsplit(form.action or path).path or path
        # The parameters the page's own links carry (filters, pagination).
        self.link_keys = sorted(
            {
                key
                for query in LINK_QUERY.findall(html)
                for key, _value in parse_qsl(unescape(query), keep_blank_values=True)
            }
        )

    def query_keys(self) -> tuple[list[str], list[str]]:
        """(names of the page's GET form fields and link parameters, of
        those the ones that hold a date)."""
        keys, dates = set(self.link_keys), set()
        for form in self.forms:
            if form.method == "get":
                keys.update(form.fields)
                dates.update(n for n, f in form.fields.items() if f.kind == "date")
        return sorted(keys), sorted(dates)


LINK_QUERY = re.compile(r"""href=["'][^"'#]*\?([^"'#]*)""")


def page(world, role: str, path: str) -> Page:
    """The page at path as role sees it (cached per world)."""
    cache = world.__dict__.setdefault("fuzz_pages", {})
    if (role, path) not in cache:
        cache[(role, path)] = Page(path, client_for(world, role).get(path))
    return cache[(role, path)]


def form_posting_to(world, role: str, path: str, pages) -> Form | None:
    """A POST form whose action is path: on the page itself or on one of
    `pages` (where the buttons of POST-only steps live)."""
    for candidate in [path, *pages]:
        for form in page(world, role, candidate).forms:
            if form.method == "post" and form.action == path:
                return form
    return None


# --- One test's fuzzing -------------------------------------------------------------
def examples_for(family: str) -> int:
    return EXAMPLES if family == ORDINARY else max(2, EXAMPLES // 3)


def fuzz_query(world, role, path, family, *, keys=(), base=(), known_failure=False):
    """GET path as role with query parameters of `family`: the names its
    forms and links use and `keys`, after the valid pairs `base`."""
    page_keys, date_keys = page(world, role, path).query_keys()
    strategy = query_pairs(sorted(set(page_keys) | set(keys)), date_keys, family)
    if strategy is None:
        return  # nothing of this family fits the page (no date parameter)

    @fuzz_settings(examples_for(family), known_failure=known_failure)
    @given(pairs=strategy)
    def run(pairs):
        check_get(world, role, path, [*base, *pairs])

    run()


def fuzz_form(
    world, role, path, form, family, *, data=dict, shown_on=(), known_failure=False
):
    """POST `form` (as the page shows it, filled in, plus data()) to path as
    role, with fields replaced by values of `family`."""

    def baseline():
        filled = form.filled_in() if form is not None else {}
        filled.update(data())
        return filled

    fields = post_fields(form, data())
    strategy = post_data(fields, baseline, family)
    if strategy is None:
        return  # nothing of this family fits the form's fields
    # A button saves nothing a user typed: the page it leads to is enough.
    shown_on = list(shown_on) if typed_fields(fields) else []

    @fuzz_settings(examples_for(family), known_failure=known_failure)
    @given(data=strategy)
    def run(data):
        check_post(world, role, path, data, shown_on=shown_on)

    run()
