"""Reads shared by the views, the admin, the export and the demo loader.

Every list here runs a fixed number of queries whatever its size.
"""

from itertools import combinations

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db import connection, transaction
from django.db.models import Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Upper
from django.shortcuts import get_object_or_404

from cop_portal.pagination import Key, capped_count, keyset_page

from .models import (
    OPEN_STATUSES,
    SEARCH_CONFIG,
    Signal,
    SignalEvent,
    similarity_vector,
)


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


# --- Similar signals ---------------------------------------------------------
# "Similar signals first": before someone raises a signal, the open and
# answered signals that look like it. At national scale (500,000 signals) the
# candidates come from two GIN indexes only: the Dutch full text of title and
# description (signal_similar_fts) and the trigrams of the title
# (signal_title_search_trgm). At most SIMILAR_CANDIDATES rows are ranked.

SIMILAR_LIMIT = 5
SIMILAR_CANDIDATES = 200
# Words of the text asked about that go into the full-text query, in the
# order they are written (the title first). Every pair of them makes an OR
# term, so a candidate shares at least two words: one common word such as
# "inburgering" alone would match most of the table.
SIMILAR_WORDS = 8
# Title trigram similarity for pg_trgm's % operator. Its default (0.3) lets
# short titles with one shared word through; a typo in a word keeps well above.
SIMILAR_TITLE_THRESHOLD = 0.45
# Lengths read of what someone typed: enough for the words that matter, and
# a text of any length costs the same.
SIMILAR_TITLE_CHARS = 200
SIMILAR_DESCRIPTION_CHARS = 1000


def _query_lexemes(text: str) -> list[str]:
    """The Dutch lexemes of a text (stemmed, stop words gone), first written
    first, as PostgreSQL's own parser makes them: the same as in the index."""
    if not text.strip():
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme FROM unnest(to_tsvector(%s::regconfig, %s))"
            " ORDER BY positions[1] LIMIT %s",
            [SEARCH_CONFIG, text, SIMILAR_WORDS],
        )
        return [row[0] for row in cursor.fetchall()]


class _LexemeQuery(SearchQuery):
    """A tsquery written from lexemes as the index holds them: cast, not
    parsed and stemmed a second time."""

    template = "%(expressions)s::tsquery"

    def __init__(self, text: str):
        super().__init__(text)


def _tsquery_literal(lexemes: list[str]) -> str:
    """tsquery input text: each lexeme quoted, so nothing typed can be read
    as an operator; any two of them together, or one when there is one."""
    quoted = [
        "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"
        for lexeme in lexemes
    ]
    if len(quoted) == 1:
        return quoted[0]
    return " | ".join(f"({a} & {b})" for a, b in combinations(quoted, 2))


def _clean(text) -> str:
    # NUL cannot be stored or sent to PostgreSQL in text; a form refuses it,
    # the live endpoint drops it.
    return str(text or "").replace("\x00", " ")


def similar_signal_query(
    *,
    user=None,
    among: QuerySet[Signal] | None = None,
    title: str,
    description: str = "",
    exclude=(),
    limit=SIMILAR_LIMIT,
) -> QuerySet[Signal] | None:
    """The query behind similar_signals (None: nothing to look for), kept
    apart so a test can EXPLAIN it. Looks among the open and answered
    signals `user` may see, or among `among` (the merge form's targets)."""
    title = _clean(title)[:SIMILAR_TITLE_CHARS].strip()
    description = _clean(description)[:SIMILAR_DESCRIPTION_CHARS].strip()
    lexemes = _query_lexemes(f"{title}\n{description}")
    matches = Q()
    query = None
    if lexemes:
        query = _LexemeQuery(_tsquery_literal(lexemes))
        matches |= Q(similar_vector=query)
    upper_title = title.upper()
    # Fewer than three letters make no trigram worth comparing.
    if len(upper_title) >= 3:
        matches |= Q(upper_title__trigram_similar=upper_title)
    if not matches:
        return None
    if among is None:
        among = Signal.objects.visible_to(user)
    candidates = (
        among.filter(status__in=OPEN_STATUSES)
        .exclude(pk__in=list(exclude))
        .annotate(similar_vector=similarity_vector(), upper_title=Upper("title"))
        .filter(matches)
        # No order: the first candidates the indexes hand over, ranked below.
        .order_by()
        .values("pk")[:SIMILAR_CANDIDATES]
    )
    likeness = TrigramSimilarity(Upper("title"), Value(upper_title))
    if query is not None:
        likeness = likeness + SearchRank(similarity_vector(), query)
    return (
        Signal.objects.filter(pk__in=Subquery(candidates))
        .annotate(likeness=likeness)
        .order_by("-likeness", "-created_at", "-pk")[:limit]
    )


def _run_similar(query: QuerySet | None) -> list[Signal]:
    if query is None:
        return []
    with transaction.atomic(), connection.cursor() as cursor:
        # Local to this transaction: the threshold the % operator applies.
        cursor.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
            [str(SIMILAR_TITLE_THRESHOLD)],
        )
        return list(query)


def similar_signals(
    *, user, title: str, description: str = "", exclude=(), limit=SIMILAR_LIMIT
) -> list[Signal]:
    """The open and answered signals this person may see that look like the
    text, the most alike first, with what a list of signals shows."""
    found = _run_similar(
        similar_signal_query(
            user=user,
            title=title,
            description=description,
            exclude=exclude,
            limit=limit,
        )
    )
    if not found:
        return []
    # The counts and relations of a list, for the few found only.
    by_pk = {
        signal.pk: signal for signal in _base(user).filter(pk__in=[s.pk for s in found])
    }
    listed = []
    for signal in found:
        if signal.pk in by_pk:
            by_pk[signal.pk].likeness = signal.likeness
            listed.append(by_pk[signal.pk])
    return listed


def similar_signal_ids(
    *, among: QuerySet[Signal], signal: Signal, exclude=(), limit=20
) -> list[int]:
    """The signals of `among` most like `signal`, the most alike first: the
    head of the moderator's merge list."""
    found = _run_similar(
        similar_signal_query(
            among=among,
            title=signal.title,
            description=signal.description,
            exclude=[signal.pk, *exclude],
            limit=limit,
        )
    )
    return [candidate.pk for candidate in found]


def signals_from_session(*, user, session) -> QuerySet[Signal]:
    """The signals raised from a session that this person may see, newest
    first (the session page; the index on session_id serves it)."""
    return (
        Signal.objects.visible_to(user)
        .filter(session_id=session.pk)
        .only("title", "status", "closure", "created_at")
        .order_by("-created_at", "-pk")
    )
