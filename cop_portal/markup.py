"""How the portal reads Markdown: one parser for the pages that show a text
(knowledge.markup sanitises its HTML) and for the privacy screen, which reads
the text as those pages show it.

CommonMark (markdown-it-py) with tables, definition lists and footnotes, the
parts of Python-Markdown's "extra" that the site's sanitiser lets through.
The parser takes time linear in the text's length; Python-Markdown, which
rendered the site before, took quadratic time on runs of "[" (its issue #798):
6.5 s for a 50,000-character body, 27 s for "![" 8,000 times.
tests/knowledge/test_markup_linear.py holds it to that.

Raw HTML is parsed, as the site always allowed a few tags in a text; what may
stay is the sanitiser's business, never this module's.
"""

from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin


def _cell_open(self, tokens, idx, options, env):
    # markdown-it aligns a table cell with a style attribute, which the
    # sanitiser drops; the align attribute it keeps says the same.
    token = tokens[idx]
    style = token.attrs.pop("style", None)
    if isinstance(style, str) and style.startswith("text-align:"):
        token.attrs["align"] = style.removeprefix("text-align:")
    return self.renderToken(tokens, idx, options, env)


def _footnote_ref(self, tokens, idx, options, env):
    # Plain "[1]": the sanitiser drops the ids a link to the note would need.
    return f"[{tokens[idx].meta['id'] + 1}]"


def _footnote_anchor(self, tokens, idx, options, env):
    return ""


def _parser() -> MarkdownIt:
    parser = (
        MarkdownIt("commonmark", {"html": True})
        .enable("table")
        .use(deflist_plugin)
        # Inline footnotes ("^[...]") are not Markdown the site ever read.
        .use(footnote_plugin, inline=False)
    )
    parser.add_render_rule("th_open", _cell_open)
    parser.add_render_rule("td_open", _cell_open)
    parser.add_render_rule("footnote_ref", _footnote_ref)
    parser.add_render_rule("footnote_anchor", _footnote_anchor)
    return parser


_PARSER = _parser()


def markdown_to_html(source: str) -> str:
    """Markdown source -> HTML, NOT safe to show: sanitise it first
    (knowledge.markup.render_markdown)."""
    return _PARSER.render(source or "")
