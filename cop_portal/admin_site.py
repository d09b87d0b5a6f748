"""The portal's admin site (/beheer/). People sign in through allauth, like
everywhere else, so its rate limits, MFA and e-mail verification hold here too;
the admin's own login form, which would go around them, is never shown."""

from functools import wraps

from allauth.account.utils import has_verified_email
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.i18n import JavaScriptCatalog

from .mfa import mfa_redirect, needs_mfa


def has_verified_address(user) -> bool:
    """True when the user's own address (user.email) is verified in allauth.

    Cached on the user object: the admin asks several times per request."""
    cached = getattr(user, "_verified_address", None)
    if cached is not None and cached[0] == user.email:
        return cached[1]
    verified = bool(user.email) and has_verified_email(user, user.email)
    user._verified_address = (user.email, verified)
    return verified


class PortalAdminSite(admin.AdminSite):
    site_header = gettext_lazy("CoP-portaal Inburgering – management")
    site_title = gettext_lazy("CoP-portaal management")
    index_title = gettext_lazy("Management")

    # No app list beside every page: the changelists need the width (the
    # signals have nine columns), the index lists every model, and the
    # breadcrumbs lead there. Working the list out for the sidebar cost
    # 3.6 of the 21 ms of CPU of a signal changelist at national scale.
    enable_nav_sidebar = False

    def each_context(self, request):
        # Only the sidebar reads the app list (the index works its own out):
        # it is worked out when read.
        request._app_list_when_read = True
        try:
            context = super().each_context(request)
        finally:
            del request._app_list_when_read
        context["available_apps"] = SimpleLazyObject(lambda: self.get_app_list(request))
        return context

    def get_app_list(self, request, app_label=None):
        if getattr(request, "_app_list_when_read", False):
            return []
        return super().get_app_list(request, app_label)

    def has_permission(self, request):
        # Staff whose address was never verified could not have signed in
        # through allauth; a session that got them in anyway does not count.
        # Nor does a session without the second factor the role requires.
        return (
            super().has_permission(request)
            and has_verified_address(request.user)
            and not needs_mfa(request)
        )

    def admin_view(self, view, cacheable=False):
        return super().admin_view(_selection_checked(view), cacheable)

    def login(self, request, extra_context=None):
        """Send everyone to allauth's sign-in page, whatever the method: a POST
        with credentials is never checked here."""
        next_url = self._next_url(request)
        user = request.user
        if not user.is_authenticated:
            query = urlencode({REDIRECT_FIELD_NAME: next_url})
            return HttpResponseRedirect(f"{reverse('account_login')}?{query}")
        if self.has_permission(request):
            return HttpResponseRedirect(next_url)
        # Signed in already: allauth's sign-in page would send them straight
        # back here, so each refusal gets its own way out.
        if user.is_active and user.is_staff and needs_mfa(request):
            return mfa_redirect(request, next_url)
        if user.is_active and user.is_staff:
            messages.warning(
                request,
                _(
                    "Verify your e-mail address %(email)s before you use the "
                    "management: ask for a new verification mail below."
                )
                % {"email": user.email},
            )
            return HttpResponseRedirect(reverse("account_email"))
        raise PermissionDenied(_("Your account has no access to the management."))

    def password_change(self, request, extra_context=None):
        # allauth's own form: it notifies the account holder and keeps the
        # session rules in one place.
        return HttpResponseRedirect(reverse("account_change_password"))

    def i18n_javascript(self, request, extra_context=None):
        # The admin's script texts (the date picker's labels) in the portal's
        # Dutch where Django 6 left them English (decision 0024).
        return _AdminScriptCatalog.as_view(packages=["django.contrib.admin"])(request)

    def _next_url(self, request) -> str:
        index = reverse("admin:index", current_app=self.name)
        candidate = request.GET.get(REDIRECT_FIELD_NAME, "")
        if candidate and url_has_allowed_host_and_scheme(
            candidate,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        ):
            return candidate
        return index


class _AdminScriptCatalog(JavaScriptCatalog):
    """Django's catalogue of the admin's scripts, completed by the portal's
    own (LOCALE_PATHS, read last, so it wins)."""

    def get_paths(self, packages):
        return [*super().get_paths(packages), *map(str, settings.LOCALE_PATHS)]


# Longer search terms are cut: every admin search compares each term with
# LIKE '%...%' over several columns; 4,400 characters took 0.7-2.8 s on the
# signals at national scale, and a real search is a few words.
SEARCH_TERM_MAX_LENGTH = 200


def _bound_search_term(request) -> None:
    term = request.GET.get(SEARCH_VAR, "")
    if len(term) <= SEARCH_TERM_MAX_LENGTH:
        return
    query = request.GET.copy()
    query[SEARCH_VAR] = term[:SEARCH_TERM_MAX_LENGTH]
    query._mutable = False
    request.GET = query
    messages.warning(
        request,
        _("The search term was shortened to its first %(count)d characters.")
        % {"count": SEARCH_TERM_MAX_LENGTH},
    )


def _selection_checked(view):
    """A model admin's view that answers 400 to a POST whose selected rows
    (an action's checkboxes) are not keys of the model: Django filters on
    them unchecked, so "abc" was a 500 instead of a refused request."""
    model_admin = getattr(view, "__self__", None)
    if not isinstance(model_admin, admin.ModelAdmin):
        return view
    to_python = model_admin.opts.pk.to_python

    @wraps(view)
    def checked(request, *args, **kwargs):
        _bound_search_term(request)
        if request.method == "POST":
            try:
                for key in request.POST.getlist(ACTION_CHECKBOX_NAME):
                    to_python(key)
            except ValidationError:
                raise BadRequest("Selected rows that do not exist.") from None
        return view(request, *args, **kwargs)

    return checked
