"""How long a sign-in lasts, how it ends, and what a browser may keep of it.

- A session ends after SESSION_IDLE_SECONDS without a request and at the
  latest SESSION_ABSOLUTE_SECONDS after sign-in. The last activity is stored
  in the session at most once per SESSION_ACTIVITY_RESOLUTION_SECONDS, so a
  busy user costs one session write a minute, not one per page.
- Signing out, a new password and switching an account off end every session
  of that account, on every device: User.session_epoch is part of the hash
  Django keeps in each session (User.get_session_auth_hash), so raising it
  makes every stored session of that user invalid at its next request,
  without looking for them in the session table.
- Every response to a signed-in user is private, no-store: a shared or
  back-button cache never shows members-only pages to the next person.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db.models import F
from django.utils.translation import gettext as _

STARTED_SESSION_KEY = "portal_session_started"
SEEN_SESSION_KEY = "portal_session_seen"


def end_all_sessions(user) -> None:
    """Make every session of this user invalid, on every device."""
    if user is None or user.pk is None:
        return
    get_user_model().objects.filter(pk=user.pk).update(
        session_epoch=F("session_epoch") + 1
    )
    user.refresh_from_db(fields=["session_epoch"])


def on_logged_in(sender, request, user, **kwargs):
    now = int(time.time())
    request.session[STARTED_SESSION_KEY] = now
    request.session[SEEN_SESSION_KEY] = now


def on_logged_out(sender, request, user, **kwargs):
    end_all_sessions(user)


def _expired(session, now: int) -> bool:
    started = session.get(STARTED_SESSION_KEY)
    seen = session.get(SEEN_SESSION_KEY)
    if not isinstance(started, int) or not isinstance(seen, int):
        # A session from before these rules (or forged): start counting now.
        session[STARTED_SESSION_KEY] = session[SEEN_SESSION_KEY] = now
        return False
    return (
        now - started > settings.SESSION_ABSOLUTE_SECONDS
        or now - seen > settings.SESSION_IDLE_SECONDS
    )


class SessionSecurityMiddleware:
    """Ends idle and too old sessions; marks signed-in responses private."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            if _expired(request.session, now):
                # Only this session: the user's other devices stay signed in.
                request.session.flush()
                request.user = AnonymousUser()
                messages.info(
                    request,
                    _("Your session has ended. Sign in again to continue."),
                )
            elif (
                now - request.session[SEEN_SESSION_KEY]
                >= settings.SESSION_ACTIVITY_RESOLUTION_SECONDS
            ):
                request.session[SEEN_SESSION_KEY] = now
        response = self.get_response(request)
        if request.user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
        return response


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header of settings.PERMISSIONS_POLICY on every
    response, static files included (so it sits above whitenoise)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
