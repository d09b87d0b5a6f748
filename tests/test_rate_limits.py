"""Sign-in rate limits as production has them: counted in the shared database
cache, per address (the visitor's, behind a trusted proxy) and per account,
with a window that lets the real user back in soon after an attack stops."""

import datetime

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.test import Client
from django.urls import reverse

from cop_portal.settings import base
from cop_portal.totp import totp_code
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOO_MANY = "Te veel inlogpogingen. Probeer het later nogmaals."
START = datetime.datetime(2026, 3, 2, 9, 0, 5, tzinfo=datetime.UTC)
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _production_limits(settings):
    # The test settings switch the limits off for every other test.
    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS


def _sign_in(user, password, address="203.0.113.10", **headers):
    client = Client(REMOTE_ADDR=address, headers=headers)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": password}
    )
    return response, response.wsgi_request.user.is_authenticated


def test_the_limits_are_counted_in_the_shared_database_cache():
    assert isinstance(caches["default"], DatabaseCache)


def test_one_address_is_slowed_after_ten_wrong_passwords():
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(10):
            _sign_in(UserFactory(), "fout-wachtwoord")
        user = UserFactory()
        response, signed_in = _sign_in(user, PASSWORD)
        assert not signed_in
        assert TOO_MANY in response.text
        # Another address is not affected, nor is this one a minute later.
        assert _sign_in(user, PASSWORD, address="198.51.100.7")[1]
        clock.shift(datetime.timedelta(seconds=61))
        assert _sign_in(UserFactory(), PASSWORD)[1]


def test_more_than_30_sign_in_posts_a_minute_from_one_address_get_a_429():
    user = UserFactory()
    with time_machine.travel(START, tick=False) as clock:
        statuses = [_sign_in(user, "")[0].status_code for _ in range(31)]
        assert statuses[:30] == [200] * 30
        assert statuses[30] == 429
        assert _sign_in(user, PASSWORD, address="198.51.100.7")[1]
        clock.shift(datetime.timedelta(seconds=61))
        assert _sign_in(user, PASSWORD)[1]


def test_one_address_gets_at_most_30_tries_an_hour():
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(3):
            for _ in range(10):
                _sign_in(UserFactory(), "fout-wachtwoord")
            clock.shift(datetime.timedelta(seconds=61))
        assert not _sign_in(UserFactory(), PASSWORD)[1]
        clock.shift(datetime.timedelta(minutes=58))
        assert _sign_in(UserFactory(), PASSWORD)[1]


def test_one_account_holds_after_ten_wrong_passwords_for_15_minutes_only():
    user = UserFactory()
    with time_machine.travel(START, tick=False) as clock:
        for number in range(10):
            _sign_in(user, "fout-wachtwoord", address=f"192.0.2.{number + 1}")
        # Even the right password, from a fresh address, waits.
        response, signed_in = _sign_in(user, PASSWORD, address="198.51.100.7")
        assert not signed_in
        assert TOO_MANY in response.text
        clock.shift(datetime.timedelta(minutes=15, seconds=1))
        assert _sign_in(user, PASSWORD, address="198.51.100.7")[1]


def test_forwarded_for_is_ignored_without_a_trusted_proxy():
    # Anyone can send X-Forwarded-For: each guess claims another address.
    with time_machine.travel(START, tick=False):
        for number in range(10):
            _sign_in(
                UserFactory(),
                "fout-wachtwoord",
                address="10.0.0.1",
                x_forwarded_for=f"192.0.2.{number + 1}",
            )
        response, signed_in = _sign_in(
            UserFactory(), PASSWORD, address="10.0.0.1", x_forwarded_for="192.0.2.99"
        )
    assert not signed_in
    assert TOO_MANY in response.text


def test_behind_a_trusted_proxy_the_visitor_address_counts(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    balancer = "10.0.0.1"
    with time_machine.travel(START, tick=False):
        for _ in range(10):
            _sign_in(
                UserFactory(),
                "fout-wachtwoord",
                address=balancer,
                x_forwarded_for="203.0.113.66",
            )
        # The guesser is held; another visitor through the same balancer not.
        assert not _sign_in(
            UserFactory(), PASSWORD, address=balancer, x_forwarded_for="203.0.113.66"
        )[1]
        assert _sign_in(
            UserFactory(), PASSWORD, address=balancer, x_forwarded_for="198.51.100.7"
        )[1]
        # A forged first entry does not help: the balancer's last one counts.
        assert not _sign_in(
            UserFactory(),
            PASSWORD,
            address=balancer,
            x_forwarded_for="1.2.3.4, 203.0.113.66",
        )[1]


def test_a_trusted_client_address_header_is_read_only_when_configured(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    with time_machine.travel(START, tick=False):
        for _ in range(10):
            _sign_in(UserFactory(), "fout-wachtwoord", x_real_ip="203.0.113.66")
        assert not _sign_in(UserFactory(), PASSWORD, x_real_ip="203.0.113.66")[1]
        assert _sign_in(UserFactory(), PASSWORD, x_real_ip="198.51.100.7")[1]


def test_two_factor_codes_are_limited_per_account():
    user = UserFactory(is_moderator=True)
    TOTP.activate(user, SECRET)
    client = Client(REMOTE_ADDR="203.0.113.10")
    with time_machine.travel(START, tick=False):
        client.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD}
        )
        right = totp_code(SECRET)
        wrong = f"{(int(right) + 1) % 1_000_000:06d}"
        for _ in range(10):
            client.post(reverse("mfa_authenticate"), {"code": wrong})
        response = client.post(reverse("mfa_authenticate"), {"code": right})
    assert not response.wsgi_request.user.is_authenticated


# --- The admin's own login form ------------------------------------------------


def test_the_admin_login_checks_no_password_and_counts_nothing():
    moderator = UserFactory(is_moderator=True)
    client = Client(REMOTE_ADDR="203.0.113.10")
    with time_machine.travel(START, tick=False):
        for _ in range(100):
            response = client.post(
                reverse("admin:login"),
                {"username": moderator.email, "password": "fout-wachtwoord"},
            )
            assert response.status_code == 302
            assert response.url.startswith(reverse("account_login"))
        response = client.post(
            reverse("admin:login"),
            {"username": moderator.email, "password": PASSWORD},
        )
        assert "_auth_user_id" not in client.session
        # allauth's sign-in is where passwords are checked, and limited.
        assert _sign_in(moderator, PASSWORD)[1]


def test_allauth_sign_in_limits_hold_for_admin_accounts():
    moderator = UserFactory(is_moderator=True)
    with time_machine.travel(START, tick=False):
        for number in range(10):
            _sign_in(moderator, "fout-wachtwoord", address=f"192.0.2.{number + 1}")
        assert not _sign_in(moderator, PASSWORD, address="198.51.100.7")[1]
