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
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cop_portal import limits

from . import workflow
from .models import Response, Signal, SignalEvent
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
    "community__name",
    "addressed_to__name",
    "recognition_count",
    "community_count",
    "gemeente_count",
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
    what its rows need: one query for the ids, then four a chunk (the counts
    are the signal's own columns), never one per signal. The ids of a year
    are a few hundred kilobytes; the rows are read a chunk at a time."""
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
        signal.update(themes=[], dates=defaultdict(list), answers=[])
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
        by_id[signal_id]["dates"][kind].append(_local(moment))
    for signal_id, body in (
        Response.objects.filter(signal_id__in=ids)
        .order_by("created_at", "pk")
        .values_list("signal_id", "body")
    ):
        by_id[signal_id]["answers"].append(body)
    return chunk


def _local(value: datetime.datetime) -> datetime.datetime:
    # Dutch time without its zone (a spreadsheet cell holds none), to the
    # second: a spreadsheet shows no finer.
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0)


def _text(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


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


def records(signals):
    """One list of values per signal, chunk by chunk: numbers as numbers,
    the moments of each step as a list of Dutch local times (a step may be
    taken more than once: escalated twice, reopened), texts unescaped."""
    levels, statuses = dict(Level.choices), dict(Status.choices)
    closures = dict(Closure.choices)
    for chunk in report_chunks(signals):
        for signal in chunk:
            row = [
                signal["pk"],
                signal["title"],
                signal["community__name"],
                ", ".join(signal["themes"]),
                str(levels.get(signal["level"], signal["level"])),
                str(statuses.get(signal["status"], signal["status"])),
                str(closures.get(signal["closure"], "")) if signal["closure"] else "",
                signal["addressed_to__name"] or "",
                signal["recognition_count"],
                signal["community_count"],
                signal["gemeente_count"],
                *(signal["dates"][name] for name in _TRANSITION_COLUMNS),
                "\n\n".join(signal["answers"]),
                signal["feedback"],
            ]
            yield row


def rows(signals):
    """One list of text and number cells per signal, escaped: the moments of
    a step as "yyyy-mm-dd hh:mm", several joined with "; "."""
    for record in records(signals):
        yield [
            escape_cell(
                "; ".join(_text(moment) for moment in cell)
                if isinstance(cell, list)
                else cell
            )
            for cell in record
        ]


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


# Characters wide, per column of headers(): the texts wide enough to read a
# title or an answer's first line, the dates wide enough for day and time.
_NUMBER_WIDTH, _TEXT_WIDTH, _LONG_TEXT_WIDTH = 10, 24, 60
_DATE_WIDTH = 17
_WIDTHS = [
    _NUMBER_WIDTH,  # number
    _LONG_TEXT_WIDTH,  # title
    32,  # CoP
    32,  # themes
    _TEXT_WIDTH - 6,  # level
    _TEXT_WIDTH - 6,  # status
    _TEXT_WIDTH - 6,  # closed as
    _TEXT_WIDTH,  # addressed to
    _NUMBER_WIDTH + 3,  # recognitions
    _NUMBER_WIDTH,  # CoP's
    _NUMBER_WIDTH,  # gemeenten
    *(_DATE_WIDTH for _name in _TRANSITION_COLUMNS),
    _LONG_TEXT_WIDTH,  # answer
    _LONG_TEXT_WIDTH,  # feedback
]
DATE_FORMAT = "dd-mm-yyyy hh:mm"


def _xlsx_cell(sheet, value):
    """A cell of the sheet: a step's moment as a real date and time (the
    latest, when the step was taken more than once, with every moment in a
    comment), a text escaped."""
    if not isinstance(value, list):
        return escape_cell(value)
    if not value:
        return None
    cell = WriteOnlyCell(sheet, value=value[-1])
    cell.number_format = DATE_FORMAT
    if len(value) > 1:
        cell.comment = Comment(
            _("Taken %(count)d times: %(moments)s")
            % {
                "count": len(value),
                "moments": "; ".join(_text(moment) for moment in value),
            },
            "CoP-portaal",
        )
    return cell


def to_xlsx_file(signals):
    """The XLSX in a temporary file (openpyxl's write-only mode keeps one row
    in memory at a time); the caller streams the file and closes it. Dates
    are dates, the header row stays in view and carries a filter, and the
    columns are wide enough to read."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Signals")[:31])
    titles = headers()
    # Write-only: the columns' widths go out with the first row.
    for number, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=escape_cell(title))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    last_row = 1
    for record in records(signals):
        sheet.append([_xlsx_cell(sheet, value) for value in record])
        last_row += 1
    # The filter goes out after the rows, so it can span all of them.
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{last_row}"
    # Handed to FileResponse, which closes it when the response is sent.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle
