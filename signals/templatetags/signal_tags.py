from django import template

from communities.permissions import is_member
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
