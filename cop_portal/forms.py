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


def add_refusal(form: forms.BaseForm, error) -> None:
    """Put a service's refusal on the form that asked for it.

    A ValidationError keyed by field lands on that field when the form has it
    and above the form otherwise (a service may name a field this form does
    not show); a DomainError, or an unkeyed ValidationError, lands above the
    form. Nothing is raised: the caller renders the form again.
    """
    error_dict = getattr(error, "error_dict", None)
    if error_dict is None:
        form.add_error(None, list(error.messages))
        return
    for field, errors in error_dict.items():
        messages = [message for item in errors for message in item.messages]
        form.add_error(field if field in form.fields else None, messages)
