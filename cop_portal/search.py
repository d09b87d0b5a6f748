"""One search box for the whole portal (/zoeken/): kennisproducten, sessions
and signals for one query, each group with its first results and a count
that stops at a cap. Every group applies its own app's visibility rule and
searches on its own GIN index (docs/decisions/0019-dutch-search.md)."""

from dataclasses import dataclass

from django.shortcuts import render
from django.utils.translation import gettext as _

from communities import selectors as community_selectors
from cop_portal.pagination import capped_count
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
    all_url: str = ""  # the kind's own search with the query, if it has one


def _first(queryset) -> tuple[list, int, bool]:
    items = list(queryset[:PER_GROUP])
    if len(items) < PER_GROUP:
        return items, len(items), False
    count, more = capped_count(queryset.values("pk"), COUNT_CAP)
    return items, count, more


def search(request):
    q = request.GET.get("q", "")[:MAX_QUERY].strip()
    groups = []
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
            )
        )
        # The kennis search's own parse (with the portal's jargon), so the
        # other groups find what it finds.
        parsed = knowledge_search.parse_query(q)
        groups.append(
            Group(
                "sessions",
                _("Sessions"),
                *_first(
                    community_selectors.session_search(user=request.user, parsed=parsed)
                ),
            )
        )
        if can_view_signals(request.user):
            groups.append(
                Group(
                    "signals",
                    _("Signals"),
                    *_first(
                        signal_selectors.signal_search(user=request.user, parsed=parsed)
                    ),
                )
            )
    return render(
        request,
        "search/results.html",
        {"q": q, "q_portal_search": q, "groups": groups},
    )
