"""Signing up, verifying the e-mail address, signing in and resetting a password."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from cop_portal.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_sign_up_sends_a_verification_mail_and_blocks_sign_in_until_verified(
    client, settings
):
    # Sign-up is closed but for these domains (tests/communities/test_invitations.py).
    settings.SIGNUP_OPEN_DOMAINS = ["gemeente.example.org"]
    response = client.post(
        reverse("account_signup"),
        {
            "email": "nieuw@gemeente.example.org",
            "password1": "lang-genoeg-wachtwoord-42",
            "password2": "lang-genoeg-wachtwoord-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@gemeente.example.org")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nieuw@gemeente.example.org"]

    # Not signed in yet: members-only pages still treat them as anonymous.
    login = client.post(
        reverse("account_login"),
        {
            "login": "nieuw@gemeente.example.org",
            "password": "lang-genoeg-wachtwoord-42",
        },
    )
    assert not login.wsgi_request.user.is_authenticated

    link = re.search(r"https?://\S+/confirm-email/\S+", mail.outbox[-1].body).group(0)
    path = link.split("testserver", 1)[1]
    client.post(path)
    assert EmailAddress.objects.get(user=user).verified


def test_verified_user_signs_in_with_email_and_password(client):
    user = UserFactory(email="consulent@example.org")
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.wsgi_request.user == user


def test_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="consulent@example.org")
    response = client.post(
        reverse("account_login"), {"login": "consulent@example.org", "password": "fout"}
    )
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert "wachtwoord dat u opgaf, klopt niet" in response.text


def test_password_reset_mail_lets_the_user_choose_a_new_password(client):
    user = UserFactory(email="vergeten@example.org")
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://testserver(\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "een-nieuw-wachtwoord-7", "password2": "een-nieuw-wachtwoord-7"},
    )
    user.refresh_from_db()
    assert user.check_password("een-nieuw-wachtwoord-7")


def test_password_reset_for_unknown_address_sends_nothing_useful(client):
    response = client.post(
        reverse("account_reset_password"), {"email": "niemand@example.org"}
    )
    # Same answer as for a known address: no way to probe who has an account.
    assert response.status_code == 302
    assert all("niemand@example.org" in m.to for m in mail.outbox)
    assert not any("password/reset/key" in m.body for m in mail.outbox)
