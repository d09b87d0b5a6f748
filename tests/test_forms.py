"""Shared form rendering: every control has a name a screen reader announces."""

from django import forms
from django.template.loader import render_to_string

from cop_portal.forms import StyledFormMixin


class ExampleForm(StyledFormMixin, forms.Form):
    scope = forms.ChoiceField(
        label="Reikwijdte",
        choices=[("landelijk", "Landelijk"), ("regionaal", "Regionaal")],
        widget=forms.RadioSelect,
    )
    themes = forms.MultipleChoiceField(
        label="Thema's",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.CheckboxSelectMultiple,
    )
    title = forms.CharField(label="Titel")


def _render(field):
    return render_to_string("components/form_field.html", {"field": field})


def test_radio_group_is_a_fieldset_with_a_legend_and_labelled_options():
    html = _render(ExampleForm()["scope"])
    assert "<fieldset" in html
    assert "Reikwijdte" in html.split("<legend", 1)[1].split("</legend>", 1)[0]
    assert 'for=""' not in html
    assert 'for="id_scope_0"' in html and 'for="id_scope_1"' in html


def test_checkbox_group_is_a_fieldset_too():
    html = _render(ExampleForm()["themes"])
    assert "<fieldset" in html and "<legend" in html
    assert 'for="id_themes_0"' in html


def test_single_field_has_a_label_and_no_fieldset():
    html = _render(ExampleForm()["title"])
    assert "<fieldset" not in html
    assert 'for="id_title"' in html


class AgreeForm(StyledFormMixin, forms.Form):
    overdue = forms.BooleanField(label="Alleen te laat", required=False)


def test_single_checkbox_comes_before_its_label():
    html = _render(AgreeForm()["overdue"])
    assert html.index('type="checkbox"') < html.index('for="id_overdue"')
    assert "<fieldset" not in html
