from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communities.models import Community, Session
from cop_portal import textsearch
from cop_portal.access import refuse
from cop_portal.actions import carry_out, submit_form
from cop_portal.exceptions import refusal_text
from cop_portal.mfa import mfa_required
from cop_portal.page_cache import shared_fragment_version
from cop_portal.pagination import CURSOR_PARAMETER
from cop_portal.writing import advise, is_check, level_text, unbound_copy
from knowledge.selectors import product_readable

from . import changes, export, selectors, services, workflow
from .forms import (
    TRANSITION_FORMS,
    ExportForm,
    SignalFilterForm,
    SignalForm,
    signal_form_initial,
    similar_checked_token,
)
from .models import Signal
from .permissions import (
    can_export,
    can_make_knowledge_product,
    can_raise_signals,
    can_view_signals,
    is_cop_member,
    is_partner_only,
)

SIGNALS_PER_PAGE = 25


def _crumbs(*extra):
    return [(_("Signals"), reverse("signals:signal_list")), *extra]


@mfa_required
def signal_list(request):
    if refusal := refuse(
        request,
        can_view_signals(request.user),
        _("Signals are for members of a CoP, moderators and ketenpartners."),
    ):
        return refusal
    form = SignalFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {key: value for key, value in form.cleaned_data.items() if value}
    q = (filters.pop("q", "") or "").strip()
    parsed = textsearch.parse_with_synonyms(q) if q else None
    page, count, more = selectors.signal_list_page(
        user=request.user,
        cursor=request.GET.get(CURSOR_PARAMETER),
        per_page=SIGNALS_PER_PAGE,
        parsed=parsed,
        **filters,
    )
    return render(
        request,
        "signals/signal_list.html",
        {
            "form": form,
            "filter_version": shared_fragment_version(request, form),
            "page_obj": page,
            "signals": page.items,
            "count": count,
            "more": more,
            "recognised": {
                signal.pk for signal in page.items if signal.recognised_by_reader
            },
            "filtered": bool(filters or q),
            "query": q,
            "searchable": bool(parsed),
            "partner_only": is_partner_only(request.user),
            "can_raise": can_raise_signals(request.user),
            "can_export": can_export(request.user),
            "now": timezone.now(),
            "breadcrumbs": [(_("Signals"), "")],
        },
    )


@mfa_required
@require_http_methods(["GET", "POST"])
def signal_create(request):
    """Raise a signal, with the similar signals first: a POST with
    step=check only looks for them; a raise whose text was not checked yet
    stops once to show them, when there are any ("Toch indienen" goes on)."""
    if refusal := refuse(
        request,
        can_raise_signals(request.user),
        _("Only members of a CoP can raise a signal."),
    ):
        return refusal
    report = (
        advise(request.POST.get("title", ""), request.POST.get("description", ""))
        if request.method == "POST"
        else None
    )
    if request.method == "POST" and request.POST.get("step") == "check":
        form = SignalForm(user=request.user, initial=signal_form_initial(request.POST))
        return _signal_form_page(
            request,
            form,
            similar=_similar_for(request, request.POST),
            checked=True,
            report=report,
        )
    # Opened from a session or a CoP page: start with that CoP (and session,
    # and the themes the session was about).
    initial = {}
    session_pk = request.GET.get("session", "")
    if session_pk.isdigit() and len(session_pk) < 19:
        session = Session.objects.filter(pk=session_pk).first()
        if session is not None:
            initial = {
                "session": session.pk,
                "community": session.community_id,
                "themes": list(session.themes.values_list("pk", flat=True)),
            }
    elif slug := request.GET.get("community"):
        community = Community.objects.filter(slug=slug).first()
        if community is not None:
            initial = {"community": community.pk}
    form = SignalForm(request.POST or None, user=request.user, initial=initial)
    if is_check(request):
        # The language check only: the form again, unjudged, nothing saved.
        form = unbound_copy(form, user=request.user)
        return _signal_form_page(request, form, report=report)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        seen = request.POST.get("similar_checked", "") == similar_checked_token(
            data["title"], data["description"]
        )
        if not seen and (similar := _similar_for(request, data)):
            return _signal_form_page(
                request, form, similar=similar, checked=True, report=report
            )
    if done := submit_form(
        request,
        form,
        lambda: services.signal_submit(
            actor=request.user,
            community=form.cleaned_data["community"],
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            themes=list(form.cleaned_data["themes"]),
            session=form.cleaned_data["session"],
        ),
        success=f"{workflow.TRANSITIONS['submit'].done} {level_text(report)}",
    ):
        return done
    return _signal_form_page(request, form, report=report)


def _similar_for(request, data) -> list[Signal]:
    return selectors.similar_signals(
        user=request.user,
        title=data.get("title", ""),
        description=data.get("description", ""),
    )


def _similar_context(request, data, similar, checked) -> dict:
    return {
        "similar": similar,
        "checked": checked,
        "similar_checked": similar_checked_token(
            data.get("title", ""), data.get("description", "")
        )
        if checked
        else "",
        "recognised": selectors.recognised_ids(user=request.user, signals=similar),
    }


def _signal_form_page(request, form, *, similar=(), checked=False, report=None):
    data = form.data if form.is_bound else form.initial
    return render(
        request,
        "signals/signal_form.html",
        {
            "form": form,
            "plain_language": report,
            **_similar_context(request, data, list(similar), checked),
            "breadcrumbs": _crumbs((_("Raise a signal"), "")),
        },
    )


@mfa_required
@require_POST
def signal_similar(request):
    """The similar signals of a text being written, as the fragment of the
    signal form that lists them: the form's script asks for it while the
    text is typed. POST, so the text stays out of URLs and access logs."""
    if refusal := refuse(
        request,
        can_raise_signals(request.user),
        _("Only members of a CoP can raise a signal."),
    ):
        return refusal
    similar = _similar_for(request, request.POST)
    return render(
        request,
        "signals/signal_similar.html",
        _similar_context(request, request.POST, similar, checked=True),
    )


def _visible_signal(request, pk):
    signal = selectors.signal_get(pk=pk, reader=request.user)
    if refusal := refuse(
        request,
        selectors.signal_is_visible(user=request.user, signal=signal),
        _("You cannot see this signal."),
    ):
        return None, refusal
    return signal, None


@mfa_required
def signal_detail(request, pk):
    signal, refusal = _visible_signal(request, pk)
    if refusal:
        return refusal
    transitions = [(t.name, t.label) for t in workflow.available(request.user, signal)]
    return render(
        request,
        "signals/signal_detail.html",
        {
            "signal": signal,
            # A ketenpartner sees who acted by organisation or role only.
            "show_names": changes.sees_names(request.user),
            "merged_signals": list(
                selectors.merged_signals(user=request.user, signal=signal)
            ),
            "events": signal.events.all(),
            "responses": signal.responses.all(),
            "transitions": transitions,
            "can_recognise": is_cop_member(request.user) and signal.is_open,
            "recognised": signal.recognised_by_reader,
            "breadcrumbs": _crumbs((signal.title, "")),
            # Only if this person may read it: drafts and members-only
            # products follow the knowledge app's one visibility rule.
            "knowledge_product": product_readable(
                user=request.user, pk=signal.knowledge_product_id
            )
            if signal.knowledge_product_id
            else None,
            "can_make_product": can_make_knowledge_product(request.user)
            and services.answer_can_become_product(signal),
        },
    )


@mfa_required
@require_POST
def signal_recognise(request, pk):
    signal = get_object_or_404(Signal, pk=pk)
    if refusal := refuse(
        request,
        is_cop_member(request.user),
        _('Only members of a CoP can mark a signal "speelt bij ons ook".'),
    ):
        return refusal
    if request.POST.get("action") == "remove":
        call = partial(services.recognition_remove, actor=request.user, signal=signal)
        success = _("You no longer mark this signal.")
    else:
        call = partial(services.recognition_add, actor=request.user, signal=signal)
        success = _('You marked this signal: "speelt bij ons ook".')
    return carry_out(
        request, call, success=success, redirect_to=signal, on_refusal=signal
    )


@mfa_required
@require_http_methods(["GET", "POST"])
def signal_transition(request, pk, name):
    if name not in TRANSITION_FORMS:
        raise Http404
    signal, refusal = _visible_signal(request, pk)
    if refusal:
        return refusal
    if not workflow.may(request.user, name, signal):
        raise PermissionDenied(_("You cannot do this with this signal."))
    form_class = TRANSITION_FORMS[name]
    if request.method == "POST":
        form = form_class(request.POST, signal=signal)
    else:
        if not workflow.state_allows(name, signal):
            messages.error(request, services.wrong_state(name, signal).message)
            return redirect(signal)
        form = form_class(signal=signal, initial={"version": signal.version})
    if done := submit_form(
        request,
        form,
        lambda: getattr(services, f"signal_{name}")(
            actor=request.user,
            signal=signal,
            expected_version=form.cleaned_data["version"],
            **form.service_arguments(),
        ),
        success=workflow.TRANSITIONS[name].done,
        redirect_to=signal,
    ):
        return done
    if request.method == "POST" and (
        conflict := _conflict(request, form=form, name=name, signal=signal)
    ):
        return conflict
    return _transition_page(request, signal=signal, form=form, name=name)


def _transition_page(request, *, signal, form, name, conflict=None):
    return render(
        request,
        "signals/signal_transition.html",
        {
            "signal": signal,
            "form": form,
            "name": name,
            "label": workflow.TRANSITIONS[name].label,
            "conflict": conflict,
            # What else this person can do now, besides this step.
            "other_steps": [
                step for step in (conflict.now if conflict else []) if step[0] != name
            ],
            "breadcrumbs": _crumbs(
                (signal.title, signal.get_absolute_url()),
                (workflow.TRANSITIONS[name].label, ""),
            ),
        },
    )


def _conflict(request, *, form, name, signal):
    """The page for a form opened on an older version of the signal, whether
    the form saw it or the service under its lock: what changed meanwhile (who
    did what, when), the signal as it is now, and what can be done now. When
    the same step is still possible, the form comes back with what was typed,
    on the current version, for a deliberate second send. None when the form
    was not stale."""
    opened_on = (getattr(form, "cleaned_data", None) or {}).get("version")
    if opened_on is None:
        return None
    current = selectors.signal_get(pk=signal.pk)
    if current.version == opened_on:
        return None
    if not selectors.signal_is_visible(user=request.user, signal=current):
        # It moved out of this person's sight (no longer addressed to them).
        messages.error(request, refusal_text(services.SignalChangedError()))
        return redirect("signals:signal_list")
    conflict = changes.conflict(
        user=request.user, signal=current, name=name, opened_on=opened_on
    )
    retry = None
    if conflict.still_possible:
        typed = {field: form[field].value() for field in form.fields}
        retry = type(form)(
            initial={**typed, "version": current.version}, signal=current
        )
    return _transition_page(
        request, signal=current, form=retry, name=name, conflict=conflict
    )


@mfa_required
def signal_export(request):
    if refusal := refuse(
        request, can_export(request.user), _("Only moderators can export signals.")
    ):
        return refusal
    form = ExportForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        signals = export.report_signals(
            start=data["start"],
            end=data["end"],
            levels=data["levels"],
            themes=list(data["themes"]),
        )
        filename = f"signalenrapportage-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}"
        # Streamed: a year of signals never sits in memory, and the first
        # bytes leave before the last signal is read.
        if data["file_format"] == "csv":
            response = StreamingHttpResponse(
                export.csv_lines(signals), content_type="text/csv; charset=utf-8"
            )
            filename += ".csv"
        else:
            response = FileResponse(
                export.to_xlsx_file(signals),
                content_type="application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet",
            )
            filename += ".xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(
        request,
        "signals/signal_export.html",
        {"form": form, "breadcrumbs": _crumbs((_("Signalenrapportage"), ""))},
    )


@mfa_required
@require_POST
def signal_knowledge_product(request, pk):
    signal = get_object_or_404(Signal, pk=pk)
    if refusal := refuse(
        request,
        can_make_knowledge_product(request.user),
        _("Only a moderator can turn an answer into a knowledge product."),
    ):
        return refusal
    return carry_out(
        request,
        lambda: services.signal_to_knowledge_product(actor=request.user, signal=signal),
        success=_(
            "A draft knowledge product was made from the answer. Complete it and "
            "submit it for review."
        ),
        on_refusal=signal,
    )
