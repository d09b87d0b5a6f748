"""The weekly digest "Inburgering in uitvoering": per person, what was
published, planned and answered last week in the themes and CoP's they
follow, for each kind of news they want weekly.

At national scale (60,000 people, 200,000 products) one run reads only the
week's news, through the indexes on the publication, creation and event
dates, and then the people in keyset batches with what they follow. Each
e-mail is an outbox row keyed by the ISO week: a run interrupted halfway and
run again writes the rest, and nothing twice
(docs/decisions/0022-notifications-outbox.md).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.models import (
    Following,
    Membership,
    NewsFrequency,
    NewsPreferences,
    Session,
)
from knowledge.models import KnowledgeProduct
from signals.models import Closure, Signal, SignalEvent

from . import notifications
from .models import Notification

BATCH = 1000
UNSUBSCRIBE_SALT = "cop_portal.digest.unsubscribe"


# --- The week ----------------------------------------------------------------
@dataclass(frozen=True)
class Week:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "Week":
        """'2026-W47' -> Week(2026, 47); ValueError for anything else."""
        year, _sep, number = text.strip().upper().partition("-W")
        if not (year.isascii() and year.isdigit() and number.isascii()):
            raise ValueError(text)
        if not number.isdigit():
            raise ValueError(text)
        week = cls(int(year), int(number))
        try:
            week.start  # noqa: B018 - refuses a week that does not exist
            week.end  # noqa: B018
        except OverflowError as error:
            raise ValueError(text) from error
        return week

    @classmethod
    def previous(cls, now=None) -> "Week":
        """The last complete week."""
        day = timezone.localdate(now) - datetime.timedelta(days=7)
        year, number, _day = day.isocalendar()
        return cls(year, number)

    @property
    def key(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def start(self) -> datetime.datetime:
        day = datetime.date.fromisocalendar(self.year, self.number, 1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))

    @property
    def end(self) -> datetime.datetime:
        day = datetime.date.fromisocalendar(self.year, self.number, 1)
        later = day + datetime.timedelta(days=7)
        return timezone.make_aware(datetime.datetime.combine(later, datetime.time()))

    @property
    def event(self) -> str:
        return f"digest:{self.key}"


# --- The week's news ------------------------------------------------------------
@dataclass
class Item:
    kind: str  # products, sessions or signals: the NewsPreferences field
    title: str
    url: str
    community_id: int | None
    theme_ids: set[int] = field(default_factory=set)
    note: str = ""
    members_only: bool = False


def _themes(through, key: str, ids) -> dict[int, set[int]]:
    themes = defaultdict(set)
    for owner, theme in through.objects.filter(**{f"{key}__in": ids}).values_list(
        key, "theme_id"
    ):
        themes[owner].add(theme)
    return themes


def week_news(week: Week) -> list[Item]:
    """Everything published, planned or answered in the week: a handful of
    indexed range scans, whatever the size of the tables."""
    items: list[Item] = []
    products = list(
        KnowledgeProduct.objects.published()
        .filter(published_at__gte=week.start, published_at__lt=week.end)
        .order_by("published_at")
        .values("pk", "title", "slug", "community_id", "visibility")
    )
    themes = _themes(
        KnowledgeProduct.themes.through,
        "knowledgeproduct_id",
        [p["pk"] for p in products],
    )
    for product in products:
        items.append(
            Item(
                kind="products",
                title=product["title"],
                url=reverse(
                    "knowledge:product_detail", kwargs={"slug": product["slug"]}
                ),
                community_id=product["community_id"],
                theme_ids=themes[product["pk"]],
                note=_("published"),
                members_only=product["visibility"]
                != KnowledgeProduct.Visibility.PUBLIC,
            )
        )
    planned = Session.objects.filter(
        created_at__gte=week.start, created_at__lt=week.end, starts_at__gte=week.start
    )
    reported = Session.objects.filter(
        report_published_at__gte=week.start, report_published_at__lt=week.end
    )
    for sessions, note in ((planned, _("planned")), (reported, _("report published"))):
        rows = list(
            sessions.select_related("community")
            .order_by("starts_at")
            .only("pk", "title", "slug", "starts_at", "community__slug")
        )
        themes = _themes(Session.themes.through, "session_id", [s.pk for s in rows])
        for session in rows:
            items.append(
                Item(
                    kind="sessions",
                    title=session.title,
                    url=session.get_absolute_url(),
                    community_id=session.community_id,
                    theme_ids=themes[session.pk],
                    note=f"{note}, {timezone.localtime(session.starts_at):%d-%m-%Y}",
                )
            )
    answered = list(
        SignalEvent.objects.filter(
            kind="respond", created_at__gte=week.start, created_at__lt=week.end
        )
        .exclude(signal__closure__in=[Closure.REJECTED, Closure.MERGED])
        .order_by("signal_id")
        .distinct("signal_id")
        .values("signal_id", "signal__title", "signal__community_id")
    )
    themes = _themes(
        Signal.themes.through, "signal_id", [a["signal_id"] for a in answered]
    )
    for row in answered:
        items.append(
            Item(
                kind="signals",
                title=row["signal__title"],
                url=reverse("signals:signal_detail", kwargs={"pk": row["signal_id"]}),
                community_id=row["signal__community_id"],
                theme_ids=themes[row["signal_id"]],
                note=_("answered"),
                members_only=True,
            )
        )
    return items


# --- Per person -----------------------------------------------------------------
@dataclass
class Reader:
    pk: int
    is_member: bool  # may read members-only news
    communities: set[int]
    themes: set[int]
    weekly: set[str]  # the kinds of news this person wants weekly


def _readers(users) -> list[Reader]:
    """What each person of one batch follows: three queries per batch."""
    ids = [user.pk for user in users]
    preferences = {p.pk: p for p in NewsPreferences.objects.filter(user_id__in=ids)}
    member_of = defaultdict(set)
    for user_id, community_id in Membership.objects.filter(user_id__in=ids).values_list(
        "user_id", "community_id"
    ):
        member_of[user_id].add(community_id)
    follows = defaultdict(set)
    stopped = defaultdict(set)
    themes = defaultdict(set)
    for user_id, community_id, theme_id, active in Following.objects.filter(
        user_id__in=ids
    ).values_list("user_id", "community_id", "theme_id", "follows"):
        if theme_id and active:
            themes[user_id].add(theme_id)
        elif community_id and active:
            follows[user_id].add(community_id)
        elif community_id:
            stopped[user_id].add(community_id)
    readers = []
    for user in users:
        chosen = preferences.get(user.pk) or NewsPreferences(user_id=user.pk)
        weekly = {
            kind
            for kind in NewsPreferences.KINDS
            if getattr(chosen, kind) == NewsFrequency.WEEKLY
        }
        readers.append(
            Reader(
                pk=user.pk,
                is_member=bool(
                    member_of[user.pk] or user.is_moderator or user.is_expert
                ),
                communities=(member_of[user.pk] | follows[user.pk]) - stopped[user.pk],
                themes=themes[user.pk],
                weekly=weekly,
            )
        )
    return readers


def news_for(reader: Reader, items: list[Item]) -> list[Item]:
    return [
        item
        for item in items
        if item.kind in reader.weekly
        and (reader.is_member or not item.members_only)
        and (item.community_id in reader.communities or item.theme_ids & reader.themes)
    ]


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT)


def user_of_token(token: str):
    """The person an unsubscribe link is for; None for a forged or stale
    link, or a person who is no longer there."""
    try:
        user_id = signing.loads(
            token,
            salt=UNSUBSCRIBE_SALT,
            max_age=datetime.timedelta(days=settings.DIGEST_UNSUBSCRIBE_DAYS),
        )
    except signing.BadSignature:
        return None
    return (
        get_user_model()
        .objects.filter(pk=user_id, is_active=True, anonymised_at__isnull=True)
        .first()
    )


SECTIONS = (
    ("products", gettext_lazy("Published knowledge products")),
    ("sessions", gettext_lazy("Sessions planned and reports published")),
    ("signals", gettext_lazy("Signals answered")),
)


def _render(week: Week, reader: Reader, news: list[Item]) -> tuple[str, str, str, dict]:
    unsubscribe = notifications.absolute_url(
        reverse("digest_unsubscribe", kwargs={"token": unsubscribe_token(reader.pk)})
    )
    sections = [
        {
            "heading": str(heading),
            "items": [
                {
                    "title": item.title,
                    "note": item.note,
                    "url": notifications.absolute_url(item.url),
                }
                for item in news
                if item.kind == kind
            ],
        }
        for kind, heading in SECTIONS
    ]
    context = {
        "week": week,
        "sections": [s for s in sections if s["items"]],
        "unsubscribe_url": unsubscribe,
        "settings_url": notifications.absolute_url(reverse("profile_notifications")),
        "portal_url": settings.PORTAL_URL,
    }
    subject = _("Inburgering in uitvoering, week %(week)s") % {"week": week.number}
    headers = {"List-Unsubscribe": f"<{unsubscribe}>"}
    return (
        subject,
        render_to_string("email/digest.txt", context),
        render_to_string("email/digest.html", context),
        headers,
    )


@dataclass
class DigestRun:
    written: int = 0
    skipped: int = 0  # had it already (an earlier, interrupted run)
    nothing: int = 0  # nothing new in what they follow


def write_digest(week: Week) -> DigestRun:
    """Write the week's digest for everyone who follows something that had
    news and wants it weekly. Safe to run again for the same week."""
    result = DigestRun()
    with translation.override(settings.LANGUAGE_CODE):
        items = week_news(week)
        if not items:
            return result
        people = (
            get_user_model()
            .objects.filter(is_active=True, anonymised_at__isnull=True)
            .exclude(email="")
            .order_by("pk")
            .only("pk", "is_moderator", "is_expert")
        )
        last = 0
        while batch := list(people.filter(pk__gt=last)[:BATCH]):
            last = batch[-1].pk
            done = set(
                Notification.objects.filter(
                    event=week.event, recipient_id__in=[u.pk for u in batch]
                ).values_list("recipient_id", flat=True)
            )
            for reader in _readers(batch):
                if reader.pk in done:
                    result.skipped += 1
                    continue
                news = news_for(reader, items)
                if not news:
                    result.nothing += 1
                    continue
                subject, text, html, headers = _render(week, reader, news)
                notifications.write_rendered(
                    event=week.event,
                    recipient_id=reader.pk,
                    subject=subject,
                    text=text,
                    html=html,
                    headers=headers,
                )
                result.written += 1
    return result
