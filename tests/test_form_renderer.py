"""The form renderer writes inputs and selects in Python for speed
(cop_portal/form_renderer.py). What a user and a screen reader get must be
exactly what Django's widget templates give: compared here widget by widget,
hostile values included, and page by page for the portal's forms."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from cop_portal.form_renderer import PortalFormRenderer
from tests.conftest import sign_in

HOSTILE = "\"><script>alert(1)</script> & 'quoted'"

WIDGETS = [
    (forms.TextInput(), "q", "hallo"),
    (forms.TextInput(attrs={"class": "utrecht-textbox", "maxlength": 200}), "q", None),
    (forms.TextInput(attrs={"required": True, "disabled": False}), "q", HOSTILE),
    (forms.TextInput(attrs={"data-x": HOSTILE}), HOSTILE, ""),
    (forms.TextInput(), "q", mark_safe("<b>veilig</b>")),
    (forms.EmailInput(attrs={"autocomplete": "email"}), "email", "a@example.org"),
    (forms.NumberInput(attrs={"min": 0, "step": "0.5"}), "n", 1234567),
    (forms.PasswordInput(), "password", "geheim"),
    (forms.HiddenInput(), "version", 3),
    (forms.DateInput(attrs={"type": "date"}), "date", "2026-11-24"),
    (forms.SearchInput(), "q", "inburgering"),
    (forms.URLInput(), "url", "https://example.org/?a=1&b=2"),
    (forms.CheckboxInput(), "overdue", True),
    (forms.CheckboxInput(), "overdue", False),
    (forms.CheckboxInput(attrs={"aria-describedby": "help"}), "x", "on"),
    (forms.Select(choices=[("", "Alle thema's"), ("a", "A & b")]), "theme", "a"),
    (forms.Select(choices=[("", gettext_lazy("All themes"))]), "theme", None),
    (forms.Select(choices=[(1, 1000), (2, 2.5)]), "n", 2),
    (forms.Select(choices=[(HOSTILE, HOSTILE)]), "s", HOSTILE),
    (
        forms.Select(
            choices=[("Groep <1>", [("a", "A"), ("b", "B")]), ("c", "C")],
            attrs={"class": "utrecht-select", "aria-invalid": "true"},
        ),
        "grouped",
        "b",
    ),
    (forms.Select(choices=[]), "empty", None),
    (forms.SelectMultiple(choices=[("a", "A"), ("b", "B")]), "many", ["a", "b"]),
    (forms.NullBooleanSelect(), "nb", True),
]


@pytest.mark.parametrize(("widget", "name", "value"), WIDGETS)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_each_widget_is_written_as_djangos_templates_write_it(
    widget, name, value, language, settings
):
    from django.utils import translation

    with translation.override(language):
        expected = widget.render(name, value, renderer=DjangoTemplates())
        written = widget.render(name, value, renderer=PortalFormRenderer())
    assert written == expected
    assert "<script>" not in written


def test_other_widgets_are_left_to_djangos_templates():
    """A textarea and a list of radio buttons are not written here, and come
    out as Django writes them."""
    for widget, value in [
        (forms.Textarea(), HOSTILE),
        (forms.RadioSelect(choices=[("a", "A"), ("b", HOSTILE)]), "a"),
        (forms.CheckboxSelectMultiple(choices=[("a", "A")]), ["a"]),
        (forms.ClearableFileInput(), None),
    ]:
        assert widget.render("x", value, renderer=PortalFormRenderer()) == (
            widget.render("x", value, renderer=DjangoTemplates())
        )


def _without_tokens(html: str) -> str:
    # The CSRF token is masked afresh for every response.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


PAGES = [
    ("deelnemer", "signals:signal_list", "?level=schakel&q=%3Cb%3E&overdue=on"),
    ("deelnemer", "signals:signal_list", "?theme=onbekend"),
    ("deelnemer", "signals:signal_create", ""),
    ("anonymous", "knowledge:product_list", "?kind=handreiking"),
    ("anonymous", "communities:session_list", ""),
    ("anonymous", "communities:community_list", ""),
    ("anonymous", "account_login", ""),
    ("moderator", "admin:signals_signal_changelist", "?level__exact=schakel"),
    ("moderator", "admin:communities_session_add", ""),
    ("moderator", "admin:communities_membership_add", ""),
    ("moderator", "admin:communities_community_add", ""),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "name", "query"), PAGES)
def test_portal_pages_are_the_same_with_djangos_renderer(
    who, name, query, client, settings, request, session
):
    if who != "anonymous":
        sign_in(client, request.getfixturevalue(who))
    url = reverse(name) + query
    written = client.get(url)
    settings.FORM_RENDERER = "django.forms.renderers.DjangoTemplates"
    expected = client.get(url)
    assert written.status_code == expected.status_code == 200
    assert "<select" in written.text or "<input" in written.text
    assert _without_tokens(written.text) == _without_tokens(expected.text)


def test_a_widget_template_overridden_by_an_app_is_used(tmp_path):
    """Should an app override Django's text input template, its version is
    rendered, not the Python one."""
    folder = tmp_path / "django" / "forms" / "widgets"
    folder.mkdir(parents=True)
    (folder / "text.html").write_text(
        '<input class="overridden" name="{{ widget.name }}">'
    )

    class Overridden(PortalFormRenderer):
        @property
        def engine(self):
            return self.backend(
                {
                    "APP_DIRS": True,
                    "DIRS": [tmp_path, *super().engine.dirs],
                    "NAME": "overridden",
                    "OPTIONS": {},
                }
            )

    renderer = Overridden()
    assert forms.TextInput().render("q", "x", renderer=renderer) == (
        '<input class="overridden" name="q">'
    )
    # The others are still written directly, and still the same.
    assert forms.EmailInput().render("e", "x", renderer=renderer) == (
        forms.EmailInput().render("e", "x", renderer=DjangoTemplates())
    )
