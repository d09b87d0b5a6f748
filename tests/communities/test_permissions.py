"""The role matrix of the communities app: every page and action against
anonymous, signed-in without membership, deelnemer, communitytrekker of the
CoP, communitytrekker of another CoP, and moderator."""

import pytest
from django.urls import reverse

from communities.models import Session
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

MANAGERS = {"trekker", "moderator"}
MEMBER_CONTENT = {"deelnemer", "trekker", "other_trekker", "moderator"}


def _public_urls(community, session, theme):
    return [
        reverse("home"),
        reverse("communities:community_list"),
        reverse("communities:community_detail", args=[community.slug]),
        reverse("communities:community_calendar", args=[community.slug]),
        reverse("communities:theme_list"),
        reverse("communities:theme_detail", args=[theme.slug]),
        reverse("communities:session_list"),
        reverse("communities:session_detail", args=[community.slug, session.slug]),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_are_open_to_every_role(
    role, client_as, community, session, theme
):
    client = client_as(role)
    for url in _public_urls(community, session, theme):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ROLES)
def test_session_report_is_shown_to_members_only(role, client_as, session):
    response = client_as(role).get(session.get_absolute_url())
    assert response.status_code == 200
    assert (session.report in response.text) == (role in MEMBER_CONTENT)
    # The agenda is public.
    assert session.agenda in response.text


@pytest.mark.parametrize("role", ROLES)
def test_member_list_of_a_cop_is_shown_to_members_only(
    role, client_as, community, deelnemer
):
    response = client_as(role).get(community.get_absolute_url())
    assert (deelnemer.email in response.text or str(deelnemer) in response.text) == (
        role in MEMBER_CONTENT
    )


def _expect_refusal(response, role):
    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 403


def _valid_post(theme):
    return {
        "title": "Nieuwe bijeenkomst",
        "date": "2030-05-01",
        "start_time": "13:00",
        "end_time": "15:00",
        "location": "Stadhuis",
        "themes": [theme.pk],
    }


@pytest.mark.parametrize("role", ROLES)
def test_only_trekker_of_the_cop_and_moderator_open_the_new_session_form(
    role, client_as, community
):
    response = client_as(role).get(
        reverse("communities:session_create", args=[community.slug])
    )
    if role in MANAGERS:
        assert response.status_code == 200
        assert "<form" in response.text
    else:
        _expect_refusal(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_only_trekker_of_the_cop_and_moderator_create_sessions(
    role, client_as, community, theme
):
    response = client_as(role).post(
        reverse("communities:session_create", args=[community.slug]),
        _valid_post(theme),
    )
    created = Session.objects.filter(title="Nieuwe bijeenkomst").first()
    if role in MANAGERS:
        assert response.status_code == 302
        assert created is not None and created.community == community
        assert list(created.themes.all()) == [theme]
    else:
        _expect_refusal(response, role)
        assert created is None


@pytest.mark.parametrize("role", ROLES)
def test_only_trekker_of_the_cop_and_moderator_edit_sessions(
    role, client_as, session, theme
):
    url = reverse(
        "communities:session_update", args=[session.community.slug, session.slug]
    )
    client = client_as(role)
    get_response = client.get(url)
    response = client.post(url, {**_valid_post(theme), "title": "Gewijzigd"})
    session.refresh_from_db()
    if role in MANAGERS:
        assert get_response.status_code == 200
        assert response.status_code == 302
        assert session.title == "Gewijzigd"
    else:
        _expect_refusal(get_response, role)
        _expect_refusal(response, role)
        assert session.title != "Gewijzigd"


@pytest.mark.parametrize("role", ROLES)
def test_only_trekker_of_the_cop_and_moderator_delete_sessions(
    role, client_as, session
):
    url = reverse(
        "communities:session_delete", args=[session.community.slug, session.slug]
    )
    response = client_as(role).post(url)
    exists = Session.objects.filter(pk=session.pk).exists()
    if role in MANAGERS:
        assert response.status_code == 302
        assert not exists
    else:
        _expect_refusal(response, role)
        assert exists


def test_trekker_cannot_post_a_session_into_another_cop(
    client_as, other_community, theme
):
    response = client_as("trekker").post(
        reverse("communities:session_create", args=[other_community.slug]),
        _valid_post(theme),
    )
    assert response.status_code == 403
    assert not Session.objects.filter(community=other_community).exists()


def test_edit_and_new_buttons_are_shown_to_the_trekker_only(client_as, session):
    edit_url = reverse(
        "communities:session_update", args=[session.community.slug, session.slug]
    )
    assert edit_url in client_as("trekker").get(session.get_absolute_url()).text
    assert edit_url not in client_as("deelnemer").get(session.get_absolute_url()).text
    assert (
        edit_url not in client_as("other_trekker").get(session.get_absolute_url()).text
    )


@pytest.mark.parametrize(
    "url_name, args",
    [
        ("communities:community_detail", ["bestaat-niet"]),
        ("communities:community_calendar", ["bestaat-niet"]),
        ("communities:theme_detail", ["bestaat-niet"]),
        ("communities:session_detail", ["cop-rijnmond", "bestaat-niet"]),
        ("communities:session_detail", ["bestaat-niet", "bijeenkomst"]),
        ("communities:session_update", ["cop-zeeland", "bijeenkomst"]),
        ("communities:session_create", ["bestaat-niet"]),
    ],
)
def test_unknown_slugs_give_404(url_name, args, client_as, session, other_community):
    response = client_as("moderator").get(reverse(url_name, args=args))
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.text
