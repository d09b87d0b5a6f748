"""Sessions: a new key at sign-in, an idle and an absolute limit, sign-out,
a new password and deactivation end every session of the account, changing
e-mail or two-factor sign-in asks for the password again, and what browsers
may keep of signed-in pages."""

import datetime
import time

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
MEMBERS_PAGE = "signals:signal_list"


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _still_signed_in(client) -> bool:
    """A request to a members-only page, as the browser would make it."""
    return client.get(reverse(MEMBERS_PAGE)).status_code == 200


def test_sign_in_gives_a_new_session_key(client, deelnemer):
    before = client.session
    before["language_seen"] = True
    before.save()
    old_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(
        reverse("account_login"), {"login": deelnemer.email, "password": PASSWORD}
    )
    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert _signed_in(client)
    assert new_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()


def test_a_session_ends_after_30_idle_minutes(client, deelnemer):
    with time_machine.travel(START, tick=False) as clock:
        client.post(
            reverse("account_login"), {"login": deelnemer.email, "password": PASSWORD}
        )
        clock.shift(datetime.timedelta(minutes=29))
        assert _still_signed_in(client)
        clock.shift(datetime.timedelta(minutes=29))
        assert _still_signed_in(client)  # the last request counts, not sign-in
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get(reverse(MEMBERS_PAGE))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not _signed_in(client)


def test_a_session_ends_12_hours_after_sign_in_however_active(client, deelnemer):
    with time_machine.travel(START, tick=False) as clock:
        client.post(
            reverse("account_login"), {"login": deelnemer.email, "password": PASSWORD}
        )
        for _step in range(12 * 60 // 20):
            clock.shift(datetime.timedelta(minutes=20))
            assert _still_signed_in(client)
        clock.shift(datetime.timedelta(minutes=20))
        assert not _still_signed_in(client)


def test_an_active_session_is_written_at_most_once_a_minute(client, deelnemer):
    with time_machine.travel(START, tick=False) as clock:
        client.post(
            reverse("account_login"), {"login": deelnemer.email, "password": PASSWORD}
        )
        client.get(reverse(MEMBERS_PAGE))
        clock.shift(datetime.timedelta(seconds=20))
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse(MEMBERS_PAGE))
        writes = [
            q["sql"]
            for q in queries
            if "django_session" in q["sql"] and q["sql"].startswith("UPDATE")
        ]
        assert writes == []
        clock.shift(datetime.timedelta(seconds=50))
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse(MEMBERS_PAGE))
        assert any(
            "django_session" in q["sql"] and q["sql"].startswith("UPDATE")
            for q in queries
        )


def test_an_expired_session_ends_on_that_device_only(deelnemer):
    laptop, phone = Client(), Client()
    with time_machine.travel(START, tick=False) as clock:
        sign_in(laptop, deelnemer)
        clock.shift(datetime.timedelta(minutes=25))
        sign_in(phone, deelnemer)
        clock.shift(datetime.timedelta(minutes=10))
        assert not _still_signed_in(laptop)
        assert _still_signed_in(phone)


def test_signing_out_ends_every_session_of_the_account(deelnemer):
    laptop, phone = Client(), Client()
    sign_in(laptop, deelnemer)
    sign_in(phone, deelnemer)
    other = sign_in(Client(), UserFactory())
    laptop.post(reverse("account_logout"))
    assert not _signed_in(laptop)
    assert not _still_signed_in(phone)
    assert other.get(reverse("home")).wsgi_request.user.is_authenticated


def test_a_new_password_ends_every_session_this_one_included(deelnemer):
    laptop, phone = Client(), Client()
    sign_in(laptop, deelnemer)
    sign_in(phone, deelnemer)
    response = laptop.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "een-heel-nieuw-wachtwoord-9",
            "password2": "een-heel-nieuw-wachtwoord-9",
        },
    )
    assert response.status_code == 302
    deelnemer.refresh_from_db()
    assert deelnemer.check_password("een-heel-nieuw-wachtwoord-9")
    assert not _still_signed_in(phone)
    assert not _still_signed_in(laptop)


def test_deactivation_ends_every_session_and_reactivation_does_not_revive_them(
    deelnemer,
):
    laptop = sign_in(Client(), deelnemer)
    deelnemer.is_active = False
    deelnemer.save()
    deelnemer.is_active = True
    deelnemer.save(update_fields=["is_active"])
    assert not _still_signed_in(laptop)


def test_adding_an_email_address_asks_for_the_password_again(client, deelnemer):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, deelnemer)
        clock.shift(datetime.timedelta(minutes=6))
        response = client.post(
            reverse("account_email"),
            {"action_add": "", "email": "tweede@example.org"},
        )
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_reauthenticate"))
        assert not deelnemer.emailaddress_set.filter(
            email="tweede@example.org"
        ).exists()
        client.post(response.url, {"password": PASSWORD})
        client.post(
            reverse("account_email"),
            {"action_add": "", "email": "tweede@example.org"},
        )
    assert deelnemer.emailaddress_set.filter(email="tweede@example.org").exists()


def test_setting_up_two_factor_sign_in_asks_for_the_password_again(client, deelnemer):
    sign_in(client, deelnemer)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_changing_the_password_asks_for_the_current_one(client, deelnemer):
    sign_in(client, deelnemer)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "niet-het-wachtwoord",
            "password1": "een-heel-nieuw-wachtwoord-9",
            "password2": "een-heel-nieuw-wachtwoord-9",
        },
    )
    assert response.status_code == 200
    deelnemer.refresh_from_db()
    assert deelnemer.check_password(PASSWORD)


# --- Over-long passwords -----------------------------------------------------

MEGABYTE = "x" * 1_000_000


def test_a_megabyte_password_at_sign_in_is_a_form_error(client, deelnemer):
    started = time.monotonic()
    response = client.post(
        reverse("account_login"), {"login": deelnemer.email, "password": MEGABYTE}
    )
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert "128" in response.text
    assert not response.wsgi_request.user.is_authenticated


def test_an_over_long_new_password_is_refused_with_a_message(client, deelnemer):
    sign_in(client, deelnemer)
    # Twice 400,000 characters stays under the request body limit (1 MB), so
    # the form itself answers.
    long = MEGABYTE[:400_000]
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": long, "password2": long},
    )
    assert response.status_code == 200
    assert "128" in response.text
    deelnemer.refresh_from_db()
    assert deelnemer.check_password(PASSWORD)


def test_two_megabyte_passwords_are_refused_as_too_much_text(client, deelnemer):
    sign_in(client, deelnemer)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": MEGABYTE, "password2": MEGABYTE},
    )
    assert response.status_code == 413
    deelnemer.refresh_from_db()
    assert deelnemer.check_password(PASSWORD)


# --- Headers -----------------------------------------------------------------


def test_pages_for_a_signed_in_user_are_private_and_not_stored(client, deelnemer):
    sign_in(client, deelnemer)
    for url in (reverse("home"), reverse(MEMBERS_PAGE), reverse("account_email")):
        assert client.get(url)["Cache-Control"] == "private, no-store", url


def test_pages_for_visitors_are_not_marked_private(client):
    assert "no-store" not in client.get(reverse("home")).get("Cache-Control", "")


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_response_has_a_permissions_policy(client, deelnemer, signed_in):
    if signed_in:
        sign_in(client, deelnemer)
    for url in (reverse("home"), "/bestaat-niet/", reverse("health")):
        policy = client.get(url)["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "usb=()"):
            assert feature in policy, (url, feature)
