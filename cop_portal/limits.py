"""How long a text and how far off a date may be, for every app.

Every free-text field has a maximum length that a real text stays well under:
a longer one is a paste gone wrong or an attack, and would make every page
and check that reads it slow. Model fields carry the limit as a validator,
so the services' full_clean() holds it on every path (site, admin, command);
form fields carry it as max_length, so the browser shows it too. No database
constraint: every write goes through full_clean, and checking the lengths of
500,000 signals in a migration would lock the table for nothing.

Dates a person types lie between 2000 and 2100: a year 1 or 9999 once made
pages fail for everyone (Python cannot add a day to 9999-12-31, nor show
0001-01-01 in the Dutch time zone). Those ranges are held by validators and
by database check constraints (date_in_range).
"""

import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Lengths, in characters.
NAME = 200
TITLE = 200
SUMMARY = 1_000
COMMENT = 5_000
TEXT = 10_000
REPORT = 20_000
# A knowledge product's Markdown body: a long handreiking.
BODY = 50_000

EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


def _as_date(value) -> datetime.date:
    # An aware date-time is judged in UTC, as the database constraint is.
    if isinstance(value, datetime.datetime):
        # Year 1 or 9999 may not convert; it is out of range either way.
        if value.tzinfo is not None:
            with contextlib.suppress(OverflowError):
                value = value.astimezone(datetime.UTC)
        return value.date()
    return value


# One message for the validators and the database constraints.
DATE_RANGE_MESSAGE = _("Enter a date between 1 January 2000 and 31 December 2100.")


@deconstructible
class DateRangeValidator:
    """A date or date-time between EARLIEST_DATE and LATEST_DATE."""

    code = "date_out_of_range"

    def __call__(self, value):
        if value is None:
            return
        if not EARLIEST_DATE <= _as_date(value) <= LATEST_DATE:
            raise ValidationError(DATE_RANGE_MESSAGE, code=self.code)

    def __eq__(self, other):
        return isinstance(other, DateRangeValidator)


validate_date_in_range = DateRangeValidator()


def date_in_range(field: str, *, with_time: bool = False, null: bool = False) -> Q:
    """The condition of a CheckConstraint that keeps `field` in the range.

    A date-time is compared with the whole first and last day in UTC, so the
    constraint does not depend on the database session's time zone.
    """
    if with_time:
        earliest = datetime.datetime.combine(
            EARLIEST_DATE, datetime.time.min, datetime.UTC
        )
        latest = datetime.datetime.combine(
            LATEST_DATE + datetime.timedelta(days=1), datetime.time.min, datetime.UTC
        )
        condition = Q(**{f"{field}__gte": earliest, f"{field}__lt": latest})
    else:
        condition = Q(**{f"{field}__gte": EARLIEST_DATE, f"{field}__lte": LATEST_DATE})
    return condition | Q(**{f"{field}__isnull": True}) if null else condition
