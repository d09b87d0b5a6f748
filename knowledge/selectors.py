"""Reads shared by the views, the feeds and the admin. Every reader path starts
from KnowledgeProduct.objects.visible_to(user), so members-only products never
reach anonymous visitors, whatever the path.

Lists run a fixed number of queries whatever their size."""

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchRank,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat, TruncQuarter
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from taggit.models import TaggedItem

from communities.models import Community, Theme
from cop_portal import statements, textsearch
from cop_portal.figures import FigureFilters, local_date
from cop_portal.linked import JSONRowsField, linked_names, outer_key
from cop_portal.pagination import Key, KeysetPage, capped_count, keyset_page

from .models import (
    SEARCH_CONFIG,
    Attachment,
    KnowledgeProduct,
    PublishedVersion,
    QuestionAnswer,
    RemovedAttachment,
    Review,
    Status,
    Synonym,
)
from .search import EMPTY, ParsedQuery, parse_query

# Markers ts_headline puts around a hit; the text is escaped before they
# become <mark> elements, so a snippet can carry no markup of its own.
_START, _STOP = "\ue000", "\ue001"


# What a product in a list shows (knowledge/cards.py): never the
# body, its rendering, its plain text or the search vector.
LIST_COLUMNS = (
    "kind",
    "title",
    "slug",
    "summary",
    "scope",
    "visibility",
    "status",
    "revision_of",
    "published_at",
    "updated_at",
    "community__name",
    "community__slug",
)


def card_listing(qs: QuerySet) -> QuerySet:
    """What a product card shows (knowledge.cards), with the names and slugs
    of its themes and of its tags, each by name (listed_themes,
    listed_tags), in the products' own statement."""
    return (
        qs.select_related("community")
        .only(*LIST_COLUMNS)
        .annotate(
            listed_themes=linked_names(
                KnowledgeProduct,
                KnowledgeProduct.themes.through,
                to_outer="knowledgeproduct",
                to_target="theme",
            ),
            listed_tags=linked_names(
                KnowledgeProduct,
                TaggedItem,
                to_outer="object_id",
                to_target="tag",
                content_type=ContentType.objects.get_for_model(KnowledgeProduct).pk,
            ),
        )
    )


@dataclass
class ProductFilters:
    q: str = ""
    theme: Theme | None = None
    kind: str = ""
    community: Community | None = None
    tag: str = ""
    scope: str = ""
    year: int | None = None
    sort: str = ""  # "newest" or "relevance"

    active: list = field(default_factory=list)

    @property
    def narrowed(self) -> bool:
        """Whether any filter besides the search words is chosen."""
        return any(
            [self.theme, self.kind, self.community, self.tag, self.scope, self.year]
        )


def _apply_filters(qs: QuerySet, filters: ProductFilters) -> QuerySet:
    if filters.theme is not None:
        qs = qs.filter(themes=filters.theme)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.community is not None:
        qs = qs.filter(community=filters.community)
    if filters.tag:
        qs = qs.filter(tags__slug=filters.tag)
    if filters.scope:
        qs = qs.filter(scope=filters.scope)
    if filters.year:
        qs = qs.filter(published_at__year=filters.year)
    return qs


NEWEST_FIRST = [Key("published_at"), Key("pk")]
# How many of the newest matches a search ranks by relevance (see product_list).
RANK_WINDOW = 1000
BEST_FIRST = [Key("rank"), Key("published_at"), Key("pk")]


class Match(NamedTuple):
    """One of a search's newest matches, read with what the facets count
    by: they need not look its row up again (1,001 index probes, 4.4 ms at
    national scale). A tuple: a thousand are made per search."""

    pk: int
    kind: str
    scope: str
    year: int  # of publication, in the portal's time zone


def _matches(rows) -> list[Match]:
    """Matches of rows (pk, kind, scope, published_at): the year as
    ExtractYear gives it in SQL, for the rows kept only. The time zone is
    looked up once, not per row (timezone.localtime: 3 ms per 1,000)."""
    zone = timezone.get_current_timezone()
    return [
        Match(pk, kind, scope, published_at.astimezone(zone).year)
        for pk, kind, scope, published_at in rows
    ]


# What a Match is read from: the columns of a published product.
_MATCH_FIELDS = ("pk", "kind", "scope", "published_at")


@dataclass
class ProductListPage:
    page: KeysetPage
    parsed: ParsedQuery
    count: int
    more: bool  # more than `count` products match
    # "Did you mean": the query with its unknown words corrected, or "".
    correction: str = ""
    # The typed query found nothing, so this page shows the correction's
    # results instead; the typed query is kept here.
    corrected_from: str = ""
    # The newest matches of a search, as the list read them to rank them
    # (at most RANK_WINDOW + 1; all of them when there are no more), or None
    # when the list read none: the facets count among them instead of
    # searching again (knowledge.facets).
    window: list[Match] | None = None


def product_list_page(
    *,
    user,
    filters: ProductFilters,
    cursor: str | None,
    per_page: int,
    correct: bool = True,
) -> ProductListPage:
    """One page of product_list, by cursor, with a count that stops at a cap:
    a common word or no filter at all must not count the whole country.

    With `correct`, a query with a word the portal's vocabulary does not
    know gets a correction ("Did you mean"); when the typed query finds
    nothing on its first page, the corrected one is run at once."""
    listing = _product_list_page(
        user=user, filters=filters, cursor=cursor, per_page=per_page
    )
    if not (correct and filters.q.strip()):
        return listing
    corrected = textsearch.correction(filters.q)
    if not corrected:
        return listing
    if listing.page or cursor:
        listing.correction = corrected
        return listing
    retry = _product_list_page(
        user=user,
        filters=replace(filters, q=corrected),
        cursor=None,
        per_page=per_page,
    )
    if not retry.page:
        listing.correction = corrected
        return listing
    retry.correction = corrected
    retry.corrected_from = filters.q.strip()
    return retry


def _product_list_page(
    *, user, filters: ProductFilters, cursor: str | None, per_page: int
) -> ProductListPage:
    products, parsed, window = _product_list(user=user, filters=filters)
    keys = BEST_FIRST if parsed and filters.sort != "newest" else NEWEST_FIRST
    page = keyset_page(products, keys=keys, cursor=cursor, per_page=per_page)
    for product in page:
        product.snippet = snippet_html(getattr(product, "snippet_raw", ""))
    if window is not None:
        # A search's matches are its window, which stops at the cap too.
        count, more = min(len(window), RANK_WINDOW), len(window) > RANK_WINDOW
    else:
        # Counted along the newest-first index, which stops at the cap.
        count, more = capped_count(
            products.order_by("-published_at", "-pk").values("pk"), keep_order=True
        )
    return ProductListPage(
        page=page, parsed=parsed, count=count, more=more, window=window
    )


# A common word's matches are collected from the newest products in chunks
# of this many rows, at most this many chunks (then the GIN index is used).
# A chunk costs some 55 ms at national scale; the GIN index about 7 us per
# match. Past three chunks (a query in under a fifth of the products) the
# index is the quicker way: "ontheffing ziekte" took 340 ms in eight chunks,
# and takes 120-210 ms through the index.
COMMON_CHUNK = 1500
COMMON_CHUNKS = 3


def unindexed_vector() -> Func:
    """The stored search vector as an expression no GIN index serves: a
    match on it is checked row by row, which for a common word stops at the
    rows read, where the index would first yield most of the country."""
    return Func(
        F("search_vector"),
        template="(%(expressions)s || ''::tsvector)",
        output_field=SearchVectorField(),
    )


def _newest_common_matches(qs: QuerySet, query) -> list[Match] | None:
    """The newest RANK_WINDOW + 1 matches of a query whose words are common
    (textsearch.is_common), read along the newest-first index in chunks;
    None if they are rarer than that after all.

    The GIN index yields every match of a common word (150,000 of 200,000
    products), all then sorted for the newest; and PostgreSQL estimates a
    prefix query's matches far too low to walk the newest rows itself."""
    # Whether each row matches, read with the row: a column of the chunk, not
    # a condition, so the planner has no GIN index to turn to. Reading the
    # chunk first and testing its rows by key afterwards looked each row up
    # twice (1,500 index probes, 8 ms at national scale).
    newest = (
        qs.order_by("-published_at", "-pk")
        .alias(unindexed=unindexed_vector())
        .annotate(
            hit=ExpressionWrapper(Q(unindexed=query), output_field=BooleanField())
        )
        .values_list("hit", *_MATCH_FIELDS)
    )
    # Rows (pk, kind, scope, published_at) until they are Matches: only the
    # window's are made one.
    matches: list[tuple] = []
    after = None
    for done in range(COMMON_CHUNKS):
        chunk_qs = newest
        if after is not None:
            chunk_qs = chunk_qs.filter(
                Q(published_at__lt=after[1]) | Q(published_at=after[1], pk__lt=after[0])
            )
        chunk = list(chunk_qs[:COMMON_CHUNK])
        if not chunk:
            return _matches(matches)
        matches.extend(row[1:] for row in chunk if row[0])
        if len(matches) > RANK_WINDOW:
            return _matches(matches[: RANK_WINDOW + 1])
        # Common words can combine into a rare query ("taalniveau b1"): when
        # the chunks left will not fill the window at this rate, the GIN
        # index is quicker than reading them all (15,000 vectors, 550 ms).
        rate = len(matches) / ((done + 1) * COMMON_CHUNK)
        if (
            len(matches) + rate * COMMON_CHUNK * (COMMON_CHUNKS - done - 1)
            <= RANK_WINDOW
        ):
            return None
        _hit, last_pk, _kind, _scope, last_published_at = chunk[-1]
        after = (last_pk, last_published_at)
    return None


def _newest_matches(qs: QuerySet, query) -> list[Match]:
    """The newest RANK_WINDOW + 1 matches of a query whose words are not
    common, all matches gathered through the GIN index first.

    Asked for the newest matches directly, PostgreSQL walks the newest-first
    index and tests each product's stored vector, which it costs as cheap: a
    word in a few percent of the products (a compound through its parts)
    read 24,000 vectors out of line, 300 ms at 200,000 products, against
    70 ms for its 10,000 index matches. MATERIALIZED keeps the match set
    from being folded into that walk."""
    matches = qs.filter(search_vector=query).order_by()
    try:
        sql, params = matches.values_list("pk", "published_at").query.sql_with_params()
    except EmptyResultSet:
        return []
    # The ORM's own SQL, its values as parameters. Only the newest are looked
    # up for their kind and scope: carried through the whole match set, they
    # cost 3% more for 8,700 matches, 11% more for 98,000.
    q = connection.ops.quote_name
    opts = KnowledgeProduct._meta
    statement = (
        f"WITH matches (pk, published_at) AS MATERIALIZED ({sql}), "  # noqa: S608
        "newest AS (SELECT pk, published_at FROM matches "
        "ORDER BY published_at DESC, pk DESC LIMIT %s) "
        f"SELECT newest.pk, product.{q(opts.get_field('kind').column)}, "
        f"product.{q(opts.get_field('scope').column)}, "
        # The year as ExtractYear writes it.
        "EXTRACT(YEAR FROM newest.published_at AT TIME ZONE %s)::int "
        f"FROM newest JOIN {q(opts.db_table)} AS product "
        f"ON product.{q(opts.pk.column)} = newest.pk "
        "ORDER BY newest.published_at DESC, newest.pk DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            statement,
            [*params, RANK_WINDOW + 1, timezone.get_current_timezone_name()],
        )
        return [Match(*row) for row in cursor.fetchall()]


def product_list(*, user, filters: ProductFilters) -> tuple[QuerySet, ParsedQuery]:
    """Published products this person may read, filtered; with a query, only
    matches, ranked (title above summary above body) with a snippet each.
    product_list_page pages it in the same order, by keyset."""
    products, parsed, _window = _product_list(user=user, filters=filters)
    return products, parsed


def _product_list(
    *, user, filters: ProductFilters
) -> tuple[QuerySet, ParsedQuery, list[Match] | None]:
    """product_list, and the newest matches it read to rank them (see
    ProductListPage.window)."""
    qs = _apply_filters(KnowledgeProduct.objects.published().visible_to(user), filters)
    parsed = parse_query(filters.q) if filters.q.strip() else EMPTY
    window = None
    if filters.q.strip():
        if not parsed:
            return qs.none(), parsed, []
        query = parsed.as_search_query()
        common = (
            _newest_common_matches(qs, query)
            if textsearch.is_common(filters.q, corpus=KnowledgeProduct)
            else None
        )
        # Both orders work on the newest RANK_WINDOW + 1 matches: ranking all
        # of a common word's matches would read every vector, and the count
        # stops at the cap anyway. The page and its count then look up at
        # most RANK_WINDOW + 1 rows by primary key.
        window = common if common is not None else _newest_matches(qs, query)
        qs = KnowledgeProduct.objects.among([match.pk for match in window])
        qs = qs.annotate(
            # float8, so a page cursor compares the exact value again.
            rank=Cast(_rank(parsed), FloatField()),
            snippet_raw=SearchHeadline(
                Concat("summary", Value(" "), "body_text", output_field=TextField()),
                query,
                config=SEARCH_CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        qs = qs.annotate(matching_entries=_matching_entries(parsed))
        order = BEST_FIRST if filters.sort != "newest" else NEWEST_FIRST
    else:
        order = NEWEST_FIRST
    qs = qs.order_by(*[("-" if key.descending else "") + key.field for key in order])
    return card_listing(qs), parsed, window


@dataclass(frozen=True, slots=True)
class MatchingEntry:
    """A question of a Q&A product that matches the search: its card links
    to it by anchor."""

    anchor: str
    question: str


def _matching_entries(parsed: ParsedQuery) -> RawSQL:
    """The product's questions whose question or answer matches, in their
    order on the page, as a column: what a prefetch of QuestionAnswer
    annotated with SearchVector("question", "answer") and filtered on the
    query gives, without its statement and its 1.8 ms of CPU per search
    page. The text is the one the query is parsed to, a parameter."""
    q = connection.ops.quote_name
    opts = QuestionAnswer._meta
    entry = {
        name: f"entry.{q(opts.get_field(name).column)}"
        for name in ("product", "anchor", "question", "answer", "position")
    }
    return RawSQL(  # noqa: S611
        "SELECT COALESCE(jsonb_agg(jsonb_build_object("  # noqa: S608
        f"'anchor', {entry['anchor']}, 'question', {entry['question']}) "
        f"ORDER BY {entry['position']}, entry.{q(opts.pk.column)}), '[]') "
        f"FROM {q(opts.db_table)} AS entry "
        f"WHERE {entry['product']} = {outer_key(KnowledgeProduct)} "
        "AND to_tsvector(%s::regconfig, "
        f"COALESCE({entry['question']}, '') || ' ' || COALESCE({entry['answer']}, '')) "
        "@@ to_tsquery('simple'::regconfig, %s)",
        (SEARCH_CONFIG, parsed.text),
        output_field=JSONRowsField(MatchingEntry),
    )


def _rank(parsed: ParsedQuery):
    """How well a product matches: its rank for the query plus its rank for
    the typed words alone, so those count once more than their compound
    parts. Without compound parts both queries are the same, and the sum
    is twice one rank: the same value, with each of the window's vectors
    read once rather than twice (4-5 ms of a common word's search)."""
    rank = SearchRank(F("search_vector"), parsed.as_search_query())
    if (parsed.exact or parsed.text) == parsed.text:
        return rank * 2
    return rank + SearchRank(F("search_vector"), parsed.as_exact_query())


def snippet_html(raw: str | None) -> str:
    """ts_headline output -> safe HTML with <mark> around the hits."""
    if not raw or _START not in raw:
        # No hit in the text (the title or a Q&A entry matched): the list
        # shows the summary instead.
        return ""
    text = escape(raw)
    return mark_safe(  # noqa: S308 - escaped above; only our own <mark> added
        text.replace(_START, "<mark>").replace(_STOP, "</mark>")
    )


# Word similarity for a suggestion to count; pg_trgm's own default (0.6) drops
# most typing errors in one word of a longer title.
SUGGESTION_THRESHOLD = 0.3
# Suggestions are a help, not the answer: words common in titles ("taalniveau
# b1") bring thousands of close titles to sort (230 ms at 200,000 products).
# Past this the page shows none.
SUGGESTION_TIMEOUT_MS = 50


def title_suggestion_query(*, user, text: str, limit: int = 5) -> QuerySet:
    """The query behind title_suggestions. It filters with the %> operator
    (trigram_word_similar), which the trigram GIN index on the title serves;
    a filter on the computed similarity would read every published row."""
    text = (text or "").strip()[:200]
    if not text:
        return KnowledgeProduct.objects.none()
    return (
        KnowledgeProduct.objects.published()
        .visible_to(user)
        .filter(title__trigram_word_similar=text)
        .annotate(similarity=TrigramWordSimilarity(text, "title"))
        .order_by("-similarity", "title")
        .only("title", "slug", "status", "revision_of")[:limit]
    )


def title_suggestions(*, user, text: str, limit: int = 5) -> list[KnowledgeProduct]:
    """Close titles (pg_trgm) for a search without result, the closest first."""
    query = title_suggestion_query(user=user, text=text, limit=limit)
    # The threshold the %> operator applies, and how long they may take.
    found = statements.within(
        lambda cursor: list(query),
        {
            "pg_trgm.word_similarity_threshold": str(SUGGESTION_THRESHOLD),
            "statement_timeout": f"{SUGGESTION_TIMEOUT_MS}ms",
        },
    )
    return found or []


def product_get_published(*, user, slug: str) -> KnowledgeProduct:
    return get_object_or_404(
        KnowledgeProduct.objects.published()
        .visible_to(user)
        .select_related("community", "revision")
        .prefetch_related(
            "themes",
            "tags",
            "sessions__community",
            "attachments",
            "authors",
            Prefetch(
                "entries",
                queryset=QuestionAnswer.objects.select_related("theme").order_by(
                    "theme__name", "position", "pk"
                ),
            ),
        ),
        slug=slug,
    )


def product_current_slug(request, *, slug: str, **_) -> str | None:
    """The current slug of the product that had `slug` before it was
    retitled, if this person may see that product at all (a members-only
    product's new title is not told to a visitor)."""
    return (
        KnowledgeProduct.objects.visible_to(request.user)
        .filter(old_slugs__slug=slug, revision_of__isnull=True)
        .values_list("slug", flat=True)
        .first()
    )


def product_get_any(*, user, pk: int) -> KnowledgeProduct:
    """Any row this person may read (drafts, archived), by id."""
    return get_object_or_404(
        KnowledgeProduct.objects.visible_to(user)
        .select_related("community", "revision_of", "created_by")
        .prefetch_related(
            "themes",
            "tags",
            "sessions__community",
            "attachments",
            "authors",
            Prefetch(
                "entries",
                queryset=QuestionAnswer.objects.select_related("theme").order_by(
                    "theme__name", "position", "pk"
                ),
            ),
            "reviews__reviewer",
            "status_changes__actor",
        ),
        pk=pk,
    )


# How many of the newest products per shared theme or tag are candidates.
RELATED_CANDIDATES_PER_LINK = 200

_RELATED_CANDIDATES_SQL = """
    SELECT candidate.id
    FROM unnest(%(themes)s::bigint[]) AS shared(theme_id),
         LATERAL (
             SELECT link.knowledgeproduct_id AS id
             FROM knowledge_knowledgeproduct_themes AS link
             WHERE link.theme_id = shared.theme_id
             ORDER BY link.knowledgeproduct_id DESC
             LIMIT %(per_link)s
         ) AS candidate
    UNION ALL
    SELECT candidate.id
    FROM unnest(%(tags)s::bigint[]) AS shared(tag_id),
         LATERAL (
             SELECT item.object_id AS id
             FROM taggit_taggeditem AS item
             WHERE item.tag_id = shared.tag_id
               AND item.content_type_id = %(content_type)s
             ORDER BY item.object_id DESC
             LIMIT %(per_link)s
         ) AS candidate
"""


def related_products(*, user, product: KnowledgeProduct, limit: int = 5):
    """Published products this person may read that share themes or tags,
    the most shared first, then the newest.

    A theme is shared by tens of thousands of products nationally; grouping
    them all on every page view read a million rows. So the candidates are
    the newest products of each shared theme and tag (two indexes, a few
    hundred rows each), counted here; the page shows the best five of those
    the reader may see."""
    theme_ids = [t.pk for t in product.themes.all()]
    tag_ids = [t.pk for t in product.tags.all()]
    if not theme_ids and not tag_ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            _RELATED_CANDIDATES_SQL,
            {
                "themes": theme_ids,
                "tags": tag_ids,
                "per_link": RELATED_CANDIDATES_PER_LINK,
                "content_type": ContentType.objects.get_for_model(KnowledgeProduct).pk,
            },
        )
        shares = Counter(row[0] for row in cursor.fetchall())
    shares.pop(product.pk, None)
    best = sorted(shares, key=lambda pk: (shares[pk], pk), reverse=True)[:100]
    readable = (
        KnowledgeProduct.objects.published()
        .visible_to(user)
        .filter(pk__in=best)
        .select_related("community")
        .only(
            "title",
            "slug",
            "kind",
            "status",
            "revision_of",
            "published_at",
            "community__name",
            "community__slug",
        )
    )
    return sorted(
        readable, key=lambda p: (shares[p.pk], p.published_at, p.pk), reverse=True
    )[:limit]


def entries_by_theme(product: KnowledgeProduct) -> list[tuple[Theme, list]]:
    """The Q&A entries grouped by theme, in page order."""
    groups: dict[int, tuple[Theme, list]] = {}
    for entry in product.entries.all():
        groups.setdefault(entry.theme_id, (entry.theme, []))[1].append(entry)
    return list(groups.values())


WAITING_LONGEST_FIRST = [
    Key("updated_at", descending=False),
    Key("pk", descending=False),
]
LAST_CHANGED_FIRST = [Key("updated_at"), Key("pk")]


def review_queue(*, user) -> QuerySet:
    return card_listing(
        KnowledgeProduct.objects.visible_to(user)
        .filter(status=Status.REVIEW)
        .order_by("updated_at", "pk")
    )


def workbench(*, user) -> QuerySet:
    """Drafts and archived products this person may see, newest change first."""
    return card_listing(
        KnowledgeProduct.objects.visible_to(user)
        .exclude(status=Status.PUBLISHED)
        .select_related("revision_of")
        .order_by("-updated_at", "-pk")
    )


def feed_products(*, theme: Theme | None = None, limit: int = 30):
    """What a feed reader (never signed in) may see: public and published."""
    from django.contrib.auth.models import AnonymousUser

    qs = KnowledgeProduct.objects.published().visible_to(AnonymousUser())
    if theme is not None:
        qs = qs.filter(themes=theme)
    return qs.select_related("community").order_by("-published_at", "-pk")[:limit]


def versions_of(*, product: KnowledgeProduct) -> QuerySet:
    return PublishedVersion.objects.filter(product=product).select_related(
        "published_by"
    )


# The Wet inburgering 2021 took effect on 1 January 2022: no CoP product is
# older. A fixed first year costs no query (a MIN/MAX per list request did).
FIRST_YEAR = 2022


def year_choices() -> list[int]:
    """The years a product can be published in, newest first."""
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def products_about(
    *,
    user,
    community: Community | None = None,
    theme: Theme | None = None,
    session=None,
    limit: int = 5,
) -> list[KnowledgeProduct]:
    """The newest published products this person may read, from a CoP, on a
    theme or out of a session: for the community, theme and session pages."""
    qs = KnowledgeProduct.objects.published().visible_to(user)
    if community is not None:
        qs = qs.filter(community=community)
    if theme is not None:
        qs = qs.filter(themes=theme)
    if session is not None:
        qs = qs.filter(sessions=session)
    return list(qs.select_related("community").order_by("-published_at", "-pk")[:limit])


def product_readable(*, user, pk: int) -> KnowledgeProduct | None:
    """The product with this id if this person may read it, else None (for
    pages of other apps that link to a product): what a link shows, never
    the body."""
    return (
        KnowledgeProduct.objects.visible_to(user)
        .filter(pk=pk)
        .only("title", "slug", "kind", "status", "visibility", "revision_of")
        .first()
    )


def attachment_readable(*, user, key) -> Attachment | None:
    """The attachment with this lasting key, if this person may read a
    product that holds it; else None. A published product and its open new
    version share the key (and the file): the published row comes first."""
    return (
        Attachment.objects.filter(
            key=key, product__in=KnowledgeProduct.objects.visible_to(user)
        )
        .select_related("product")
        .order_by("pk")
        .first()
    )


def attachment_key_of(*, user, pk: int):
    """The key behind an old link by id, if this person may read it."""
    return (
        Attachment.objects.filter(
            pk=pk, product__in=KnowledgeProduct.objects.visible_to(user)
        )
        .values_list("key", flat=True)
        .first()
    )


def attachment_removed(*, user, key=None, pk: int | None = None):
    """The record of an attachment a newer version left out, by its key or
    its former id, if this person may read the product; else None."""
    found = RemovedAttachment.objects.filter(
        product__in=KnowledgeProduct.objects.visible_to(user)
    ).select_related("product")
    if key is not None:
        return found.filter(key=key).first()
    return found.filter(attachment_id=pk).first()


def jargon_pairs() -> list[tuple[str, str]]:
    """The field's jargon with what it means, for the B1 check
    (cop_portal.plain_language): moderators keep it in the admin."""
    return list(Synonym.objects.values_list("term", "meaning"))


# --- Mijn werk ---------------------------------------------------------------

WORK_COLUMNS = (
    "title",
    "slug",
    "status",
    "revision_of",
    "updated_at",
    "community__name",
)


def _work_listing(qs: QuerySet) -> QuerySet:
    """What a line of Mijn werk shows of a product: title, link, CoP, date."""
    return qs.select_related("community").only(*WORK_COLUMNS)


def products_to_review(*, user) -> QuerySet:
    """The review queue as Mijn werk lists it: products ter toetsing, the
    longest waiting first."""
    return _work_listing(
        KnowledgeProduct.objects.visible_to(user)
        .filter(status=Status.REVIEW)
        .order_by("updated_at", "pk")
    )


def products_to_publish(*, user) -> QuerySet:
    """Products the expertgroep approved, waiting for a moderator to publish
    them, the longest waiting first."""
    return _work_listing(
        KnowledgeProduct.objects.visible_to(user)
        .filter(status=Status.APPROVED)
        .order_by("updated_at", "pk")
    )


def drafts_with_review_comments(*, user) -> QuerySet:
    """This person's own concepts (as author or as the one who drafted them)
    that the expertgroep sent back with comments, the latest change first;
    `changes_requested_at` is the moment of the last such review."""
    if not user.is_authenticated:
        return KnowledgeProduct.objects.none()
    # The person's own products first, each way along its own index: with
    # the OR in one query the planner walked every concept in the country
    # (300 ms at 200,000 products).
    drafted = KnowledgeProduct.objects.filter(
        created_by=user, status=Status.CONCEPT
    ).values_list("pk", flat=True)
    authored = KnowledgeProduct.authors.through.objects.filter(
        user=user, knowledgeproduct__status=Status.CONCEPT
    ).values_list("knowledgeproduct_id", flat=True)
    own = Q(pk__in={*drafted, *authored})
    requested = Review.objects.filter(
        product=OuterRef("pk"), decision=Review.Decision.REQUEST_CHANGES
    ).order_by("-created_at")
    return _work_listing(
        KnowledgeProduct.objects.visible_to(user)
        .filter(own, status=Status.CONCEPT)
        .annotate(changes_requested_at=Subquery(requested.values("created_at")[:1]))
        .filter(changes_requested_at__isnull=False)
        .order_by("-updated_at", "-pk")
    )


# --- The moderators' dashboard -----------------------------------------------


def figure_products_published_per_quarter(filters: FigureFilters) -> list[tuple]:
    """Products published for the first time in the period, per quarter
    (a new version of a published product does not count again):
    [(quarter, count)], every quarter present. The partial index on the
    first versions' publication date serves it."""
    start, until = filters.bounds()
    versions = PublishedVersion.objects.filter(
        number=1, published_at__gte=start, published_at__lt=until
    )
    if filters.theme_id:
        versions = versions.filter(product__themes__id=filters.theme_id)
    if filters.region_id:
        versions = versions.filter(product__community__regions__id=filters.region_id)
    counts = dict.fromkeys(filters.quarters(), 0)
    for row in (
        versions.order_by()
        .annotate(quarter=TruncQuarter("published_at"))
        .values("quarter")
        .annotate(total=Count("pk"))
    ):
        quarter = local_date(row["quarter"])
        if quarter in counts:
            counts[quarter] += row["total"]
    return list(counts.items())
