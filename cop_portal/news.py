"""What a signed-in person hears of, and how (/profiel/meldingen/), and the
unsubscribe link of the weekly digest, which works without signing in."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from communities import following
from communities.models import Community, NewsFrequency, NewsPreferences, Theme

from . import digest
from .access import sign_in_first
from .forms import StyledFormMixin


class NewsPreferencesForm(StyledFormMixin, forms.Form):
    products = forms.ChoiceField(
        label=gettext_lazy("Published knowledge products"),
        choices=NewsFrequency.choices,
        widget=forms.RadioSelect,
    )
    sessions = forms.ChoiceField(
        label=gettext_lazy("Planned sessions and their reports"),
        choices=NewsFrequency.choices,
        widget=forms.RadioSelect,
    )
    signals = forms.ChoiceField(
        label=gettext_lazy("Answered signals"),
        choices=NewsFrequency.choices,
        widget=forms.RadioSelect,
    )


def _private(response):
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_http_methods(["GET", "POST"])
def notification_settings(request):
    if redirect_to := sign_in_first(request):
        return redirect_to
    preferences = NewsPreferences.for_user(request.user)
    initial = {kind: getattr(preferences, kind) for kind in NewsPreferences.KINDS}
    form = NewsPreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        following.preferences_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your notification choices are saved."))
        return redirect("profile_notifications")
    community_ids, theme_ids = following.followed(request.user)
    return _private(
        render(
            request,
            "profile/notifications.html",
            {
                "form": form,
                "communities": Community.objects.filter(pk__in=community_ids)
                .only("name", "slug")
                .order_by("name"),
                "themes": Theme.objects.filter(pk__in=theme_ids)
                .only("name", "slug")
                .order_by("name"),
                "breadcrumbs": [
                    (_("My profile"), "/profiel/"),
                    (_("Notifications"), ""),
                ],
            },
        )
    )


@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request, token):
    """GET asks to confirm (mail scanners follow links), POST unsubscribes."""
    user = digest.user_of_token(token)
    if user is None:
        return render(request, "profile/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        following.digest_unsubscribe(user=user)
        return render(request, "profile/unsubscribe_done.html")
    return render(request, "profile/unsubscribe.html", {"token": token})
