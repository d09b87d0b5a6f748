"""The moment a person last opened Mijn werk: what happened since is news.

The moment is kept per account (WorkListVisit), so it holds on every
device. Within one browser session the list keeps the moment the session
started from: reloading the page does not empty "answered since your last
visit" while the person is still reading it.
"""

import datetime

from django.utils import timezone

from .models import WorkListVisit

SINCE_SESSION_KEY = "portal_work_list_since"
# A first visit shows the answers of the last month.
FIRST_VISIT_DAYS = 30


def _kept_since(request) -> datetime.datetime | None:
    kept = request.session.get(SINCE_SESSION_KEY)
    if not isinstance(kept, str):
        return None
    try:
        since = datetime.datetime.fromisoformat(kept)
    except ValueError:
        return None
    return since if since.tzinfo is not None else None


def work_list_visit(*, request) -> datetime.datetime:
    """Record that the signed-in person opens Mijn werk now, and return the
    moment after which answers are news to them: their previous visit (kept
    for the rest of this session), or FIRST_VISIT_DAYS ago on a first one."""
    user = request.user
    now = timezone.now()
    since = _kept_since(request)
    if since is None:
        previous = (
            WorkListVisit.objects.filter(user=user)
            .values_list("seen_at", flat=True)
            .first()
        )
        since = previous or now - datetime.timedelta(days=FIRST_VISIT_DAYS)
        request.session[SINCE_SESSION_KEY] = since.isoformat()
    # One statement whether or not the row exists (INSERT ... ON CONFLICT).
    WorkListVisit.objects.bulk_create(
        [WorkListVisit(user=user, seen_at=now)],
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["seen_at"],
    )
    return since
