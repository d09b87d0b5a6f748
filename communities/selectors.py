"""Reads shared by the views, the feed, the admin and the demo loader.

Every list here runs a fixed number of queries whatever its size.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncQuarter
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cop_portal.figures import FigureFilters, local_date
from cop_portal.pagination import Key, Listing, search_listing
from cop_portal.textsearch import ParsedQuery

from .models import (
    Community,
    Invitation,
    Membership,
    Organisation,
    Region,
    Session,
    SessionOldSlug,
    Theme,
    invitation_token_hash,
    session_member_vector,
    session_public_vector,
)
from .permissions import can_view_member_content, trekker_community_ids


def _trekkers_prefetch() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(role=Membership.Role.TREKKER)
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__email"),
        to_attr="trekker_memberships",
    )


def _count(queryset) -> Subquery:
    """A correlated COUNT(*) subquery; joining both memberships and sessions
    for two counts would multiply the rows."""
    return Subquery(
        queryset.order_by().values("community").annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )


def community_list(
    *, region: Region | None = None, theme: Theme | None = None
) -> QuerySet[Community]:
    now = timezone.now()
    communities = (
        Community.objects.all()
        .prefetch_related("regions", "themes", _trekkers_prefetch())
        .annotate(
            member_count=Coalesce(
                _count(Membership.objects.filter(community=OuterRef("pk"))), 0
            ),
            upcoming_session_count=Coalesce(
                _count(
                    Session.objects.filter(community=OuterRef("pk"), ends_at__gte=now)
                ),
                0,
            ),
        )
        .order_by("-is_active", "name")
    )
    if region is not None:
        communities = communities.filter(regions=region)
    if theme is not None:
        communities = communities.filter(themes=theme)
    return communities


def community_get(*, slug: str) -> Community:
    return get_object_or_404(
        Community.objects.prefetch_related("regions", "themes", _trekkers_prefetch()),
        slug=slug,
    )


def community_organisations(*, community: Community) -> QuerySet[Organisation]:
    """The organisations of the CoP's vaste deelnemers, each once."""
    return (
        Organisation.objects.filter(memberships__community=community)
        .annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__community=community)
            )
        )
        .order_by("name")
    )


def _session_base() -> QuerySet[Session]:
    return Session.objects.select_related("community").prefetch_related("themes")


def community_sessions_upcoming(*, community: Community) -> QuerySet[Session]:
    return _session_base().filter(community=community).upcoming()


def community_sessions_past(*, community: Community, limit: int = 50):
    return _session_base().filter(community=community).past()[:limit]


SOONEST_FIRST = [Key("starts_at", descending=False), Key("pk", descending=False)]


def sessions_upcoming(
    *, community: Community | None = None, theme: Theme | None = None
) -> QuerySet[Session]:
    sessions = _session_base().upcoming()
    if community is not None:
        sessions = sessions.filter(community=community)
    if theme is not None:
        sessions = sessions.filter(themes=theme)
    return sessions


NEWEST_FIRST = [Key("starts_at"), Key("pk")]


def sessions_past(
    *, community: Community | None = None, theme: Theme | None = None
) -> QuerySet[Session]:
    """Sessions that have ended, the most recent first (keys NEWEST_FIRST)."""
    sessions = _session_base().past().order_by("-starts_at", "-pk")
    if community is not None:
        sessions = sessions.filter(community=community)
    if theme is not None:
        sessions = sessions.filter(themes=theme)
    return sessions


def session_search_listing(
    *,
    user,
    parsed: ParsedQuery,
    community: Community | None = None,
    theme: Theme | None = None,
    cursor: str | None,
    per_page: int,
) -> Listing:
    """The session list's search: every session (past ones too) matching the
    query as session_search finds them for this person, filtered, newest
    first, one page by cursor with a capped count."""
    listed = _session_base().order_by("-starts_at", "-pk")
    if community is not None:
        listed = listed.filter(community=community)
    if theme is not None:
        listed = listed.filter(themes=theme)
    matches = session_search(user=user, parsed=parsed)
    if community is not None:
        matches = matches.filter(community=community)
    if theme is not None:
        matches = matches.filter(themes=theme)
    return search_listing(
        listed,
        matches.prefetch_related("themes"),
        keys=NEWEST_FIRST,
        cursor=cursor,
        per_page=per_page,
    )


def sessions_for_feed(*, community: Community) -> QuerySet[Session]:
    """Everything a calendar subscriber should know: the recent past and all
    that is planned."""
    since = timezone.now() - timezone.timedelta(days=365)
    return (
        Session.objects.filter(community=community, ends_at__gte=since)
        .select_related("community")
        .order_by("starts_at")
    )


def session_get(*, community_slug: str, slug: str) -> Session:
    """One session with its attendees, each with the organisation they take
    part in this CoP for."""
    attendee_organisation = Membership.objects.filter(
        user=OuterRef("pk"), community__slug=community_slug
    ).values("organisation__name")[:1]
    attendees = (
        get_user_model()
        .objects.annotate(community_organisation=Subquery(attendee_organisation))
        .order_by("last_name", "email")
    )
    return get_object_or_404(
        Session.objects.select_related("community", "created_by").prefetch_related(
            "themes",
            "guest_organisations",
            Prefetch("attendees", queryset=attendees),
        ),
        community__slug=community_slug,
        slug=slug,
    )


def session_current_slug(request, *, community_slug: str, slug: str, **_) -> str | None:
    """The current slug of the session that had `slug` before it was
    retitled (sessions are public, so anyone may follow the redirect)."""
    return (
        SessionOldSlug.objects.filter(community__slug=community_slug, slug=slug)
        .values_list("session__slug", flat=True)
        .first()
    )


def theme_list() -> QuerySet[Theme]:
    return Theme.objects.annotate(
        community_count=Count(
            "communities", filter=Q(communities__is_active=True), distinct=True
        )
    ).order_by("name")


def theme_get(*, slug: str) -> Theme:
    return get_object_or_404(Theme, slug=slug)


def community_members(*, community: Community) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(community=community)
        .select_related("user", "organisation")
        .order_by("role", "user__last_name", "user__email")
    )


def region_choices() -> QuerySet[Region]:
    return Region.objects.filter(communities__isnull=False).distinct().order_by("name")


def theme_choices() -> QuerySet[Theme]:
    return Theme.objects.order_by("name")


def community_open_invitations(*, community: Community) -> QuerySet[Invitation]:
    """Invitations of the CoP whose link still works, newest first."""
    return (
        Invitation.objects.open()
        .filter(community=community)
        .select_related("organisation", "invited_by")
        .order_by("-created_at")
    )


def invitation_for_token(*, token: str) -> Invitation | None:
    """The invitation a link's token belongs to, whatever its state; None for
    a token nobody issued."""
    return (
        Invitation.objects.select_related("community", "organisation", "invited_by")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )


def account_for_address(email: str):
    """The account that owns this address, ignoring case: its sign-in address
    or another address allauth holds for it. None when there is none."""
    # Two lookups, each on an index: the accounts' UPPER(email) (the
    # constraint user_email_unique_ignoring_case) and allauth's index on its
    # addresses, which allauth stores in lower case. An OR across the join
    # would read every account.
    accounts = get_user_model().objects
    user = accounts.filter(email__iexact=email).first()
    if user is None:
        user = accounts.filter(
            pk__in=EmailAddress.objects.filter(email=email.lower()).values("user_id")
        ).first()
    return user


def owns_address(user, email: str) -> bool:
    if not user.is_authenticated:
        return False
    return (
        user.email.lower() == email.lower()
        or user.emailaddress_set.filter(email__iexact=email).exists()
    )


def session_search(*, user, parsed: ParsedQuery) -> QuerySet[Session]:
    """Sessions matching a parsed query (cop_portal.textsearch), newest first.
    Title and agenda are open to all; the report and outcomes are searched
    only for those who may read them, so a match can reveal nothing. Each
    way filters on the expression of its GIN index."""
    if not parsed:
        return Session.objects.none()
    vector = (
        session_member_vector()
        if can_view_member_content(user)
        else session_public_vector()
    )
    return (
        Session.objects.annotate(found_in=vector)
        .filter(found_in=parsed.as_search_query())
        .select_related("community")
        .order_by("-starts_at", "-pk")
    )


# --- Mijn werk ---------------------------------------------------------------


def sessions_without_report(*, user) -> QuerySet[Session]:
    """The sessions of the CoP's this person leads (communitytrekker) that
    took place and have no report yet, the latest first: theirs to report
    on. The index on (community, starts_at) serves it."""
    community_ids = trekker_community_ids(user)
    if not community_ids:
        return Session.objects.none()
    return (
        Session.objects.filter(
            community_id__in=community_ids, ends_at__lt=timezone.now(), report=""
        )
        .select_related("community")
        .only(
            "title",
            "slug",
            "starts_at",
            "ends_at",
            "community__name",
            "community__slug",
        )
        .order_by("-starts_at", "-pk")
    )


# --- The moderators' dashboard -----------------------------------------------

# CoP's in the sessions figure: one bar each per quarter, so fewer than TOP.
SESSION_TOP = 5


def figure_sessions_per_quarter(filters: FigureFilters) -> dict:
    """Sessions held or planned in the period, per quarter, for the SESSION_TOP CoP's
    with the most: {"quarters": [first day], "communities": [(name, [count
    per quarter])]}, the busiest CoP first. One grouped read on the
    starts_at index; the ranking is made of its few rows."""
    start, until = filters.bounds()
    sessions = Session.objects.filter(starts_at__gte=start, starts_at__lt=until)
    if filters.theme_id:
        sessions = sessions.filter(themes__id=filters.theme_id)
    if filters.region_id:
        sessions = sessions.filter(community__regions__id=filters.region_id)
    rows = (
        sessions.order_by()
        .annotate(quarter=TruncQuarter("starts_at"))
        .values("community__name", "quarter")
        .annotate(total=Count("pk"))
    )
    quarters = filters.quarters()
    per_community: dict[str, list[int]] = {}
    for row in rows:
        counts = per_community.setdefault(row["community__name"], [0] * len(quarters))
        quarter = local_date(row["quarter"])
        if quarter in quarters:
            counts[quarters.index(quarter)] += row["total"]
    busiest = sorted(per_community.items(), key=lambda item: (-sum(item[1]), item[0]))
    return {"quarters": quarters, "communities": busiest[:SESSION_TOP]}
