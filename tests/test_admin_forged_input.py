"""Forged input in the admin is refused, never a 500 (found by tests/fuzz/)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from communities.models import Membership, Session
from cop_portal.admin_tools import SafeAutocomplete
from signals.models import Status
from tests.conftest import sign_in
from tests.signals.factories import SignalFactory

pytestmark = pytest.mark.django_db


def _session_form(cop, **changes):
    return {
        "community": cop.pk,
        "title": "Bijeenkomst over de leerbaarheidstoets",
        "starts_at_0": "2030-01-01",
        "starts_at_1": "10:00",
        "ends_at_0": "2030-01-01",
        "ends_at_1": "12:00",
        **changes,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [("community", "abc"), ("themes", ["1", "twee"]), ("attendees", ":")],
)
def test_a_key_that_is_no_key_in_an_autocomplete_field_is_a_form_error(
    client, moderator, community, field, value
):
    sign_in(client, moderator)
    response = client.post(
        reverse("admin:communities_session_add"),
        _session_form(community, **{field: value}),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not Session.objects.exists()


def test_a_member_of_an_inline_with_a_forged_organisation_is_a_form_error(
    client, moderator, community, deelnemer
):
    sign_in(client, moderator)
    membership = Membership.objects.get(user=deelnemer)
    url = reverse("admin:communities_community_change", args=[community.pk])
    form = {
        "name": community.name,
        "slug": community.slug,
        "running_since": "01-03-2023",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": str(membership.pk),
        "memberships-0-community": str(community.pk),
        "memberships-0-user": str(deelnemer.pk),
        "memberships-0-role": "deelnemer",
        "memberships-0-organisation": "abc",
        "memberships-0-joined_on": "01-01-2024",
    }
    response = client.post(url, form)
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.organisation_id == deelnemer.organisation_id


def test_every_admin_with_autocomplete_fields_guards_its_widgets():
    unguarded = []
    for model_admin in admin.site._registry.values():
        for owner in [type(model_admin), *model_admin.inlines]:
            if owner.autocomplete_fields and not issubclass(owner, SafeAutocomplete):
                unguarded.append(f"{owner.__module__}.{owner.__name__}")
    assert not unguarded, (
        "Add cop_portal.admin_tools.SafeAutocomplete to: " + ", ".join(unguarded)
    )


@pytest.mark.parametrize("selected", ["abc", "1.5", ""])
def test_an_action_on_rows_that_are_no_keys_is_a_bad_request(
    client, moderator, selected
):
    signal = SignalFactory(status=Status.NEW)
    sign_in(client, moderator)
    response = client.post(
        reverse("admin:signals_signal_changelist"),
        {"action": "reject", "_selected_action": [str(signal.pk), selected]},
    )
    assert response.status_code == 400
    signal.refresh_from_db()
    assert signal.status == Status.NEW


@pytest.mark.parametrize(
    "changelist",
    ["admin:signals_signal_changelist", "admin:knowledge_knowledgeproduct_changelist"],
)
def test_a_very_long_admin_search_is_shortened_with_a_dutch_message(
    client, moderator, changelist
):
    from cop_portal.admin_site import SEARCH_TERM_MAX_LENGTH

    SignalFactory(title="Inburgering in de regio")
    sign_in(client, moderator)
    response = client.get(reverse(changelist), {"q": "inburgering " * 500})
    assert response.status_code == 200
    assert (
        response.context["cl"].query == ("inburgering " * 500)[:SEARCH_TERM_MAX_LENGTH]
    )
    assert (
        f"De zoekterm is ingekort tot de eerste {SEARCH_TERM_MAX_LENGTH} tekens."
        in response.text
    )
    # A search of ordinary length is left as typed, without a message.
    response = client.get(reverse(changelist), {"q": "inburgering"})
    assert response.context["cl"].query == "inburgering"
    assert "ingekort" not in response.text
