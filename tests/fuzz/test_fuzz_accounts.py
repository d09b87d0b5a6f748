"""allauth's pages (sign-in, sign-up, password, e-mail and, once installed,
two-factor), fuzzed as a visitor and as a signed-in deelnemer (issue 8).

The permission matrix leaves them out (open by design); here they are walked
from the URL configuration, so a page allauth adds (MFA, a passkey) is fuzzed
without anyone writing a test. Pages whose address holds a key (a mailed
link) get arbitrary keys in test_fuzz_paths.py.
"""

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse

from tests.test_permission_matrix import _patterns

from .harness import fuzz_form, fuzz_query, page
from .known_failures import KNOWN_FAILURES
from .strategies import FAMILIES

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "deelnemer")


def _account_pages():
    for key, module in _patterns(get_resolver().url_patterns):
        if not module.startswith("allauth."):
            continue
        try:
            reverse(key)
        except NoReverseMatch:
            continue  # its address holds a key: test_fuzz_paths.py
        yield key


PAGES = sorted(set(_account_pages()))


def _params(method):
    for key in PAGES:
        for role in ROLES:
            for family in FAMILIES:
                test_id = f"{method} {key}/{role}/{family}"
                marks = []
                if reason := KNOWN_FAILURES.get(test_id):
                    marks.append(pytest.mark.xfail(strict=False, reason=reason))
                yield pytest.param(key, role, family, marks=marks, id=test_id)


def test_the_walk_finds_the_account_pages():
    assert {"account_login", "account_signup", "account_change_password"} <= set(PAGES)


@pytest.mark.parametrize(("key", "role", "family"), list(_params("GET")))
def test_account_page_survives_any_query_parameters(world, key, role, family):
    fuzz_query(
        world,
        role,
        reverse(key),
        family,
        keys=("next", "email", "key", "code"),
        known_failure=f"GET {key}/{role}/{family}" in KNOWN_FAILURES,
    )


@pytest.mark.parametrize(("key", "role", "family"), list(_params("POST")))
def test_account_form_survives_any_input_and_saves_nothing_when_refused(
    world, key, role, family
):
    path = reverse(key)
    form = next(
        (
            form
            for form in page(world, role, path).forms
            if form.method == "post" and form.action == path
        ),
        None,
    )
    if form is None:
        return  # no form here for this role (sent elsewhere, or a notice)
    fuzz_form(
        world,
        role,
        path,
        form,
        family,
        known_failure=f"POST {key}/{role}/{family}" in KNOWN_FAILURES,
    )
