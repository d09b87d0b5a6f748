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
import time
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.module_loading import import_string

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
        # v2: kept with the moment it was worked out (cached).
        return "figure:v2:" + hashlib.sha256(raw.encode()).hexdigest()


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


# How long a figure is kept at all. Past FIGURE_CACHE_SECONDS it is still
# shown while the task worker works it out afresh, so only a period and
# filter nobody asked for this long is computed in a request: a year of
# signals at national scale is five aggregates of 0.1-0.4 s each (1.2 s).
FIGURE_KEEP_SECONDS = 7 * 24 * 3600
# The only functions a refresh may call: the figure selectors of the apps.
_FIGURE_MODULES = ("signals.selectors", "communities.selectors", "knowledge.selectors")


def cached(name: str, compute, filters: FigureFilters):
    """compute(filters), kept per figure and filter. The aggregates read
    months of rows at national scale; the dashboard is for trends, so
    numbers some minutes old are what it shows: once older than
    FIGURE_CACHE_SECONDS they are worked out again by the task worker, once
    per figure and filter, and the last ones are shown meanwhile."""
    seconds = settings.FIGURE_CACHE_SECONDS
    if seconds <= 0:
        return compute(filters)
    key = filters.cache_key(name)
    kept = cache.get(key)
    if kept is None:
        return _keep(key, compute(filters))
    if time.time() - kept["at"] > seconds and cache.add(f"{key}:refresh", 1, seconds):
        path = f"{compute.__module__}.{compute.__name__}"
        transaction.on_commit(
            partial(
                refresh_figure.enqueue,
                name=name,
                compute=path,
                start=filters.start.isoformat(),
                end=filters.end.isoformat(),
                theme_id=filters.theme_id,
                region_id=filters.region_id,
            ),
            robust=True,
        )
    return kept["value"]


def _keep(key: str, value):
    cache.set(key, {"at": time.time(), "value": value}, FIGURE_KEEP_SECONDS)
    return value


@task
def refresh_figure(*, name, compute, start, end, theme_id=None, region_id=None):
    """Work one kept figure out afresh (see cached)."""
    module, _dot, function = compute.rpartition(".")
    if module not in _FIGURE_MODULES or not function.startswith("figure_"):
        return
    filters = FigureFilters(
        start=datetime.date.fromisoformat(start),
        end=datetime.date.fromisoformat(end),
        theme_id=theme_id,
        region_id=region_id,
    )
    key = filters.cache_key(name)
    _keep(key, import_string(compute)(filters))
    # Done: the next expiry may ask again. A failed refresh keeps the mark
    # until it lapses, so a failing figure is retried once per
    # FIGURE_CACHE_SECONDS, not by every request meanwhile.
    cache.delete(f"{key}:refresh")


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
