"""Moderators manage regions, organisations, CoP's, memberships, themes and
sessions in the admin; nobody else gets in."""

import pytest
from django.urls import reverse

from communities.models import Session
from tests.conftest import sign_in
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

MODELS = [
    "region",
    "organisation",
    "community",
    "membership",
    "theme",
    "session",
    "invitation",
]


@pytest.mark.parametrize("model", MODELS)
def test_moderator_sees_changelist_with_search_and_add_form(
    client, moderator, session, model
):
    sign_in(client, moderator)
    changelist = reverse(f"admin:communities_{model}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist + "?q=rijnmond").status_code == 200
    assert client.get(reverse(f"admin:communities_{model}_add")).status_code == 200


def test_moderator_autocomplete_finds_organisations(client, moderator, deelnemer):
    sign_in(client, moderator)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": deelnemer.organisation.name[:8],
            "app_label": "communities",
            "model_name": "membership",
            "field_name": "organisation",
        },
    )
    assert response.status_code == 200
    assert deelnemer.organisation.name in response.text


@pytest.mark.parametrize("role", ["deelnemer", "trekker", "outsider"])
def test_other_roles_cannot_enter_the_admin(client, request, role):
    sign_in(client, request.getfixturevalue(role))
    response = client.get(reverse("admin:communities_session_changelist"))
    assert response.status_code == 302
    assert "login" in response.url


def test_moderator_cannot_make_anyone_superuser(client, moderator):
    other = UserFactory()
    sign_in(client, moderator)
    url = reverse("admin:cop_portal_user_change", args=[other.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.text


def test_admin_refuses_attendee_from_outside_the_cop(
    client, moderator, session, other_trekker
):
    sign_in(client, moderator)
    url = reverse("admin:communities_session_change", args=[session.pk])
    response = client.post(
        url,
        {
            "community": session.community.pk,
            "title": session.title,
            "slug": session.slug,
            "starts_at_0": "2030-01-01",
            "starts_at_1": "10:00",
            "ends_at_0": "2030-01-01",
            "ends_at_1": "12:00",
            "attendees": [other_trekker.pk],
        },
    )
    assert response.status_code == 200
    assert not Session.objects.get(pk=session.pk).attendees.exists()


def test_moderator_flag_grants_admin_access(client):
    user = UserFactory()
    MembershipFactory(user=user, organisation=user.organisation)
    user.is_moderator = True
    user.save()
    sign_in(client, user)
    assert client.get(reverse("admin:index")).status_code == 200


def _session_admin_data(community, **changes):
    return {
        "community": community.pk,
        "title": "Bijeenkomst uit de admin",
        "starts_at_0": "2030-01-01",
        "starts_at_1": "10:00",
        "ends_at_0": "2030-01-01",
        "ends_at_1": "12:00",
        "location": "Stadhuis",
        **changes,
    }


def test_a_session_added_in_the_admin_is_logged_through_the_service(
    client, moderator, community
):
    sign_in(client, moderator)
    response = client.post(
        reverse("admin:communities_session_add"), _session_admin_data(community)
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.slug == "bijeenkomst-uit-de-admin"
    assert session.created_by == moderator


def test_a_session_added_in_the_admin_refuses_outside_attendees(
    client, moderator, community, other_trekker
):
    sign_in(client, moderator)
    response = client.post(
        reverse("admin:communities_session_add"),
        _session_admin_data(community, attendees=[other_trekker.pk]),
    )
    assert response.status_code == 200
    assert "Alleen leden van deze CoP" in response.text
    assert not Session.objects.exists()


def test_a_session_added_in_the_admin_is_screened_for_personal_data(
    client, moderator, community
):
    sign_in(client, moderator)
    response = client.post(
        reverse("admin:communities_session_add"),
        _session_admin_data(community, report="Bel 06-12345678 voor details."),
    )
    assert response.status_code == 200
    assert "telefoonnummer" in response.text
    assert not Session.objects.exists()


def test_the_admin_deletes_a_session_through_the_service(client, moderator, session):
    sign_in(client, moderator)
    response = client.post(
        reverse("admin:communities_session_delete", args=[session.pk]),
        {"post": "yes"},
    )
    assert response.status_code == 302
    assert not Session.objects.exists()


def test_a_changelist_has_no_app_sidebar_and_the_index_still_lists_the_models(
    client, moderator, monkeypatch
):
    """The changelists get the page's width; the index, reached through the
    breadcrumbs, lists what a moderator manages. The app list is not worked
    out for a page that does not show it."""
    from cop_portal.admin_site import PortalAdminSite

    sign_in(client, moderator)
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:signals_signal_changelist") in index
    assert reverse("admin:communities_community_changelist") in index

    built = []
    original = PortalAdminSite._build_app_dict
    monkeypatch.setattr(
        PortalAdminSite,
        "_build_app_dict",
        lambda site, request, label=None: (
            built.append(label) or original(site, request, label)
        ),
    )
    changelist = client.get(reverse("admin:signals_signal_changelist"))
    page = changelist.content.decode()
    assert changelist.status_code == 200
    assert 'id="nav-sidebar"' not in page
    assert reverse("admin:index") in page  # the breadcrumbs
    assert built == []
