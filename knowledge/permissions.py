"""Who may do what with knowledge products (DOMAIN.md). Reading rights are
KnowledgeProductQuerySet.visible_to, which takes the expertgroep's part from
EXPERT_STATUSES below; the rest are the rights to act."""

from communities.models import Community
from communities.permissions import is_trekker, trekker_community_ids
from cop_portal.roles import is_moderator

from .states import SUBMITTED_STATUSES, Status

# The expertgroep reads a product from the moment it is submitted for review
# on: ter toetsing, goedgekeurd, gepubliceerd (by its visibility, like every
# member) and gearchiveerd. Not a concept, also not one sent back with
# "request changes": that text is being rewritten and was not offered to the
# expertgroep; it reads it again once it is submitted again, with every
# earlier review on the page. A new version of a published product is hidden
# from them the same way until it is submitted, while the published version
# stays readable. Membership rights (a trekker of the source CoP who is also
# an expert) come on top of this, never under it.
EXPERT_STATUSES = frozenset(SUBMITTED_STATUSES) - {Status.PUBLISHED}


def expert_reads(product) -> bool:
    """Whether the expertgroep may read this product: the same rule as
    visible_to, for one product already in hand (the workflow's roles). A
    published product is read by every member, the expertgroep included."""
    return product.status in EXPERT_STATUSES or product.status == Status.PUBLISHED


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
