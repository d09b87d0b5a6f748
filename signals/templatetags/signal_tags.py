from django import template

from communities.permissions import is_member
from signals import changes, permissions, rows, selectors

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
    """{% if user|is_signal_partner_only %}: see permissions.is_partner_only."""
    return permissions.is_partner_only(user)


@register.simple_tag
def signal_person(person, show_names=False) -> str:
    """Who acted on a signal, as its page may show it (changes.person_label):
    the name for moderators and CoP members, the organisation or role for a
    ketenpartner, never the e-mail address.

    Usage: {% signal_person event.actor show_names %}
    """
    return changes.person_label(person, show_names=show_names)


@register.simple_tag(takes_context=True)
def source_signal_of(context, product):
    """The signal a kennisproduct answers, if the reader may see it; None
    otherwise. The knowledge app never reads the signals tables itself
    (docs/decisions/0007-layers.md): its pages ask this tag.

    Usage: {% source_signal_of product as source_signal %}
    """
    return selectors.source_signal_of(user=context["request"].user, product=product)


@register.inclusion_tag("components/signal_links.html", takes_context=True)
def signals_from_session(context, session, heading_id="signals-heading"):
    """The signals raised from a session that the reader may see, by the one
    visibility rule of the signals app. The communities app never reads the
    signals tables itself (docs/decisions/0007-layers.md): its session page
    asks this tag. A session that led to no visible signal shows nothing.

    Usage: {% signals_from_session session %}
    """
    return {
        "signals": list(
            selectors.signals_from_session(
                user=context["request"].user, session=session
            )
        ),
        "heading_id": heading_id,
    }


@register.simple_tag
def signal_table_rows(signals, recognised):
    """The rows of the signals table (signals/signal_list.html), written out
    here rather than in the template.

    Through the template language a row cost about half a millisecond (date
    formats, plural translations and some thirty lookups each), so the 25
    rows of a page took more than the rest of the page together. The words
    are the same translations the template used.

    Usage: {% signal_table_rows signals recognised %}
    """
    return rows.signal_table_rows(signals, recognised=recognised)
