"""What the figures of the moderators' dashboard share: the filters (period,
theme, region), the months and quarters a period holds, and the cache each
figure's numbers are kept in (docs/decisions/0023-mijn-werk-and-dashboard.md).

The figures themselves are selectors of the app that owns the data
(signals, communities, knowledge); each takes one FigureFilters and returns
plain numbers, so the result can be cached and drawn in any language.
"""

import csv
import datetime
import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import number_format

# The longest period one dashboard request reads: three years of months is
# as much as a chart can show, and a mistyped year cannot make it read all.
MAX_PERIOD_DAYS = 3 * 366
# Ranks shown in the "top N" figures (CoP's).
TOP = 10


@dataclass(frozen=True)
class FigureFilters:
    """A period of whole days (end included) and optionally one theme and
    one region, by id."""

    start: datetime.date
    end: datetime.date
    theme_id: int | None = None
    region_id: int | None = None

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The period as [from, until) in the portal's time zone: a filter on a
        timestamp column that its index serves."""
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.start, datetime.time(), zone)
        until = datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time(), zone
        )
        return start, until

    def months(self) -> list[datetime.date]:
        """The first day of each month the period touches, in order."""
        months = []
        month = self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return months

    def quarters(self) -> list[datetime.date]:
        """The first day of each quarter the period touches, in order."""
        quarters = []
        for month in self.months():
            first = month.replace(month=3 * ((month.month - 1) // 3) + 1)
            if first not in quarters:
                quarters.append(first)
        return quarters

    def cache_key(self, name: str) -> str:
        raw = f"{name}|{self.start}|{self.end}|{self.theme_id}|{self.region_id}"
        return "figure:" + hashlib.sha256(raw.encode()).hexdigest()


def last_twelve_months(today: datetime.date | None = None) -> FigureFilters:
    """The default period: the current month and the eleven before it."""
    today = today or timezone.localdate()
    start = today.replace(day=1)
    for _ in range(11):
        start = (start - datetime.timedelta(days=1)).replace(day=1)
    return FigureFilters(start=start, end=today)


def local_date(moment) -> datetime.date:
    """The day (in the portal's time zone) of a month or quarter bucket as
    PostgreSQL returns it: a date, or a timestamp at its midnight."""
    if isinstance(moment, datetime.datetime):
        return timezone.localtime(moment).date()
    return moment


def cached(name: str, compute, filters: FigureFilters):
    """compute(filters), kept FIGURE_CACHE_SECONDS per figure and filter.
    The aggregates read months of rows at national scale; the dashboard is
    for trends, so numbers some minutes old are what it shows."""
    seconds = settings.FIGURE_CACHE_SECONDS
    if seconds <= 0:
        return compute(filters)
    key = filters.cache_key(name)
    value = cache.get(key)
    if value is None:
        value = compute(filters)
        cache.set(key, value, seconds)
    return value


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(header: list[str], rows: list[list]) -> str:
    """A CSV as Dutch Excel opens it: byte-order mark and semicolons; a text
    cell that a spreadsheet would read as a formula gets an apostrophe (names
    of themes and CoP's are typed by people)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()


def _cell(value):
    if isinstance(value, float):
        # A decimal comma, as Dutch Excel reads a number.
        return number_format(value, 1, use_l10n=True)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
