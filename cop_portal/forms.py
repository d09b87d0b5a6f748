"""Shared form plumbing: NL Design System classes on Django's widgets."""

from django import forms
from django.forms.widgets import Input

_WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
    Input: "utrecht-textbox utrecht-textbox--html-input",
}


def style_widgets(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        for widget_class, css in _WIDGET_CLASSES.items():
            if isinstance(field.widget, widget_class):
                existing = field.widget.attrs.get("class", "")
                field.widget.attrs["class"] = f"{existing} {css}".strip()
                break


class StyledFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
