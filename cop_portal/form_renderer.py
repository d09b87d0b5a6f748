"""Django's form renderer, with the commonest widgets written in Python.

Django renders every widget through templates: an <input> is three template
files, a <select> one include per option. On the portal's list pages the
filter forms took a quarter of a signed-in request (the themes select alone
thirty includes). This renderer writes inputs, selects and their options
directly, byte for byte as Django's templates would, and hands every other
template (the admin's widgets, textareas, radio and checkbox lists, whole
forms) to Django's own renderer.

A project or app that overrides one of these widget templates keeps it: a
template is written directly only while Django's own file is the one that
would be used (checked once per process). tests/test_form_renderer.py
compares the output with Django's templates for every form of the portal.
"""

import functools
from pathlib import Path

import django
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime

WIDGETS = "django/forms/widgets/"
_INPUT = (
    "input",
    "checkbox",
    "color",
    "date",
    "datetime",
    "email",
    "file",
    "hidden",
    "number",
    "password",
    "search",
    "tel",
    "text",
    "time",
    "url",
)
_DJANGO_WIDGETS = Path(django.__file__).parent / "forms" / "templates"


def _value(value) -> str:
    """{{ value|stringformat:'s' }}: kept as it is when already safe."""
    if isinstance(value, SafeData):
        return str(value)
    return conditional_escape(f"{value}")


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{_value(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html (and the types that include it)."""
    value = widget["value"]
    shown = "" if value is None else f' value="{_value(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


def _option(option: dict) -> str:
    """django/forms/widgets/select_option.html."""
    return (
        f'<option value="{_value(option["value"])}"{_attrs(option["attrs"])}>'
        f"{conditional_escape(localize(template_localtime(option['label'])))}</option>"
    )


def _select(widget: dict) -> str | None:
    """django/forms/widgets/select.html, its whitespace included."""
    parts = [
        f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>'
    ]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != WIDGETS + "select_option.html":
                return None
            parts.append(f"\n  {_option(option)}\n")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_WRITERS = {
    **{f"{WIDGETS}{name}.html": _input for name in _INPUT},
    WIDGETS + "select.html": _select,
    WIDGETS + "select_option.html": _option,
}


class PortalFormRenderer(DjangoTemplates):
    """settings.FORM_RENDERER."""

    @functools.cached_property
    def _direct(self) -> frozenset[str]:
        """The widget templates that are Django's own files here."""
        return frozenset(
            name
            for name in _WRITERS
            if Path(self.get_template(name).origin.name).is_relative_to(_DJANGO_WIDGETS)
        )

    def render(self, template_name, context, request=None):
        if template_name in self._direct and "widget" in context:
            written = _WRITERS[template_name](context["widget"])
            if written is not None:
                return mark_safe(written)  # noqa: S308 - every value escaped above
        return super().render(template_name, context, request)
