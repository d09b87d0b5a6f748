"""The signalenrapportage for SZW as CSV and XLSX: one row per signal.

Every text cell that a spreadsheet could read as a formula (starting with
=, +, -, @, a tab or a carriage return) gets a leading apostrophe, so opening
the file never runs anything a user typed.
"""

import csv
import datetime
import tempfile
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from cop_portal import limits

from . import workflow
from .models import Recognition, Response, Signal, SignalEvent
from .states import Closure, Level, Status

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


# Signals read per round trip: memory stays constant whatever the period.
CHUNK = 1000


_COLUMNS = (
    "pk",
    "title",
    "level",
    "status",
    "closure",
    "feedback",
    "created_at",
    "community_id",
    "organisation_id",
    "community__name",
    "addressed_to__name",
    "organisation__kind",
)


# A report covers a quarter or a year; five years is the most one export
# reads, so a mistyped period cannot make it read everything.
MAX_PERIOD_YEARS = 5


def check_period(start: datetime.date, end: datetime.date) -> None:
    """Refuse a period that ends before it starts, lies outside 2000-2100 or
    is longer than MAX_PERIOD_YEARS."""
    limits.validate_date_in_range(start)
    limits.validate_date_in_range(end)
    if end < start:
        raise ValidationError(
            {"end": _("The end of the period must be after its start.")}
        )
    if (end - start).days > 366 * MAX_PERIOD_YEARS:
        raise ValidationError(
            {
                "end": _("Choose a period of at most %(years)d years.")
                % {"years": MAX_PERIOD_YEARS}
            }
        )


def report_signals(*, start: datetime.date, end: datetime.date, levels=(), themes=()):
    """Signals with any event (submitted, moved, answered...) in the period,
    at the chosen levels and themes. Iterate it with report_chunks."""
    check_period(start, end)
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, zone)
    until = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, zone
    )
    # The period's events through the index on their time, then their
    # signals: probing every signal for an event in the period read the whole
    # table at national scale.
    active = SignalEvent.objects.filter(
        created_at__gte=since, created_at__lt=until
    ).values("signal_id")
    signals = Signal.objects.filter(pk__in=active)
    if levels:
        signals = signals.filter(level__in=levels)
    if themes:
        signals = signals.filter(
            pk__in=Signal.themes.through.objects.filter(theme__in=themes).values(
                "signal_id"
            )
        )
    return signals


def report_chunks(signals):
    """The signals in the order they were raised, CHUNK at a time, each with
    what its rows need: one query for the ids, then five a chunk, never one
    per signal. The ids of a year are a few hundred kilobytes; the rows are
    read a chunk at a time."""
    ids = list(signals.order_by("pk").values_list("pk", flat=True))
    for begin in range(0, len(ids), CHUNK):
        chunk = list(
            Signal.objects.filter(pk__in=ids[begin : begin + CHUNK])
            .order_by("pk")
            .values(*_COLUMNS)
        )
        yield _with_details(chunk)


def _with_details(chunk: list[dict]) -> list[dict]:
    ids = [signal["pk"] for signal in chunk]
    by_id = {signal["pk"]: signal for signal in chunk}
    for signal in chunk:
        signal.update(themes=[], dates=defaultdict(list), answers=[], marks=[])
    for signal_id, name in (
        Signal.themes.through.objects.filter(signal_id__in=ids)
        .order_by("theme__name")
        .values_list("signal_id", "theme__name")
    ):
        by_id[signal_id]["themes"].append(name)
    for signal_id, kind, moment in (
        SignalEvent.objects.filter(signal_id__in=ids)
        .order_by("created_at", "pk")
        .values_list("signal_id", "kind", "created_at")
    ):
        by_id[signal_id]["dates"][kind].append(_date(moment))
    for signal_id, body in (
        Response.objects.filter(signal_id__in=ids)
        .order_by("created_at", "pk")
        .values_list("signal_id", "body")
    ):
        by_id[signal_id]["answers"].append(body)
    for mark in Recognition.objects.filter(signal_id__in=ids).values(
        "signal_id", "community_id", "organisation_id", "organisation__kind"
    ):
        by_id[mark["signal_id"]]["marks"].append(mark)
    return chunk


def _counts(signal: dict) -> tuple[int, int, int]:
    """Recognitions, and in how many CoP's and gemeenten the signal plays:
    the same rule as SignalQuerySet.with_counts (the source CoP and the
    raiser's gemeente count once)."""
    marks = signal["marks"]
    communities = {m["community_id"] for m in marks} - {signal["community_id"]}
    gemeenten = {
        m["organisation_id"] for m in marks if m["organisation__kind"] == "gemeente"
    } - {signal["organisation_id"]}
    own_gemeente = 1 if signal["organisation__kind"] == "gemeente" else 0
    return len(marks), len(communities) + 1, len(gemeenten) + own_gemeente


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


def rows(signals):
    """One list of cells per signal, escaped, chunk by chunk."""
    levels, statuses = dict(Level.choices), dict(Status.choices)
    closures = dict(Closure.choices)
    for chunk in report_chunks(signals):
        for signal in chunk:
            recognitions, communities, gemeenten = _counts(signal)
            row = [
                signal["pk"],
                signal["title"],
                signal["community__name"],
                ", ".join(signal["themes"]),
                str(levels.get(signal["level"], signal["level"])),
                str(statuses.get(signal["status"], signal["status"])),
                str(closures.get(signal["closure"], "")) if signal["closure"] else "",
                signal["addressed_to__name"] or "",
                recognitions,
                communities,
                gemeenten,
                *("; ".join(signal["dates"][name]) for name in _TRANSITION_COLUMNS),
                "\n\n".join(signal["answers"]),
                signal["feedback"],
            ]
            yield [escape_cell(cell) for cell in row]


class _Echo:
    """A file-like object whose write returns what it was given, so csv
    writes one line at a time into a streaming response."""

    def write(self, value):
        return value


def csv_lines(signals):
    """The CSV, line by line: a byte-order mark and semicolons, so Dutch
    Excel opens it as it should."""
    writer = csv.writer(_Echo(), delimiter=";")
    lines = ["\ufeff" + writer.writerow(headers())]
    for row in rows(signals):
        lines.append(writer.writerow(row))
        # Pieces of some hundreds of lines: the response's gzip flushes after
        # each piece, so a piece per line would cost more than it sends.
        if len(lines) >= 500:
            yield "".join(lines)
            lines = []
    yield "".join(lines)


def to_xlsx_file(signals):
    """The XLSX in a temporary file (openpyxl's write-only mode keeps one row
    in memory at a time); the caller streams the file and closes it."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Signals")[:31])
    sheet.freeze_panes = "A2"
    sheet.append(headers())
    for row in rows(signals):
        sheet.append(row)
    # Handed to FileResponse, which closes it when the response is sent.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle
