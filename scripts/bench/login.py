"""Signing in for the benchmark, in one place: a session in the database as a
real sign-in leaves it, passed to wrk and urllib as a cookie. When sign-in
gains a step (a verified address, say), this is the function to adjust."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import login
from django.test import RequestFactory

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def sign_in(user) -> str:
    """A new session for this user; returns the Cookie header value."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from cop_portal.mfa import requires_mfa

    request = RequestFactory().get("/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    login(request, user, backend=BACKEND)
    # What allauth records of a password sign-in (reauthentication reads it).
    record_authentication(request, user, "password", email=user.email)
    if requires_mfa(user):
        # Moderators and ketenpartners reach the admin and the signals only in
        # a session that passed the second factor (cop_portal.mfa).
        totp = (
            Authenticator.objects.filter(
                user=user, type=Authenticator.Type.TOTP
            ).first()
            or TOTP.activate(user, generate_totp_secret()).instance
        )
        record_authentication(request, user, "mfa", id=totp.pk, type="totp")
    request.session.save()
    return f"{settings.SESSION_COOKIE_NAME}={request.session.session_key}"
