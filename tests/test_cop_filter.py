"""The CoP filter of the sessions, signals and knowledge lists (issue 11): a
text box matched on the server, as light with 405 CoP's as with 4, that still
takes the slug that links put in ?community= and ?cop=."""

import html

import pytest
from django.urls import reverse

from communities.models import Community
from tests.factories import CommunityFactory, SessionFactory
from tests.knowledge.factories import ProductFactory
from tests.signals.factories import SignalFactory

pytestmark = pytest.mark.django_db

# (list, its CoP parameter, the role that sees its items)
LISTS = [
    ("communities:session_list", "community", "anonymous"),
    ("signals:signal_list", "community", "moderator"),
    ("knowledge:product_list", "cop", "anonymous"),
]


@pytest.fixture
def items(community, other_community):
    """One item of each kind per CoP, titled after its CoP."""
    for cop, title in [(community, "Rijnmondse"), (other_community, "Zeeuwse")]:
        SessionFactory(community=cop, title=f"{title} bijeenkomst")
        SignalFactory(community=cop, title=f"{title} knelpunt")
        ProductFactory(community=cop, title=f"{title} handreiking")


def _shown(client_as, name, parameter, role, value):
    response = client_as(role).get(reverse(name), {parameter: value})
    assert response.status_code == 200
    text = html.unescape(response.text)
    return text, {title for title in ("Rijnmondse", "Zeeuwse") if title in text}


@pytest.mark.parametrize(("name", "parameter", "role"), LISTS)
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("cop-rijnmond", {"Rijnmondse"}),
        ("rijnmond", {"Rijnmondse"}),
        ("  ZEELAND ", {"Zeeuwse"}),
        ("CoP Inburgering – Zeeland", {"Zeeuwse"}),
        ("inburgering zeeland", {"Zeeuwse"}),
        ("CoP Inburgering - Rijnmond", {"Rijnmondse"}),
        ("", {"Rijnmondse", "Zeeuwse"}),
    ],
)
def test_list_filters_by_the_slug_or_words_of_one_cops_name(
    client_as, items, name, parameter, role, value, expected
):
    _text, shown = _shown(client_as, name, parameter, role, value)
    assert shown == expected


@pytest.mark.parametrize(("name", "parameter", "role"), LISTS)
def test_words_that_fit_several_cops_name_them_and_filter_nothing(
    client_as, items, name, parameter, role
):
    text, shown = _shown(client_as, name, parameter, role, "inburgering")
    assert shown == {"Rijnmondse", "Zeeuwse"}
    assert (
        "Meerdere CoP's passen bij “inburgering”: CoP Inburgering – Rijnmond, "
        "CoP Inburgering – Zeeland. Typ meer van de naam."
    ) in text


@pytest.mark.parametrize(("name", "parameter", "role"), LISTS)
def test_a_name_no_cop_has_is_a_form_error_not_a_500(
    client_as, items, name, parameter, role
):
    text, _shown_titles = _shown(client_as, name, parameter, role, "Atlantis")
    assert "Geen CoP heeft “Atlantis” in de naam." in text


@pytest.mark.parametrize(("name", "parameter", "role"), LISTS)
@pytest.mark.parametrize("value", ["x" * 5000, "%", "_", "\\"])
def test_any_typed_value_is_at_worst_a_form_error(
    client_as, items, name, parameter, role, value
):
    _text, shown = _shown(client_as, name, parameter, role, value)
    assert shown == {"Rijnmondse", "Zeeuwse"}


def test_the_box_shows_the_name_of_the_cop_a_link_gave_by_slug(client, community):
    response = client.get(
        reverse("communities:session_list"), {"community": "cop-rijnmond"}
    )
    assert 'value="CoP Inburgering – Rijnmond"' in response.text


def test_a_long_list_of_matches_is_cut_short(client, db):
    CommunityFactory.create_batch(12)
    response = client.get(
        reverse("communities:session_list"), {"community": "testregio"}
    )
    text = html.unescape(response.text)
    assert text.count("CoP Inburgering – Testregio") == 8
    assert ", …. Typ meer van de naam." in text


@pytest.mark.parametrize(("name", "parameter", "role"), LISTS)
def test_the_cop_field_is_a_labelled_text_box_that_lists_no_cops(
    client_as, community, name, parameter, role
):
    Community.objects.bulk_create(
        Community(name=f"CoP Inburgering – Regio {n:03d}", slug=f"cop-regio-{n:03d}")
        for n in range(404)
    )
    text = client_as(role).get(reverse(name)).text
    assert f'<input type="text" name="{parameter}"' in text
    assert f'<label class="utrecht-form-label" for="id_{parameter}">CoP' in text
    assert f'aria-describedby="id_{parameter}_helptext"' in text
    assert "(Een deel van) de naam, bijvoorbeeld Rijnmond." in text
    assert "cop-regio-" not in text
    assert len(text.encode()) < 20_000
