"""Facet counts for the kennis list (/kennis/): how many products each filter
value would give, with the other active filters and the search query
applied, and the commonest tags of what matches
(docs/decisions/0021-kennis-facets.md).

National scale is 200,000 products: no count reads a whole theme or year.
Each value's count stops at FACET_CAP + 1 rows (shown as "1000+"), and all
of them are read in one statement. The tags offered are the commonest among
at most TAG_SAMPLE matching products, then counted like the other values.
The answer is kept in the shared cache under the content generation
(cop_portal.page_cache), so it is computed once per change of content,
reader class and filters, as long as pages are kept."""

import hashlib
import json
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Func, QuerySet
from taggit.models import Tag

from communities.models import Theme
from communities.permissions import can_view_member_content
from cop_portal import page_cache, textsearch
from cop_portal.roles import is_moderator

from .models import KnowledgeProduct
from .search import ParsedQuery
from .selectors import ProductFilters, _apply_filters, year_choices

FACET_CAP = 1000
# The tags offered: the commonest this many among the matches.
TOP_TAGS = 15
# The tags are picked from at most this many matching products.
TAG_SAMPLE = 1000


@dataclass
class FacetValue:
    value: str  # as the filter takes it in the address
    label: str
    count: int
    more: bool  # more than `count`
    selected: bool = False
    url: str = ""  # tags only: the list with this tag (or without it)

    @property
    def shown_count(self) -> str:
        return f"{self.count}+" if self.more else str(self.count)


@dataclass
class Facets:
    themes: list[FacetValue]
    kinds: list[FacetValue]
    scopes: list[FacetValue]
    years: list[FacetValue]
    tags: list[FacetValue]


def _reader_class(user) -> str:
    """Among published products, readers see either every one or only the
    public ones (KnowledgeProduct.objects.visible_to)."""
    return "all" if is_moderator(user) or can_view_member_content(user) else "public"


def _unindexed():
    """Products matching the query, checked per row: for a common word the
    GIN index would yield most of the country first; a per-row check on the
    stored vector stops at the cap."""
    return Func(
        F("search_vector"),
        template="(%(expressions)s || ''::tsvector)",
        output_field=SearchVectorField(),
    )


def _matching(qs: QuerySet, parsed: ParsedQuery, common: bool) -> QuerySet:
    if not parsed:
        return qs
    query = parsed.as_search_query()
    if common:
        return qs.alias(unindexed=_unindexed()).filter(unindexed=query)
    return qs.filter(search_vector=query)


def _base(user, filters: ProductFilters, parsed, common, **without) -> QuerySet:
    """What matches every active filter but the one being counted."""
    qs = _apply_filters(
        KnowledgeProduct.objects.published().visible_to(user),
        replace(filters, **without),
    )
    return _matching(qs, parsed, common)


def _top_tags(base: QuerySet, *, no_query: bool) -> list[tuple[str, str]]:
    """The commonest tags among at most TAG_SAMPLE matching products (the
    newest without a query; any matches with one, read from the GIN index)."""
    sample = base.order_by("-published_at", "-pk") if no_query else base.order_by()
    sample = sample.values("pk")[:TAG_SAMPLE]
    content_type = ContentType.objects.get_for_model(KnowledgeProduct)
    rows = (
        Tag.objects.filter(
            taggit_taggeditem_items__content_type=content_type,
            taggit_taggeditem_items__object_id__in=sample,
        )
        .annotate(products=Count("taggit_taggeditem_items"))
        .order_by("-products", "name")
        .values_list("slug", "name")[:TOP_TAGS]
    )
    return list(rows)


def _capped_counts(counters: list[QuerySet]) -> list[int]:
    """How many rows each queryset has, each counted to FACET_CAP + 1 at
    most, in one statement."""
    if not counters:
        return []
    parts, params = [], []
    for slot, qs in enumerate(counters):
        sql, part_params = (
            qs.order_by().values("pk")[: FACET_CAP + 1].query.sql_with_params()
        )
        parts.append(
            # Compiled by Django with its parameters apart; slot is our int.
            f"SELECT {slot} AS slot, (SELECT count(*) FROM ({sql}) AS capped) AS n"  # noqa: S608
        )
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        counted = dict(cursor.fetchall())
    return [counted[slot] for slot in range(len(counters))]


def _compute(user, filters: ProductFilters, parsed: ParsedQuery) -> dict:
    common = bool(parsed) and textsearch.is_common(filters.q)
    no_query = not filters.q.strip()
    themes = list(Theme.objects.order_by("name").values_list("pk", "slug", "name"))
    tag_base = _base(user, filters, parsed, common, tag="")
    tags = _top_tags(tag_base, no_query=no_query)
    if filters.tag and filters.tag not in {slug for slug, _ in tags}:
        chosen = Tag.objects.filter(slug=filters.tag).values_list("slug", "name")
        tags = [*chosen[:1], *tags]
    plan: list[tuple[str, str, str, QuerySet]] = []
    theme_base = _base(user, filters, parsed, common, theme=None)
    for pk, slug, name in themes:
        plan.append(("themes", slug, name, theme_base.filter(themes=pk)))
    kind_base = _base(user, filters, parsed, common, kind="")
    # Labels of choices are translated when shown: the cache is shared by
    # every language.
    for value in KnowledgeProduct.Kind.values:
        plan.append(("kinds", value, "", kind_base.filter(kind=value)))
    scope_base = _base(user, filters, parsed, common, scope="")
    for value in KnowledgeProduct.Scope.values:
        plan.append(("scopes", value, "", scope_base.filter(scope=value)))
    year_base = _base(user, filters, parsed, common, year=None)
    for year in year_choices():
        plan.append(
            ("years", str(year), str(year), year_base.filter(published_at__year=year))
        )
    for slug, name in tags:
        plan.append(("tags", slug, name, tag_base.filter(tags__slug=slug)))
    counts = _capped_counts([qs for *_, qs in plan])
    found: dict[str, list] = {
        "themes": [],
        "kinds": [],
        "scopes": [],
        "years": [],
        "tags": [],
    }
    for (facet, value, label, _qs), count in zip(plan, counts, strict=True):
        found[facet].append([value, label, count])
    # The tags in order of how many products have them.
    found["tags"].sort(key=lambda row: (-row[2], row[1].lower()))
    return found


def _cache_key(user, filters: ProductFilters) -> str:
    described = json.dumps(
        [
            filters.q.strip(),
            filters.theme.slug if filters.theme else "",
            filters.kind,
            filters.community.pk if filters.community else None,
            filters.tag,
            filters.scope,
            filters.year,
        ]
    )
    digest = hashlib.sha256(described.encode()).hexdigest()
    return f"kennis-facets:{page_cache.generation()}:{_reader_class(user)}:{digest}"


def product_facets(*, user, filters: ProductFilters, parsed: ParsedQuery) -> Facets:
    """The counts next to each filter value of the kennis list, each capped
    at FACET_CAP, and the TOP_TAGS commonest tags with theirs. `parsed` is
    the list's own parse of filters.q. A query that parses to nothing has no
    matches: no counts are read."""
    if filters.q.strip() and not parsed:
        found = {"themes": [], "kinds": [], "scopes": [], "years": [], "tags": []}
    elif settings.PAGE_CACHE_SECONDS > 0:
        key = _cache_key(user, filters)
        found = cache.get(key)
        if found is None:
            found = _compute(user, filters, parsed)
            cache.set(key, found, settings.PAGE_CACHE_SECONDS)
    else:
        found = _compute(user, filters, parsed)
    chosen = {
        "themes": filters.theme.slug if filters.theme else "",
        "kinds": filters.kind,
        "scopes": filters.scope,
        "years": str(filters.year or ""),
        "tags": filters.tag,
    }

    labels = {
        "kinds": dict(KnowledgeProduct.Kind.choices),
        "scopes": dict(KnowledgeProduct.Scope.choices),
    }

    def values(facet: str) -> list[FacetValue]:
        return [
            FacetValue(
                value=value,
                label=str(labels[facet].get(value, value))
                if facet in labels
                else label,
                count=min(count, FACET_CAP),
                more=count > FACET_CAP,
                selected=value == chosen[facet],
            )
            for value, label, count in found[facet]
        ]

    return Facets(
        themes=values("themes"),
        kinds=values("kinds"),
        scopes=values("scopes"),
        years=values("years"),
        tags=values("tags"),
    )
