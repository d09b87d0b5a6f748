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
DRIE = "De drietrapsraket: zo pakt de CoP een knelpunt aan"
W = "Wet inburgering in vraag en antwoord"
QO = "Vraag en antwoord: ontheffing bij ziekte of beperking"
QF = "Vraag en antwoord financieel ontzorgen"
QD = "Vraag en antwoord: duale route en werkervaringsplekken"
BI = "Handreiking brede intake en persoonlijk plan (PIP)"
H = "Handreiking regievoering en spontane naleving"
AB = "Handreiking samen aanbesteden van leertrajecten"
TR = "Handreiking traumasensitief werken in het inburgeringstraject"
SL = "Handreiking werken met sleutelpersonen"
F = "Factsheet financieel ontzorgen"
LR = "Factsheet de drie leerroutes"
FM = "Factsheet de MAP in het kort"
HH = "Factsheet wie handhaaft wat"
V = "Verslag: voorbereiding op de leerbaarheidstoets"
KO = "Verslag kick-off CoP Zeeland"
VT = "Verslag: trauma, rouw en verlies in de uitvoering"
VA = "Verslag: samen aanbesteden in Holland Rijnland"
VD = "Verslag: duale route in Groot Amsterdam"
K = "Een klankbordgroep van inburgeraars"
PV = "Powervrouwen: een groep voor vrouwelijke inburgeraars"
TC = "Het taalcafé als oefenplaats naast de les"
EL = "Een vast aanspreekpunt bij de energieleverancier"
WP = "Werkervaringsplek in deeltijd met vaste lesdagen"
SP = "Het spinnenweb van positieve gezondheid in het voortgangsgesprek"
WO = "Webinar: de infographic ontheffing toegelicht"
WG = "Webinar: positieve gezondheid bij de start van het traject"
WT = "Webinar: de leerbaarheidstoets uitgelegd"
AW = (
    "Antwoord op signaal: Te weinig werkervaringsplekken die passen bij de "
    "uren van het inburgeringstraject"
)
AP = "Antwoord op signaal: PIP gaat niet mee bij verhuizing naar een andere gemeente"

# (query, acceptable first results, relevant products)
CASES = [
    # A part finds the compound it is in.
    ("traject", {WG, TR, AB}, {WG, TR, AB}),
    ("verplichtingen", {ONT, QO}, {ONT, QO}),
    ("plicht", {HH, FM, ONT, W}, {HH, ONT, W}),
    ("klankbord", {K}, {K, KO}),
    ("leverancier", {QF, EL}, {QF, EL, W}),
    ("verzekering", {QF, F, W}, {QF, F, W}),
    # A compound finds its parts, below the compound itself.
    ("inburgeringstraject", {TR, AW, K}, {TR, AW, K, W, ONT}),
    ("energieleverancier", {EL}, {EL, W}),
    ("zorgverzekering", {QF, F, W}, {QF, F, W}),
    ("inburgeringsplicht", {ONT}, {ONT, W, HH, FM}),
    ("klankbordgroep", {K}, {K, KO}),
    ("werkervaringsplekken", {QD, WP, AW}, {QD, WP, AW}),
    # Plural and singular.
    ("ontheffingen", {QO, WO, ONT}, {ONT, QO, WO, W}),
    ("leerbaarheidstoetsen", {V, WT}, {V, WT, W, LR}),
    ("inburgeraar", {K, PV}, {K, PV, W}),
    ("vragen", {QD, W, QO, QF}, {W, QD, QO, QF}),
    ("beperkingen", {ONT, QO}, {ONT, QO, WO}),
    ("stappen", {ONT, DRIE}, {ONT, DRIE}),
    ("sleutelpersoon", {SL}, {SL}),
    ("verhuizen", {AP}, {AP, W}),
    # Diacritics and spelling variants.
    ("financieel", {F, QF}, {F, QF}),
    ("financiële", {F, QF}, {F, QF}),
    ("financiele", {F, QF}, {F, QF}),
    ("taalcafe", {TC}, {TC}),
    ("zroute", {LR, V}, {LR, V}),
    ("b1route", {LR, V}, {LR, V}),
    ("Argonaut", {ONT, QO}, {ONT, QO, WO, W}),
    ("DUO", {ONT, QO, HH, AP}, {ONT, QO, W, HH}),
    # Jargon both ways.
    ("PIP", {W, BI, AP, ONT}, {BI, AP, ONT, W}),
    ("persoonlijk plan inburgering en participatie", {W, BI, ONT}, {BI, W, ONT, AP}),
    ("persoonlijk plan", {BI, AP, W}, {BI, W, AP}),
    ("MAP", {W, FM}, {FM, W, QD}),
    ("module arbeidsmarkt en participatie", {W, FM}, {FM, W, QD}),
    ("Z-route", {LR, V}, {LR, V}),
    ("zelfredzaamheidsroute", {LR, V}, {LR, V}),
    ("B1-route", {LR, V}, {LR, V}),
    ("Wi2021", {W}, {W, DRIE}),
    ("Wet inburgering 2021", {W}, {W}),
    # Typing errors, corrected from the portal's own vocabulary.
    ("leerbaarheidtoets", {V, WT}, {V, WT, W}),
    ("klankbordgroepp", {K}, {K}),
    ("ontheffnig", {QO, WO, ONT}, {ONT, QO, W}),
    ("argonout", {ONT, QO}, {ONT, QO, WO}),
    ("energieleverancer", {EL}, {EL, W}),
    ("spontaane naleving", {H}, {H, HH}),
    # Phrases of several words.
    ("taalniveau B1", {LR}, {LR}),
    ("leerroute taalniveau B1", {LR}, {LR}),
    ("ontheffing bij ziekte", {QO, ONT}, {ONT, QO, WO}),
    ("vaste lasten", {W, F}, {F, W}),
    ("training leerbaarheidstoets", {V}, {V, W}),
    ("positieve gezondheid", {WG, SP, K}, {WG, SP, K, KO}),
    ("spontane naleving", {H}, {H, HH}),
    ("regie over het traject", {ONT, H}, {ONT, H}),
    ("medische ontheffing", {QO, W, ONT}, {QO, W, ONT, WO}),
    ("duale route", {QD, VD}, {QD, VD}),
    ("samen aanbesteden", {AB, VA}, {AB, VA}),
    ("trauma en rouw", {TR, VT}, {TR, VT}),
    # The webinar about the infographic names it in its title: as good a
    # first hit as the infographics themselves.
    ("infographic", {ONT, DRIE, WO}, {ONT, DRIE, WO}),
    ("boete", {HH}, {HH, H}),
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
