"""The moderators' dashboard (/dashboard/): how signals, sessions and
kennisproducten develop, per period, theme and region.

Each figure is one selector of the app that owns its data, kept in the cache
per filter (cop_portal.figures); this module turns the numbers into a title,
a one-sentence summary, a data table, an SVG chart (cop_portal.charts) and a
CSV. It sits on top of the apps (docs/decisions/0007-layers.md).
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from communities import selectors as community_selectors
from communities.forms import theme_filter_field
from communities.models import Region
from cop_portal import charts, limits
from cop_portal.access import refuse
from cop_portal.figures import (
    MAX_PERIOD_DAYS,
    TOP,
    FigureFilters,
    cached,
    csv_text,
    last_twelve_months,
)
from cop_portal.forms import StyledFormMixin
from cop_portal.mfa import mfa_required
from cop_portal.roles import is_moderator
from knowledge import selectors as knowledge_selectors
from signals import selectors as signal_selectors
from signals.states import Level, Status

_DATE_WIDGET = forms.DateInput(
    attrs={
        "type": "date",
        "min": limits.EARLIEST_DATE.isoformat(),
        "max": limits.LATEST_DATE.isoformat(),
    },
    format="%Y-%m-%d",
)


class DashboardFilterForm(StyledFormMixin, forms.Form):
    """Period, theme and region; every field may stay empty (the last twelve
    months, all themes, all regions)."""

    start = forms.DateField(
        label=_lazy("From"),
        required=False,
        widget=_DATE_WIDGET,
        error_messages={"invalid": _lazy("Enter a date as dd-mm-yyyy.")},
        validators=[limits.validate_date_in_range],
    )
    end = forms.DateField(
        label=_lazy("Until"),
        required=False,
        widget=_DATE_WIDGET,
        error_messages={"invalid": _lazy("Enter a date as dd-mm-yyyy.")},
        validators=[limits.validate_date_in_range],
    )
    theme = theme_filter_field()
    region = forms.ModelChoiceField(
        label=_lazy("Region"),
        queryset=Region.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_lazy("All regions"),
        error_messages={"invalid_choice": _lazy("This region does not exist.")},
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        default = last_twelve_months()
        start = cleaned.get("start") or default.start
        end = cleaned.get("end") or default.end
        if end < start:
            raise ValidationError(
                {"end": _("The end of the period must be after its start.")}
            )
        if (end - start).days > MAX_PERIOD_DAYS:
            raise ValidationError({"end": _("Choose a period of at most three years.")})
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def figure_filters(self) -> FigureFilters:
        data = self.cleaned_data
        return FigureFilters(
            start=data["start"],
            end=data["end"],
            theme_id=data["theme"].pk if data.get("theme") else None,
            region_id=data["region"].pk if data.get("region") else None,
        )


@dataclass
class Figure:
    slug: str
    title: str
    summary: str
    header: list[str]
    rows: list[list]
    chart: str
    csv_url: str = ""

    @property
    def labelled_by(self) -> str:
        return f"{self.slug}-title {self.slug}-summary"


def _month(month: datetime.date) -> str:
    return date_format(month, "F Y")


def _month_short(month: datetime.date) -> str:
    return date_format(month, "b Y")


def _quarter(quarter: datetime.date) -> str:
    return _("Q%(number)d %(year)d") % {
        "number": (quarter.month - 1) // 3 + 1,
        "year": quarter.year,
    }


def _percentage(part: int, whole: int) -> str:
    if not whole:
        return "–"
    return f"{round(100 * part / whole)}%"


def _level_label(level: str) -> str:
    return str(Level(level).label)


def _status_label(status: str) -> str:
    return str(Status(status).label)


def _by_level_and_status(filters: FigureFilters, slug: str) -> Figure:
    counts = cached(slug, signal_selectors.figure_signals_by_level_and_status, filters)
    total = sum(counts.values())
    still_open = sum(
        count for (_level, status), count in counts.items() if status != Status.CLOSED
    )
    return Figure(
        slug=slug,
        title=_("Signals per level and status"),
        summary=ngettext(
            "Of the %(total)s signal raised in this period, %(open)s is still open.",
            "Of the %(total)s signals raised in this period, %(open)s are still open.",
            total,
        )
        % {"total": number_format(total), "open": number_format(still_open)},
        header=[_("Level"), *(_status_label(status) for status in Status.values)],
        rows=[
            [
                _level_label(level),
                *(counts[(level, status)] for status in Status.values),
            ]
            for level in Level.values
        ],
        chart=charts.column_chart(
            labelled_by=f"{slug}-title {slug}-summary",
            categories=[_level_label(level) for level in Level.values],
            series=[
                (
                    _status_label(status),
                    [counts[(level, status)] for level in Level.values],
                )
                for status in Status.values
            ],
        ),
    )


def _ranking(
    filters: FigureFilters, slug: str, selector, *, title: str, first: str, label: str
) -> Figure:
    rows = cached(slug, selector, filters)
    if rows:
        summary = first % {"name": rows[0][0], "count": number_format(rows[0][1])}
    else:
        summary = _("No signals were raised in this period.")
    return Figure(
        slug=slug,
        title=title,
        summary=summary,
        header=[label, _("Signals")],
        rows=[list(row) for row in rows],
        chart=charts.bar_chart(labelled_by=f"{slug}-title {slug}-summary", rows=rows),
    )


def _by_theme(filters: FigureFilters, slug: str) -> Figure:
    return _ranking(
        filters,
        slug,
        signal_selectors.figure_signals_by_theme,
        title=_("Signals per theme"),
        first=_("Most signals are about %(name)s: %(count)s."),
        label=_("Theme"),
    )


def _by_community(filters: FigureFilters, slug: str) -> Figure:
    return _ranking(
        filters,
        slug,
        signal_selectors.figure_signals_by_community,
        title=_("Signals per CoP (the %(top)d with the most)") % {"top": TOP},
        first=_("%(name)s raised the most signals: %(count)s."),
        label=_("CoP"),
    )


def _flow(filters: FigureFilters, slug: str) -> Figure:
    rows = cached(slug, signal_selectors.figure_signal_flow, filters)
    names = [_("raised"), _("escalated"), _("answered"), _("closed")]
    totals = [sum(row[index + 1] for row in rows) for index in range(4)]
    return Figure(
        slug=slug,
        title=_("The flow of signals per month"),
        summary=_(
            "In this period %(raised)s signals were raised, %(escalated)s "
            "escalated, %(answered)s answered and %(closed)s closed."
        )
        % dict(
            zip(
                ("raised", "escalated", "answered", "closed"),
                (number_format(total) for total in totals),
                strict=True,
            )
        ),
        header=[_("Month"), *names],
        rows=[[_month(row[0]), *row[1:]] for row in rows],
        chart=charts.column_chart(
            labelled_by=f"{slug}-title {slug}-summary",
            categories=[_month_short(row[0]) for row in rows],
            series=[
                (name, [row[index + 1] for row in rows])
                for index, name in enumerate(names)
            ],
        ),
    )


def _answer_times(filters: FigureFilters, slug: str) -> Figure:
    rows = cached(slug, signal_selectors.figure_answer_times, filters)
    answers = sum(row[1] for row in rows)
    within = sum(row[4] for row in rows)
    return Figure(
        slug=slug,
        title=_("Time from raising to answer, per level"),
        summary=ngettext(
            "Of the %(answers)s answer given in this period, %(share)s came "
            "within the response term.",
            "Of the %(answers)s answers given in this period, %(share)s came "
            "within the response term.",
            answers,
        )
        % {"answers": number_format(answers), "share": _percentage(within, answers)},
        header=[
            _("Level"),
            _("Answers"),
            _("Median (days)"),
            _("90th percentile (days)"),
            _("Within term"),
            _("Share within term"),
        ],
        rows=[
            [
                _level_label(level),
                count,
                "–" if median is None else median,
                "–" if p90 is None else p90,
                in_term,
                _percentage(in_term, count),
            ]
            for level, count, median, p90, in_term in rows
        ],
        chart=charts.column_chart(
            labelled_by=f"{slug}-title {slug}-summary",
            categories=[_level_label(row[0]) for row in rows],
            series=[
                (_("median (days)"), [row[2] for row in rows]),
                (_("90th percentile (days)"), [row[3] for row in rows]),
            ],
        ),
    )


def _sessions(filters: FigureFilters, slug: str) -> Figure:
    data = cached(slug, community_selectors.figure_sessions_per_quarter, filters)
    quarters, communities = data["quarters"], data["communities"]
    if communities:
        name, counts = communities[0]
        summary = _("%(name)s held the most sessions: %(count)s.") % {
            "name": name,
            "count": number_format(sum(counts)),
        }
    else:
        summary = _("No sessions were held or planned in this period.")
    return Figure(
        slug=slug,
        title=_("Sessions per quarter, for the %(top)d CoP's with the most")
        % {"top": community_selectors.SESSION_TOP},
        summary=summary,
        header=[_("CoP"), *(_quarter(quarter) for quarter in quarters)],
        rows=[[name, *counts] for name, counts in communities],
        chart=charts.column_chart(
            labelled_by=f"{slug}-title {slug}-summary",
            categories=[_quarter(quarter) for quarter in quarters],
            series=communities,
        ),
    )


def _products(filters: FigureFilters, slug: str) -> Figure:
    rows = cached(
        slug, knowledge_selectors.figure_products_published_per_quarter, filters
    )
    total = sum(count for _quarter_start, count in rows)
    return Figure(
        slug=slug,
        title=_("Kennisproducten published per quarter"),
        summary=ngettext(
            "In this period %(count)s kennisproduct was published for the first time.",
            "In this period %(count)s kennisproducten were published for the "
            "first time.",
            total,
        )
        % {"count": number_format(total)},
        header=[_("Quarter"), _("Published")],
        rows=[[_quarter(quarter), count] for quarter, count in rows],
        chart=charts.column_chart(
            labelled_by=f"{slug}-title {slug}-summary",
            categories=[_quarter(quarter) for quarter, _count in rows],
            series=[(_("published"), [count for _quarter_start, count in rows])],
        ),
    )


# The figures in the order of the page; the key is the figure's id on the
# page and in the name of its CSV.
FIGURES = {
    "signalen-per-niveau-en-status": _by_level_and_status,
    "signalenstroom": _flow,
    "doorlooptijd": _answer_times,
    "signalen-per-thema": _by_theme,
    "signalen-per-cop": _by_community,
    "bijeenkomsten-per-kwartaal": _sessions,
    "kennisproducten-per-kwartaal": _products,
}


def _refusal(request):
    return refuse(
        request,
        is_moderator(request.user),
        _("The dashboard is for moderators."),
    )


def _page(request, form, figures, *, status=200):
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "form": form,
            "figures": figures,
            "breadcrumbs": [(_("Dashboard"), "")],
        },
        status=status,
    )


@mfa_required
def dashboard(request):
    if refusal := _refusal(request):
        return refusal
    form = DashboardFilterForm(request.GET)
    if not form.is_valid():
        return _page(request, form, [])
    filters = form.figure_filters()
    query = request.GET.urlencode()
    figures = []
    for slug, build in FIGURES.items():
        figure = build(filters, slug)
        figure.csv_url = _csv_url(slug, query)
        figures.append(figure)
    return _page(request, form, figures)


@mfa_required
def dashboard_csv(request, figure):
    if refusal := _refusal(request):
        return refusal
    build = FIGURES.get(figure)
    if build is None:
        raise Http404(_("This figure does not exist."))
    form = DashboardFilterForm(request.GET)
    if not form.is_valid():
        return _page(request, form, [], status=400)
    filters = form.figure_filters()
    result = build(filters, figure)
    response = HttpResponse(
        csv_text(result.header, result.rows), content_type="text/csv; charset=utf-8"
    )
    filename = f"{figure}-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_url(slug: str, query: str) -> str:
    url = reverse("dashboard_csv", kwargs={"figure": slug})
    return f"{url}?{query}" if query else url
