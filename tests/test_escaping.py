"""cop_portal.escaping.escaped writes what Django's conditional_escape
writes, for every kind of value the rows hand it."""

import pytest
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy, override

from cop_portal.escaping import escaped


class _Marked:
    def __html__(self):
        return "<b>eigen</b>"


@pytest.mark.parametrize(
    "value",
    [
        "Wachttijd \"intake\" <taal> & 'toets'",
        "",
        42,
        None,
        3.5,
        mark_safe("<em>al veilig</em>"),
        gettext_lazy("Signals"),
        _Marked(),
    ],
)
def test_escaped_is_conditional_escape(value):
    with override("nl"):
        mine = escaped(value)
        assert mine == conditional_escape(value)
        assert isinstance(mine, SafeString) or isinstance(value, _Marked)
