from django import template

from communities.permissions import is_member
from cop_portal.roles import is_moderator
from signals import permissions

register = template.Library()


@register.filter
def is_member_of(user, community) -> bool:
    """{% if user|is_member_of:community %}: may raise signals for it."""
    return bool(user.is_authenticated and is_member(user, community))


@register.filter
def can_view_signals(user) -> bool:
    """{% if user|can_view_signals %}: has a signals page (menu link)."""
    return permissions.can_view_signals(user)


@register.filter
def is_signal_partner_only(user) -> bool:
    """A ketenpartner who is no CoP member or moderator: sees only the
    signals addressed to their organisation, so no CoP signal lists."""
    return bool(
        permissions.is_signal_partner(user)
        and not permissions.is_cop_member(user)
        and not is_moderator(user)
    )
