"""Admin rights follow the roles: the admin (/beheer/) is entered through
allauth with a verified address only, and a moderator manages ordinary
accounts but never gains or hands out more than DOMAIN.md gives moderators."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _query(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def _unverify(user, *, remove=False):
    addresses = EmailAddress.objects.filter(user=user)
    if remove:
        addresses.delete()
    else:
        addresses.update(verified=False)
    return user


# --- Signing in to the admin ------------------------------------------------


def test_admin_login_redirects_to_allauth_login_keeping_next(client):
    next_url = reverse("admin:signals_signal_changelist")
    response = client.get(reverse("admin:login"), {"next": next_url})
    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse("account_login")
    assert _query(response.url) == {"next": next_url}


def test_anonymous_visitor_of_the_admin_ends_on_allauth_login(client):
    response = client.get(reverse("admin:index"), follow=True)
    final_url = response.redirect_chain[-1][0]
    assert urlsplit(final_url).path == reverse("account_login")
    assert _query(final_url) == {"next": reverse("admin:index")}
    assert response.status_code == 200


def test_admin_login_drops_a_next_to_another_site(client):
    response = client.get(reverse("admin:login"), {"next": "https://evil.example/"})
    assert _query(response.url) == {"next": reverse("admin:index")}


def test_admin_login_does_not_check_posted_credentials(client, moderator):
    response = client.post(
        reverse("admin:login"), {"username": moderator.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse("account_login")
    assert "_auth_user_id" not in client.session


def test_verified_moderator_signs_in_through_allauth_into_the_admin(client, moderator):
    response = client.post(
        reverse("account_login") + "?next=" + reverse("admin:index"),
        {"login": moderator.email, "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert response.status_code == 200
    assert "CoP-portaal Inburgering – beheer" in response.text


def test_unverified_moderator_is_held_at_allauth_verification(client, moderator):
    _unverify(moderator)
    response = client.post(
        reverse("account_login") + "?next=" + reverse("admin:index"),
        {"login": moderator.email, "password": PASSWORD},
    )
    assert not response.wsgi_request.user.is_authenticated
    assert mail.outbox and mail.outbox[-1].to == [moderator.email]


@pytest.mark.parametrize(
    "kind", ["moderator", "staff", "superuser", "without_address", "other_address"]
)
def test_unverified_staff_is_not_let_into_the_admin_even_when_logged_in(client, kind):
    if kind == "moderator":
        user = _unverify(UserFactory(is_moderator=True))
    elif kind == "staff":
        user = _unverify(UserFactory(is_staff=True))
    elif kind == "superuser":
        user = _unverify(UserFactory(is_staff=True, is_superuser=True))
    elif kind == "without_address":
        user = _unverify(UserFactory(is_moderator=True), remove=True)
    else:
        # Verified once, then given an address nobody confirmed.
        user = UserFactory(is_moderator=True)
        user.email = "nieuw-adres@example.org"
        user.save()
    client.force_login(user)
    for url in [
        reverse("admin:index"),
        reverse("admin:cop_portal_user_changelist"),
        reverse("admin:cop_portal_user_change", args=[user.pk]),
    ]:
        response = client.get(url, follow=True)
        assert response.redirect_chain, url
        assert response.redirect_chain[-1][0] == reverse("account_email")
        assert "Bevestig uw e-mailadres" in response.text
        assert "CoP-portaal Inburgering – beheer" not in response.text


def test_signed_in_user_without_admin_access_gets_403_not_a_loop(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    assert "geen toegang tot het beheer" in response.text


def test_verified_moderator_is_let_in(client, moderator):
    client.force_login(moderator)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "CoP-portaal Inburgering – beheer" in response.text
    assert "<title>Beheer | CoP-portaal beheer</title>" in response.text


def test_signed_in_moderator_at_admin_login_goes_on_to_next(client, moderator):
    client.force_login(moderator)
    next_url = reverse("admin:signals_signal_changelist")
    response = client.get(reverse("admin:login"), {"next": next_url})
    assert response.status_code == 302
    assert response.url == next_url


def test_admin_password_change_goes_to_allauth(client, moderator):
    client.force_login(moderator)
    response = client.get(reverse("admin:password_change"))
    assert response.status_code == 302
    assert response.url == reverse("account_change_password")
