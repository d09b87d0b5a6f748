"""Facet counts for the kennis list (/kennis/): how many products each filter
value would give, with the other active filters and the search query
applied, and the commonest tags of what matches
(docs/decisions/0021-kennis-facets.md, 0028-facet-counts-within-a-budget.md).

National scale is 200,000 products, and a facet miss happens after every
change of content, so the counts of one request get a time budget
(settings.FACET_COUNT_TIMEOUT_MS); what does not fit is shown without a
count, never waited for. Each facet counts among its own base: the list's
query and filters without the facet's own filter.

- A base of at most FACET_CAP products is counted exactly, every facet on
  it in one statement over its matches read once (at most FACET_CAP + 1
  rows; for the list's own base the matches the list read to rank them).
- A larger base is counted per value, each count stopping at FACET_CAP + 1
  rows ("1000+"), in one statement, if the budget allows; never for a
  common word, whose every count would check thousands of search vectors.
- The base of everything (no query, no filter) is the unfiltered page's:
  its counts (totals) are kept apart, and when counting them no longer fits
  the budget, a task recounts them and pages show the last ones meanwhile.

Every statement runs in its own savepoint with a local statement_timeout, so
a cancelled count leaves the request's transaction as it was. The answer is
kept in the shared cache under the content generation (cop_portal.page_cache)
per reader class and filters: as long as pages are kept when complete, a
minute when some counts are missing (so a burst of misses pays the budget
once, and the counts come back soon)."""

import functools
import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import ExtractYear
from django.tasks import task
from taggit.models import Tag

from communities.models import Theme
from communities.permissions import can_view_member_content
from cop_portal import page_cache, statements, textsearch
from cop_portal.pagination import key_array
from cop_portal.roles import is_moderator

from .models import KnowledgeProduct
from .search import EMPTY, ParsedQuery
from .selectors import (
    RANK_WINDOW,
    Match,
    ProductFilters,
    _apply_filters,
    unindexed_vector,
    year_choices,
)

FACET_CAP = 1000
# The tags offered: the commonest this many among the matches (among at
# most FACET_CAP + 1 of them when there are more).
TOP_TAGS = 15
# How long an answer with counts missing, or with totals of an older
# generation, is kept.
INCOMPLETE_SECONDS = 60
# At most one recount of the totals per reader class this often.
RECOUNT_SECONDS = 60
# How long the last totals are kept for when recounting them is under way.
TOTALS_SECONDS = 24 * 3600

# Counting per value is not started with less than this much of the budget
# left per value: compiling each value's count alone takes half of it.
PER_VALUE_MS = 1

FACETS = ("themes", "kinds", "scopes", "years", "tags")
# Each facet's own filter (ProductFilters field) and its value when unset.
_OWN_FILTER = {
    "themes": ("theme", None),
    "kinds": ("kind", ""),
    "scopes": ("scope", ""),
    "years": ("year", None),
    "tags": ("tag", ""),
}


@dataclass
class FacetValue:
    value: str  # as the filter takes it in the address
    label: str
    count: int | None  # None: not counted within the budget
    more: bool  # more than `count`
    selected: bool = False
    url: str = ""  # tags only: the list with this tag (or without it)

    @property
    def shown_count(self) -> str:
        if self.count is None:
            return ""
        return f"{self.count}+" if self.more else str(self.count)


@dataclass
class Facets:
    themes: list[FacetValue]
    kinds: list[FacetValue]
    scopes: list[FacetValue]
    years: list[FacetValue]
    tags: list[FacetValue]
    complete: bool = True  # every value shown has its count


def _reader_class(user) -> str:
    """Among published products, readers see either every one or only the
    public ones (KnowledgeProduct.objects.visible_to)."""
    return "all" if is_moderator(user) or can_view_member_content(user) else "public"


def _readable(reader: str) -> QuerySet:
    published = KnowledgeProduct.objects.published()
    return published if reader == "all" else published.public()


def _base(reader: str, filters: ProductFilters, parsed, common: bool) -> QuerySet:
    qs = _apply_filters(_readable(reader), filters)
    if not parsed:
        return qs
    query = parsed.as_search_query()
    if common:
        return qs.alias(unindexed=unindexed_vector()).filter(unindexed=query)
    return qs.filter(search_vector=query)


def _is_everything(filters: ProductFilters, parsed) -> bool:
    return not parsed and not filters.narrowed


# --- Running a count within the budget ----------------------------------------


class _Budget:
    """What is left of one request's FACET_COUNT_TIMEOUT_MS; no limit for
    the recount task (ms=None)."""

    def __init__(self, ms: int | None):
        self.deadline = None if ms is None else time.monotonic() + ms / 1000

    def left_ms(self) -> int | None:
        if self.deadline is None:
            return None
        return int((self.deadline - time.monotonic()) * 1000)


def _run(sql: str, params, budget: _Budget) -> list | None:
    """The rows of one statement, or None when it did not finish within
    the budget. Parallel workers cost more to start than these counts take.
    A savepoint of its own holds the local settings and the cancellation,
    so the request goes on as before (cop_portal.statements.within)."""
    left = budget.left_ms()
    if left is not None and left < 1:
        return None

    def rows(cursor):
        cursor.execute(sql, params)
        return cursor.fetchall()

    return statements.within(
        rows,
        {
            "statement_timeout": None if left is None else f"{left}ms",
            "max_parallel_workers_per_gather": "0",
        },
    )


# --- Exact counts among a small base ------------------------------------------


# One part per facet of the statement _group runs over the matches of each
# base ({m}: its name, {base}: its number).
_GROUPS = {
    "n": "SELECT {base}, 'n', '', '', count(*) FROM {m}",
    "kinds": "SELECT {base}, 'kinds', kind, '', count(*) FROM {m} GROUP BY kind",
    "scopes": "SELECT {base}, 'scopes', scope, '', count(*) FROM {m} GROUP BY scope",
    "years": (
        "SELECT {base}, 'years', year::text, '', count(*) FROM {m} GROUP BY year"
    ),
    "themes": """
        SELECT {base}, 'themes', link.theme_id::text, '', count(*)
        FROM knowledge_knowledgeproduct_themes AS link
        JOIN {m} ON {m}.pk = link.knowledgeproduct_id
        GROUP BY link.theme_id""",
    "tags": """
        SELECT {base}, 'tags', tag.slug, tag.name, count(*)
        FROM taggit_taggeditem AS item
        JOIN {m} ON {m}.pk = item.object_id
        JOIN taggit_tag AS tag ON tag.id = item.tag_id
        WHERE item.content_type_id = %s
        GROUP BY tag.slug, tag.name""",
}


# The facets a Match does not carry: read from the link tables by key.
_LINKED = ("themes", "tags")


def _group(
    bases: list[tuple[QuerySet | list[Match], list[str]]], budget: _Budget
) -> list | None:
    """For each base, its rows (pk, kind, scope, year; at most FACET_CAP + 1)
    and facets: how many rows there are ("n") and how many have each value
    of each facet, all in one statement; None past the budget. A base given
    as a search's matches (a list of Match) is counted by kind, scope and
    year here, and only its themes and tags are read."""
    grouped = [
        {"n": 0, "labels": {}, **{facet: {} for facet in facets}}
        for _rows, facets in bases
    ]
    ctes, parts, params, tail = [], [], [], []
    content_type = ContentType.objects.get_for_model(KnowledgeProduct).pk
    for number, (rows, facets) in enumerate(bases):
        name = f"m{number}"
        if isinstance(rows, list):
            grouped[number]["n"] = len(rows)
            for facet in facets:
                if facet not in _LINKED:
                    grouped[number][facet] = _tally(rows, facet)
            read = [facet for facet in facets if facet in _LINKED]
            if not rows or not read:
                continue
            ctes.append(f"{name} AS MATERIALIZED (SELECT unnest(%s::bigint[]) AS pk)")
            params.append(key_array(row.pk for row in rows))
        else:
            try:
                rows_sql, rows_params = rows.query.sql_with_params()
            except EmptyResultSet:
                continue  # nothing can match (the list found none): all 0
            ctes.append(f"{name} AS MATERIALIZED ({rows_sql})")
            params.extend(rows_params)
            read = ["n", *facets]
        for facet in read:
            parts.append(_GROUPS[facet].format(m=name, base=number))
            if facet == "tags":
                tail.append(content_type)
    if not ctes:
        return grouped
    # The matches compiled by Django with their parameters apart; the rest
    # is constant but for the numbers of the bases.
    sql = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(parts)  # noqa: S608
    found = _run(sql, [*params, *tail], budget)
    if found is None:
        return None
    for number, facet, value, label, count in found:
        if facet == "n":
            grouped[number]["n"] = count
        else:
            grouped[number][facet][value] = count
            if label:
                grouped[number]["labels"][value] = label
    return grouped


def _tally(matches: list[Match], facet: str) -> dict[str, int]:
    """How many of a search's matches have each kind, scope or year, keyed
    as the statement's groups are (text)."""
    field = {"kinds": "kind", "scopes": "scope", "years": "year"}[facet]
    return dict(Counter(str(getattr(match, field)) for match in matches))


def _rows(qs: QuerySet, *, newest: bool) -> QuerySet:
    ordered = qs.order_by("-published_at", "-pk") if newest else qs.order_by()
    return ordered.values("pk", "kind", "scope", year=ExtractYear("published_at"))[
        : FACET_CAP + 1
    ]


# --- Capped counts per value of a large base ----------------------------------


def _capped_counts(counters: list[QuerySet], budget: _Budget) -> list[int] | None:
    """How many rows each queryset has, each counted to FACET_CAP + 1 at
    most, in one statement; None past the budget."""
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
    found = _run(" UNION ALL ".join(parts), params, budget)
    if found is None:
        return None
    counted = dict(found)
    return [counted[slot] for slot in range(len(counters))]


# --- Counting ---------------------------------------------------------------


def _bases(filters: ProductFilters) -> list[tuple[ProductFilters, list[str]]]:
    """The distinct bases the facets count among: the list's own filters for
    every facet whose filter is not chosen, and one per chosen filter (the
    other values still say what choosing them instead would give)."""
    own: list[str] = []
    others: list[tuple[ProductFilters, list[str]]] = []
    for facet in FACETS:
        field, unset = _OWN_FILTER[facet]
        if getattr(filters, field):
            others.append((replace(filters, **{field: unset}), [facet]))
        else:
            own.append(facet)
    return [(filters, own), *others] if own else others


def _one_value(base: QuerySet, facet: str, value: str, theme_pks: dict) -> QuerySet:
    if facet == "themes":
        return base.filter(themes=theme_pks[value])
    if facet == "kinds":
        return base.filter(kind=value)
    if facet == "scopes":
        return base.filter(scope=value)
    if facet == "years":
        return base.filter(published_at__year=int(value))
    return base.filter(tags__slug=value)


def _count(
    reader: str,
    filters: ProductFilters,
    parsed: ParsedQuery,
    *,
    common: bool,
    window: list[Match] | None,
    budget: _Budget,
    totals: bool,
    themes: list[tuple[int, str, str]] | None = None,
) -> dict:
    """Every facet's values as the cache keeps them, [value, label, count]
    with count None where it was not counted; whether every count is there
    ("complete") and none is of older content (kept totals: "current").
    `themes`: (pk, slug, name) of every theme, when already read."""
    if themes is None:
        themes = _themes()
    theme_pks = {slug: pk for pk, slug, _name in themes}
    theme_slugs = {str(pk): slug for pk, slug, _name in themes}
    # Labels of choices (kinds, scopes) are translated when shown: the cache
    # is shared by every language.
    labels: dict[str, dict[str, str]] = {
        "themes": {slug: name for _pk, slug, name in themes},
        "kinds": {},
        "scopes": {},
        "years": {str(year): str(year) for year in year_choices()},
        "tags": {},
    }
    values: dict[str, list[str]] = {
        "themes": [slug for _pk, slug, _name in themes],
        "kinds": list(KnowledgeProduct.Kind.values),
        "scopes": list(KnowledgeProduct.Scope.values),
        "years": list(labels["years"]),
        "tags": [],
    }

    def listed(facet: str, counted: dict | None) -> list[list]:
        return [
            [
                value,
                labels[facet].get(value, ""),
                None if counted is None else counted.get(value, 0),
            ]
            for value in values[facet]
        ]

    found: dict = {}
    current = True
    large: list[tuple[ProductFilters, list[str]]] = []
    tag_base: ProductFilters | None = None
    all_tag_counts: dict | None = None
    counted: list[tuple[ProductFilters, list[str], int, QuerySet]] = []
    for narrowed, facets in _bases(filters):
        everything = _is_everything(narrowed, parsed)
        if "tags" in facets:
            tag_base = narrowed
        if totals and everything:
            kept, current = _totals(reader, budget, themes)
            for facet in facets:
                found[facet] = [list(row) for row in kept[facet]]
            continue
        # A base of at most `exact` products is counted among its matches.
        exact = FACET_CAP
        if narrowed is filters and window is not None:
            # What the list read to rank its matches: no second search. It
            # holds every match when there are at most RANK_WINDOW.
            rows = window[: FACET_CAP + 1]
            exact = min(FACET_CAP, RANK_WINDOW)
        else:
            qs = _base(reader, narrowed, parsed, common)
            rows = _rows(qs, newest=everything)
        counted.append((narrowed, facets, exact, rows))
    # The list's own base in a statement of its own: with every filter it is
    # the smallest, the likeliest to be counted exactly within the budget.
    own = [base for base in counted if base[0] is filters]
    others = [base for base in counted if base[0] is not filters]
    for batch in (own, others):
        if not batch:
            continue
        results = _group([(rows, facets) for _n, facets, _e, rows in batch], budget)
        for index, (narrowed, facets, exact, _rows_qs) in enumerate(batch):
            grouped = None if results is None else results[index]
            if grouped is None:
                for facet in facets:
                    found[facet] = listed(facet, None)
                continue
            if "themes" in facets:
                grouped["themes"] = {
                    theme_slugs[pk]: n
                    for pk, n in grouped["themes"].items()
                    if pk in theme_slugs  # not one made since the themes were read
                }
            if "tags" in facets:
                tag_counts = grouped["tags"]
                labels["tags"] = grouped["labels"]
                values["tags"] = sorted(
                    tag_counts,
                    key=lambda slug, counts=tag_counts: (
                        -counts[slug],
                        labels["tags"][slug].lower(),
                    ),
                )[:TOP_TAGS]
            if grouped["n"] <= exact:
                for facet in facets:
                    found[facet] = listed(facet, grouped[facet])
                if "tags" in facets:
                    all_tag_counts = grouped["tags"]
            else:
                large.append((narrowed, facets))
                for facet in facets:
                    found[facet] = listed(facet, None)
    # Counted per value where the budget allows; never for a common word,
    # whose every count would check thousands of search vectors.
    hopeless = bool(parsed) and common
    plan: list[tuple[list, QuerySet]] = []
    if not hopeless:
        for narrowed, facets in large:
            base = _base(reader, narrowed, parsed, common)
            plan.extend(
                (row, _one_value(base, facet, row[0], theme_pks))
                for facet in facets
                for row in found[facet]
            )
    offered = {row[0] for row in found["tags"]}
    if filters.tag and filters.tag not in offered:
        # A chosen tag stays offered, so it can be removed.
        name = Tag.objects.filter(slug=filters.tag).values_list("name", flat=True)
        for label in name[:1]:
            row = [filters.tag, label, None]
            if all_tag_counts is not None:
                row[2] = all_tag_counts.get(filters.tag, 0)
            elif not hopeless:
                base = _base(reader, tag_base, parsed, common)
                plan.append((row, base.filter(tags__slug=filters.tag)))
            found["tags"].insert(0, row)
    left = budget.left_ms()
    if plan and (left is None or left >= len(plan) * PER_VALUE_MS):
        capped = _capped_counts([qs for _row, qs in plan], budget)
        for (row, _qs), count in zip(plan, capped or [], strict=False):
            row[2] = count
    if all(row[2] is not None for row in found["tags"]):
        # The tags in order of how many products have them.
        found["tags"].sort(key=lambda row: (-row[2], row[1].lower()))
    found["complete"] = all(
        row[2] is not None for facet in FACETS for row in found[facet]
    )
    found["current"] = current
    return found


# --- The unfiltered counts ----------------------------------------------------


def _totals_key(reader: str) -> str:
    return f"kennis-facet-totals:{reader}"


def _themes() -> list[tuple[int, str, str]]:
    return list(Theme.objects.order_by("name").values_list("pk", "slug", "name"))


def _count_everything(reader: str, budget: _Budget, themes=None) -> dict:
    return _count(
        reader,
        ProductFilters(),
        EMPTY,
        common=False,
        window=None,
        budget=budget,
        totals=False,
        themes=themes,
    )


def _totals(reader: str, budget: _Budget, themes=None) -> tuple[dict, bool]:
    """The counts among every product this reader class sees, and whether
    they are of the current content. Counted here when that fits the
    budget; else the task recount_facet_totals counts them (at most once
    per RECOUNT_SECONDS) and the last ones are shown meanwhile."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return _count_everything(reader, budget, themes), True
    current = page_cache.generation()
    kept = cache.get(_totals_key(reader))
    if kept is not None and kept["generation"] == current:
        return kept["found"], True
    recounting = f"kennis-facet-recount:{reader}"
    if cache.get(recounting) is None:
        found = _count_everything(reader, budget, themes)
        if found["complete"]:
            cache.set(
                _totals_key(reader),
                {"generation": current, "found": found},
                TOTALS_SECONDS,
            )
            return found, True
        if cache.add(recounting, True, RECOUNT_SECONDS):
            transaction.on_commit(
                functools.partial(recount_facet_totals.enqueue, reader=reader),
                robust=True,
            )
        if kept is None:
            return found, True
    if kept is None:
        # Being recounted, and none kept yet: no counts this time.
        return _count_everything(reader, _Budget(0), themes), True
    return kept["found"], False


@task
def recount_facet_totals(*, reader: str) -> None:
    """Count the totals of one reader class ("all" or "public") without a
    time budget and keep them for every app server (see _totals)."""
    if reader not in ("all", "public"):
        return
    current = page_cache.generation()
    found = _count_everything(reader, _Budget(None))
    cache.set(
        _totals_key(reader), {"generation": current, "found": found}, TOTALS_SECONDS
    )


# --- For the list -------------------------------------------------------------


def _cache_key(reader: str, filters: ProductFilters) -> str:
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
    return f"kennis-facets:{page_cache.generation()}:{reader}:{digest}"


def _compute(reader, filters: ProductFilters, parsed, window) -> dict:
    common = bool(parsed) and textsearch.is_common(filters.q, corpus=KnowledgeProduct)
    return _count(
        reader,
        filters,
        parsed,
        common=common,
        window=window,
        budget=_Budget(settings.FACET_COUNT_TIMEOUT_MS),
        totals=True,
    )


_NOTHING = {
    "themes": [],
    "kinds": [],
    "scopes": [],
    "years": [],
    "tags": [],
    "complete": True,
    "current": True,
}


def product_facets(
    *,
    user,
    filters: ProductFilters,
    parsed: ParsedQuery,
    window: list[Match] | None = None,
) -> Facets:
    """The counts next to each filter value of the kennis list, each capped
    at FACET_CAP, and the TOP_TAGS commonest tags with theirs; a value whose
    count did not fit the time budget has count None. `parsed` is the list's
    own parse of filters.q, `window` the matches it read (ProductListPage).
    A query that parses to nothing has no matches: no counts are read."""
    reader = _reader_class(user)
    if filters.q.strip() and not parsed:
        found = _NOTHING
    elif settings.PAGE_CACHE_SECONDS > 0:
        key = _cache_key(reader, filters)
        found = cache.get(key)
        if found is None:
            found = _compute(reader, filters, parsed, window)
            keep = settings.PAGE_CACHE_SECONDS
            if not (found["complete"] and found["current"]):
                keep = min(keep, INCOMPLETE_SECONDS)
            cache.set(key, found, keep)
    else:
        found = _compute(reader, filters, parsed, window)
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
                count=None if count is None else min(count, FACET_CAP),
                more=count is not None and count > FACET_CAP,
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
        complete=found["complete"],
    )
