"""Relevance of the Dutch search, measured on the demo products.

Each case: a query as a caseworker types it, the product(s) that must come
first and every product that should be among the first five. The demo's
products are all made published and public for this (the archived factsheet
stays archived), so the set covers every demo text. `make test` runs it;
the test prints precision of the first result and of the first five.

Precision of the first five is, per query, the share of its relevant
products (at most five) found among the first five results."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone

from knowledge.models import KnowledgeProduct, Status
from knowledge.selectors import ProductFilters, product_list_page

pytestmark = pytest.mark.django_db

ONT = "Ontheffing inburgeringsverplichtingen bij ziekte of beperking"
W = "Wet inburgering in vraag en antwoord"
V = "Verslag: voorbereiding op de leerbaarheidstoets"
K = "Een klankbordgroep van inburgeraars"
F = "Factsheet financieel ontzorgen"
H = "Handreiking regievoering en spontane naleving"

# (query, acceptable first results, relevant products)
CASES = [
    # A part finds the compound it is in.
    ("traject", {ONT}, {ONT, W, K}),
    ("verplichtingen", {ONT}, {ONT}),
    ("plicht", {ONT}, {ONT}),
    ("klankbord", {K}, {K}),
    ("leverancier", {W}, {W}),
    ("verzekering", {F, W}, {F, W}),
    # A compound finds its parts, below the compound itself.
    ("inburgeringstraject", {K}, {K, ONT, W}),
    ("energieleverancier", {W}, {W}),
    ("zorgverzekering", {F, W}, {F, W}),
    ("inburgeringsplicht", {ONT}, {ONT}),
    ("klankbordgroep", {K}, {K}),
    # Plural and singular.
    ("ontheffingen", {ONT}, {ONT, W}),
    ("leerbaarheidstoetsen", {V}, {V, W}),
    ("inburgeraar", {K}, {K, ONT, W, H}),
    ("vragen", {W}, {W}),
    ("beperkingen", {ONT}, {ONT}),
    ("stappen", {ONT}, {ONT}),
    # Diacritics and spelling variants.
    ("financieel", {F}, {F}),
    ("financiële", {F}, {F}),
    ("financiele", {F}, {F}),
    ("zroute", {V}, {V}),
    ("b1route", {V}, {V}),
    ("Argonaut", {ONT}, {ONT, W}),
    ("DUO", {ONT}, {ONT, W}),
    # Jargon both ways.
    ("PIP", {ONT, W}, {ONT, W}),
    ("persoonlijk plan inburgering en participatie", {ONT, W}, {ONT, W}),
    ("persoonlijk plan", {ONT, W}, {ONT, W}),
    ("MAP", {W}, {W}),
    ("module arbeidsmarkt en participatie", {W}, {W}),
    ("Z-route", {V}, {V}),
    ("zelfredzaamheidsroute", {V}, {V}),
    ("B1-route", {V}, {V}),
    ("Wi2021", {W}, {W}),
    ("Wet inburgering 2021", {W}, {W}),
    # Typing errors, corrected from the portal's own vocabulary.
    ("leerbaarheidtoets", {V}, {V, W}),
    ("klankbordgroepp", {K}, {K}),
    ("ontheffnig", {ONT}, {ONT, W}),
    ("argonout", {ONT}, {ONT, W}),
    ("energieleverancer", {W}, {W}),
    ("spontaane naleving", {H}, {H}),
    # Phrases of several words.
    ("taalniveau B1", {V}, {V}),
    ("leerroute taalniveau B1", {V}, {V}),
    ("ontheffing bij ziekte", {ONT}, {ONT, W}),
    ("vaste lasten", {F, W}, {F, W}),
    ("training leerbaarheidstoets", {V}, {V, W}),
    ("positieve gezondheid", {K}, {K}),
    ("spontane naleving", {H}, {H}),
    ("regie over het traject", {ONT}, {ONT}),
    ("medische ontheffing", {W}, {W}),
]


@pytest.fixture
def demo():
    call_command("load_demo")
    for product in KnowledgeProduct.objects.filter(revision_of=None).exclude(
        status=Status.ARCHIVED
    ):
        product.status = Status.PUBLISHED
        product.visibility = KnowledgeProduct.Visibility.PUBLIC
        product.published_at = product.published_at or timezone.now()
        product.save(update_fields=["status", "visibility", "published_at"])


def _titles(q):
    listing = product_list_page(
        user=AnonymousUser(), filters=ProductFilters(q=q), cursor=None, per_page=20
    )
    return [p.title for p in listing.page.items]


def test_relevance_set_has_forty_queries():
    assert len(CASES) >= 40


def test_relevance_of_the_dutch_search(demo, capsys):
    first_hits, five_scores, misses = 0, [], []
    for q, first, relevant in CASES:
        titles = _titles(q)
        if titles and titles[0] in first:
            first_hits += 1
        else:
            misses.append(f"{q!r}: first {titles[:1]}, expected one of {first}")
        wanted = min(5, len(relevant))
        five_scores.append(len(relevant & set(titles[:5])) / wanted)
    p1 = first_hits / len(CASES)
    p5 = sum(five_scores) / len(CASES)
    with capsys.disabled():
        print(f"\nrelevance: {len(CASES)} queries, P@1 {p1:.3f}, P@5 {p5:.3f}")
    # Every query's first result is right, and the first five hold (nearly)
    # every relevant product.
    assert not misses, "\n".join(misses)
    assert p5 >= 0.95, p5
