"""Every address with a variable part, fuzzed in that part (issue 8).

Walked from the URL configuration: each named pattern with parameters gets
values its converters accept (ids far beyond any row, slugs of any shape,
keys of mailed links that were never sent) and must answer without a server
error: a 404, a 403, a refusal, never a 500. NUL is left to the NUL family
of the query and form tests.
"""

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from hypothesis import assume, given
from hypothesis import strategies as st

from .harness import EXAMPLES, check_get, fuzz_settings
from .known_failures import KNOWN_FAILURES

pytestmark = pytest.mark.django_db


def _patterns(patterns, namespace="", converters=None):
    for pattern in patterns:
        found = {**(converters or {}), **getattr(pattern.pattern, "converters", {})}
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from _patterns(pattern.url_patterns, inner, found)
        elif isinstance(pattern, URLPattern) and pattern.name and found:
            yield f"{namespace}{pattern.name}", found


NAMES = dict(_patterns(get_resolver().url_patterns))


def _role(name: str) -> str:
    if name.startswith("admin:"):
        return "moderator"
    if name.startswith("account_"):
        return "anonymous"
    return "trekker"


def _params():
    for name in sorted(NAMES):
        marks = []
        if reason := KNOWN_FAILURES.get(f"path {name}"):
            marks.append(pytest.mark.xfail(strict=False, reason=reason))
        yield pytest.param(name, marks=marks, id=f"path {name}")


def test_the_walk_finds_addresses_with_parameters():
    assert {"signals:signal_detail", "knowledge:product_detail"} <= set(NAMES)


@pytest.mark.parametrize("name", list(_params()))
def test_address_survives_any_value_of_its_parameters(world, name):
    kwargs = st.fixed_dictionaries(
        {
            key: st.from_regex(converter.regex, fullmatch=True).filter(
                lambda value: "\x00" not in value
            )
            for key, converter in NAMES[name].items()
        }
    )

    @fuzz_settings(EXAMPLES, known_failure=f"path {name}" in KNOWN_FAILURES)
    @given(kwargs=kwargs)
    def run(kwargs):
        try:
            path = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            assume(False)
        check_get(world, _role(name), path, [])

    run()
