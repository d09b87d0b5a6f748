"""Response terms: each level has a number of working days (Monday to
Friday) to respond, counted from the moment the signal entered that level.
Public holidays are not taken into account."""

import datetime

from django.conf import settings
from django.utils import timezone


def add_working_days(start: datetime.datetime, days: int) -> datetime.datetime:
    local = timezone.localtime(start)
    added = 0
    while added < days:
        local += datetime.timedelta(days=1)
        if local.weekday() < 5:
            added += 1
    return local


def response_term(level: str) -> int:
    return settings.SIGNAL_RESPONSE_TERMS[level]


def due_at(*, level: str, entered_level_at: datetime.datetime) -> datetime.datetime:
    return add_working_days(entered_level_at, response_term(level))
