"""Before the date range becomes a database constraint (0006), move the dates
that lie outside 2000-01-01..2100-12-31 into it, so the migration runs on any
database and the pages that failed on them work again.

Such a date is a typing error (year 1, year 9999) whose meant value nobody
can know. A session keeps its text and report and is placed, one hour long,
at the nearest edge of the range, where a trekker or moderator can find and
correct it; an optional CoP date is emptied; a membership's start moves to
the nearest edge. The number of rows moved is printed, values are not."""

import datetime

from django.db import migrations
from django.db.models import Q

EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)
LOW = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
HIGH = datetime.datetime(2101, 1, 1, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


def move_dates_into_range(apps, schema_editor):
    Session = apps.get_model("communities", "Session")
    Community = apps.get_model("communities", "Community")
    Membership = apps.get_model("communities", "Membership")
    moved = Session.objects.filter(Q(starts_at__lt=LOW) | Q(ends_at__lt=LOW)).update(
        starts_at=LOW, ends_at=LOW + HOUR
    )
    moved += Session.objects.filter(
        Q(starts_at__gte=HIGH) | Q(ends_at__gte=HIGH)
    ).update(starts_at=HIGH - 2 * HOUR, ends_at=HIGH - HOUR)
    for field in ["running_since", "ended_on"]:
        out = Q(**{f"{field}__lt": EARLIEST}) | Q(**{f"{field}__gt": LATEST})
        moved += Community.objects.filter(out).update(**{field: None})
    moved += Membership.objects.filter(joined_on__lt=EARLIEST).update(
        joined_on=EARLIEST
    )
    moved += Membership.objects.filter(joined_on__gt=LATEST).update(joined_on=LATEST)
    if moved:
        print(f"\n  {moved} row(s) with a date outside 2000-2100 moved into range.")


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0006_membership_history_and_protected_content"),
    ]

    operations = [
        migrations.RunPython(move_dates_into_range, migrations.RunPython.noop),
    ]
