"""Reads shared by the views, the admin, the export and the demo loader.

Every list here runs a fixed number of queries whatever its size.
"""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from cop_portal.pagination import Key, capped_count, keyset_page

from .models import Signal, SignalEvent


def _base(user) -> QuerySet[Signal]:
    return (
        Signal.objects.visible_to(user)
        .with_counts()
        .select_related("community", "addressed_to")
        .prefetch_related("themes")
    )


# What a signal in a list shows (components/signal_item.html and
# signal_status.html): never the description or the feedback.
LIST_COLUMNS = (
    "title",
    "level",
    "status",
    "closure",
    "due_at",
    "created_at",
    "community__name",
    "community__slug",
    "addressed_to__name",
)
NEWEST_FIRST = [Key("created_at"), Key("pk")]


def signal_list_page(*, user, cursor: str | None, per_page: int, **filters):
    """One page of signal_list by cursor, and its count up to a cap:
    (page, count, more than count)."""
    signals = signal_list(user=user, **filters)
    page = keyset_page(
        signals.only(*LIST_COLUMNS), keys=NEWEST_FIRST, cursor=cursor, per_page=per_page
    )
    count, more = capped_count(signals.values("pk"))
    return page, count, more


def signal_list(
    *,
    user,
    level: str = "",
    status: str = "",
    theme=None,
    community=None,
    overdue: bool = False,
) -> QuerySet[Signal]:
    signals = _base(user).listed_for(user, status=status, community=community)
    if level:
        signals = signals.filter(level=level)
    if status:
        signals = signals.filter(status=status)
    if theme is not None:
        signals = signals.filter(themes=theme)
    if community is not None:
        signals = signals.filter(community=community)
    if overdue:
        signals = signals.overdue()
    return signals.order_by("-created_at", "-pk")


def signal_get(*, pk: int) -> Signal:
    """One signal with everything its page shows. Visibility is checked by
    the caller, so it can tell "not yours" (403) from "not there" (404)."""
    events = SignalEvent.objects.select_related(
        "actor__organisation", "addressed_to", "target"
    ).order_by("created_at", "pk")
    return get_object_or_404(
        Signal.objects.with_counts()
        .select_related(
            "community",
            "addressed_to",
            "session",
            "handler__organisation",
            "merged_into",
            "knowledge_product",
        )
        .prefetch_related(
            "themes",
            Prefetch("events", queryset=events),
            "responses__author__organisation",
            "responses__organisation",
        ),
        pk=pk,
    )


def merged_signals(*, user, signal: Signal) -> QuerySet[Signal]:
    """The signals merged into this one that this person may see: a merged
    signal of another CoP is not theirs to read, not even its title."""
    return (
        Signal.objects.visible_to(user)
        .filter(merged_into=signal)
        .order_by("created_at", "pk")
    )


def signal_is_visible(*, user, signal: Signal) -> bool:
    return Signal.objects.visible_to(user).filter(pk=signal.pk).exists()


def recognised_ids(*, user, signals) -> set[int]:
    """Which of these signals the person marked "speelt bij ons ook"."""
    if not user.is_authenticated:
        return set()
    return set(
        user.signal_recognitions.filter(
            signal_id__in=[signal.pk for signal in signals]
        ).values_list("signal_id", flat=True)
    )


def source_signal_of(*, user, product) -> Signal | None:
    """The signal this kennisproduct answers, if this person may see it."""
    return (
        Signal.objects.visible_to(user)
        .filter(knowledge_product_id=product.pk)
        .only("pk", "title")
        .first()
    )
