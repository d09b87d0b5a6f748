"""No input a user can type produces a server error."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HOSTILE = [
    "\x00",
    "a\x00b",
    "' OR 1=1 --",
    '"><script>alert(1)</script>',
    "😀" * 50,
    "x" * 5000,
    "%",
    "\\",
    "../../etc/passwd",
]


def expected(value, *codes):
    """A NUL byte is never typed: any request that holds one gets the portal's
    400 page (cop_portal.middleware.RequestInputMiddleware)."""
    return (400,) if "\x00" in value else codes


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("param", ["region", "theme", "page"])
def test_list_filters_survive_any_value(client, community, value, param):
    response = client.get(reverse("communities:community_list"), {param: value})
    assert response.status_code in expected(value, 200)
    assert "<script>alert(1)</script>" not in response.text


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("param", ["community", "theme", "page"])
def test_session_filters_survive_any_value(client, session, value, param):
    response = client.get(reverse("communities:session_list"), {param: value})
    assert response.status_code in expected(value, 200)


@pytest.mark.parametrize("value", HOSTILE)
def test_session_form_survives_any_value_in_any_field(client_as, community, value):
    client = client_as("trekker")
    url = reverse("communities:session_create", args=[community.slug])
    for field in [
        "title",
        "date",
        "start_time",
        "location",
        "online_url",
        "themes",
        "attendees",
        "guest_organisations",
        "report",
        "agenda",
    ]:
        data = {
            "title": "t",
            "date": "2030-01-01",
            "start_time": "10:00",
            "end_time": "11:00",
            "location": "x",
            field: value,
        }
        assert client.post(url, data).status_code in expected(value, 200, 302), field


@pytest.mark.parametrize("value", HOSTILE[:3])
def test_membership_form_survives_any_value(client_as, community, value):
    response = client_as("trekker").post(
        reverse("communities:membership_list", args=[community.slug]),
        {"email": value, "organisation": value},
    )
    assert response.status_code in expected(value, 200)


@pytest.mark.parametrize("value", HOSTILE)
def test_account_forms_survive_any_value(client, value):
    assert client.post(
        reverse("account_login"), {"login": value, "password": value}
    ).status_code in expected(value, 200, 302)
    assert client.post(
        reverse("account_signup"),
        {"email": value, "password1": value, "password2": value},
    ).status_code in expected(value, 200, 302)
    assert client.post(
        reverse("account_reset_password"), {"email": value}
    ).status_code in expected(value, 200, 302)
