"""The one way views refuse: anonymous visitors are sent to sign in, signed-in
people without the right get 403, whatever URL or form they post."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def sign_in_first(request, back_to: str | None = None):
    """The sign-in redirect to return for an anonymous visitor, else None.
    After signing in the visitor comes back to this page, or to `back_to`
    for a POST-only action (coming back to it with a GET would be a 405)."""
    if not request.user.is_authenticated:
        return redirect_to_login(back_to or request.get_full_path())
    return None


def refuse(request, allowed: bool, message: str):
    """None when allowed; otherwise the sign-in redirect to return, or a 403."""
    if redirect := sign_in_first(request):
        return redirect
    if not allowed:
        raise PermissionDenied(message)
    return None
