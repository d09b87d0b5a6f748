"""Who hears of what happens to a signal, and what the e-mail says.

The services register `announce_after_commit`; the task `announce` runs in
the worker, writes one outbox row per person (cop_portal.notifications) and
starts sending. Each event has a key, so a task that runs twice writes
nothing twice. The e-mail names the signal's title and CoP, never the text
someone wrote.
"""

from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from communities.following import news_followers
from communities.models import Membership, NewsFrequency
from cop_portal import notifications
from cop_portal.tasks import deliver_notifications

from .models import Recognition, Signal

# How many CoP's (the source and those that recognised it) make a signal
# worth the moderators' attention: "recognised by a third CoP".
WIDELY_RECOGNISED = 3


def _users():
    return get_user_model().objects


def moderators():
    return _users().filter(is_moderator=True)


def chain_partners(organisation_id):
    return _users().filter(is_chain_partner=True, organisation_id=organisation_id)


def concerned(signal: Signal):
    """The raiser, the members of the source CoP and everyone who
    recognised the signal."""
    return _users().filter(
        Q(pk=signal.raised_by_id)
        | Q(memberships__community_id=signal.community_id)
        | Q(signal_recognitions__signal=signal)
    )


def followers(signal: Signal):
    """Followers of the CoP or a theme who want answered signals at once and
    may read answered signals (moderators, members of any CoP)."""
    readers = Q(is_moderator=True) | Exists(
        Membership.objects.filter(user=OuterRef("pk"))
    )
    return news_followers(
        kind="signals",
        community_id=signal.community_id,
        theme_ids=signal.themes.values_list("pk", flat=True),
        frequency=NewsFrequency.IMMEDIATELY,
    ).filter(readers)


def _message(signal: Signal, kind: str) -> notifications.Message:
    names = {"title": signal.title, "community": signal.community.name}
    url = notifications.absolute_url(signal.get_absolute_url())
    link = _("View the signal")
    moderator = _("You receive this e-mail because you are a moderator of the portal.")
    partner = _(
        "You receive this e-mail because the signal is addressed to your organisation."
    )
    concerned_reason = _(
        "You receive this e-mail because you raised the signal, are a member "
        "of its CoP, marked it “speelt bij ons ook” or follow its theme or CoP."
    )
    texts = {
        "raised": (
            _("New signal: %(title)s"),
            _("A new signal was raised"),
            _("“%(title)s” was raised in %(community)s and waits to be accepted."),
            moderator,
        ),
        "widely_recognised": (
            _("Signal plays in several CoP's: %(title)s"),
            _("A signal plays in several CoP's"),
            _(
                "“%(title)s” of %(community)s now plays in %(count)s CoP's: "
                "consider escalating it."
            ),
            moderator,
        ),
        "addressed": (
            _("Signal for your organisation: %(title)s"),
            _("A signal was addressed to your organisation"),
            _(
                "“%(title)s” of %(community)s was escalated to %(level)s and "
                "addressed to %(organisation)s. Please record a response before "
                "%(due)s."
            ),
            partner,
        ),
        "due_soon": (
            _("Term about to pass: %(title)s"),
            _("The response term of a signal is about to pass"),
            _(
                "“%(title)s” of %(community)s, addressed to %(organisation)s, "
                "awaits a response before %(due)s."
            ),
            partner,
        ),
        "overdue": (
            _("Signal overdue: %(title)s"),
            _("A signal is past its response term"),
            _(
                "“%(title)s” of %(community)s at %(level)s was due on %(due)s "
                "and still awaits a response."
            ),
            moderator,
        ),
        "respond": (
            _("Signal answered: %(title)s"),
            _("A signal was answered"),
            _(
                "“%(title)s” of %(community)s has been answered. Read the "
                "answer on the portal."
            ),
            concerned_reason,
        ),
        "close": (
            _("Signal closed with feedback: %(title)s"),
            _("A signal was closed with feedback to practice"),
            _(
                "“%(title)s” of %(community)s has been closed with feedback to "
                "practice. Read it on the portal."
            ),
            concerned_reason,
        ),
    }
    subject, heading, line, reason = texts[kind]
    values = {
        **names,
        "level": signal.get_level_display(),
        "organisation": str(signal.addressed_to or ""),
        "due": signal.due_at.strftime("%d-%m-%Y") if signal.due_at else "",
        "count": 1
        + Recognition.objects.filter(signal=signal)
        .exclude(community_id=signal.community_id)
        .values("community_id")
        .distinct()
        .count(),
    }
    return notifications.Message(
        subject=subject % names,
        heading=heading,
        lines=[line % values],
        url=url,
        link_label=link,
        reason=reason,
    )


def recipients(signal: Signal, kind: str) -> set[int]:
    if kind in {"raised", "widely_recognised", "overdue"}:
        groups = [moderators()]
    elif kind in {"addressed", "due_soon"}:
        groups = [chain_partners(signal.addressed_to_id)]
    elif kind == "respond":
        groups = [concerned(signal), moderators(), followers(signal)]
    else:  # close
        groups = [concerned(signal), followers(signal)]
    return {pk for group in groups for pk in notifications.active_recipients(group)}


@task
def announce(*, signal_id: int, kind: str, key: str) -> None:
    """Write the e-mails about one event of a signal and send them."""
    signal = (
        Signal.objects.select_related("community", "addressed_to")
        .filter(pk=signal_id)
        .first()
    )
    if signal is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        message = _message(signal, kind)
    notifications.write(
        event=f"signal:{signal_id}:{key}",
        recipient_ids=recipients(signal, kind),
        message=message,
    )
    deliver_notifications.enqueue()


def announce_after_commit(signal: Signal, kind: str, key: str | None = None) -> None:
    notifications.after_commit(
        partial(announce.enqueue, signal_id=signal.pk, kind=kind, key=key or kind)
    )


def widely_recognised(signal: Signal) -> bool:
    """True from the moment the signal plays in WIDELY_RECOGNISED CoP's."""
    others = (
        Recognition.objects.filter(signal=signal)
        .exclude(community_id=signal.community_id)
        .values("community_id")
        .distinct()
        .count()
    )
    return 1 + others >= WIDELY_RECOGNISED
