"""One search box for the whole portal (/zoeken/): kennisproducten, sessions
and signals for one query, each group with its first results and a count
that stops at a cap. Every group applies its own app's visibility rule and
searches on its own GIN index (docs/decisions/0019-dutch-search.md)."""

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from communities import selectors as community_selectors
from cop_portal import textsearch
from knowledge import search as knowledge_search
from knowledge.selectors import ProductFilters, product_list_page
from signals import selectors as signal_selectors
from signals.permissions import can_view_signals

# As the kennis search form allows; longer input is cut, not refused, so a
# pasted text still gives a page.
MAX_QUERY = 2000
PER_GROUP = 5
COUNT_CAP = 1000


@dataclass
class Group:
    kind: str  # "knowledge", "sessions" or "signals": picks the template row
    heading: str
    items: list
    count: int
    more: bool  # more than `count` match
    all_url: str = ""  # the kind's own list, searching for the query


def _first(queryset, order_field: str) -> tuple[list, int, bool]:
    """The newest PER_GROUP matches and how many match, up to the cap.

    Walking the newest-first index while computing each row's text vector
    reads the whole table for a rare word, and the planner picks that walk
    when it misjudges the matches. So the matches are first read without an
    order (the GIN index; at most COUNT_CAP + 1 rows, which is also the
    count), the newest picked here and read by primary key. Only a query with
    more matches than the cap walks the newest-first index, which then stops
    after a few rows."""
    rows = list(queryset.order_by().values_list("pk", order_field)[: COUNT_CAP + 1])
    if len(rows) > COUNT_CAP:
        return list(queryset[:PER_GROUP]), COUNT_CAP, True
    rows.sort(key=lambda row: (row[1], row[0]), reverse=True)
    newest = [pk for pk, _ in rows[:PER_GROUP]]
    items = list(queryset.filter(pk__in=newest)) if newest else []
    return items, len(rows), False


def _list_url(name: str, q: str) -> str:
    """A kind's own list, searching for the same words."""
    return f"{reverse(name)}?{urlencode({'q': q})}"


def search(request):
    q = request.GET.get("q", "")[:MAX_QUERY].strip()
    groups = []
    correction = ""
    if q:
        products = product_list_page(
            user=request.user,
            filters=ProductFilters(q=q),
            cursor=None,
            per_page=PER_GROUP,
            correct=False,
        )
        groups.append(
            Group(
                "knowledge",
                _("Knowledge products"),
                list(products.page),
                products.count,
                products.more,
                _list_url("knowledge:product_list", q),
            )
        )
        # "Did you mean" from the vocabulary of public kennisproducten: a
        # suggestion can reveal no members-only word (decision 0019).
        correction = textsearch.correction(q) or ""
        # The kennis search's own parse (with the portal's jargon), so the
        # other groups find what it finds.
        parsed = knowledge_search.parse_query(q)
        groups.append(
            Group(
                "sessions",
                _("Sessions"),
                *_first(
                    community_selectors.session_search(
                        user=request.user, parsed=parsed
                    ),
                    "starts_at",
                ),
                all_url=_list_url("communities:session_list", q),
            )
        )
        if can_view_signals(request.user):
            groups.append(
                Group(
                    "signals",
                    _("Signals"),
                    *_first(
                        signal_selectors.signal_search(
                            user=request.user, parsed=parsed
                        ),
                        "created_at",
                    ),
                    all_url=_list_url("signals:signal_list", q),
                )
            )
    return render(
        request,
        "search/results.html",
        {
            "q": q,
            "q_portal_search": q,
            "groups": groups,
            "correction": correction,
        },
    )
