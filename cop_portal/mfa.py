"""Two-factor sign-in: who must have it, and the one check that enforces it.

Moderators, staff and ketenpartners hold the admin and the signals that go
up to the ministry, so they reach those only in a session that was
authenticated with a second factor (allauth.mfa: TOTP or a recovery code),
or in which they just set one up. Everyone else may turn it on, and is then
asked for it at every sign-in by allauth itself.
"""

from functools import wraps

from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.forms import ActivateTOTPForm as AllauthActivateTOTPForm
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

# Set when the user adds an authenticator in this session: proving the new
# code once is as good as entering it at sign-in.
SETUP_SESSION_KEY = "portal_mfa_setup"


def requires_mfa(user) -> bool:
    """True for the roles that may not work without a second factor."""
    return bool(
        user.is_authenticated
        and (
            user.is_superuser
            or user.is_staff
            or getattr(user, "is_moderator", False)
            or getattr(user, "is_chain_partner", False)
        )
    )


def session_has_mfa(request) -> bool:
    """True when this session was authenticated with a second factor."""
    user = request.user
    if not user.is_authenticated:
        return False
    if request.session.get(SETUP_SESSION_KEY) == str(user.pk) and is_mfa_enabled(
        user, [Authenticator.Type.TOTP]
    ):
        return True
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, user)
    )


def needs_mfa(request) -> bool:
    """True when the signed-in user must first give (or set up) a second factor."""
    return requires_mfa(request.user) and not session_has_mfa(request)


def mfa_redirect(request, next_url: str | None = None) -> HttpResponseRedirect:
    """Send the user to enter their code, or to set up two-factor sign-in."""
    next_url = next_url or request.get_full_path()
    if is_mfa_enabled(request.user, [Authenticator.Type.TOTP]):
        messages.warning(
            request,
            _(
                "This part of the portal needs two-factor sign-in. Enter the "
                "code from your authenticator app to continue."
            ),
        )
        query = urlencode({REDIRECT_FIELD_NAME: next_url})
        return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")
    messages.warning(
        request,
        _(
            "Your role needs two-factor sign-in before you can use the management "
            "or handle signals. Set it up now with an authenticator app; it "
            "takes a minute."
        ),
    )
    return HttpResponseRedirect(reverse("mfa_activate_totp"))


def mfa_required(view):
    """Decorator: a user whose role needs a second factor gets it first.
    Anonymous visitors and other roles pass to the view's own checks."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if needs_mfa(request):
            # After the code, come back with a GET: a POST-only action would
            # answer 405, so go to the page the action belongs to.
            back = request.get_full_path() if request.method == "GET" else None
            return mfa_redirect(request, back or _referring_page(request))
        return view(request, *args, **kwargs)

    return wrapper


def _referring_page(request) -> str:
    # /signalen/5/herkennen/ belongs to /signalen/5/.
    parent = request.path.rstrip("/").rsplit("/", 1)[0]
    return f"{parent}/" if parent else reverse("home")


class ActivateTOTPForm(AllauthActivateTOTPForm):
    """allauth's form that sets up TOTP: a code that fits the new secret
    proves the second factor for this session as well (MFA_FORMS)."""

    def clean_code(self) -> str:
        code = super().clean_code()
        # allauth refuses a code seen at sign-in a second time, but not the
        # one typed to set TOTP up: mark it used the same way, so whoever
        # watched the set-up cannot sign in with it within its 30 seconds.
        TOTP(
            Authenticator(user=self.user, type=Authenticator.Type.TOTP)
        )._mark_code_used(code)
        context.request.session[SETUP_SESSION_KEY] = str(self.user.pk)
        return code


class PortalMFAAdapter(DefaultMFAAdapter):
    """allauth.mfa with the portal's rule: a role that needs a second factor
    cannot switch its last one off."""

    def can_delete_authenticator(self, authenticator) -> bool:
        return not requires_mfa(authenticator.user)
