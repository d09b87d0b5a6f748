"""The one way views refuse: anonymous visitors are sent to sign in, signed-in
people without the right get 403, whatever URL or form they post."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def sign_in_first(request):
    """The sign-in redirect to return for an anonymous visitor, else None."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def refuse(request, allowed: bool, message: str):
    """None when allowed; otherwise the sign-in redirect to return, or a 403."""
    if redirect := sign_in_first(request):
        return redirect
    if not allowed:
        raise PermissionDenied(message)
    return None
