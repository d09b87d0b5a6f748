"""The profile pages of the signed-in person (/profiel/): what the portal
knows of them, the download of all of it, deleting the account."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from . import avg
from .access import sign_in_first
from .forms import StyledFormMixin, add_refusal


class AccountDeleteForm(StyledFormMixin, forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        help_text=gettext_lazy("Type your password again to confirm."),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def _private(response):
    # Personal data: never in a shared or browser cache.
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
def profile(request):
    if redirect_to := sign_in_first(request):
        return redirect_to
    return _private(
        render(
            request,
            "profile/profile.html",
            {
                **avg.profile(user=request.user),
                "breadcrumbs": [(_("My profile"), "")],
            },
        )
    )


@require_GET
def download(request):
    if redirect_to := sign_in_first(request):
        return redirect_to
    avg.data_downloaded(user=request.user)
    response = StreamingHttpResponse(
        avg.personal_data(user=request.user),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="mijn-gegevens-cop-portaal-{stamp}.json"'
    )
    return _private(response)


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def delete(request):
    if redirect_to := sign_in_first(request):
        return redirect_to
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            avg.account_delete(
                user=request.user, password=form.cleaned_data["password"]
            )
        except ValidationError as error:
            add_refusal(form, error)
        else:
            logout(request)
            messages.success(
                request,
                _(
                    "Your account is deleted. What you wrote stays in the "
                    "portal as “voormalig deelnemer”."
                ),
            )
            return redirect("home")
    return _private(
        render(
            request,
            "profile/delete.html",
            {
                "form": form,
                "breadcrumbs": [
                    (_("My profile"), "/profiel/"),
                    (_("Delete my account"), ""),
                ],
            },
        )
    )
