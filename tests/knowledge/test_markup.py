"""Markdown is rendered once on save and sanitised: no script, no event
handler, no javascript: link survives."""

import io
import re

import pytest

from knowledge.markup import render_markdown
from tests.knowledge.factories import QuestionFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="x.png" onerror="alert(1)">',
    "[klik](javascript:alert(1))",
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    '<a href="java&#x09;script:alert(1)">klik</a>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://example.org"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<p onclick="alert(1)">tekst</p>',
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_is_made_harmless(source):
    # Only the tags: CommonMark shows a refused Markdown link as the text that
    # was typed ("[klik](javascript:alert(1))"), harmless as text. The
    # sanitiser escapes every "<" in text, so text cannot look like a tag.
    html = " ".join(re.findall(r"<[^>]*>", render_markdown(source).lower()))
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html and "onload" not in html and "onclick" not in html
    assert "<iframe" not in html and "<svg" not in html
    assert "style=" not in html
    assert "data:" not in html


def test_ordinary_markdown_keeps_its_structure():
    html = render_markdown(
        "## Kop\n\n**vet** en [DUO](https://www.duo.nl)\n\n- een\n- twee"
    )
    assert "<h2>Kop</h2>" in html
    assert "<strong>vet</strong>" in html
    assert 'href="https://www.duo.nl"' in html and 'rel="noopener' in html
    assert "<li>een</li>" in html


def test_body_is_rendered_on_save_not_per_request(make_product):
    product = make_product(body="Hallo <script>alert(1)</script> **wereld**")
    product.refresh_from_db()
    assert "<strong>wereld</strong>" in product.body_html
    assert "<script" not in product.body_html
    assert product.body_text == "Hallo wereld"


def test_product_page_shows_the_html_stored_at_save(client, make_product):
    """Rendering happens once, when the product is saved: the page shows the
    stored HTML, not a fresh rendering of the Markdown source."""
    from knowledge.models import KnowledgeProduct, QuestionAnswer

    product = make_product(body="**vet**")
    entry = QuestionFactory(product=product, answer="*schuin*")
    KnowledgeProduct.objects.filter(pk=product.pk).update(
        body_html="<p>opgeslagen weergave</p>"
    )
    QuestionAnswer.objects.filter(pk=entry.pk).update(
        answer_html="<p>opgeslagen antwoord</p>"
    )
    response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    assert "opgeslagen weergave" in response.text
    assert "opgeslagen antwoord" in response.text
    assert "<strong>vet</strong>" not in response.text
    assert "<em>schuin</em>" not in response.text


def test_images_are_not_allowed_in_the_text():
    html = render_markdown('![Schema](https://example.org/a.png)\n\n<img src="a.png">')
    assert "<img" not in html


@pytest.mark.parametrize(
    "source", ["# Stappen", "Stappen\n=======", "<h1>Stappen</h1>"]
)
def test_a_first_level_heading_becomes_an_h2(source):
    assert render_markdown(source) == "<h2>Stappen</h2>"


def test_heading_text_that_looks_like_a_tag_stays_text():
    html = render_markdown("## Over &lt;h1&gt; en `<h1>`")
    assert "<h1>" not in html and html.count("<h2>") == 1


@pytest.mark.parametrize(
    "href",
    ["//evil.example", "/\\evil.example", "\\\\evil.example", " //evil.example"],
)
def test_protocol_relative_links_are_dropped(href):
    for source in [f"[klik]({href})", f'<a href="{href}">klik</a>']:
        html = render_markdown(source)
        hrefs = re.findall(r'href="([^"]*)"', html)
        assert not [h for h in hrefs if h.replace("\\", "/").lstrip().startswith("//")]
        assert "klik" in html


def test_links_on_this_site_and_to_the_web_stay():
    html = render_markdown(
        "[kennis](/kennis/) [kop](#stappen) [DUO](https://duo.nl) "
        "[mail](mailto:info@example.org)"
    )
    for href in ["/kennis/", "#stappen", "https://duo.nl", "mailto:info@example.org"]:
        assert f'href="{href}"' in html


def test_migration_rerenders_html_stored_by_the_older_sanitiser(make_product):
    import importlib

    from django.apps import apps

    from knowledge.models import KnowledgeProduct, QuestionAnswer

    migration = importlib.import_module("knowledge.migrations.0005_rerender_markdown")
    product = make_product(body="# Kop\n\n![x](https://example.org/a.png)")
    entry = QuestionFactory(product=product, answer="[x](//evil.example)")
    old = '<img src="https://example.org/a.png"><p>Kop</p>'
    KnowledgeProduct.objects.filter(pk=product.pk).update(body_html=old)
    QuestionAnswer.objects.filter(pk=entry.pk).update(
        answer_html='<a href="//evil.example">x</a>'
    )
    migration.rerender(apps, None)
    product.refresh_from_db()
    entry.refresh_from_db()
    assert product.body_html == "<h2>Kop</h2>\n<p></p>"
    assert "evil.example" not in entry.answer_html


def test_tables_keep_their_alignment():
    html = render_markdown("| Route | Uren |\n|:--|--:|\n| B1 | 600 |")
    assert '<th align="left">Route</th>' in html
    assert '<td align="right">600</td>' in html


def test_definition_lists_stay():
    html = render_markdown("Z-route\n: Voor wie de B1-route niet haalbaar is.")
    assert "<dl>\n<dt>Z-route</dt>\n<dd>Voor wie de B1-route" in html


def test_a_footnote_is_numbered_text_not_a_link_to_nowhere():
    html = render_markdown("Zie de wet[^1].\n\n[^1]: Wet inburgering 2021.")
    assert "<p>Zie de wet[1].</p>" in html
    assert "<li><p>Wet inburgering 2021.</p>" in html
    assert "#fn" not in html


def test_the_command_renders_stored_html_again(make_product, moderator):
    """HTML stored by the older renderer is rendered again, in batches; the
    search finds the text it now shows; the product does not count as edited;
    a published version keeps what readers saw then."""
    from django.contrib.postgres.search import SearchQuery
    from django.core.management import call_command

    from knowledge.models import (
        SEARCH_CONFIG,
        KnowledgeProduct,
        PublishedVersion,
        QuestionAnswer,
    )

    def found(word):
        query = SearchQuery(word, config=SEARCH_CONFIG)
        return KnowledgeProduct.objects.filter(search_vector=query).count()

    products = [
        make_product(slug=f"p{n}", body="Z-route\n: Voor wie B1 niet haalt.")
        for n in range(3)
    ]
    entry = QuestionFactory(product=products[0], answer="- een\n- twee")
    old_html, old_text = "<p>Z-route\n: Voor wie B1 niet haalt.</p>", "Z-route"
    KnowledgeProduct.objects.update(body_html=old_html, body_text=old_text)
    for product in products:
        product.refresh_from_db()
        product.update_search_vector()
    QuestionAnswer.objects.filter(pk=entry.pk).update(answer_html="<p>oud</p>")
    version = PublishedVersion.objects.create(
        product=products[0],
        number=1,
        kind=products[0].kind,
        title=products[0].title,
        summary=products[0].summary,
        body=products[0].body,
        body_html=old_html,
        visibility=products[0].visibility,
        published_at=products[0].updated_at,
        published_by=moderator,
    )
    updated_at = {p.pk: p.updated_at for p in KnowledgeProduct.objects.all()}
    assert found("haalt") == 0

    call_command("rerender_markdown", batch_size=2, stdout=io.StringIO())

    for product in KnowledgeProduct.objects.all():
        assert product.body_html.startswith("<dl>\n<dt>Z-route</dt>")
        assert product.body_text == "Z-route Voor wie B1 niet haalt."
        assert product.updated_at == updated_at[product.pk]
    assert found("haalt") == 3
    entry.refresh_from_db()
    assert entry.answer_html == "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>"
    version.refresh_from_db()
    assert version.body_html == old_html


def test_the_command_refuses_a_batch_size_below_one():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("rerender_markdown", batch_size=0)
