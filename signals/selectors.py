"""Reads shared by the views, the admin, the export and the demo loader.

Every list here runs a fixed number of queries whatever its size.
"""

from itertools import combinations

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    TrigramDistance,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import (
    Aggregate,
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Extract, TruncMonth, Upper
from django.shortcuts import get_object_or_404

from communities.permissions import community_roles
from cop_portal import statements
from cop_portal.figures import TOP, FigureFilters, local_date
from cop_portal.linked import linked_names, outer_key
from cop_portal.pagination import (
    Key,
    among,
    capped_count,
    keyset_page,
    search_listing,
)

from .models import (
    OPEN_STATUSES,
    SEARCH_CONFIG,
    Level,
    Recognition,
    Response,
    Signal,
    SignalEvent,
    Status,
    similarity_vector,
)


def _base(user) -> QuerySet[Signal]:
    return (
        Signal.objects.visible_to(user)
        .select_related("community", "addressed_to")
        .prefetch_related("themes")
    )


# What a signal in a list shows (the table in signals/signal_list.html):
# never the description or the feedback.
LIST_COLUMNS = (
    "title",
    "level",
    "status",
    "closure",
    "due_at",
    "created_at",
    "recognition_count",
    "community_count",
    "gemeente_count",
    "community__name",
    "community__slug",
    "addressed_to__name",
)
NEWEST_FIRST = [Key("created_at"), Key("pk")]


def signal_list_page(
    *, user, cursor: str | None, per_page: int, parsed=None, **filters
):
    """One page of signal_list by cursor, and its count up to a cap:
    (page, count, more than count). With `parsed` (a query of
    cop_portal.textsearch), only the signals whose title or description
    match, on the GIN index signal_similar_fts."""
    listed = _listed(user=user, **filters)
    # The list's table shows no themes. Whether the reader marked each
    # signal comes along with it: a statement less than asking afterwards.
    shown = (
        listed.select_related("community", "addressed_to")
        .only(*LIST_COLUMNS)
        .annotate(recognised_by_reader=_recognised_by(user))
        .order_by("-created_at", "-pk")
    )
    if parsed is not None:
        listing = search_listing(
            shown,
            _matching(shown, parsed),
            keys=NEWEST_FIRST,
            cursor=cursor,
            per_page=per_page,
        )
        return listing.page, listing.count, listing.more
    page = keyset_page(
        shown,
        keys=NEWEST_FIRST,
        cursor=cursor,
        per_page=per_page,
    )
    count, more = capped_count(listed.values("pk"))
    return page, count, more


def signal_list(*, user, **filters) -> QuerySet[Signal]:
    """The signals a list shows this person, with their counts and themes,
    newest first."""
    return (
        _listed(user=user, **filters)
        .select_related("community", "addressed_to")
        .prefetch_related("themes")
        .order_by("-created_at", "-pk")
    )


def _listed(
    *,
    user,
    level: str = "",
    status: str = "",
    theme=None,
    community=None,
    overdue: bool = False,
) -> QuerySet[Signal]:
    signals = Signal.objects.visible_to(user).listed_for(
        user, status=status, community=community
    )
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
    return signals


def signal_get(*, pk: int, reader=None) -> Signal:
    """One signal with everything its page shows. Visibility is checked by
    the caller, so it can tell "not yours" (403) from "not there" (404).

    With it come, as annotations rather than statements of their own, its
    themes' names and slugs (theme_links), whether any signal was merged
    into it (has_merged_signals) and, with a reader, whether they marked it
    (recognised_by_reader)."""
    # Not joined to the signal a merge went into: only merge events name
    # one, and the join wrote every signal column into the statement for
    # every event (2-3 ms of a 28 ms page). Those few are read by key below.
    events = SignalEvent.objects.select_related(
        "actor__organisation", "addressed_to"
    ).order_by("created_at", "pk")
    # Read by key, and the same plan serves every signal: planning this
    # statement took 4 ms where running it takes 0.7 ms at national scale.
    with statements.planned_once():
        signal = get_object_or_404(
            Signal.objects
            # Not the merged-into signal (rare, read when there is one) nor the
            # knowledge product (the page reads it by key, as its reader may
            # see it): two joins more cost the planner more than the statement
            # takes (2.5 ms against 0.1 ms at national scale), and the product's
            # join read its whole body.
            .select_related(
                "community",
                "addressed_to",
                "session",
                "handler__organisation",
            )
            .prefetch_related(
                Prefetch("events", queryset=events),
                # One query for the answers with their authors and organisations,
                # not one per relation.
                Prefetch(
                    "responses",
                    queryset=Response.objects.select_related(
                        "author__organisation", "organisation"
                    ),
                ),
            )
            .annotate(
                # Its themes' names and addresses, in order: a statement less
                # than prefetching them.
                theme_links=linked_names(
                    Signal, Signal.themes.through, to_outer="signal", to_target="theme"
                ),
                has_merged_signals=_exists_pointing_here(Signal, "merged_into"),
                recognised_by_reader=_recognised_by(reader)
                if reader is not None
                else Value(False),
            ),
            pk=pk,
        )
    merges = [event for event in signal.events.all() if event.target_id]
    if merges:
        targets = Signal.objects.only("pk", "title").in_bulk(
            {event.target_id for event in merges}
        )
        for event in merges:
            event.target = targets[event.target_id]
    return signal


def signal_changes_since(
    *, signal: Signal, version: int, limit: int = 5
) -> list[SignalEvent]:
    """What moved a signal on since a form was opened on `version`, newest
    first, at most `limit`. Every transition and every correction raises the
    version by one and appends one event, so the newest (version now -
    version then) events are the changes; a version the signal never had
    (a form tampered with) gives the latest change."""
    count = min(max(signal.version - version, 1), limit)
    return list(
        SignalEvent.objects.filter(signal=signal)
        .select_related("actor__organisation")
        .order_by("-created_at", "-pk")[:count]
    )


def merged_signals(*, user, signal: Signal) -> QuerySet[Signal]:
    """The signals merged into this one that this person may see: a merged
    signal of another CoP is not theirs to read, not even its title."""
    if getattr(signal, "has_merged_signals", True) is False:
        return Signal.objects.none()
    return (
        Signal.objects.visible_to(user)
        .filter(merged_into=signal)
        # The page lists their titles; their descriptions are theirs to show.
        .only("pk", "title")
        .order_by("created_at", "pk")
    )


def signal_is_visible(*, user, signal: Signal) -> bool:
    """Whether this person may see a signal read just now: decided on the
    signal in hand, as visible_to decides in SQL."""
    return signal.is_visible_to(user)


def _recognised_by(user) -> RawSQL | Value:
    """Whether this person marked the signal "speelt bij ons ook": a probe
    of the unique (signal, user) index per signal, or for a page of them a
    hash of the person's own recognitions, as PostgreSQL chooses; false for
    a visitor not signed in."""
    if not user.is_authenticated:
        return Value(False)
    return _exists_pointing_here(Recognition, "signal", user=user.pk)


def _exists_pointing_here(model, field: str, **equal) -> RawSQL:
    """EXISTS: a row of `model` whose foreign key `field` is the signal of
    the outer query, and whose other columns (foreign keys by field name)
    equal the given values.

    Exists(model.objects.filter(...)) gives the same SQL, but building and
    compiling that subquery cost 0.7-0.8 ms of every signal list and signal
    page. The tables and columns are the models' own; values are
    parameters."""
    q = connection.ops.quote_name
    opts = model._meta
    conditions = [
        f"linked.{q(opts.get_field(field).column)} = {_OUTER_SIGNAL}",
        *(f"linked.{q(opts.get_field(name).column)} = %s" for name in equal),
    ]
    return RawSQL(  # noqa: S611
        f"EXISTS (SELECT 1 FROM {q(opts.db_table)} AS linked "  # noqa: S608
        f"WHERE {' AND '.join(conditions)})",
        tuple(equal.values()),
        output_field=BooleanField(),
    )


# The signal of the outer query, in the subquery written out above.
_OUTER_SIGNAL = outer_key(Signal)


def recognised_ids(*, user, signals) -> set[int]:
    """Which of these signals the person marked "speelt bij ons ook"."""
    if not user.is_authenticated:
        return set()
    return set(
        among(
            Recognition.objects.filter(user_id=user.pk),
            [signal.pk for signal in signals],
            field="signal",
        )
        .order_by()
        .values_list("signal_id", flat=True)
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
# answered signals that look like it (docs/decisions/0017-similar-signals.md).
# At national scale (500,000 signals) the candidates come from two GIN indexes
# only: the Dutch full text of title and description (signal_similar_fts) and
# the trigrams of the title (signal_title_search_trgm). Each way hands over a
# bounded number of rows; only those are ranked.

SIMILAR_LIMIT = 5
# The closest titles by trigram distance (a k-nearest-neighbour scan of the
# GiST index: the nearest first, never every match).
SIMILAR_FROM_TITLE = 30
# Rows each full-text way may hand over: texts with every word of the title,
# with any three words, with any two.
SIMILAR_FROM_TEXT = 100
# Words of the text asked about that go into the full-text query, in the
# order they are written (the title first). One common word such as
# "inburgering" alone would match most of the table, so a candidate shares
# two or three of them.
SIMILAR_WORDS = 8
# A word in more than this share of all signals says little about likeness
# ("inburgering", "gemeente") and its long index entry costs the most to
# read: it is left out of the full-text query while rarer words remain.
SIMILAR_COMMON_SHARE = 0.05
# Each way to candidates may take this long before PostgreSQL cancels it.
SIMILAR_TIMEOUT_MS = 200
# Title trigram similarity below which a close title is no candidate.
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
            # Room for the common words that _telling leaves out.
            [SEARCH_CONFIG, text, 3 * SIMILAR_WORDS],
        )
        return [row[0] for row in cursor.fetchall()]


class _LexemeQuery(SearchQuery):
    """A tsquery written from lexemes as the index holds them: cast, not
    parsed and stemmed a second time."""

    template = "%(expressions)s::tsquery"

    def __init__(self, text: str):
        super().__init__(text)


def _common_lexemes() -> set[str]:
    """The words in more than SIMILAR_COMMON_SHARE of the signals, from the
    statistics PostgreSQL keeps of the full-text index (ANALYZE): no count
    over the table. Empty until the table was analysed."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT element
            FROM pg_stats,
                 unnest(most_common_elems::text::text[], most_common_elem_freqs)
                     AS share(element, frequency)
            WHERE schemaname = current_schema()
              AND tablename = 'signal_similar_fts'
              AND element IS NOT NULL
              AND frequency > %s
            """,
            [SIMILAR_COMMON_SHARE],
        )
        return {row[0] for row in cursor.fetchall()}


def _telling(lexemes: list[str], common: set[str]) -> list[str]:
    """The lexemes without the common ones; when fewer than two are left,
    the first common ones make up two, so a text of common words still
    finds the texts that share them."""
    rare = [lexeme for lexeme in lexemes if lexeme not in common]
    if len(rare) < 2:
        rare += [lexeme for lexeme in lexemes if lexeme in common][: 2 - len(rare)]
    return rare[:SIMILAR_WORDS]


def _tsquery_literal(lexemes: list[str], together: int) -> str:
    """tsquery input text: each lexeme quoted, so nothing typed can be read
    as an operator; any `together` of them at once."""
    quoted = [
        "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"
        for lexeme in lexemes
    ]
    return " | ".join(
        "(" + " & ".join(group) + ")" for group in combinations(quoted, together)
    )


def _clean(text) -> str:
    # NUL cannot be stored or sent to PostgreSQL in text; a form refuses it,
    # the live endpoint drops it.
    return str(text or "").replace("\x00", " ")


def close_title_query(upper_title: str) -> QuerySet:
    """(pk, distance) of the open signals nearest by title, nearest first."""
    return (
        Signal.objects.filter(status__in=OPEN_STATUSES)
        .annotate(distance=TrigramDistance(Upper("title"), Value(upper_title)))
        .order_by("distance")
        .values_list("pk", "distance")[:SIMILAR_FROM_TITLE]
    )


def _close_title_ids(upper_title: str) -> list[int]:
    """The open signals with the titles closest to this one: pg_trgm's
    distance operator ordered by the GiST index signal_title_similar_gist
    (k nearest neighbours), so the scan stops after the nearest few even
    when thousands of titles share a word."""
    if len(upper_title) < 3:
        # Fewer than three letters make no trigram worth comparing.
        return []
    nearest = _within_time(lambda cursor: list(close_title_query(upper_title)))
    return [pk for pk, distance in nearest if distance <= 1 - SIMILAR_TITLE_THRESHOLD]


def _within_time(read, *, gin_only=False) -> list:
    """Run read(cursor) in a savepoint that PostgreSQL cancels after
    SIMILAR_TIMEOUT_MS: the list is a help while typing, and a slow way
    gives no candidates rather than a slow page. With gin_only, sequential
    and plain index scans are priced out for read (see similar_text_query)."""
    settings = {"statement_timeout": f"{SIMILAR_TIMEOUT_MS}ms"}
    if gin_only:
        settings |= {"enable_seqscan": "off", "enable_indexscan": "off"}
    return statements.within(read, settings) or []


def similar_text_query(*, title: str, description: str = ""):
    """The full-text candidates of a text: (ids query, tsquery to rank by),
    or (None, None) when the text has no word to look for. Kept apart so a
    test can EXPLAIN it.

    Each way holds only a condition the GIN index signal_similar_fts serves
    and runs with sequential and plain index scans priced out (_within_time,
    gin_only): a plan that computes every row's text vector while it walks
    another index would read the whole table when matches are fewer than
    estimated."""
    title = _clean(title)[:SIMILAR_TITLE_CHARS].strip()
    description = _clean(description)[:SIMILAR_DESCRIPTION_CHARS].strip()
    common = _common_lexemes()
    lexemes = _telling(_query_lexemes(f"{title}\n{description}"), common)
    if not lexemes:
        return None, None
    title_lexemes = _telling(_query_lexemes(title), common)
    tiers = []
    if len(title_lexemes) >= 2:
        tiers.append(_tsquery_literal(title_lexemes, len(title_lexemes)))
    if len(lexemes) >= 3:
        tiers.append(_tsquery_literal(lexemes, 3))
    widest = _LexemeQuery(_tsquery_literal(lexemes, min(2, len(lexemes))))
    ways = [
        Signal.objects.annotate(similar_vector=similarity_vector())
        .filter(similar_vector=query)
        .order_by()
        .values("pk")[:SIMILAR_FROM_TEXT]
        for query in [*(_LexemeQuery(tier) for tier in tiers), widest]
    ]
    if len(ways) == 1:
        return ways[0], widest
    # The model's default order would name a column the union leaves out.
    return ways[0].union(*ways[1:]).order_by(), widest


def similar_signal_query(
    *,
    user=None,
    among: QuerySet[Signal] | None = None,
    title: str,
    description: str = "",
    exclude=(),
    limit=SIMILAR_LIMIT,
) -> QuerySet[Signal] | None:
    """The open and answered signals `user` may see (or of `among`, the
    merge form's targets) most like the text, the most alike first; None
    when there is nothing to look for. The candidates are found first, in
    bounded index scans; only they are ranked."""
    upper_title = _clean(title)[:SIMILAR_TITLE_CHARS].strip().upper()
    candidates = set(_close_title_ids(upper_title))
    ids, query = similar_text_query(title=title, description=description)
    if ids is not None:
        candidates.update(
            _within_time(lambda cursor: [row["pk"] for row in ids], gin_only=True)
        )
    candidates.difference_update(exclude)
    if not candidates:
        return None
    if among is None:
        among = Signal.objects.visible_to(user)
    likeness = TrigramSimilarity(Upper("title"), Value(upper_title))
    if query is not None:
        likeness = likeness + SearchRank(similarity_vector(), query)
    return (
        among.filter(pk__in=sorted(candidates), status__in=OPEN_STATUSES)
        .annotate(likeness=likeness)
        .order_by("-likeness", "-created_at", "-pk")[:limit]
    )


def _run_similar(query: QuerySet | None) -> list[Signal]:
    return [] if query is None else list(query)


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


def signal_search(*, user, parsed) -> QuerySet[Signal]:
    """Signals this person may see in a list, matching a parsed query
    (cop_portal.textsearch.ParsedQuery), newest first. Filters on the
    expression of the GIN index signal_similar_fts (title and description)."""
    return _matching(
        Signal.objects.visible_to(user)
        .listed_for(user)
        .select_related("community", "addressed_to")
        .order_by("-created_at", "-pk"),
        parsed,
    )


def _matching(signals: QuerySet[Signal], parsed) -> QuerySet[Signal]:
    """The signals whose title or description match a parsed query, on the
    exact expression of the GIN index signal_similar_fts; none for a query
    with nothing to look for."""
    if not parsed:
        return signals.none()
    return signals.annotate(similar_vector=similarity_vector()).filter(
        similar_vector=parsed.as_search_query()
    )


# --- Mijn werk ---------------------------------------------------------------
# What waits for one person, each list with the first few rows; the caller
# counts them with capped_count. Each filters on an index: status and due
# date (signal_status_due_at), addressed organisation and level, the
# transitions of one kind over time (signal_event_kind_time_idx).

WORK_COLUMNS = (
    "title",
    "level",
    "status",
    "closure",
    "due_at",
    "created_at",
    "community__name",
)


def signals_waiting_for_moderators(*, status: str) -> QuerySet[Signal]:
    """Signals in one status, the first due first: nieuw (to accept), in
    behandeling (to escalate or answer), beantwoord (to close with feedback)."""
    return (
        Signal.objects.filter(status=status)
        .select_related("community")
        .only(*WORK_COLUMNS)
        .order_by(F("due_at").asc(nulls_last=True), "pk")
    )


def signals_to_answer(*, user) -> QuerySet[Signal]:
    """The escalated signals in treatment addressed to this ketenpartner's
    organisation, the first due first: what they are to answer."""
    if not (user.is_chain_partner and user.organisation_id):
        return Signal.objects.none()
    return (
        Signal.objects.filter(
            addressed_to_id=user.organisation_id, status=Status.IN_PROGRESS
        )
        .exclude(level=Level.UITVOERING)
        .select_related("community")
        .only(*WORK_COLUMNS)
        .order_by(F("due_at").asc(nulls_last=True), "pk")
    )


def signals_answered_since(*, user, since) -> QuerySet[Signal]:
    """The signals of this person's own CoP's that were answered after
    `since`, the latest answer first (answered_at)."""
    community_ids = list(community_roles(user))
    if not community_ids:
        return Signal.objects.none()
    answers = SignalEvent.objects.filter(
        signal=OuterRef("pk"), kind="respond", created_at__gt=since
    )
    return (
        Signal.objects.filter(community_id__in=community_ids)
        .annotate(
            answered_at=Subquery(
                answers.order_by("-created_at").values("created_at")[:1]
            )
        )
        .filter(answered_at__isnull=False)
        .select_related("community")
        .only(*WORK_COLUMNS)
        .order_by("-answered_at", "-pk")
    )


# --- The moderators' dashboard -----------------------------------------------
# One selector per figure (cop_portal/dashboard.py draws them). Each reads the
# signals raised, or the transitions made, within the period of the filters,
# on the created_at indexes of signals and events; a theme or region narrows
# it down. They return plain numbers, cached per filter by cop_portal.figures.

# The transitions the flow counts, and the line each counts on.
FLOW_KINDS = {
    "submit": "raised",
    "escalate": "escalated",
    "respond": "answered",
    "close": "closed",
    "reject": "closed",
    "merge": "closed",
}
FLOW_LINES = ("raised", "escalated", "answered", "closed")


class PercentileCont(Aggregate):
    """PostgreSQL's percentile_cont: the value below which `fraction` of the
    rows lie, interpolated (0.5 is the median)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, *, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def _signals_raised(filters: FigureFilters) -> QuerySet[Signal]:
    start, until = filters.bounds()
    signals = Signal.objects.filter(created_at__gte=start, created_at__lt=until)
    if filters.theme_id:
        signals = signals.filter(themes__id=filters.theme_id)
    if filters.region_id:
        signals = signals.filter(community__regions__id=filters.region_id)
    return signals.order_by()


def _events_made(filters: FigureFilters, kinds) -> QuerySet[SignalEvent]:
    start, until = filters.bounds()
    events = SignalEvent.objects.filter(
        kind__in=kinds, created_at__gte=start, created_at__lt=until
    )
    if filters.theme_id:
        events = events.filter(signal__themes__id=filters.theme_id)
    if filters.region_id:
        events = events.filter(signal__community__regions__id=filters.region_id)
    return events.order_by()


def figure_signals_by_level_and_status(filters: FigureFilters) -> dict:
    """How many of the signals raised in the period stand at each level and
    status now: {(level, status): count}, every pair present."""
    counts = {(level, status): 0 for level in Level.values for status in Status.values}
    for row in (
        _signals_raised(filters).values("level", "status").annotate(total=Count("pk"))
    ):
        counts[(row["level"], row["status"])] = row["total"]
    return counts


def figure_signals_by_theme(filters: FigureFilters) -> list[tuple[str, int]]:
    """Signals raised in the period per theme, the most first (a signal with
    two themes counts for both)."""
    rows = (
        _signals_raised(filters)
        .values("themes__name")
        .annotate(total=Count("pk"))
        .order_by("-total", "themes__name")
    )
    return [(row["themes__name"], row["total"]) for row in rows if row["themes__name"]]


def figure_signals_by_community(filters: FigureFilters) -> list[tuple[str, int]]:
    """Signals raised in the period per source CoP: the TOP CoP's with the
    most, the most first."""
    rows = (
        _signals_raised(filters)
        .values("community__name")
        .annotate(total=Count("pk"))
        .order_by("-total", "community__name")[:TOP]
    )
    return [(row["community__name"], row["total"]) for row in rows]


def figure_signal_flow(filters: FigureFilters) -> list[tuple]:
    """Per month of the period: how many signals were raised, escalated,
    answered and closed (rejected and merged count as closed), from the
    transitions recorded in that month. [(month, raised, escalated,
    answered, closed)], every month present."""
    counts = {month: dict.fromkeys(FLOW_LINES, 0) for month in filters.months()}
    rows = (
        _events_made(filters, FLOW_KINDS)
        .annotate(month=TruncMonth("created_at"))
        .values("month", "kind")
        .annotate(total=Count("pk"))
    )
    for row in rows:
        month = local_date(row["month"])
        if month in counts:
            counts[month][FLOW_KINDS[row["kind"]]] += row["total"]
    return [
        (month, *(line[name] for name in FLOW_LINES)) for month, line in counts.items()
    ]


def figure_answer_times(filters: FigureFilters) -> list[tuple]:
    """Per level, for the answers given in the period: how many, the median
    and the 90th percentile of the days from raising the signal to the
    answer, and how many came within the response term (the due date of the
    level it was answered at). [(level, answers, median days, p90 days,
    within term)], every level present; days None without answers."""
    waited = ExpressionWrapper(
        Extract(F("created_at") - F("signal__created_at"), "epoch") / 86400.0,
        output_field=FloatField(),
    )
    rows = {
        row["from_level"]: row
        for row in _events_made(filters, ["respond"])
        .values("from_level")
        .annotate(
            answers=Count("pk"),
            median=PercentileCont(waited, fraction=0.5, output_field=FloatField()),
            p90=PercentileCont(waited, fraction=0.9, output_field=FloatField()),
            within_term=Count("pk", filter=Q(created_at__lte=F("signal__due_at"))),
        )
    }
    result = []
    for level in Level.values:
        row = rows.get(level)
        if row is None:
            result.append((level, 0, None, None, 0))
        else:
            result.append(
                (
                    level,
                    row["answers"],
                    round(row["median"], 1),
                    round(row["p90"], 1),
                    row["within_term"],
                )
            )
    return result
