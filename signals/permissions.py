"""Who may see or do what in the signals app. Transition rights live in
workflow.py; these are the page-level checks."""

from communities.permissions import community_roles
from cop_portal.roles import is_moderator


def is_cop_member(user) -> bool:
    return bool(user.is_authenticated and community_roles(user))


def is_signal_partner(user) -> bool:
    return bool(
        user.is_authenticated
        and getattr(user, "is_chain_partner", False)
        and user.organisation_id
    )


def is_partner_only(user) -> bool:
    """A ketenpartner who is no CoP member or moderator: sees only the
    signals addressed to their organisation, so no CoP signal lists."""
    return bool(
        is_signal_partner(user) and not is_cop_member(user) and not is_moderator(user)
    )


def can_view_signals(user) -> bool:
    """Members of a CoP, moderators and ketenpartners have a signals page."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_moderator(user) or is_cop_member(user) or is_signal_partner(user)


def can_raise_signals(user) -> bool:
    return bool(user.is_authenticated and user.is_active and is_cop_member(user))


def can_export(user) -> bool:
    return is_moderator(user)


def can_make_knowledge_product(user) -> bool:
    """Turning the answer to a signal into a kennisproduct is for moderators."""
    return is_moderator(user)
