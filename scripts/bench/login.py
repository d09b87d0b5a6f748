"""Signing in for the benchmark, in one place: a session in the database as a
real sign-in leaves it, passed to wrk and urllib as a cookie. When sign-in
gains a step (MFA, a verified address), this is the function to adjust."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import login
from django.test import RequestFactory

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def sign_in(user) -> str:
    """A new session for this user; returns the Cookie header value."""
    from allauth.account.internal.flows.login import record_authentication

    request = RequestFactory().get("/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    login(request, user, backend=BACKEND)
    # What allauth records of a password sign-in (reauthentication reads it).
    record_authentication(request, user, "password", email=user.email)
    request.session.save()
    return f"{settings.SESSION_COOKIE_NAME}={request.session.session_key}"
