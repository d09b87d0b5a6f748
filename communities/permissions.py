"""Who may see or do what in the communities app (the role table in DOMAIN.md).

Every check works from memberships and roles, never from how a URL looks.
"""

from cop_portal.roles import is_moderator

from .models import Community, Membership


def community_roles(user) -> dict[int, str]:
    """community id -> role, fetched once per user object (one request)."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_community_roles", None)
    if cached is None:
        cached = dict(
            # No order: the memberships' own (by CoP and member name) joined
            # two tables on every page for a dict.
            Membership.objects.filter(user_id=user.pk)
            .order_by()
            .values_list("community_id", "role")
        )
        user._community_roles = cached
    return cached


def trekker_community_ids(user) -> list[int]:
    return [
        pk
        for pk, role in community_roles(user).items()
        if role == Membership.Role.TREKKER
    ]


def is_member(user, community: Community) -> bool:
    return community.pk in community_roles(user)


def is_trekker(user, community: Community) -> bool:
    return community_roles(user).get(community.pk) == Membership.Role.TREKKER


def can_view_member_content(user) -> bool:
    """Members-only content (session reports) is for people who take part in
    the portal's work: members of any CoP, the expert group and moderators."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(
        is_moderator(user) or getattr(user, "is_expert", False) or community_roles(user)
    )


def can_manage_sessions(user, community: Community) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return is_moderator(user) or is_trekker(user, community)


def can_invite(user, *, community: Community | None, role: str) -> bool:
    """A moderator invites to any CoP and any role; a communitytrekker invites
    deelnemers to their own CoP. Withdrawing follows the same rule."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_moderator(user):
        return True
    return (
        community is not None
        and role == Membership.Role.DEELNEMER
        and is_trekker(user, community)
    )
