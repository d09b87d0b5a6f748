"""Markdown to safe HTML, once on save: the body is rendered with the
portal's Markdown parser (cop_portal.markup: CommonMark, linear in the
length) and sanitised with nh3, so no script, event handler or javascript:
link ever reaches a reader.

No images: a picture is an attachment, which has a checked type and a required
text alternative. A "# heading" becomes an h2, because the page that shows the
text has its own h1. Links go to http(s), mailto or a path on this site; a
protocol-relative "//host" link would leave the site on the page's scheme."""

import html

import nh3

from cop_portal.markup import markdown_to_html

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
        "h1",  # renamed to h2 below
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
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
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def _relative_url(url: str) -> str | None:
    """Keep a path or fragment on this site; drop "//host" (and the spellings
    a browser reads the same way: a backslash, tabs or spaces in between)."""
    normalised = "".join(c for c in url if c not in "\t\n\r").strip(
        "".join(map(chr, range(33)))
    )
    if normalised.replace("\\", "/").startswith("//"):
        return None
    return url


def render_markdown(source: str) -> str:
    """Markdown source -> sanitised HTML."""
    clean = nh3.clean(
        markdown_to_html(source),
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        url_relative=_relative_url,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # nh3 writes h1 without attributes and escapes "<" in text, so these
    # strings can only be the tags themselves. The parser ends every block
    # with a newline; the stored HTML does not end with one.
    return clean.replace("<h1>", "<h2>").replace("</h1>", "</h2>").rstrip()


def html_to_text(fragment: str) -> str:
    """Plain text of sanitised HTML, for the search index and snippets."""
    stripped = nh3.clean(fragment or "", tags=set())
    return " ".join(html.unescape(stripped).split())
