"""Moderators work the signals here. Level and status are read-only: each
transition is an admin action with an intermediate form that calls the same
service the site uses, and the event history cannot be edited."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from communities.admin import CommunityFilter, ThemeFilter
from cop_portal.admin_tools import (
    CappedPaginator,
    NameFilter,
    PlainLanguageAdvice,
    ReadOnlyInline,
    SafeAutocomplete,
    ServiceAdmin,
    search_condition,
)
from cop_portal.exceptions import DomainError, refusal_text
from cop_portal.pagination import among

from . import changes, services, workflow
from .forms import TRANSITION_FORMS
from .models import Recognition, Response, Signal, SignalEvent


class AddressedFilter(NameFilter):
    title = _("addressed to")
    parameter_name = "addressed"
    lookup = "addressed_to__name__icontains"


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        return queryset


class SignalEventInline(ReadOnlyInline):
    model = SignalEvent
    fk_name = "signal"
    fields = [
        "created_at",
        "kind",
        "actor",
        "from_level",
        "from_status",
        "to_level",
        "to_status",
        "tried",
        "reason",
        "addressed_to",
        "target",
    ]
    readonly_fields = fields
    ordering = ["created_at", "pk"]


class ResponseInline(ReadOnlyInline):
    model = Response
    fields = ["created_at", "author", "organisation", "level", "body"]
    readonly_fields = fields


class RecognitionInline(ReadOnlyInline):
    model = Recognition
    fields = ["created_at", "user", "community", "organisation"]
    readonly_fields = fields


class SignalChangeList(ChangeList):
    """The changelist reads no long texts: its columns never show the
    description or the feedback (a search still looks in them)."""

    def get_queryset(self, request, exclude_parameters=None):
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .defer("description", "feedback")
        )


def _transition_action(name: str):
    def action(modeladmin, request, queryset):
        return modeladmin.run_transition(request, queryset, name)

    action.__name__ = f"transition_{name}"
    action.short_description = workflow.TRANSITIONS[name].label
    action.allowed_permissions = ("change",)
    return action


@admin.register(Signal)
class SignalAdmin(PlainLanguageAdvice, SafeAutocomplete, ServiceAdmin):
    list_display = [
        "title",
        "community",
        "level",
        "state",
        "recognition_count",
        "addressed_to",
        "due_at",
        "overdue",
        "created_at",
    ]
    list_filter = [
        "level",
        "status",
        "closure",
        OverdueFilter,
        ThemeFilter,
        CommunityFilter,
        AddressedFilter,
        ("created_at", admin.DateFieldListFilter),
    ]
    # Each column has a trigram index on UPPER(column), the expression the
    # admin's search compares (migration 0006). The CoP is a filter, not a
    # search field: a join in the OR would defeat the indexes.
    search_fields = ["title", "description", "feedback"]
    list_select_related = ["community", "addressed_to"]
    # No date hierarchy (a DISTINCT date_trunc over every signal) and no
    # full count per page; the paginator counts up to a cap.
    show_full_result_count = False
    paginator = CappedPaginator
    # Every row costs rendering nine cells: 50 rows a page halve the work of
    # Django's default 100, and a moderator narrows with filters anyway.
    list_per_page = 50
    autocomplete_fields = ["themes"]
    fields = [
        "title",
        "description",
        "plain_language",
        "themes",
        "session",
        "community",
        "raised_by",
        "organisation",
        "level",
        "status",
        "closure",
        "addressed_to",
        "handler",
        "merged_into",
        "feedback",
        "entered_level_at",
        "due_at",
        "knowledge_product",
        "version",
        "created_at",
        "updated_at",
    ]
    # As the site checks a signal being raised: advice, nothing refused.
    plain_language_fields = ("title", "description")
    # Only transitions change these.
    readonly_fields = [
        "plain_language",
        "community",
        "raised_by",
        "organisation",
        "level",
        "status",
        "closure",
        "addressed_to",
        "handler",
        "merged_into",
        "feedback",
        "entered_level_at",
        "due_at",
        "knowledge_product",
        "version",
        "created_at",
        "updated_at",
    ]
    raw_id_fields = ["session"]
    inlines = [SignalEventInline, ResponseInline, RecognitionInline]
    actions = [
        *(_transition_action(name) for name in workflow.SIGNAL_TRANSITIONS),
        "make_knowledge_product",
    ]
    change_form_template = "admin/signals/signal/change_form.html"

    def get_changelist(self, request, **kwargs):
        return SignalChangeList

    # A search shows the newest SEARCH_WINDOW matches (the list is newest
    # first). PostgreSQL cannot estimate how many rows LIKE '%word%' matches.
    # For a word in most signals the trigram indexes gather all of them
    # before sorting (1.5 s on 500,000 signals); for a rare word, walking the
    # newest signals and testing each reads far too many (20,000: 130 ms),
    # where the trigram indexes take 1 ms. So the newest PROBE signals are
    # tested first: a word that matches too few of them to fill the window
    # within the newest RECENT goes to the trigram indexes; a common word
    # walks on from there along the created_at index.
    SEARCH_WINDOW = 1000
    RECENT = 20_000
    PROBE = 2_500

    def get_search_results(self, request, queryset, search_term):
        condition = search_condition(self.get_search_fields(request), search_term)
        if condition is None:
            return queryset, False
        # Only the signal's own columns are searched: no duplicates.
        return among(queryset, self._search_window(queryset, condition)), False

    def _search_window(self, queryset, condition: Q) -> list[int]:
        newest_first = ("-created_at", "-pk")
        results = queryset.filter(condition)
        # The newest PROBE signals, each with whether it matches, in one
        # statement along the created_at index (the changelist's filters
        # narrow them further). Reading them first and testing them by key
        # afterwards looked each one up twice: 44 ms against 22 ms for a
        # common word at national scale.
        probe_since = (
            Signal.objects.order_by("-created_at")
            .values_list("created_at", flat=True)[self.PROBE - 1 : self.PROBE]
            .first()
        )
        probe = queryset.order_by(*newest_first)
        if probe_since is not None:
            probe = probe.filter(created_at__gte=probe_since)
        probed = list(
            probe.annotate(
                hit=ExpressionWrapper(condition, output_field=BooleanField())
            ).values_list("pk", "created_at", "hit")
        )
        window = [pk for pk, _, hit in probed if hit]
        if len(window) >= self.SEARCH_WINDOW or probe_since is None:
            return window[: self.SEARCH_WINDOW]
        if len(window) * self.RECENT < self.SEARCH_WINDOW * self.PROBE:
            # Rare: its matches through the trigram indexes, newest first.
            return self._trigram_window(results, newest_first)
        # Common: walk on from the probe's oldest signal, no further than
        # the RECENT-th newest (read along the index).
        oldest_pk, oldest_at, _ = probed[-1]
        # Without the pk as a tie-break: an index-only scan (3 ms), where
        # the full order sorts what it reads from the table (70 ms).
        since = (
            Signal.objects.order_by("-created_at")
            .values_list("created_at", flat=True)[self.RECENT - 1 : self.RECENT]
            .first()
        )
        older = results.filter(
            Q(created_at__lt=oldest_at) | Q(created_at=oldest_at, pk__lt=oldest_pk)
        )
        if since is not None:
            older = older.filter(created_at__gte=since)
        with transaction.atomic(), connection.cursor() as cursor:
            # Without a row estimate for LIKE, the planner would still take
            # the trigram bitmaps over every signal here; for this query only,
            # it reads the recent signals and tests each.
            cursor.execute("SELECT set_config('enable_bitmapscan', 'off', true)")
            window += older.order_by(*newest_first).values_list("pk", flat=True)[
                : self.SEARCH_WINDOW - len(window)
            ]
            cursor.execute("SELECT set_config('enable_bitmapscan', 'on', true)")
        if len(window) < self.SEARCH_WINDOW:
            # Common among the newest only: its older matches are few, and
            # the trigram indexes find them all.
            return self._trigram_window(results, newest_first)
        return window

    def _trigram_window(self, results, newest_first) -> list[int]:
        return list(
            results.order_by(*newest_first).values_list("pk", flat=True)[
                : self.SEARCH_WINDOW
            ]
        )

    @admin.display(description=_("status"), ordering="status")
    def state(self, obj):
        return obj.state_label

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, obj):
        return obj.is_overdue

    @admin.action(description=_("Make a knowledge product of the answer"))
    def make_knowledge_product(self, request, queryset):
        for signal in queryset.order_by("pk"):
            try:
                product = services.signal_to_knowledge_product(
                    actor=request.user, signal=signal
                )
            except (DomainError, ValidationError) as error:
                # Includes a draft that fails the product's own checks
                # (privacy screen, length): reported, as on the site.
                self.message_user(
                    request, f"{signal.title}: {refusal_text(error)}", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    _("%(signal)s: draft knowledge product “%(product)s” made.")
                    % {"signal": signal.title, "product": product.title},
                    messages.SUCCESS,
                )

    def save_model(self, request, obj, form, change):
        """A correction goes through signal_edit, which locks the row, writes
        only what a moderator may correct (level and status change only
        through transitions, so a transition made meanwhile stays) and
        records the edit in the signal's history."""
        data = form.cleaned_data
        stored = services.signal_edit(
            actor=request.user,
            signal=obj,
            title=data["title"],
            description=data["description"],
            themes=list(data["themes"]),
            session=data["session"],
        )
        # Show what is stored now, workflow fields included.
        for field in Signal._meta.concrete_fields:
            setattr(obj, field.attname, getattr(stored, field.attname))

    def save_related(self, request, form, formsets, change):
        # signal_edit set the themes; every inline is a read-only record.
        for formset in formsets:
            formset.new_objects, formset.changed_objects = [], []
            formset.deleted_objects = []

    def has_add_permission(self, request):
        # Signals are raised on the site by members of a CoP.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        signal = self.get_object(request, object_id)
        transitions = []
        if signal is not None:
            transitions = [
                (t.name, t.label) for t in workflow.available(request.user, signal)
            ]
        extra_context = {**(extra_context or {}), "transitions": transitions}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/stap/<slug:name>/",
                self.admin_site.admin_view(self.transition_view),
                name="signals_signal_transition",
            ),
            *super().get_urls(),
        ]

    def transition_view(self, request, object_id, name):
        """One transition of one signal, from the buttons on its change page:
        the same intermediate form as the list's actions, and back to the
        signal afterwards, so the moderator stays in the admin."""
        if name not in workflow.SIGNAL_TRANSITIONS:
            raise Http404
        signal = self.get_object(request, object_id)
        if signal is None:
            raise Http404
        if not self.has_change_permission(request, signal):
            raise PermissionDenied
        change_url = reverse("admin:signals_signal_change", args=[signal.pk])
        response = self.run_transition(
            request,
            Signal.objects.filter(pk=signal.pk),
            name,
            cancel_url=change_url,
        )
        return response or redirect(change_url)

    def run_transition(self, request, queryset, name, *, cancel_url=None):
        """The intermediate page of a transition action: the form asks the
        required fields and shows the rules; applying it calls the service
        once per selected signal, each with the version shown."""
        form_class = TRANSITION_FORMS[name]
        signals = list(queryset.select_related("community").order_by("pk"))
        kwargs = {"signal": signals[0] if len(signals) == 1 else None}
        if name == "merge":
            kwargs["exclude"] = [signal.pk for signal in signals]
            kwargs["like"] = signals[0]
        if "apply" in request.POST:
            form = form_class(request.POST, **kwargs)
            # One form for several signals: each carries its own version
            # (version_<pk>), checked in _apply.
            form.fields.pop("version")
            if form.is_valid():
                self._apply(request, name, signals, form)
                return None
        else:
            form = form_class(**kwargs)
        context = {
            **self.admin_site.each_context(request),
            "title": workflow.TRANSITIONS[name].label,
            "form": form,
            "signals": signals,
            "action": f"transition_{name}",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
            "cancel_url": cancel_url,
            "single": signals[0] if cancel_url else None,
        }
        return TemplateResponse(
            request, "admin/signals/signal/transition.html", context
        )

    def _conflict_message(self, request, name, signal, opened_on):
        """For a signal that moved since the form was opened: who did what
        and when, where it stands now, what can be done now, and a link to
        its page in the admin to go on from there."""
        current = Signal.objects.get(pk=signal.pk)
        conflict = changes.conflict(
            user=request.user, signal=current, name=name, opened_on=opened_on
        )
        possible = ", ".join(str(label) for _name, label in conflict.now)
        return format_html(
            '{title}: {changed}. {lines} {now} {possible} <a href="{url}">{open}</a>',
            title=current.title,
            changed=gettext("Nothing was saved: this signal has changed meanwhile"),
            lines=" ".join(conflict.changes),
            now=gettext("Now: %(level)s, %(state)s.")
            % {"level": current.get_level_display(), "state": current.state_label},
            possible=gettext("Possible now: %(transitions)s.")
            % {"transitions": possible}
            if possible
            else gettext("Nothing can be done with it now."),
            url=reverse("admin:signals_signal_change", args=[current.pk]),
            open=gettext("Open the signal"),
        )

    def _apply(self, request, name, signals, form):
        service = getattr(services, f"signal_{name}")
        done = 0
        for signal in signals:
            raw_version = request.POST.get(f"version_{signal.pk}", "")
            if not raw_version.isdigit():
                # Without the version shown, a stale form could not be told.
                self.message_user(
                    request,
                    f"{signal}: "
                    + gettext(
                        "This form is incomplete. Open the signal again and start over."
                    ),
                    messages.ERROR,
                )
                continue
            try:
                service(
                    actor=request.user,
                    signal=signal,
                    expected_version=int(raw_version),
                    **form.service_arguments(),
                )
            except services.SignalChangedError:
                self.message_user(
                    request,
                    self._conflict_message(request, name, signal, int(raw_version)),
                    messages.WARNING,
                )
            except (ValidationError, DomainError) as error:
                self.message_user(
                    request, f"{signal}: {refusal_text(error)}", messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d signal updated.", "%(count)d signals updated.", done
                )
                % {"count": done},
                messages.SUCCESS,
            )
