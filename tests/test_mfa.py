"""Two-factor sign-in: required for moderators, staff and ketenpartners before
the admin and the signals, optional for the others; codes are single-use."""

import datetime
import subprocess
import sys
import time
from urllib.parse import unquote, urlsplit

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from cop_portal.management.commands.load_demo import DEMO_TOTP_SECRETS
from cop_portal.models import User
from cop_portal.totp import totp_code
from signals.models import Level, Status
from tests.conftest import sign_in
from tests.factories import PASSWORD, UserFactory
from tests.signals.factories import ChainPartnerOrganisationFactory, SignalFactory

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = datetime.datetime(2026, 3, 2, 10, 0, 5, tzinfo=datetime.UTC)


@pytest.fixture
def partner_organisation(db):
    return ChainPartnerOrganisationFactory(name="Ministerie van SZW", slug="szw")


@pytest.fixture
def escalated(community, partner_organisation, theme):
    return SignalFactory(
        community=community,
        level=Level.SCHAKEL,
        status=Status.IN_PROGRESS,
        addressed_to=partner_organisation,
        themes=[theme],
    )


def _user(role, partner_organisation):
    if role == "moderator":
        return UserFactory(is_moderator=True)
    if role == "staff":
        return UserFactory(is_staff=True)
    if role == "superuser":
        return UserFactory(is_staff=True, is_superuser=True)
    return UserFactory(is_chain_partner=True, organisation=partner_organisation)


def _password_sign_in(client, user, next_url=""):
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": user.email, "password": PASSWORD})


def _path(response) -> str:
    return urlsplit(response.url).path


# --- Who needs it, and where ------------------------------------------------


@pytest.mark.parametrize("role", ["moderator", "staff", "superuser"])
def test_admin_role_without_a_second_factor_is_sent_to_set_it_up(
    client, role, partner_organisation
):
    user = _user(role, partner_organisation)
    _password_sign_in(client, user)
    response = client.get(reverse("admin:index"), follow=True)
    # Setting it up asks for the password first, then shows the QR code.
    last = unquote(response.redirect_chain[-1][0])
    assert (
        last
        == f"{reverse('account_reauthenticate')}?next={reverse('mfa_activate_totp')}"
    )
    assert "twee-factor-authenticatie nodig" in response.text
    assert client.get(reverse("admin:signals_signal_changelist")).status_code == 302


@pytest.mark.parametrize("role", ["moderator", "staff", "superuser"])
def test_admin_role_signed_in_with_a_second_factor_reaches_the_admin(
    client, role, partner_organisation
):
    sign_in(client, _user(role, partner_organisation))
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("role", ["moderator", "staff"])
def test_admin_role_with_totp_but_a_session_without_it_is_asked_for_the_code(
    client, role, partner_organisation
):
    user = _user(role, partner_organisation)
    TOTP.activate(user, SECRET)
    client.force_login(user)  # a session from before the code was asked
    response = client.get(reverse("admin:login") + "?next=/beheer/")
    assert _path(response) == reverse("mfa_reauthenticate")
    with time_machine.travel(NOW, tick=False):
        response = client.post(response.url, {"code": totp_code(SECRET)})
        assert response.url == reverse("admin:index")
        assert client.get(reverse("admin:index")).status_code == 200


def test_moderator_without_a_second_factor_cannot_route_signals(
    client, community, theme
):
    signal = SignalFactory(community=community, themes=[theme])
    moderator = UserFactory(is_moderator=True)
    client.force_login(moderator)
    accept = reverse("signals:signal_transition", args=[signal.pk, "accept"])
    for url in (reverse("signals:signal_list"), signal.get_absolute_url(), accept):
        response = client.get(url)
        assert _path(response) == reverse("mfa_activate_totp"), url
    response = client.post(accept, {"version": signal.version})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == Status.NEW
    sign_in(client, moderator)
    assert client.get(accept).status_code == 200
    client.post(accept, {"version": signal.version})
    signal.refresh_from_db()
    assert signal.status == Status.IN_PROGRESS


def test_partner_without_a_second_factor_cannot_read_or_answer_signals(
    client, escalated, partner_organisation
):
    partner = _user("partner", partner_organisation)
    TOTP.activate(partner, SECRET)
    client.force_login(partner)
    respond = reverse("signals:signal_transition", args=[escalated.pk, "respond"])
    for url in (escalated.get_absolute_url(), respond, reverse("signals:signal_list")):
        assert _path(client.get(url)) == reverse("mfa_reauthenticate"), url
    response = client.post(respond, {"version": escalated.version, "answer": "Ja."})
    assert _path(response) == reverse("mfa_reauthenticate")
    escalated.refresh_from_db()
    assert escalated.status == Status.IN_PROGRESS

    sign_in(client, partner)
    response = client.post(respond, {"version": escalated.version, "answer": "Ja."})
    assert response.status_code == 302
    escalated.refresh_from_db()
    assert escalated.status == Status.ANSWERED


def test_deelnemer_needs_no_second_factor_for_signals(client, deelnemer):
    client.force_login(deelnemer)
    assert client.get(reverse("signals:signal_list")).status_code == 200


def test_role_without_a_second_factor_still_reads_public_pages_and_signs_out(
    client, partner_organisation
):
    client.force_login(_user("moderator", partner_organisation))
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("knowledge:product_list")).status_code == 200
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


# --- Setting it up, and signing in with it -----------------------------------


def test_moderator_sets_up_totp_and_then_enters_the_admin(client):
    moderator = UserFactory(is_moderator=True)
    _password_sign_in(client, moderator)
    response = client.get(reverse("admin:index"), follow=True)
    client.post(response.redirect_chain[-1][0], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    assert 'src="data:image/svg+xml;base64,' in page.text  # the QR code
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=moderator).exists()
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.url == reverse("mfa_view_recovery_codes")
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_wrong_code_is_refused_at_sign_in(client):
    moderator = UserFactory(is_moderator=True)
    TOTP.activate(moderator, SECRET)
    response = _password_sign_in(client, moderator)
    assert response.url == reverse("mfa_authenticate")
    with time_machine.travel(NOW, tick=False):
        wrong = f"{(int(totp_code(SECRET)) + 1) % 1_000_000:06d}"
        response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_code_is_accepted_once_only(client):
    moderator = UserFactory(is_moderator=True)
    TOTP.activate(moderator, SECRET)
    with time_machine.travel(NOW, tick=False):
        code = totp_code(SECRET)
        _password_sign_in(client, moderator)
        response = client.post(reverse("mfa_authenticate"), {"code": code})
        assert response.wsgi_request.user == moderator
        client.post(reverse("account_logout"))

        # Someone who saw the code replays it within its 30 seconds.
        _password_sign_in(client, moderator)
        response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_the_code_that_set_up_totp_cannot_sign_in_again(client):
    moderator = UserFactory(is_moderator=True)
    with time_machine.travel(NOW, tick=False):
        _password_sign_in(client, moderator)
        response = client.get(reverse("admin:index"), follow=True)
        client.post(response.redirect_chain[-1][0], {"password": PASSWORD})
        client.get(reverse("mfa_activate_totp"))
        secret = client.session["mfa.totp.secret"]
        code = totp_code(secret)
        client.post(reverse("mfa_activate_totp"), {"code": code})
        assert Authenticator.objects.filter(user=moderator).exists()
        client.post(reverse("account_logout"))

        # Someone who watched the set-up uses that code within its 30 seconds.
        _password_sign_in(client, moderator)
        response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_a_recovery_code_signs_in_once(client):
    moderator = UserFactory(is_moderator=True)
    TOTP.activate(moderator, SECRET)
    code = RecoveryCodes.activate(moderator).get_unused_codes()[0]
    _password_sign_in(client, moderator)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.wsgi_request.user == moderator
    assert client.get(reverse("admin:index")).status_code == 200
    client.post(reverse("account_logout"))

    _password_sign_in(client, moderator)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert not response.wsgi_request.user.is_authenticated


def test_a_moderator_cannot_switch_two_factor_sign_in_off(client):
    moderator = UserFactory(is_moderator=True)
    sign_in(client, moderator)
    response = client.post(reverse("mfa_deactivate_totp"), follow=True)
    # First the password again (changing MFA), then the refusal.
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    client.post(response.redirect_chain[-1][0], {"password": PASSWORD})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert Authenticator.objects.filter(
        user=moderator, type=Authenticator.Type.TOTP
    ).exists()


def test_a_deelnemer_may_switch_it_on_and_is_then_asked_at_sign_in(client, deelnemer):
    TOTP.activate(deelnemer, SECRET)
    response = _password_sign_in(client, deelnemer)
    assert response.url == reverse("mfa_authenticate")
    assert not response.wsgi_request.user.is_authenticated


# --- The demo accounts -------------------------------------------------------


def _wait_for_a_fresh_step():
    # A code printed at the very end of its 30 seconds may expire on the way.
    if 30 - time.time() % 30 < 3:
        time.sleep(3)


def test_the_printed_code_signs_the_demo_moderator_in(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    secret = DEMO_TOTP_SECRETS["moderator@example.org"]
    _wait_for_a_fresh_step()
    printed = subprocess.run(
        [sys.executable, "-m", "cop_portal.totp", secret],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    ).stdout.strip()
    assert printed.isdigit() and len(printed) == 6
    response = client.post(
        reverse("account_login"),
        {"login": "moderator@example.org", "password": "demo-wachtwoord-2026"},
    )
    assert response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": printed})
    assert response.wsgi_request.user == User.objects.get(email="moderator@example.org")
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_totp_script_refuses_what_is_no_secret():
    result = subprocess.run(
        [sys.executable, "-m", "cop_portal.totp", "not a secret!"],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 2
    assert "base32" in result.stderr
