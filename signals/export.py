"""The signalenrapportage for SZW as CSV and XLSX: one row per signal.

Every text cell that a spreadsheet could read as a formula (starting with
=, +, -, @, a tab or a carriage return) gets a leading apostrophe, so opening
the file never runs anything a user typed.
"""

import csv
import datetime
import io

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from . import workflow
from .models import Signal, SignalEvent

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# One date column per transition of the workflow table, in its order.
_TRANSITION_COLUMNS = list(workflow.TRANSITIONS)


def escape_cell(value):
    """Neutralise a text cell: drop the control characters an XLSX file cannot
    hold (openpyxl would refuse the whole export), and put an apostrophe
    before a formula start."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def report_signals(*, start: datetime.date, end: datetime.date, levels=(), themes=()):
    """Signals with any event (submitted, moved, answered...) in the period,
    at the chosen levels and themes. Two queries plus three prefetches."""
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, zone)
    until = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, zone
    )
    active = SignalEvent.objects.filter(
        signal=OuterRef("pk"), created_at__gte=since, created_at__lt=until
    )
    signals = (
        Signal.objects.with_counts()
        .filter(Exists(active))
        .select_related("community", "addressed_to")
        .prefetch_related(
            "themes",
            Prefetch("events", queryset=SignalEvent.objects.order_by("created_at")),
            "responses",
        )
        .order_by("created_at", "pk")
    )
    if levels:
        signals = signals.filter(level__in=levels)
    if themes:
        signals = signals.filter(
            pk__in=Signal.themes.through.objects.filter(theme__in=themes).values(
                "signal_id"
            )
        )
    return signals


def _date(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def headers() -> list[str]:
    return [
        _("Number"),
        _("Title"),
        _("CoP"),
        _("Themes"),
        _("Level"),
        _("Status"),
        _("Closed as"),
        _("Addressed to"),
        _("Recognitions"),
        _("CoP's"),
        _("Gemeenten"),
        *(
            capfirst(str(workflow.TRANSITIONS[name].event))
            for name in _TRANSITION_COLUMNS
        ),
        _("Answer"),
        _("Feedback to practice"),
    ]


def rows(signals) -> list[list]:
    result = []
    for signal in signals:
        dates = {name: [] for name in _TRANSITION_COLUMNS}
        for event in signal.events.all():
            if event.kind in dates:  # a correction (edit) has no column
                dates[event.kind].append(_date(event.created_at))
        answers = "\n\n".join(response.body for response in signal.responses.all())
        row = [
            signal.pk,
            signal.title,
            signal.community.name,
            ", ".join(theme.name for theme in signal.themes.all()),
            signal.get_level_display(),
            signal.get_status_display(),
            signal.get_closure_display() if signal.closure else "",
            signal.addressed_to.name if signal.addressed_to else "",
            signal.recognition_count,
            signal.community_count,
            signal.gemeente_count,
            *("; ".join(dates[name]) for name in _TRANSITION_COLUMNS),
            answers,
            signal.feedback,
        ]
        result.append([escape_cell(cell) for cell in row])
    return result


def to_csv(signals) -> str:
    buffer = io.StringIO()
    # A byte-order mark and semicolons, so Dutch Excel opens it as it should.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers())
    writer.writerows(rows(signals))
    return buffer.getvalue()


def to_xlsx(signals) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Signals")[:31]
    sheet.append(headers())
    for row in rows(signals):
        sheet.append(row)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
