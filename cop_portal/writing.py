"""The B1 check on the portal's forms (docs/decisions/0018-plain-language-check.md):
what the product, signal and session views share, and the endpoint that
static/js/plain-language.js posts to while an author types. The analysis
itself is cop_portal.plain_language."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import plain_language, throttle
from .plain_language import HARD, OK, Report

# The name of the form button that checks the text without saving it.
CHECK_BUTTON = "check_language"


def advise(*texts: str) -> Report | None:
    """The B1 report over the texts, with the portal's jargon list."""
    return plain_language.check_texts(*texts, jargon=plain_language.portal_jargon())


def is_check(request) -> bool:
    """The author asked for the check, not for saving."""
    return request.method == "POST" and CHECK_BUTTON in request.POST


def unbound_copy(form, **kwargs):
    """The form again with what the author typed, but unbound: a check is no
    attempt to save, so it shows no "required" errors."""
    initial = {name: form[name].value() for name in form.fields}
    return type(form)(initial=initial, **kwargs)


def level_text(report: Report | None) -> str:
    """One sentence on the level, for the message after saving."""
    if report is None or report.level == OK:
        return _("Language check: at B1 level.")
    if report.level == HARD:
        return _("Language check: too hard, not at B1 level.")
    return _("Language check: nearly at B1 level.")


@require_POST
def check(request):
    """The check for the script on the form pages: the component's HTML for
    the posted `text` fields. Signed-in users only; nothing is stored."""
    if not request.user.is_authenticated:
        return HttpResponseForbidden(_("Sign in to check a text."))
    # The check reads every word against a word list: a script posting
    # without pause would keep a worker busy. A person typing asks at most
    # once a second (static/js/plain-language.js), so the limit is per user.
    allowed, wait = throttle.allow(
        "plain-language",
        str(request.user.pk),
        limit=settings.PLAIN_LANGUAGE_CHECKS_PER_MINUTE,
        seconds=60,
    )
    if not allowed:
        response = HttpResponse(
            _(
                "You had many texts checked in a short time. Wait a minute, "
                "then try again; saving works as always."
            ),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(wait)
        return response
    texts = request.POST.getlist("text")
    if sum(len(text) for text in texts) > plain_language.TEXT_LIMIT:
        return HttpResponseBadRequest(_("The text is too long to check."))
    return render(request, "components/plain_language.html", {"report": advise(*texts)})
