"""Portal-wide pages that bring the apps together. This module sits on top of
every app (docs/decisions/0007-layers.md); the apps never import it."""

from dataclasses import dataclass, field

from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from communities import selectors as community_selectors
from communities.permissions import community_roles, trekker_community_ids
from cop_portal.mfa import needs_mfa
from cop_portal.pagination import capped_count
from cop_portal.roles import is_moderator
from cop_portal.visits import work_list_visit
from knowledge import selectors as knowledge_selectors
from knowledge.permissions import can_draft_any, can_review
from knowledge.selectors import products_about
from signals import selectors as signal_selectors
from signals.permissions import is_signal_partner
from signals.states import Status

# Lines of each list on Mijn werk; the count says how many more there are.
WORK_LIST_LENGTH = 5


def home(request):
    if request.user.is_authenticated:
        return work_list(request)
    return render(
        request,
        "home.html",
        {
            "communities": community_selectors.community_list().filter(is_active=True)[
                :6
            ],
            "sessions": community_selectors.sessions_upcoming()[:5],
            "themes": community_selectors.theme_list()[:12],
            "products": products_about(user=request.user, limit=5),
        },
    )


@dataclass
class WorkList:
    """One list of Mijn werk: what waits, how many (up to the cap), and the
    page where all of it is."""

    key: str
    heading: str
    kind: str  # signal, product or session: how a line is shown
    items: list = field(default_factory=list)
    count: int = 0
    more: bool = False
    link: str = ""
    link_text: str = ""
    since: object = None  # "answered since": the previous visit


def _work(
    key, heading, kind, queryset, *, link="", link_text="", since=None
) -> WorkList:
    count, more = capped_count(queryset.values("pk"))
    return WorkList(
        key=key,
        heading=heading,
        kind=kind,
        items=list(queryset[:WORK_LIST_LENGTH]) if count else [],
        count=count,
        more=more,
        link=link,
        link_text=link_text,
        since=since,
    )


def _signals_url(**query) -> str:
    url = reverse("signals:signal_list")
    return f"{url}?{urlencode(query)}" if query else url


def _moderator_lists() -> list[WorkList]:
    return [
        _work(
            "accept",
            _("Signals to take into treatment"),
            "signal",
            signal_selectors.signals_waiting_for_moderators(status=Status.NEW),
            link=_signals_url(status=Status.NEW),
            link_text=_("All new signals"),
        ),
        _work(
            "route",
            _("Signals in treatment: escalate or answer"),
            "signal",
            signal_selectors.signals_waiting_for_moderators(status=Status.IN_PROGRESS),
            link=_signals_url(status=Status.IN_PROGRESS),
            link_text=_("All signals in treatment"),
        ),
        _work(
            "close",
            _("Answered signals to close with feedback"),
            "signal",
            signal_selectors.signals_waiting_for_moderators(status=Status.ANSWERED),
            link=_signals_url(status=Status.ANSWERED),
            link_text=_("All answered signals"),
        ),
    ]


def _work_lists(request) -> tuple[list[WorkList], bool]:
    """The lists for this person's roles, composed from the selectors of the
    apps; and whether lists were left out until the second factor is given."""
    user = request.user
    lists = []
    signals_need_mfa = False
    if is_moderator(user) or is_signal_partner(user):
        signals_need_mfa = needs_mfa(request)
    if is_moderator(user) and not signals_need_mfa:
        lists += _moderator_lists()
    if is_moderator(user):
        lists.append(
            _work(
                "publish",
                _("Approved kennisproducten to publish"),
                "product",
                knowledge_selectors.products_to_publish(user=user),
                link=reverse("knowledge:workbench"),
                link_text=_("To the workbench"),
            )
        )
    if is_signal_partner(user) and not signals_need_mfa:
        lists.append(
            _work(
                "answer",
                _("Signals to answer for %(organisation)s")
                % {"organisation": user.organisation},
                "signal",
                signal_selectors.signals_to_answer(user=user),
                link=_signals_url(),
                link_text=_("All signals addressed to your organisation"),
            )
        )
    if can_review(user):
        lists.append(
            _work(
                "review",
                _("Kennisproducten to review"),
                "product",
                knowledge_selectors.products_to_review(user=user),
                link=reverse("knowledge:review_queue"),
                link_text=_("To the review queue"),
            )
        )
    drafts = knowledge_selectors.drafts_with_review_comments(user=user)
    lists.append(
        _work(
            "drafts",
            _("Your drafts with comments from the expertgroep"),
            "draft",
            drafts,
            link=reverse("knowledge:workbench") if can_draft_any(user) else "",
            link_text=_("To the workbench"),
        )
    )
    if trekker_community_ids(user):
        lists.append(
            _work(
                "report",
                _("Sessions of your CoP that still need a report"),
                "session",
                community_selectors.sessions_without_report(user=user),
            )
        )
    if community_roles(user):
        since = work_list_visit(request=request)
        lists.append(
            _work(
                "answered",
                _("Signals of your CoP answered since your last visit"),
                "answered",
                signal_selectors.signals_answered_since(user=user, since=since),
                link=_signals_url(status=Status.ANSWERED),
                link_text=_("All answered signals"),
                since=since,
            )
        )
    # Most people write no drafts: that list shows only when it holds one.
    return [item for item in lists if item.count or item.key != "drafts"], (
        signals_need_mfa
    )


def work_list(request):
    """Mijn werk: the home page of a signed-in person, what waits for them
    now per role. Personal, so never kept by the page cache or a proxy."""
    lists, signals_need_mfa = _work_lists(request)
    response = render(
        request,
        "work/work_list.html",
        {
            "lists": lists,
            # What is new in the kennisbank, as on the public home page.
            "products": products_about(user=request.user, limit=5),
            "signals_need_mfa": signals_need_mfa,
            "is_moderator": is_moderator(request.user),
        },
    )
    patch_cache_control(response, private=True, no_cache=True)
    return response


def bench_floor(request):
    """The benchmark's floor: a one-line template through the whole middleware
    stack, mounted only with settings.BENCH_MODE. What no page can beat."""
    return render(request, "bench/floor.html")
