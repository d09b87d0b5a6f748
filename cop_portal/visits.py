"""The moment a person last opened Mijn werk: what happened since is news.

The moment is kept on the account (User.work_list_seen_at), so it holds on
every device. Within one browser session the list keeps the moment the
session started from: reloading the page does not empty "answered since
your last visit" while the person is still reading it.
"""

import datetime

from django.utils import timezone

from .models import User

SINCE_SESSION_KEY = "portal_work_list_since"
# A first visit shows the answers of the last month.
FIRST_VISIT_DAYS = 30


def work_list_visit(*, request) -> datetime.datetime:
    """Record that the signed-in person opens Mijn werk now, and return the
    moment after which answers are news to them: their previous visit (kept
    for the rest of this session), or FIRST_VISIT_DAYS ago on a first one."""
    user = request.user
    now = timezone.now()
    kept = request.session.get(SINCE_SESSION_KEY)
    since = None
    if isinstance(kept, str):
        try:
            since = datetime.datetime.fromisoformat(kept)
        except ValueError:
            since = None
        if since is not None and since.tzinfo is None:
            since = None
    if since is None:
        since = user.work_list_seen_at or now - datetime.timedelta(
            days=FIRST_VISIT_DAYS
        )
        request.session[SINCE_SESSION_KEY] = since.isoformat()
    User.objects.filter(pk=user.pk).update(work_list_seen_at=now)
    user.work_list_seen_at = now
    return since
