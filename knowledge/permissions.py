"""Who may do what with knowledge products (DOMAIN.md). Reading rights are
KnowledgeProductQuerySet.visible_to; these are the rights to act."""

from communities.models import Community
from communities.permissions import is_trekker, trekker_community_ids
from cop_portal.roles import is_moderator


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_edit_drafts_of(user, community: Community) -> bool:
    """Draft, edit and submit products of this CoP."""
    return _active(user) and (is_moderator(user) or is_trekker(user, community))


def can_draft_any(user) -> bool:
    """Whether the 'new product' page is open to this person at all."""
    if not _active(user):
        return False
    return is_moderator(user) or bool(trekker_community_ids(user))


def can_review(user) -> bool:
    return _active(user) and bool(getattr(user, "is_expert", False))


def can_see_review_queue(user) -> bool:
    """The expert group reviews; moderators follow what waits for review."""
    return can_review(user) or is_moderator(user)


def can_publish(user) -> bool:
    return is_moderator(user)


def can_see_versions(user) -> bool:
    return is_moderator(user)
