"""The cards of a list of kennisproducten are written in Python
(knowledge/cards.py) for speed: they must say what the template they
replaced said, escaped, in Dutch and in English, with dates in the portal's
time zone. REFERENCE is that template, kept beside this test."""

import datetime
import re
from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from knowledge import cards, selectors
from knowledge.models import KnowledgeProduct
from knowledge.states import Status
from tests.factories import CommunityFactory, ThemeFactory
from tests.knowledge.factories import ProductFactory

pytestmark = pytest.mark.django_db

# The template the cards replaced: the specification of what they say.
REFERENCE = (Path(__file__).parent / "product_card_reference.html").read_text()

HOSTILE = "<script>alert(\"x\")</script> & 'quotes'"


def _same(html: str) -> str:
    """Markup with the template's layout whitespace taken out."""
    html = re.sub(r"\s+", " ", str(html)).strip()
    html = re.sub(r">\s+<", "><", html)
    return re.sub(r"\s*(</?(?:p|h\d|li|ul)\b[^>]*>)\s*", r"\1", html)


class _Entry:
    def __init__(self, anchor, question):
        self.anchor, self.question = anchor, question


@pytest.fixture
def products():
    hostile_cop = CommunityFactory(name=f"CoP {HOSTILE}")
    themes = [ThemeFactory(name=f"Thema {HOSTILE}"), ThemeFactory()]
    plain = ProductFactory(
        title=f"Titel {HOSTILE}",
        summary=" ".join(["woord"] * 60) + f" {HOSTILE}",
        community=hostile_cop,
        themes=themes,
        tags=["werk & inkomen", "b1", "Wi2021"],
    )
    # 23:30 UTC on 2 March is 00:30 on 3 March in Amsterdam.
    KnowledgeProduct.objects.filter(pk=plain.pk).update(
        published_at=datetime.datetime(2026, 3, 2, 23, 30, tzinfo=datetime.UTC)
    )
    members = ProductFactory(
        kind=KnowledgeProduct.Kind.QA,
        visibility=KnowledgeProduct.Visibility.MEMBERS,
        scope=KnowledgeProduct.Scope.NATIONAL,
    )
    draft = ProductFactory(status=Status.CONCEPT, published_at=None)
    revision = ProductFactory(status=Status.REVIEW, revision_of=members)
    rows = list(
        selectors.card_listing(
            KnowledgeProduct.objects.filter(
                pk__in=[plain.pk, members.pk, draft.pk, revision.pk]
            )
        ).order_by("pk")
    )
    # What a search adds: a snippet with marks, and the matching questions.
    rows[1].snippet = mark_safe("de <mark>ontheffing</mark> &amp; meer")
    rows[1].matching_entries = [_Entry("vraag-1", f"Vraag {HOSTILE}?")]
    return rows


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(("heading_level", "show_status"), [(3, False), (2, True)])
def test_the_cards_say_what_the_template_said(
    products, language, heading_level, show_status
):
    reference = engines["django"].from_string(REFERENCE)
    with translation.override(language):
        expected = reference.render(
            {
                "products": products,
                "heading_level": heading_level,
                "show_status": show_status,
            }
        )
        written = cards.product_cards(
            products, heading_level=heading_level, show_status=show_status
        )
    assert _same(written) == _same(expected)


def test_what_a_user_typed_is_escaped_and_the_date_is_dutch_local(products):
    with translation.override("nl"):
        written = str(cards.product_cards(products[:1]))
    assert "<script>" not in written
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;" in written
    assert ">3 maart 2026</time>" in written
    assert 'datetime="2026-03-03T00:30:00+01:00"' in written
    assert f"{reverse('knowledge:product_list')}?tag=werk-inkomen" in written


def test_tags_stand_in_the_order_a_reader_sorts_them(products):
    """By name whatever the case: "Wi2021" after "werk & inkomen", not first
    as a byte-wise sort of capitals would put it."""
    with translation.override("nl"):
        written = str(cards.product_cards(products[:1]))
    tags = re.search(r"Tags: (.*?)</p>", written).group(1)
    assert re.findall(r">([^<]+)</a>", tags) == ["b1", "werk &amp; inkomen", "Wi2021"]


def test_the_kennis_list_shows_the_cards(client, products):
    page = client.get(reverse("knowledge:product_list")).text
    assert page.count('<li class="portal-card">') == 1  # the published one
    assert "Titel &lt;script&gt;" in page
