"""Every page of the permission matrix, fuzzed (issue 8).

The targets come from tests/test_permission_matrix.py, so a page added there
(as every new URL must be) is fuzzed here without anyone writing a test:

- every case a role may GET (200) gets arbitrary query parameters: the
  names its forms and links use, the names the views read, and unknown ones;
- every case a role may POST to (a step that is taken, or a form that
  refuses) gets its form as the page shows it, with fields replaced by
  arbitrary values. The fields come from the HTML of the page itself or of
  the page whose button posts there; a POST target without a form anywhere
  fails test_every_post_target_has_a_form until it has one or is listed in
  NO_FORM with a reason.

Each example runs in a savepoint; see harness.py for what is checked.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from cop_portal.pagination import CURSOR_PARAMETER
from tests.test_permission_matrix import AWAY, MATRIX, ROLES, TARGETS, Target, _url

from .harness import form_posting_to, fuzz_form, fuzz_query
from .known_failures import KNOWN_FAILURES
from .strategies import FAMILIES

pytestmark = pytest.mark.django_db

# The role that fuzzes a case: the first of these the matrix lets through.
ROLE_PREFERENCE = (
    "trekker",
    "moderator",
    "deelnemer",
    "expert",
    "partner",
    "other_trekker",
    "other_deelnemer",
    "other_partner",
    "anonymous",
)

# POST targets no page of the matrix's world shows a form for: (URL, case)
# -> why. They are fuzzed with unknown fields only.
NO_FORM: dict[tuple[str, str], str] = {
    ("signals:signal_knowledge_product", "escalated"): (
        "its button shows on a signal closed with feedback only; the world's "
        "signal is in behandeling, and the step takes no fields"
    ),
}


def _role(outcomes, wanted) -> str | None:
    by_role = dict(zip(ROLES, outcomes, strict=True))
    return next((role for role in ROLE_PREFERENCE if by_role[role] in wanted), None)


def _posts_data(key: str, case: str) -> bool:
    return TARGETS[(key, case)].data is not Target().data


def _get_cases():
    for key, rows in MATRIX.items():
        for case, methods in rows.items():
            if role := _role(methods["GET"], {200}):
                yield key, case, role


def _post_cases():
    """Cases where a role's POST does something (AWAY) or the matrix posts
    data that a role's form refuses (200); pages that only read answer a
    POST like a GET and are left to the GET fuzzing."""
    for key, rows in MATRIX.items():
        for case, methods in rows.items():
            role = _role(methods["POST"], {AWAY})
            if role is None and _posts_data(key, case):
                role = _role(methods["POST"], {200})
            if role:
                yield key, case, role


GET_CASES = list(_get_cases())
POST_CASES = list(_post_cases())


def _params(cases, method):
    for key, case, role in cases:
        for family in FAMILIES:
            test_id = f"{method} {key}/{case}/{family}"
            marks = []
            if reason := KNOWN_FAILURES.get(test_id):
                marks.append(pytest.mark.xfail(strict=False, reason=reason))
            yield pytest.param(key, case, role, family, marks=marks, id=test_id)


def _known(method, key, case, family) -> bool:
    return f"{method} {key}/{case}/{family}" in KNOWN_FAILURES


# --- Query parameters -----------------------------------------------------------------
READS = re.compile(r"""\.GET(?:\.get|\.getlist)?[(\[]\s*["']([^"']+)["']""")


def keys_the_views_read() -> set[str]:
    """Query parameters the portal's own code reads by name."""
    keys = {CURSOR_PARAMETER, "next", "page"}
    for app in ("cop_portal", "communities", "knowledge", "signals"):
        for source in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            keys.update(READS.findall(source.read_text()))
    return keys


@pytest.mark.parametrize(
    ("key", "case", "role", "family"), list(_params(GET_CASES, "GET"))
)
def test_page_survives_any_query_parameters(world, key, case, role, family):
    path = _url(key, TARGETS[(key, case)].kwargs(world))
    fuzz_query(
        world,
        role,
        path,
        family,
        keys=keys_the_views_read(),
        known_failure=_known("GET", key, case, family),
    )


# --- Forms ---------------------------------------------------------------------------
def _pages_for(world, role) -> list[str]:
    """Every page the role may GET: where forms for POST-only steps live."""
    return [
        _url(key, TARGETS[(key, case)].kwargs(world))
        for key, rows in MATRIX.items()
        for case, methods in rows.items()
        if dict(zip(ROLES, methods["GET"], strict=True))[role] == 200
    ]


# Pages outside its own app that show what a form of an app saves: the forms
# that offer sessions to link, the home page with the latest of everything.
SHOWN_ELSEWHERE = ("home", "signals:signal_create", "knowledge:product_create")


def _pages_showing(world, key: str, role: str) -> list[str]:
    """The GET pages of the role where a success of `key` may show: those of
    its own app and SHOWN_ELSEWHERE."""
    namespace = key.split(":")[0]
    return [
        _url(other, TARGETS[(other, case)].kwargs(world))
        for other, rows in MATRIX.items()
        if other.split(":")[0] == namespace or other in SHOWN_ELSEWHERE
        for case, methods in rows.items()
        if dict(zip(ROLES, methods["GET"], strict=True))[role] == 200
    ]


def _form_for(world, key, case, role):
    target = TARGETS[(key, case)]
    path = _url(key, target.kwargs(world))
    return path, form_posting_to(world, role, path, _pages_for(world, role))


def test_every_post_target_has_a_form(world):
    """A POST the fuzzer can only guess at is hardly fuzzed: each target has
    a form on some page, data in the matrix, or a reason in NO_FORM."""
    missing = []
    for key, case, role in POST_CASES:
        path, form = _form_for(world, key, case, role)
        if form is None and not _posts_data(key, case) and (key, case) not in NO_FORM:
            missing.append(f"{key}/{case} ({path} as {role})")
    assert not missing, (
        "The fuzzer found no form posting to these pages; give the page a form "
        "(or the matrix's TARGETS data) or list it in NO_FORM with a reason: "
        + ", ".join(missing)
    )


@pytest.mark.parametrize(
    ("key", "case", "role", "family"), list(_params(POST_CASES, "POST"))
)
def test_form_survives_any_input_and_saves_nothing_when_refused(
    world, key, case, role, family
):
    target = TARGETS[(key, case)]
    path, form = _form_for(world, key, case, role)

    fuzz_form(
        world,
        role,
        path,
        form,
        family,
        data=lambda: target.data(world),
        shown_on=_pages_showing(world, key, role),
        known_failure=_known("POST", key, case, family),
    )
