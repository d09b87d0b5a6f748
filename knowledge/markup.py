"""Markdown to safe HTML, once on save: the body is rendered with a maintained
parser and sanitised with nh3, so no script, event handler or javascript: link
ever reaches a reader."""

import html

import markdown
import nh3

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "blockquote",
        "br",
        "code",
        "dd",
        "dl",
        "dt",
        "em",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "img",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def render_markdown(source: str) -> str:
    """Markdown source -> sanitised HTML."""
    raw = markdown.markdown(source or "", extensions=["extra", "sane_lists"])
    return nh3.clean(
        raw,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def html_to_text(fragment: str) -> str:
    """Plain text of sanitised HTML, for the search index and snippets."""
    stripped = nh3.clean(fragment or "", tags=set())
    return " ".join(html.unescape(stripped).split())
