"""Filters that grow with the country (organisations, CoP's, themes, users)
are typed in or chosen from one labelled dropdown, never a list of hundreds
of links: in every admin a moderator uses."""

import pytest
from django.contrib import admin
from django.contrib.admin.filters import RelatedFieldListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from cop_portal.admin_tools import NameFilter, SelectFilter
from tests.conftest import sign_in
from tests.factories import CommunityFactory, SessionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


# Relations whose rows do not grow with the country: the kinds of record
# (content types) the audit log names.
FIXED = {ContentType}


def _link_lists_of_related_rows():
    found = []
    for model, model_admin in admin.site._registry.items():
        for entry in model_admin.list_filter:
            field_path, filter_class = (
                entry if isinstance(entry, tuple) else (entry, None)
            )
            if isinstance(field_path, type):
                if not issubclass(field_path, NameFilter | SelectFilter) and (
                    issubclass(field_path, RelatedFieldListFilter)
                ):
                    found.append(f"{model.__name__}: {field_path.__name__}")
                continue
            field = get_fields_from_path(model, field_path)[-1]
            if (
                field.is_relation
                and field.related_model not in FIXED
                and (
                    filter_class is None
                    or issubclass(filter_class, RelatedFieldListFilter)
                )
            ):
                found.append(f"{model.__name__}: {field_path}")
    return found


def test_no_admin_filters_related_rows_by_a_list_of_links():
    assert _link_lists_of_related_rows() == []


@pytest.mark.parametrize(
    "changelist",
    [
        "admin:communities_session_changelist",
        "admin:communities_community_changelist",
        "admin:signals_signal_changelist",
        "admin:knowledge_knowledgeproduct_changelist",
    ],
)
def test_the_theme_filter_is_one_labelled_dropdown(client, moderator, changelist):
    themes = ThemeFactory.create_batch(3)
    sign_in(client, moderator)
    page = client.get(reverse(changelist)).text
    assert '<label for="filter-themes__id__exact">Thema</label>' in page
    assert '<select id="filter-themes__id__exact" name="themes__id__exact">' in page
    for theme in themes:
        assert f'<option value="{theme.pk}">{theme.name}</option>' in page
        assert f"?themes__id__exact={theme.pk}" not in page


def test_choosing_a_theme_filters_the_sessions_and_keeps_other_filters(
    client, moderator
):
    theme = ThemeFactory(name="Financieel ontzorgen")
    zeeland = CommunityFactory(name="CoP Zeeland")
    wanted = SessionFactory(community=zeeland, themes=[theme])
    SessionFactory(community=zeeland)
    SessionFactory(themes=[theme])
    sign_in(client, moderator)
    response = client.get(
        reverse("admin:communities_session_changelist"),
        {"themes__id__exact": theme.pk, "cop": "zeeland"},
    )
    assert [s.pk for s in response.context["cl"].result_list] == [wanted.pk]
    assert f'<option value="{theme.pk}" selected>' in response.text
    # The CoP filter's form carries the chosen theme along, and vice versa.
    assert f'<input type="hidden" name="themes__id__exact" value="{theme.pk}">' in (
        response.text
    )
    assert '<input type="hidden" name="cop" value="zeeland">' in response.text
