"""Demo content drawn from the seed texts: the CoP's the seeds describe with
their real make-up (real gemeenten and organisations, invented people), the
expertgroep of (ex-)inburgeraars, Divosa's regiocoördinatoren, and a year of
sessions with their reports. Idempotent: every object is looked up by its
natural key (slug, e-mail address) and updated in place."""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify

from . import services
from .models import Community, Membership, Organisation, Region, Session, Theme

DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 (published demo accounts)

REGIE = "Regievoering en spontane naleving"
ONTHEFFING = "Bijzondere omstandigheden (ontheffing bij ziekte of beperking)"
MAP = "Inburgering, Participatie en MAP"
GEZONDHEID = "Positieve gezondheid, trauma en rouw"
TOETS = "Leerbaarheidstoets"
ONTZORGEN = "Financieel ontzorgen"
INKOOP = "Inkoop leertrajecten"
WERK = "Werkervaringsplekken"

THEMES = {
    REGIE: (
        "Hoe houdt de gemeente regie op het inburgeringstraject, en hoe wordt de "
        "inburgeraar eigenaar van het eigen traject? Wanneer gaan we over tot "
        "handhaving?"
    ),
    ONTHEFFING: (
        "Ontheffing van inburgeringsverplichtingen bij langdurige ziekte of een "
        "beperking: aandachtspunten voor gemeente en inburgeraar, samen met "
        "Argonaut en DUO."
    ),
    MAP: (
        "De onderlinge verhoudingen en samenwerking tussen inburgering, de "
        "Participatiewet en de module arbeidsmarkt en participatie."
    ),
    GEZONDHEID: (
        "Fysieke, mentale en geestelijke gezondheid van inburgeraars: voorkomen "
        "dat stress, trauma, rouw en verlies het inburgeringstraject tegenwerken."
    ),
    TOETS: (
        "Vragen over de leerbaarheidstoets en het risico dat inburgeraars in de "
        "verkeerde leerroute terechtkomen."
    ),
    ONTZORGEN: (
        "De gemeente betaalt de eerste maanden vaste lasten namens de "
        "inburgeraar. Ontzorgen is niet altijd zorgvrij."
    ),
    INKOOP: (
        "Obstakels bij de inkoop en aanbesteding van leertrajecten bij taalaanbieders."
    ),
    WERK: (
        "Werkgevers vinden die werkervaringsplekken openstellen die passen bij de "
        "uren van het inburgeringstraject."
    ),
}

GEMEENTE = Organisation.Kind.GEMEENTE
TAAL = Organisation.Kind.TAALAANBIEDER
VW = Organisation.Kind.VLUCHTELINGENWERK

# Real organisations; the people below are invented.
ORGANISATIONS = [
    *(
        (f"Gemeente {name}", GEMEENTE)
        for name in (
            # Rijnmond: ten gemeenten of the region, Rotterdam included.
            "Rotterdam",
            "Schiedam",
            "Vlaardingen",
            "Capelle aan den IJssel",
            "Maassluis",
            "Barendrecht",
            "Ridderkerk",
            "Lansingerland",
            "Nissewaard",
            "Krimpen aan den IJssel",
            # Zeeland
            "Tholen",
            "Goes",
            "Middelburg",
            "Vlissingen",
            "Terneuzen",
            "Schouwen-Duiveland",
            "Veere",
            # Holland Rijnland
            "Leiden",
            "Alphen aan den Rijn",
            "Katwijk",
            "Leiderdorp",
            "Teylingen",
            # Achterhoek: all eight
            "Aalten",
            "Berkelland",
            "Bronckhorst",
            "Doetinchem",
            "Montferland",
            "Oost Gelre",
            "Oude IJsselstreek",
            "Winterswijk",
            # Groot Amsterdam
            "Amsterdam",
            "Amstelveen",
            "Diemen",
            "Haarlemmermeer",
            # Twente
            "Enschede",
            "Hengelo",
            "Almelo",
            "Oldenzaal",
            # Midden-Utrecht
            "Utrecht",
            "Nieuwegein",
            "Zeist",
            "Houten",
        )
    ),
    # The taalaanbieders per leerroute of Rijnmond, and of the other regions.
    ("Erasmus Universiteit Rotterdam", TAAL),
    ("Albeda", TAAL),
    ("NL-Training", TAAL),
    ("Top-Taal", TAAL),
    ("Stichting Nieuw Thuis Rotterdam", TAAL),
    ("Scalda", TAAL),
    ("Graafschap College", TAAL),
    ("MBO Rijnland", TAAL),
    ("ROC van Amsterdam", TAAL),
    ("ROC van Twente", TAAL),
    ("VluchtelingenWerk Zuidwest-Nederland", VW),
    ("VluchtelingenWerk Oost-Nederland", VW),
    ("VluchtelingenWerk Midden-Nederland", VW),
    ("COA", Organisation.Kind.COA),
    ("DUO", Organisation.Kind.DUO),
    ("Argonaut", Organisation.Kind.ARGONAUT),
    ("Blik op Werk", Organisation.Kind.BLIK_OP_WERK),
    ("Ministerie van SZW", Organisation.Kind.SZW),
    ("VNG", Organisation.Kind.VNG),
    ("Divosa", Organisation.Kind.DIVOSA),
    ("Werkgeversservicepunt Rijnmond", Organisation.Kind.WERKGEVER),
    ("Werkgeversservicepunt Groot Amsterdam", Organisation.Kind.WERKGEVER),
    ("Kennisplatform Inclusief Samenleven", Organisation.Kind.WETENSCHAP),
    ("Pharos", Organisation.Kind.WETENSCHAP),
    ("GGD Zeeland", Organisation.Kind.OVERIG),
    ("UAF", Organisation.Kind.OVERIG),
]

RIJNMOND = "CoP Inburgering – Rijnmond"
ZEELAND = "CoP Inburgering – Zeeland"
HOLLAND_RIJNLAND = "CoP Inburgering – Holland Rijnland"
ACHTERHOEK = "CoP Inburgering – Achterhoek"
AMSTERDAM = "CoP Inburgering – Groot Amsterdam"
TWENTE = "CoP Inburgering – Twente"
UTRECHT = "CoP Inburgering – Midden-Utrecht"

TREKKER = Membership.Role.TREKKER
DEELNEMER = Membership.Role.DEELNEMER

COMMUNITIES = [
    {
        "name": RIJNMOND,
        "regions": ["Rijnmond"],
        "themes": [REGIE, ONTHEFFING, MAP],
        "running_since": datetime.date(2023, 3, 1),
        "contact": "trekker@example.org",
        "description": (
            "Met vaste deelnemers en deelnemers die per thema aanschuiven pakt de "
            "CoP Inburgering – Rijnmond vraagstukken uit de uitvoering aan met een "
            "drietrapsraket: wat kan de gemeente zelf doen, wat kan zij samen met "
            "een partner in de inburgeringsketen, en welke andere partij kan helpen "
            "een antwoord te vinden? Een ketenpartner schuift pas aan als de eerste "
            "stap binnen de eigen organisatie is uitgezocht.\n\n"
            "Vaste deelnemers zijn consulenten (Jongeren, Werk en Inkomen, "
            "Gezinsmigranten), beleidsmedewerkers en teamleiders van tien gemeenten "
            "uit de regio, Rotterdam voorop; de taalaanbieders per leerroute "
            "(Erasmus Universiteit Rotterdam, Albeda, NL-Training, Top-Taal en "
            "Stichting Nieuw Thuis Rotterdam) en VluchtelingenWerk voor de "
            "maatschappelijke begeleiding. Per thema schuiven Blik op Werk, "
            "Argonaut, DUO en SZW aan, en in de latere sessies ook werkgevers en "
            "onderzoekers. Wat de CoP maakt, toetst de expertgroep van "
            "(ex-)inburgeraars.\n\n"
            "Het hoofdthema is regievoering en spontane naleving, in drie delen: "
            "bijzondere omstandigheden (zoals ontheffing bij ziekte of beperking), "
            "inburgering, participatie en de MAP, en informatieverstrekking en "
            "spontane naleving tegenover handhaving."
        ),
        "members": [
            ("trekker@example.org", TREKKER),
            ("teamleider.rotterdam@example.org", DEELNEMER),
            ("deelnemer@example.org", DEELNEMER),
            ("consulent.vlaardingen@example.org", DEELNEMER),
            ("consulent.capelle@example.org", DEELNEMER),
            ("beleid.maassluis@example.org", DEELNEMER),
            ("consulent.barendrecht@example.org", DEELNEMER),
            ("consulent.ridderkerk@example.org", DEELNEMER),
            ("beleid.lansingerland@example.org", DEELNEMER),
            ("consulent.nissewaard@example.org", DEELNEMER),
            ("consulent.krimpen@example.org", DEELNEMER),
            ("taal@example.org", DEELNEMER),
            ("onderwijsroute.eur@example.org", DEELNEMER),
            ("nltraining@example.org", DEELNEMER),
            ("toptaal@example.org", DEELNEMER),
            ("sntr@example.org", DEELNEMER),
            ("vluchtelingenwerk.rijnmond@example.org", DEELNEMER),
        ],
    },
    {
        "name": ZEELAND,
        "regions": ["Zeeland"],
        "themes": [GEZONDHEID, ONTZORGEN, WERK],
        "running_since": datetime.date(2022, 11, 1),
        "contact": "trekker.zeeland@example.org",
        "description": (
            "De Zeeuwse CoP bestaat uit zeven Zeeuwse gemeenten (Tholen, Goes, "
            "Middelburg, Vlissingen, Terneuzen, Schouwen-Duiveland en Veere), "
            "VluchtelingenWerk, COA, Scalda en Divosa. Ze ging van start met een "
            "kick-off in Goes, na ruim twee jaar Veranderopgave Inburgering in de "
            "provincie.\n\n"
            "De CoP wil ontdekken welke problemen een inburgeraar in Zeeland "
            "tegenkomt als die met het inburgeringstraject start, steeds vanuit "
            "het beste scenario voor de inburgeraar. Uitgangspunt is positieve "
            "gezondheid: fysiek, mentaal en geestelijk, en op tijd aandacht voor "
            "stress, trauma, rouw en verlies, die integratie ernstig kunnen "
            "vertragen. Om niet alleen over maar ook met inburgeraars te praten, "
            "heeft de CoP een klankbordgroep.\n\n"
            "Signalen uit de CoP gaan via het landelijk overleg naar Divosa, die ze "
            "waar nodig verder brengt, tot aan tafels waar het ministerie aan zit."
        ),
        "members": [
            ("trekker.zeeland@example.org", TREKKER),
            ("consulent.goes@example.org", DEELNEMER),
            ("beleid.middelburg@example.org", DEELNEMER),
            ("consulent.vlissingen@example.org", DEELNEMER),
            ("consulent.terneuzen@example.org", DEELNEMER),
            ("consulent.schouwen@example.org", DEELNEMER),
            ("consulent.veere@example.org", DEELNEMER),
            ("vluchtelingenwerk.zeeland@example.org", DEELNEMER),
            ("coa.zeeland@example.org", DEELNEMER),
            ("scalda@example.org", DEELNEMER),
            ("regio.zeeland@example.org", DEELNEMER),
        ],
    },
    {
        "name": HOLLAND_RIJNLAND,
        "regions": ["Holland Rijnland"],
        "themes": [INKOOP, MAP],
        "running_since": datetime.date(2023, 6, 1),
        "contact": "regio.hollandrijnland@example.org",
        "description": (
            "Gemeenten in Holland Rijnland delen ervaringen met de inkoop van "
            "leertrajecten en de aansluiting tussen inburgering en participatie. "
            "De regio kocht als een van de eerste gezamenlijk in; de CoP kijkt wat "
            "dat oplevert en waar het schuurt.\n\n"
            "De regiocoördinator van Divosa is het vaste aanspreekpunt: vragen en "
            "opmerkingen van de gemeenten gaan via hem naar het projectbureau van "
            "Divosa, en wat in Den Haag speelt komt zo snel terug in de regio."
        ),
        "members": [
            ("trekker.hollandrijnland@example.org", TREKKER),
            ("beleid.alphen@example.org", DEELNEMER),
            ("consulent.katwijk@example.org", DEELNEMER),
            ("consulent.leiderdorp@example.org", DEELNEMER),
            ("consulent.teylingen@example.org", DEELNEMER),
            ("mborijnland@example.org", DEELNEMER),
            ("regio.hollandrijnland@example.org", DEELNEMER),
        ],
    },
    {
        "name": ACHTERHOEK,
        "regions": ["Achterhoek"],
        "themes": [TOETS, WERK],
        "running_since": datetime.date(2023, 9, 1),
        "contact": "regio.achterhoek@example.org",
        "description": (
            "Acht relatief kleine gemeenten – Aalten, Berkelland, Bronckhorst, "
            "Doetinchem, Montferland, Oost Gelre, Oude IJsselstreek en "
            "Winterswijk – trekken samen op, omdat de uitvoering van de Wet "
            "inburgering 2021 voor ieder alleen complex is en de middelen klein "
            "zijn. Elke gemeente houdt vast aan wat lokaal goed werkt, zoals een "
            "taalcafé of de samenwerking met een vaste maatschappelijke partner.\n\n"
            "Uit eerdere pilots – Powervrouwen, Brede intake en persoonlijk plan, "
            "en een onderzoek naar de meerwaarde van sleutelpersonen – kennen de "
            "deelnemers elkaar goed. Nu loopt een pilot die onderzoekt of een korte "
            "training vooraf helpt bij de leerbaarheidstoets, zodat minder "
            "inburgeraars in de verkeerde leerroute komen."
        ),
        "members": [
            ("trekker.achterhoek@example.org", TREKKER),
            ("consulent.aalten@example.org", DEELNEMER),
            ("consulent.berkelland@example.org", DEELNEMER),
            ("consulent.bronckhorst@example.org", DEELNEMER),
            ("consulent.montferland@example.org", DEELNEMER),
            ("consulent.oostgelre@example.org", DEELNEMER),
            ("consulent.oudeijsselstreek@example.org", DEELNEMER),
            ("consulent.winterswijk@example.org", DEELNEMER),
            ("graafschapcollege@example.org", DEELNEMER),
            ("vluchtelingenwerk.oost@example.org", DEELNEMER),
            ("regio.achterhoek@example.org", DEELNEMER),
        ],
    },
    {
        "name": AMSTERDAM,
        "regions": ["Groot Amsterdam"],
        "themes": [WERK, MAP],
        "running_since": datetime.date(2024, 2, 1),
        "contact": "trekker.amsterdam@example.org",
        "description": (
            "Amsterdam en de gemeenten om de stad werken aan de duale route: taal "
            "leren en tegelijk werken. Samen met het werkgeversservicepunt zoekt "
            "de CoP werkervaringsplekken die passen bij de uren van het "
            "inburgeringstraject, en ze kijkt hoe de MAP en de "
            "participatieverklaring daarop aansluiten."
        ),
        "members": [
            ("trekker.amsterdam@example.org", TREKKER),
            ("consulent.amstelveen@example.org", DEELNEMER),
            ("consulent.diemen@example.org", DEELNEMER),
            ("consulent.haarlemmermeer@example.org", DEELNEMER),
            ("rocva@example.org", DEELNEMER),
            ("wsp.amsterdam@example.org", DEELNEMER),
        ],
    },
    {
        "name": TWENTE,
        "regions": ["Twente"],
        "themes": [TOETS, GEZONDHEID],
        "running_since": datetime.date(2024, 4, 1),
        "contact": "regio.twente@example.org",
        "description": (
            "Gemeenten in Twente, ROC van Twente en VluchtelingenWerk "
            "Oost-Nederland werken aan een goede start van het traject: een "
            "zorgvuldige brede intake, de leerbaarheidstoets en de keuze van de "
            "leerroute, met aandacht voor gezondheid vanaf het eerste gesprek."
        ),
        "members": [
            ("trekker.twente@example.org", TREKKER),
            ("consulent.hengelo@example.org", DEELNEMER),
            ("consulent.almelo@example.org", DEELNEMER),
            ("consulent.oldenzaal@example.org", DEELNEMER),
            ("roctwente@example.org", DEELNEMER),
            ("vluchtelingenwerk.oost@example.org", DEELNEMER),
            ("regio.twente@example.org", DEELNEMER),
        ],
    },
    {
        "name": UTRECHT,
        "regions": ["Midden-Utrecht"],
        "themes": [ONTZORGEN, REGIE],
        "running_since": datetime.date(2024, 9, 1),
        "contact": "trekker.utrecht@example.org",
        "description": (
            "Utrecht, Nieuwegein, Zeist en Houten delen hoe zij het financieel "
            "ontzorgen inrichten en hoe de overgang naar zelf betalen verloopt. "
            "Daarnaast: wie houdt de regie als een inburgeraar naar een andere "
            "gemeente verhuist?"
        ),
        "members": [
            ("trekker.utrecht@example.org", TREKKER),
            ("consulent.nieuwegein@example.org", DEELNEMER),
            ("consulent.zeist@example.org", DEELNEMER),
            ("consulent.houten@example.org", DEELNEMER),
            ("vluchtelingenwerk.utrecht@example.org", DEELNEMER),
        ],
    },
]

# (e-mail, first name, last name, organisation, roles). Invented people. The
# first accounts are the ones the README lists; their addresses, roles and
# password stay as they are.
PEOPLE = [
    ("moderator@example.org", "Mila", "de Bruijn", "Divosa", {"is_moderator": True}),
    ("trekker@example.org", "Tarik", "Bouzid", "Gemeente Rotterdam", {}),
    ("trekker.zeeland@example.org", "Zoë", "Verhulst", "Gemeente Tholen", {}),
    ("deelnemer@example.org", "Daan", "Koster", "Gemeente Schiedam", {}),
    ("expert@example.org", "Samira", "Haddad", None, {"is_expert": True}),
    (
        "ketenpartner@example.org",
        "Karin",
        "van Dijk",
        "Ministerie van SZW",
        {"is_chain_partner": True},
    ),
    (
        "ketenpartner.duo@example.org",
        "Hans",
        "Postma",
        "DUO",
        {"is_chain_partner": True},
    ),
    # Rijnmond
    (
        "teamleider.rotterdam@example.org",
        "Ingrid",
        "van der Linden",
        "Gemeente Rotterdam",
        {},
    ),
    ("consulent.vlaardingen@example.org", "Vera", "Visser", "Gemeente Vlaardingen", {}),
    (
        "consulent.capelle@example.org",
        "Youssef",
        "El Idrissi",
        "Gemeente Capelle aan den IJssel",
        {},
    ),
    (
        "beleid.maassluis@example.org",
        "Marloes",
        "Hoogendoorn",
        "Gemeente Maassluis",
        {},
    ),
    (
        "consulent.barendrecht@example.org",
        "Kees",
        "Verbeek",
        "Gemeente Barendrecht",
        {},
    ),
    ("consulent.ridderkerk@example.org", "Fatma", "Yıldız", "Gemeente Ridderkerk", {}),
    (
        "beleid.lansingerland@example.org",
        "Sanne",
        "Dekker",
        "Gemeente Lansingerland",
        {},
    ),
    ("consulent.nissewaard@example.org", "Bas", "Rietveld", "Gemeente Nissewaard", {}),
    (
        "consulent.krimpen@example.org",
        "Noor",
        "Amrani",
        "Gemeente Krimpen aan den IJssel",
        {},
    ),
    ("taal@example.org", "Aylin", "Demir", "Albeda", {}),
    (
        "onderwijsroute.eur@example.org",
        "Julia",
        "Vermeulen",
        "Erasmus Universiteit Rotterdam",
        {},
    ),
    ("nltraining@example.org", "Peter", "Smits", "NL-Training", {}),
    ("toptaal@example.org", "Esra", "Kaya", "Top-Taal", {}),
    ("sntr@example.org", "Henk", "Bakker", "Stichting Nieuw Thuis Rotterdam", {}),
    (
        "vluchtelingenwerk.rijnmond@example.org",
        "Lotte",
        "Brouwer",
        "VluchtelingenWerk Zuidwest-Nederland",
        {},
    ),
    # Zeeland
    ("consulent.goes@example.org", "Gerrit", "Kodde", "Gemeente Goes", {}),
    ("beleid.middelburg@example.org", "Anouk", "Lievense", "Gemeente Middelburg", {}),
    ("consulent.vlissingen@example.org", "Hamid", "Rezaei", "Gemeente Vlissingen", {}),
    ("consulent.terneuzen@example.org", "Ellen", "de Kraker", "Gemeente Terneuzen", {}),
    (
        "consulent.schouwen@example.org",
        "Jan-Willem",
        "Padmos",
        "Gemeente Schouwen-Duiveland",
        {},
    ),
    ("consulent.veere@example.org", "Iris", "Minderhoud", "Gemeente Veere", {}),
    (
        "vluchtelingenwerk.zeeland@example.org",
        "Rachida",
        "Bennani",
        "VluchtelingenWerk Zuidwest-Nederland",
        {},
    ),
    ("coa.zeeland@example.org", "Martijn", "Oele", "COA", {}),
    ("scalda@example.org", "Wendy", "Geldof", "Scalda", {}),
    # Holland Rijnland
    ("trekker.hollandrijnland@example.org", "Hanna", "Hoogland", "Gemeente Leiden", {}),
    ("beleid.alphen@example.org", "Ruud", "Kok", "Gemeente Alphen aan den Rijn", {}),
    ("consulent.katwijk@example.org", "Dirk", "van Duijn", "Gemeente Katwijk", {}),
    ("consulent.leiderdorp@example.org", "Zeynep", "Arslan", "Gemeente Leiderdorp", {}),
    (
        "consulent.teylingen@example.org",
        "Mirjam",
        "Zonneveld",
        "Gemeente Teylingen",
        {},
    ),
    ("mborijnland@example.org", "Kim", "van Leeuwen", "MBO Rijnland", {}),
    # Achterhoek: one from each of the eight gemeenten
    ("trekker.achterhoek@example.org", "Arjen", "Wissink", "Gemeente Doetinchem", {}),
    ("consulent.aalten@example.org", "Gerdien", "Bruil", "Gemeente Aalten", {}),
    ("consulent.berkelland@example.org", "Thijs", "Nijhof", "Gemeente Berkelland", {}),
    (
        "consulent.bronckhorst@example.org",
        "Hilde",
        "Wolters",
        "Gemeente Bronckhorst",
        {},
    ),
    (
        "consulent.montferland@example.org",
        "Mustafa",
        "Öztürk",
        "Gemeente Montferland",
        {},
    ),
    ("consulent.oostgelre@example.org", "Ria", "Hengeveld", "Gemeente Oost Gelre", {}),
    (
        "consulent.oudeijsselstreek@example.org",
        "Bart",
        "Heutink",
        "Gemeente Oude IJsselstreek",
        {},
    ),
    (
        "consulent.winterswijk@example.org",
        "Saskia",
        "Wikkerink",
        "Gemeente Winterswijk",
        {},
    ),
    ("graafschapcollege@example.org", "Linda", "Roelofs", "Graafschap College", {}),
    (
        "vluchtelingenwerk.oost@example.org",
        "Tamara",
        "Wessels",
        "VluchtelingenWerk Oost-Nederland",
        {},
    ),
    # Groot Amsterdam
    ("trekker.amsterdam@example.org", "Nadia", "Bakkali", "Gemeente Amsterdam", {}),
    ("consulent.amstelveen@example.org", "Robin", "Groen", "Gemeente Amstelveen", {}),
    ("consulent.diemen@example.org", "Lisa", "Hofman", "Gemeente Diemen", {}),
    (
        "consulent.haarlemmermeer@example.org",
        "Erik",
        "Vos",
        "Gemeente Haarlemmermeer",
        {},
    ),
    ("rocva@example.org", "Sarah", "Mulder", "ROC van Amsterdam", {}),
    (
        "wsp.amsterdam@example.org",
        "Dennis",
        "Kramer",
        "Werkgeversservicepunt Groot Amsterdam",
        {},
    ),
    # Twente
    ("trekker.twente@example.org", "Bram", "Nijenhuis", "Gemeente Enschede", {}),
    ("consulent.hengelo@example.org", "Anna", "Kroeze", "Gemeente Hengelo", {}),
    ("consulent.almelo@example.org", "Ahmad", "Noori", "Gemeente Almelo", {}),
    ("consulent.oldenzaal@example.org", "Femke", "Brinkhuis", "Gemeente Oldenzaal", {}),
    ("roctwente@example.org", "Jeroen", "Haverkamp", "ROC van Twente", {}),
    # Midden-Utrecht
    ("trekker.utrecht@example.org", "Sophie", "Willems", "Gemeente Utrecht", {}),
    ("consulent.nieuwegein@example.org", "Tim", "de Graaf", "Gemeente Nieuwegein", {}),
    ("consulent.zeist@example.org", "Hatice", "Çelik", "Gemeente Zeist", {}),
    ("consulent.houten@example.org", "Mark", "van Rooij", "Gemeente Houten", {}),
    (
        "vluchtelingenwerk.utrecht@example.org",
        "Evelien",
        "Smit",
        "VluchtelingenWerk Midden-Nederland",
        {},
    ),
    # Divosa's regiocoördinatoren: spin in het web of their region, each
    # taking part in its CoP.
    ("regio.zeeland@example.org", "Jolanda", "Schot", "Divosa", {}),
    ("regio.hollandrijnland@example.org", "Wouter", "Kamphuis", "Divosa", {}),
    ("regio.achterhoek@example.org", "Maaike", "Harmsen", "Divosa", {}),
    ("regio.twente@example.org", "Gijs", "Lammers", "Divosa", {}),
    # The expertgroep: (ex-)inburgeraars under the Wi2013 or the Wi2021 who
    # test the kennisproducten before they are published.
    ("expert.yonas@example.org", "Yonas", "Tesfay", None, {"is_expert": True}),
    ("expert.farida@example.org", "Farida", "Ahmadi", None, {"is_expert": True}),
    ("expert.omar@example.org", "Omar", "Alkhatib", None, {"is_expert": True}),
    ("expert.olena@example.org", "Olena", "Kovalenko", None, {"is_expert": True}),
    ("expert.mehmet@example.org", "Mehmet", "Aydın", None, {"is_expert": True}),
]

# The accounts the README lists, in its order (load_demo prints these).
README_ACCOUNTS = [
    "moderator@example.org",
    "trekker@example.org",
    "trekker.zeeland@example.org",
    "deelnemer@example.org",
    "expert@example.org",
    "ketenpartner@example.org",
    "ketenpartner.duo@example.org",
]
REGIOCOORDINATOREN = [email for email, *_ in PEOPLE if email.startswith("regio.")]
EXPERTGROEP = [email for email, *_rest, roles in PEOPLE if roles.get("is_expert")]


def _memberships() -> dict[str, list[tuple[str, str]]]:
    """Per e-mail address: (community, role) of each membership."""
    found: dict[str, list[tuple[str, str]]] = {}
    for data in COMMUNITIES:
        for email, role in data["members"]:
            found.setdefault(email, []).append((data["name"], role))
    return found


# (e-mail, first name, last name, organisation, roles, memberships)
USERS = [(*person, _memberships().get(person[0], [])) for person in PEOPLE]


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment `days` from today on a weekday: CoP's meet during working
    hours, so a Saturday or Sunday moves to the Friday before (in the past)
    or the Monday after (today or later)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=-1 if days < 0 else 1)
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), timezone.get_current_timezone()
    )


# (community, title, days from today, start hour, end hour, place, online,
#  themes, guests, agenda, report, outcomes (step 1, 2, 3)). A session in the
#  past has its report; one to come has its agenda only.
SESSIONS = [
    (
        RIJNMOND,
        "Startsessie: waar ligt de behoefte?",
        -345,
        13,
        16,
        "Stadhuis Rotterdam, Coolsingel 40",
        "",
        [REGIE],
        [],
        "1. Kennismaking en verwachtingen\n"
        "2. Inventarisatie: waar lopen we vast in de regievoering?\n"
        "3. Keuze van de thema's voor het komende jaar",
        "De deelnemers brachten in kaart waar de uitvoering behoefte heeft aan "
        "meer grip op de Wi2021. Drie thema's kregen de meeste stemmen: "
        "bijzondere omstandigheden (zoals ontheffing bij ziekte of beperking), "
        "inburgering, participatie en de MAP, en informatieverstrekking en "
        "spontane naleving tegenover handhaving. De groep spreekt af te werken "
        "met de drietrapsraket: eerst uitzoeken wat de gemeente zelf kan, dan "
        "wat samen met partners in de uitvoering lukt, en pas daarna een "
        "ketenpartner vragen.",
        (
            "Elke gemeente brengt voor de volgende sessie twee casussen in.",
            "De taalaanbieders delen hoe zij verzuim en ziekte nu melden.",
            "",
        ),
    ),
    (
        RIJNMOND,
        "Ontheffing bij ziekte of beperking, met Argonaut",
        -310,
        13,
        16,
        "Stadhuis Rotterdam, Coolsingel 40",
        "",
        [ONTHEFFING],
        ["Argonaut", "DUO"],
        "1. Presentatie Argonaut over medische ontheffing\n"
        "2. Aandachtspunten voor gemeente en inburgeraar\n"
        "3. Afspraken voor een infographic",
        "Argonaut lichtte toe hoe een aanvraag voor medische ontheffing via DUO "
        "verloopt: wie de aanvraag doet, welke stukken helpen, hoe het onderzoek "
        "gaat en wat het advies aan DUO inhoudt. De deelnemers brachten samen in "
        "kaart waar consulenten tegenaan lopen, van het herkennen van langdurige "
        "ziekte in de brede intake tot de terugkoppeling van het besluit. "
        "Opvallend: veel consulenten wisten niet dat een gedeeltelijke "
        "ontheffing mogelijk is. Afgesproken is om alles samen met Argonaut in "
        "één infographic te zetten, bruikbaar voor heel Nederland.",
        (
            "Consulenten bespreken signalen van ziekte vroeg in het traject en "
            "leggen in het PIP vast wat al geprobeerd is.",
            "Met Argonaut een vaste route afgesproken voor vragen over het advies.",
            "DUO wordt gevraagd de doorlooptijd van aanvragen te delen.",
        ),
    ),
    (
        RIJNMOND,
        "Online uitwisselingssessie: de infographic ontheffing",
        -235,
        10,
        11,
        "",
        "https://video.example.org/cop-rijnmond",
        [ONTHEFFING],
        ["Argonaut"],
        "Toelichting op de infographic 'Ontheffing inburgeringsverplichtingen bij "
        "ziekte of beperking' voor gemeenten uit het hele land.",
        "Ruim zestig deelnemers uit het hele land. De communitytrekker liep de "
        "vijf stappen van de infographic door; Argonaut beantwoordde vragen over "
        "het onderzoek. De meeste vragen gingen over de rol van de gemeente na "
        "een afgewezen ontheffing en over de tijd dat een aanvraag loopt: blijft "
        "de inburgeraar dan verplicht lessen te volgen? Die laatste vraag is als "
        "signaal doorgezet.",
        (
            "",
            "",
            "Het signaal over de doorlooptijd gaat via Divosa naar DUO.",
        ),
    ),
    (
        RIJNMOND,
        "Werkgevers en onderzoekers aan tafel",
        -40,
        13,
        16,
        "Albeda, Rotterdam",
        "",
        [MAP],
        ["Werkgeversservicepunt Rijnmond", "Kennisplatform Inclusief Samenleven"],
        "1. Wat zien werkgevers bij statushouders op de werkvloer?\n"
        "2. Wat zegt onderzoek over duale trajecten?\n"
        "3. Wat betekent dat voor de MAP?",
        "Voor het eerst schoven werkgevers en onderzoekers aan. Werkgevers "
        "vroegen om één aanspreekpunt per inburgeraar en om lestijden die vooraf "
        "bekend zijn. Het Kennisplatform Inclusief Samenleven liet zien dat "
        "werken naast de taalles vooral helpt als het werk aansluit bij eerdere "
        "ervaring. De deelnemers spraken af de MAP eerder in het traject te "
        "plannen en de werkgever erbij te betrekken.",
        (
            "Gemeenten plannen de MAP in de eerste zes maanden.",
            "Met het werkgeversservicepunt één aanspreekpunt per werkgever.",
            "",
        ),
    ),
    (
        RIJNMOND,
        "Regievoering en spontane naleving versus handhaving",
        21,
        13,
        16,
        "Gemeentehuis Schiedam",
        "",
        [REGIE],
        ["DUO", "Blik op Werk"],
        "1. Wat doen we als gemeente zelf?\n2. Wat doen we samen met partners?\n"
        "3. Welke partij helpt ons verder?",
        "",
        ("", "", ""),
    ),
    (
        RIJNMOND,
        "Inburgering, Participatie en MAP",
        56,
        9,
        12,
        "Albeda, Rotterdam",
        "https://video.example.org/cop-rijnmond",
        [MAP],
        [],
        "Onderlinge verhoudingen tussen inburgering, participatie en de MAP.",
        "",
        ("", "", ""),
    ),
    (
        ZEELAND,
        "Kick-off CoP Zeeland",
        -335,
        13,
        17,
        "Goes",
        "",
        [GEZONDHEID],
        ["COA"],
        "Kennismaking en inventarisatie van thema's.",
        "Een diverse en ambitieuze CoP: gemeenten, VluchtelingenWerk, COA, Scalda "
        "en Divosa. Na ruim twee jaar Veranderopgave Inburgering weten de "
        "deelnemers elkaar te vinden. Positieve gezondheid wordt het "
        "uitgangspunt: wat heeft iemand met een vluchtgeschiedenis nodig om zo "
        "snel mogelijk duurzaam mee te doen? De CoP wil niet alleen over maar "
        "ook met inburgeraars praten en verkent een klankbordgroep.",
        (
            "Gemeenten brengen in kaart welke problemen inburgeraars bij de start "
            "tegenkomen.",
            "Met VluchtelingenWerk en COA een klankbordgroep verkennen.",
            "",
        ),
    ),
    (
        ZEELAND,
        "Trauma, rouw en verlies: wat zien we in de uitvoering?",
        -205,
        13,
        16,
        "Gemeentehuis Middelburg",
        "",
        [GEZONDHEID],
        ["Pharos", "GGD Zeeland"],
        "1. Pharos over trauma en leren\n"
        "2. Casussen uit de gemeenten\n"
        "3. Wat kunnen we in de brede intake anders doen?",
        "Pharos legde uit hoe stress en trauma het geheugen en de concentratie "
        "raken, en daarmee het leren van een nieuwe taal. De gemeenten herkenden "
        "het: inburgeraars die weken wegblijven na slecht nieuws uit het land van "
        "herkomst, of die de les wel volgen maar niets onthouden. De GGD "
        "vertelde over het aanbod in de regio en de wachttijden daarvoor. "
        "Afgesproken: in de brede intake vragen naar slaap, stress en steun, en "
        "het gesprek daarover later herhalen.",
        (
            "Consulenten nemen drie vragen over welzijn op in de brede intake.",
            "Met de GGD een korte lijn voor doorverwijzing afgesproken.",
            "Het tekort aan traumabehandeling gaat als signaal naar Divosa.",
        ),
    ),
    (
        ZEELAND,
        "Klankbordgroep: eerste gesprek met inburgeraars",
        -110,
        14,
        16,
        "Bibliotheek Goes",
        "",
        [GEZONDHEID],
        [],
        "Acht inburgeraars vertellen over hun eerste maanden in Zeeland.",
        "Acht inburgeraars uit vier gemeenten vertelden over hun start. Wat hielp: "
        "een vaste contactpersoon en uitleg in de eigen taal. Wat niet hielp: "
        "brieven over betalingen die ze niet begrepen, en lange reistijd naar de "
        "les. De klankbordgroep komt twee keer per jaar bij elkaar; "
        "VluchtelingenWerk begeleidt haar.",
        (
            "Gemeenten sturen brieven over het ontzorgen voortaan met een "
            "uitleg in eenvoudige taal.",
            "Scalda kijkt naar lessen dichter bij huis.",
            "",
        ),
    ),
    (
        ZEELAND,
        "Financieel ontzorgen: ervaringen na een jaar",
        14,
        14,
        16,
        "Middelburg",
        "",
        [ONTZORGEN],
        ["VNG"],
        "Ervaringen met het ontzorgen van vaste lasten in de eerste maanden.",
        "",
        ("", "", ""),
    ),
    (
        HOLLAND_RIJNLAND,
        "Samen aanbesteden: ervaringen uit de regio",
        -150,
        10,
        12,
        "Stadhuis Leiden",
        "",
        [INKOOP],
        ["VNG"],
        "Wat leverde de gezamenlijke inkoop op, en wat zouden we anders doen?",
        "De gezamenlijke aanbesteding leverde één contract op voor de hele "
        "regio, maar de percelen waren te groot voor kleinere taalaanbieders. "
        "De VNG liet modelbestekken zien waarin per leerroute wordt ingekocht. "
        "De gemeenten willen bij de volgende ronde kleinere percelen en een "
        "kortere termijn tot de start van het leertraject.",
        (
            "De regio maakt een eigen planning van intake tot start.",
            "Met de taalaanbieders een gesprek over kleinere percelen.",
            "VNG en Divosa verzamelen inkoopmethoden die werken.",
        ),
    ),
    (
        HOLLAND_RIJNLAND,
        "Inkoop leertrajecten: waar lopen we vast?",
        35,
        10,
        12,
        "Leiden",
        "",
        [INKOOP],
        [],
        "Obstakels bij de aanbesteding van leertrajecten.",
        "",
        ("", "", ""),
    ),
    (
        ACHTERHOEK,
        "Powervrouwen: terugblik op de pilot",
        -265,
        13,
        15,
        "Gemeentehuis Winterswijk",
        "",
        [WERK],
        [],
        "Wat leverde de pilot Powervrouwen op voor vrouwelijke inburgeraars?",
        "In de pilot kwamen vrouwelijke inburgeraars wekelijks bij elkaar om te "
        "oefenen met taal, te praten over werk en elkaars netwerk te gebruiken. "
        "Van de twintig deelnemers heeft een derde nu vrijwilligerswerk of een "
        "werkervaringsplek. Kinderopvang tijdens de bijeenkomsten bleek "
        "beslissend. Drie gemeenten gaan door met de groep.",
        (
            "Aalten, Winterswijk en Oost Gelre zetten de groep voort.",
            "Het taalcafé sluit aan bij de bijeenkomsten.",
            "",
        ),
    ),
    (
        ACHTERHOEK,
        "Sleutelpersonen: wat levert het op?",
        -180,
        13,
        15,
        "Gemeentehuis Doetinchem",
        "",
        [MAP],
        ["Kennisplatform Inclusief Samenleven"],
        "Uitkomsten van het onderzoek naar de meerwaarde van sleutelpersonen.",
        "Sleutelpersonen – mensen uit de eigen gemeenschap die zelf zijn "
        "ingeburgerd – bereiken inburgeraars die brieven en consulenten niet "
        "bereiken. Het onderzoek laat zien dat ze vooral helpen bij uitleg over "
        "regels en bij het eerste contact met werkgevers. Voorwaarde: een "
        "duidelijke rol, een vergoeding en een vast aanspreekpunt bij de "
        "gemeente.",
        (
            "Elke gemeente werkt met ten minste twee sleutelpersonen.",
            "VluchtelingenWerk begeleidt de sleutelpersonen.",
            "",
        ),
    ),
    (
        ACHTERHOEK,
        "Voorbereiding op de leerbaarheidstoets",
        -30,
        13,
        15,
        "Doetinchem",
        "",
        [TOETS],
        ["DUO"],
        "Pilot: helpt een korte training vooraf?",
        "Eerste ervaringen met de pilot zijn positief. Inburgeraars die vooraf "
        "een uur oefenden met de computer en het soort opgaven, voelden zich "
        "zekerder. De groep volgt de komende maanden de plaatsing in de "
        "leerroutes en of er minder wisselingen van route nodig zijn.",
        ("Consulenten leggen uit wat de toets is en waarom hij er is.", "", ""),
    ),
    (
        AMSTERDAM,
        "Duale route: werken en leren tegelijk",
        -90,
        13,
        16,
        "Stadhuis Amsterdam, Amstel 1",
        "",
        [WERK],
        ["Werkgeversservicepunt Groot Amsterdam"],
        "1. Voorbeelden van duale trajecten\n2. Wat vragen werkgevers?\n"
        "3. Afstemming van lestijden",
        "Vier gemeenten lieten zien hoe inburgeraars twee of drie dagen werken "
        "naast de taalles. Het werkt als de lestijden vaststaan voordat de "
        "werkgever een rooster maakt. ROC van Amsterdam biedt daarom vaste "
        "lesdagen per groep aan. Werkgevers vragen om een vast aanspreekpunt "
        "bij de gemeente.",
        (
            "Gemeenten noemen in het PIP de dagen waarop iemand kan werken.",
            "ROC van Amsterdam en het werkgeversservicepunt stemmen roosters af.",
            "",
        ),
    ),
    (
        AMSTERDAM,
        "Werkgeversontbijt: werkervaringsplekken in deeltijd",
        28,
        8,
        10,
        "Werkgeversservicepunt Groot Amsterdam",
        "",
        [WERK],
        ["Werkgeversservicepunt Groot Amsterdam"],
        "Werkgevers en gemeenten spreken af over plekken voor twee of drie dagen.",
        "",
        ("", "", ""),
    ),
    (
        TWENTE,
        "Leerroutes kiezen na de brede intake",
        -140,
        10,
        12,
        "Stadhuis Enschede",
        "",
        [TOETS],
        ["DUO"],
        "Hoe wegen we de leerbaarheidstoets mee in de keuze van de leerroute?",
        "DUO lichtte toe wat de leerbaarheidstoets meet en wat niet. De "
        "gemeenten gebruiken de uitkomst verschillend: de een volgt hem bijna "
        "altijd, de ander weegt opleiding en werkervaring zwaarder. Afgesproken "
        "is een gezamenlijke werkwijze waarin de toets één bouwsteen is, naast "
        "het gesprek.",
        (
            "Een gezamenlijke werkwijze voor de keuze van de leerroute.",
            "ROC van Twente geeft na drie maanden terug of de route past.",
            "",
        ),
    ),
    (
        TWENTE,
        "Positieve gezondheid in de brede intake",
        42,
        10,
        12,
        "Hengelo",
        "",
        [GEZONDHEID],
        ["Pharos"],
        "Oefenen met het gesprek over gezondheid en welzijn.",
        "",
        ("", "", ""),
    ),
    (
        UTRECHT,
        "Ontzorgen en daarna: de overgang naar zelf betalen",
        -75,
        13,
        15,
        "Stadskantoor Utrecht",
        "",
        [ONTZORGEN],
        ["VNG"],
        "Hoe zorgen we dat niemand na het ontzorgen in de schulden raakt?",
        "Na zes maanden ontzorgen moeten inburgeraars zelf hun vaste lasten "
        "betalen. Waar de overgang niet voorbereid is, ontstaan snel "
        "achterstanden. Utrecht en Zeist begonnen drie maanden vooraf met een "
        "gesprek over de eigen begroting; Nieuwegein verlengt het ontzorgen "
        "als dat nodig is. De VNG deelde de ruimte die de wet daarvoor geeft.",
        (
            "Drie maanden voor het einde een gesprek over de eigen begroting.",
            "VluchtelingenWerk oefent met inburgeraars het betalen van rekeningen.",
            "",
        ),
    ),
    (
        UTRECHT,
        "Regie bij verhuizing tussen gemeenten",
        63,
        13,
        15,
        "Nieuwegein",
        "",
        [REGIE],
        ["DUO"],
        "Wie maakt het PIP af als een inburgeraar verhuist?",
        "",
        ("", "", ""),
    ),
]


# Every CoP meets about every two months over the past year and the coming
# months, besides the sessions above: (title, agenda, theme, guests, report,
# outcomes). The latest past session of each CoP has no report yet, so its
# trekker finds it in Mijn werk.
RECURRING_SESSIONS = [
    (
        "Intervisie: casussen uit de praktijk",
        "Deelnemers brengen elk een casus in; we zoeken samen naar een aanpak.",
        REGIE,
        [],
        "Vier casussen kwamen aan bod: een inburgeraar die niet op de les "
        "verschijnt, een gezin waarvan de vader werkt en de moeder thuis blijft, "
        "een jongere die de onderwijsroute wil maar de toets niet haalde, en "
        "iemand die na een verhuizing zonder plan zat. Bij elk liep de groep de "
        "drietrapsraket door.",
        (
            "Bij verzuim eerst een gesprek, dan pas een brief.",
            "Taalaanbieders melden verzuim binnen een week.",
            "",
        ),
    ),
    (
        "Werkbezoek bij de taalaanbieder",
        "Rondleiding en gesprek over de aansluiting van lessen op werk.",
        INKOOP,
        [],
        "De taalaanbieder liet zien hoe de lessen zijn opgebouwd en waar "
        "werkgerichte taal een plek heeft. Docenten vroegen om eerder te horen "
        "wat er in het PIP staat, zodat ze daarop kunnen aansluiten.",
        (
            "",
            "Het PIP gaat met toestemming van de inburgeraar naar de taalaanbieder.",
            "",
        ),
    ),
    (
        "Samenwerken met het werkgeversservicepunt",
        "Hoe vinden we samen meer werkervaringsplekken?",
        WERK,
        [],
        "Het werkgeversservicepunt heeft werkgevers die plekken willen bieden, "
        "maar niet voor twee losse dagdelen. De gemeenten spraken af plekken "
        "samen te zoeken en lestijden vooraf te delen.",
        ("", "Eén lijst met plekken voor de hele regio.", ""),
    ),
    (
        "Praktijkvoorbeelden financieel ontzorgen",
        "Gemeenten laten zien hoe zij het ontzorgen hebben ingericht.",
        ONTZORGEN,
        ["VNG"],
        "Drie gemeenten lieten hun werkwijze zien. Het verschil zit vooral in "
        "wat na de eerste zes maanden gebeurt: stopt het ontzorgen ineens, of "
        "wordt het afgebouwd? De deelnemers kozen voor afbouwen met begeleiding.",
        (
            "Afbouw van het ontzorgen in de laatste twee maanden.",
            "",
            "Vragen over betalingen die leveranciers weigeren gaan naar Divosa.",
        ),
    ),
    (
        "Kennissessie leerroutes",
        "Wat past bij wie: B1-route, onderwijsroute en Z-route.",
        TOETS,
        ["DUO"],
        "DUO gaf uitleg over de drie leerroutes en de examens. Veel vragen "
        "gingen over wisselen van route: dat kan, maar kost tijd in de "
        "inburgeringstermijn. De groep wil de keuze beter onderbouwen in de "
        "brede intake.",
        ("Consulenten gebruiken één checklist voor de keuze van de route.", "", ""),
    ),
    (
        "Positieve gezondheid in het gesprek met de inburgeraar",
        "Oefenen met het gesprek over gezondheid en welzijn.",
        GEZONDHEID,
        [],
        "In tweetallen oefenden de deelnemers het gesprek met het spinnenweb "
        "van positieve gezondheid. Het helpt om over meer te praten dan taal "
        "en werk: slaap, zingeving en sociale contacten kwamen vanzelf ter "
        "sprake.",
        ("Het spinnenweb wordt onderdeel van het voortgangsgesprek.", "", ""),
    ),
    (
        "Gesprek met ketenpartners",
        "DUO en COA vertellen over hun werkwijze; de CoP legt knelpunten voor.",
        REGIE,
        ["DUO", "COA"],
        "COA vertelde hoe de gegevens uit de opvang bij de gemeente komen, DUO "
        "over de termijnen en de boetes. De CoP legde drie knelpunten voor; "
        "twee bleken op te lossen met een betere afspraak in de regio.",
        (
            "",
            "COA stuurt de gegevens voor de brede intake eerder.",
            "Het derde knelpunt gaat als signaal naar Divosa.",
        ),
    ),
]
_PLACES = {
    RIJNMOND: "Stadswinkel Rotterdam",
    ZEELAND: "Gemeentehuis Goes",
    HOLLAND_RIJNLAND: "Stadhuis Leiden",
    ACHTERHOEK: "Gemeentehuis Doetinchem",
    AMSTERDAM: "Stadhuis Amsterdam",
    TWENTE: "Stadhuis Enschede",
    UTRECHT: "Stadskantoor Utrecht",
}


def _recurring_sessions() -> list[tuple]:
    """RECURRING_SESSIONS per CoP as SESSIONS rows: from eleven months ago
    to one or two months ahead, two months apart, each CoP on its own weeks."""
    rows = []
    for offset, (community, place) in enumerate(_PLACES.items()):
        days = [
            -330 + offset * 6 + step * 60 for step in range(len(RECURRING_SESSIONS))
        ]
        latest_past = max(day for day in days if day < 0)
        for (title, agenda, theme, guests, report, outcomes), day in zip(
            RECURRING_SESSIONS, days, strict=True
        ):
            held = day < latest_past
            rows.append(
                (
                    community,
                    title,
                    day,
                    9 + offset % 5,
                    11 + offset % 5,
                    place,
                    "",
                    [theme],
                    guests,
                    agenda,
                    report if held else "",
                    outcomes if held else ("", "", ""),
                )
            )
    return rows


def _demo_password() -> str:
    # Hashed once for every demo account: the password is published, and a
    # hash per account would cost a second each (PBKDF2's iterations).
    return make_password(DEMO_PASSWORD)


def _load_users(organisations) -> dict:
    user_model = get_user_model()
    existing = {
        user.email: user
        for user in user_model.objects.filter(email__in=[p[0] for p in PEOPLE])
    }
    password = None
    users = {}
    for email, first, last, organisation, roles in PEOPLE:
        user = existing.get(email) or user_model(email=email)
        user.first_name, user.last_name = first, last
        user.organisation = organisations.get(organisation)
        for flag in ("is_moderator", "is_expert", "is_chain_partner"):
            setattr(user, flag, roles.get(flag, False))
        if user.pk is None or not user.has_usable_password():
            password = password or _demo_password()
            user.password = password
        user.save()
        users[email] = user
    verified = set(
        EmailAddress.objects.filter(
            user__in=users.values(), verified=True, primary=True
        ).values_list("email", flat=True)
    )
    for email, user in users.items():
        if email not in verified:
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
    return users


def _attendees(members: list, index: int) -> list:
    """Most members, not all of them every time: who is missing differs
    from session to session."""
    return [
        member for number, member in enumerate(members) if (number + index) % 4 != 3
    ]


def load_communities_demo(*, stdout=None) -> dict:
    themes = {
        name: Theme.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "description": text}
        )[0]
        for name, text in THEMES.items()
    }
    organisations = {
        name: Organisation.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "kind": kind}
        )[0]
        for name, kind in ORGANISATIONS
    }
    users = _load_users(organisations)
    communities = {}
    for data in COMMUNITIES:
        contact = users[data["contact"]]
        community, _ = Community.objects.update_or_create(
            slug=slugify(data["name"]),
            defaults={
                "name": data["name"],
                "description": data["description"],
                "running_since": data["running_since"],
                "contact_name": f"{contact.first_name} {contact.last_name}",
                "contact_email": f"cop-{slugify(data['regions'][0])}@example.org",
                "is_active": True,
            },
        )
        community.regions.set(Region.objects.filter(name__in=data["regions"]))
        community.themes.set([themes[name] for name in data["themes"]])
        communities[data["name"]] = community

    # Memberships and sessions go through the services, as a moderator
    # would make them on the site.
    moderator = users["moderator@example.org"]
    present = set(Membership.objects.values_list("user__email", "community__name"))
    for data in COMMUNITIES:
        community = communities[data["name"]]
        for email, role in data["members"]:
            if (email, data["name"]) not in present:
                services.membership_add(
                    actor=moderator,
                    community=community,
                    email=email,
                    organisation=users[email].organisation,
                    role=role,
                )

    members = {
        name: [users[email] for email, _role in data["members"]]
        for name, data in ((data["name"], data) for data in COMMUNITIES)
    }
    sessions = {
        (session.community_id, session.slug): session
        for session in Session.objects.filter(community__in=communities.values())
    }
    for index, (
        community_name,
        title,
        days,
        start,
        end,
        place,
        online,
        theme_names,
        guests,
        agenda,
        report,
        outcomes,
    ) in enumerate([*SESSIONS, *_recurring_sessions()]):
        community = communities[community_name]
        starts_at = _at(days, start)
        fields = {
            "title": title,
            "starts_at": starts_at,
            "ends_at": _at(days, end),
            "location": place,
            "online_url": online,
            "agenda": agenda,
            "report": report,
            "outcome_own": outcomes[0],
            "outcome_chain": outcomes[1],
            "outcome_other_party": outcomes[2],
        }
        relations = {
            "themes": [themes[name] for name in theme_names],
            "guest_organisations": [organisations[name] for name in guests],
            "attendees": _attendees(members[community_name], index) if days < 0 else [],
        }
        existing = sessions.get((community.pk, slugify(title)))
        if existing is None:
            session = services.session_create(
                actor=moderator, community=community, **fields, **relations
            )
        else:
            session = services.session_update(
                actor=moderator, session=existing, **fields, **relations
            )
        if report and session.report_published_at:
            # The report was written in the days after the session, not
            # today: the weekly digest and the news list read this date.
            Session.objects.filter(pk=session.pk).update(
                report_published_at=starts_at + datetime.timedelta(days=2)
            )
    return {
        "themes": themes,
        "organisations": organisations,
        "communities": communities,
        "users": users,
    }
