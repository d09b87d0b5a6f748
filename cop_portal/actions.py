"""The one shape of a view that changes something: check the right, call one
service, and turn its outcome into what the user sees. Views, not services,
decide where to go next; services decide what is allowed.

    if request.method == "POST" and form.is_valid():
        if done := carry_out(request, lambda: services.x(...), form=form,
                             success=_("Saved.")):
            return done
    return render(...)
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect

from .exceptions import DomainError, NotAllowedError, refusal_text
from .forms import add_refusal


def carry_out(
    request,
    call: Callable,
    *,
    success: str | Callable[[object], str],
    form=None,
    redirect_to=None,
    on_refusal=None,
):
    """Run `call` (a service) and answer for it.

    - A refusal of rights (NotAllowedError) is a 403, whatever the form says.
    - Any other refusal (DomainError, ValidationError) goes onto `form` and
      None is returned, so the view renders the form again; without a form it
      becomes an error message and a redirect to `on_refusal`.
    - Success: `success` as a message (a text, or a function of the result)
      and a redirect to `redirect_to` (a URL or model, or a function of the
      result), by default to the result itself.
    """
    try:
        result = call()
    except NotAllowedError as error:
        raise PermissionDenied(error.message) from error
    except (DomainError, ValidationError) as error:
        if form is not None:
            add_refusal(form, error)
            return None
        messages.error(request, refusal_text(error))
        return redirect(on_refusal)
    messages.success(request, success(result) if callable(success) else success)
    target = redirect_to(result) if callable(redirect_to) else redirect_to
    return redirect(target if target is not None else result)


def submit_form(request, form, call: Callable, **options):
    """A form page's POST: when the form is valid, carry_out(call) with the
    refusal going onto the form. None while the form is to be shown (a GET,
    an invalid form, a refusal).

        if done := submit_form(request, form, lambda: services.x(...),
                               success=_("Saved.")):
            return done
    """
    if request.method != "POST" or not form.is_valid():
        return None
    return carry_out(request, call, form=form, **options)
