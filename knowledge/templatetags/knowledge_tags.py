"""Knowledge fragments for pages of the apps below (communities): the CoP,
theme and session pages list their kennisproducten through this tag, so the
communities app itself never imports knowledge (docs/decisions/0007-layers.md)."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from knowledge import cards, selectors

register = template.Library()


@register.simple_tag
def product_cards(products, heading_level=3, show_status=False):
    """The cards of a list of kennisproducten (knowledge/cards.py).

    Usage: {% product_cards products heading_level=2 show_status=True %}
    """
    return cards.product_cards(
        products, heading_level=heading_level, show_status=show_status
    )


@register.inclusion_tag("components/product_links.html", takes_context=True)
def products_about(
    context, community=None, theme=None, session=None, heading_id="knowledge-heading"
):
    """The newest kennisproducten the reader may see from a CoP, on a theme or
    out of a session, with a link to the full filtered list.

    Usage: {% products_about community=community %}
    """
    products = selectors.products_about(
        user=context["request"].user,
        community=community,
        theme=theme,
        session=session,
    )
    more_url = ""
    if community is not None:
        more_url = (
            reverse("knowledge:product_list") + "?" + urlencode({"cop": community.slug})
        )
    elif theme is not None:
        more_url = (
            reverse("knowledge:product_list") + "?" + urlencode({"theme": theme.slug})
        )
    return {
        "products": products,
        "heading_id": heading_id,
        "more_url": more_url,
        # A session that led to no product says nothing about it.
        "hide_when_empty": session is not None,
    }


@register.filter
def images(attachments):
    """The images among a product's attachments: shown inline."""
    return [attachment for attachment in attachments if attachment.is_image]


@register.filter
def documents(attachments):
    """The other attachments (PDFs): listed with their preview line."""
    return [attachment for attachment in attachments if not attachment.is_image]
