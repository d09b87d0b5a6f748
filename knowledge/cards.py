"""The kennisproducten of a list as HTML, one card each (the kennis list, the
portal search, the workbench and the review queue).

Written in Python rather than through a template included per product: 20
cards took 6.9 ms of CPU (now 1.8 ms) on every kennis page that misses the
page cache (a new search, or any list after a change of content), mostly
reversing the same URLs and resolving the same labels for every card. The markup is the
one the template wrote; tests/knowledge/test_cards.py checks what a reader
sees in it. Every value is escaped by format_html or conditional_escape."""

import re

from django.template.defaultfilters import truncatewords
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

from .models import KnowledgeProduct
from .states import Status

# A slug that needs no quoting in a URL: its address is the example's with
# the slug swapped in, not the pattern resolved again.
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_EXAMPLE_SLUG = "0example0"


class _Addresses:
    """The URLs of one list, each pattern reversed once."""

    def __init__(self):
        self.product = reverse(
            "knowledge:product_detail", kwargs={"slug": _EXAMPLE_SLUG}
        )
        self.theme = reverse("communities:theme_detail", kwargs={"slug": _EXAMPLE_SLUG})
        self.product_list = reverse("knowledge:product_list")

    def of_product(self, product: KnowledgeProduct) -> str:
        if (
            product.status == Status.PUBLISHED
            and product.revision_of_id is None
            and _PLAIN_SLUG.fullmatch(product.slug)
        ):
            return self.product.replace(_EXAMPLE_SLUG, product.slug)
        return product.get_absolute_url()

    def of_theme(self, theme) -> str:
        if _PLAIN_SLUG.fullmatch(theme.slug):
            return self.theme.replace(_EXAMPLE_SLUG, theme.slug)
        return reverse("communities:theme_detail", kwargs={"slug": theme.slug})


def _trusted(message: str) -> SafeString:
    return mark_safe(gettext(message))  # noqa: S308 - our own catalogue


class _Labels:
    """Translated labels looked up once per list. The catalogue's own words
    are trusted, as {% translate %} trusts them; choice labels are escaped
    where they are used, as a template variable was."""

    def __init__(self):
        self.members_only = _trusted("members only")
        self.matching = _trusted("Matching questions")
        self.themes = _trusted("Themes")
        self.tags = _trusted("Tags")
        self.new_version = _trusted("new version")
        self.kinds = {
            value: capfirst(label) for value, label in KnowledgeProduct.Kind.choices
        }
        self.scopes = dict(KnowledgeProduct.Scope.choices)
        self.statuses = dict(Status.choices)


def product_cards(
    products, *, heading_level: int = 3, show_status: bool = False
) -> SafeString:
    """The cards of these products, in their order: products as the lists of
    knowledge.selectors.card_listing reads them, with listed_themes and
    listed_tags (cop_portal.linked.NamedLink, by name)."""
    addresses, labels = _Addresses(), _Labels()
    return mark_safe(  # noqa: S308 - every part below is escaped
        "".join(
            _card(
                product,
                addresses=addresses,
                labels=labels,
                level=heading_level,
                show_status=show_status,
            )
            for product in products
        )
    )


def _card(product, *, addresses, labels, level, show_status) -> str:
    url = addresses.of_product(product)
    parts = [
        format_html(
            '<li class="portal-card"><h{} class="utrecht-heading-{}">'
            '<a class="utrecht-link" href="{}">{}</a>',
            level,
            level,
            url,
            product.title,
        )
    ]
    if show_status:
        parts.append(
            format_html(
                ' <span class="utrecht-badge-status portal-status--{}">{}{}</span>',
                product.status,
                labels.statuses.get(product.status, product.status),
                format_html(" · {}", labels.new_version)
                if product.revision_of_id
                else "",
            )
        )
    parts.append(f"</h{int(level)}>")
    parts.append(_meta(product, labels))
    snippet = getattr(product, "snippet", "")
    if snippet:
        # Safe HTML made by the search: only <mark> around the matches.
        parts.append(
            format_html(
                '<p class="utrecht-paragraph portal-snippet">… {} …</p>', snippet
            )
        )
    else:
        parts.append(
            format_html(
                '<p class="utrecht-paragraph">{}</p>',
                truncatewords(product.summary, 40),
            )
        )
    entries = getattr(product, "matching_entries", None)
    if entries:
        parts.append(
            format_html(
                '<ul class="utrecht-unordered-list" aria-label="{}">', labels.matching
            )
        )
        parts.extend(
            format_html(
                '<li><a class="utrecht-link" href="{}#{}">{}</a></li>',
                url,
                entry.anchor,
                entry.question,
            )
            for entry in entries
        )
        parts.append("</ul>")
    themes = product.listed_themes
    if themes:
        parts.append(
            format_html('<ul class="portal-badges" aria-label="{}">', labels.themes)
        )
        parts.extend(
            format_html(
                '<li><a class="utrecht-badge-data portal-badge" href="{}">{}</a></li>',
                addresses.of_theme(theme),
                theme.name,
            )
            for theme in themes
        )
        parts.append("</ul>")
    tags = product.listed_tags
    if tags:
        links = ", ".join(
            format_html(
                '<a class="utrecht-link" href="{}?tag={}">{}</a>',
                addresses.product_list,
                tag.slug,
                tag.name,
            )
            for tag in tags
        )
        parts.append(
            format_html(
                '<p class="utrecht-paragraph portal-meta">{}: {}</p>',
                labels.tags,
                mark_safe(links),  # noqa: S308 - each link escaped above
            )
        )
    parts.append("</li>")
    return "".join(parts)


def _meta(product, labels) -> str:
    """Kind · CoP · scope, members only, and the date of publication, as the
    template filters `capfirst` and `date:"j F Y"` wrote them."""
    community = product.community.name if product.community_id else ""
    line = [
        conditional_escape(labels.kinds.get(product.kind) or capfirst(product.kind)),
        conditional_escape(community),
        conditional_escape(labels.scopes.get(product.scope, product.scope)),
    ]
    text = " · ".join(line)
    if product.is_members_only:
        text += " · " + labels.members_only
    if product.published_at:
        local = timezone.localtime(product.published_at)
        text += format_html(
            ' · <time datetime="{}">{} {} {}</time>',
            local.isoformat(),
            local.day,
            MONTHS[local.month],
            local.year,
        )
    return f'<p class="utrecht-paragraph portal-meta">{text}</p>'
