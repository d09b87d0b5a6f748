"""Demo signals drawn from the seed texts, at every level and status, with
recognitions from several CoP's. Each signal is raised and moved through
the real services, so its timeline is a real one, dated over the past year.
Two answers became a kennisproduct ("antwoord op signaal"). Idempotent: a
signal that exists (same CoP and title) is left as it is."""

import datetime

from django.utils import timezone

from communities.demo import (
    ACHTERHOEK,
    AMSTERDAM,
    COMMUNITIES,
    HOLLAND_RIJNLAND,
    RIJNMOND,
    TWENTE,
    UTRECHT,
    ZEELAND,
)

from . import services
from .models import Signal

MODERATOR = "moderator@example.org"
PARTNER = "ketenpartner@example.org"
PARTNER_DUO = "ketenpartner.duo@example.org"

# Each: CoP, raiser, title, description, themes, recognisers, how many days
# ago it was raised, and the steps after submitting: (transition, actor,
# arguments, days after raising). "@title" refers to another demo signal;
# "#organisation" to an organisation by name. The dates spread over the last
# year, so the dashboard and the work lists show a year of practice.
SIGNALS = [
    {
        "community": ZEELAND,
        "raiser": "consulent.goes@example.org",
        "title": "Energiebedrijven weigeren betalingen namens inburgeraars",
        "description": (
            "Bij financieel ontzorgen betaalt de gemeente de eerste maanden de "
            "vaste lasten namens de inburgeraar. Sommige energiebedrijven "
            "willen niet dat gemeenten namens inburgeraars de kosten van gas "
            "en licht betalen en storten de betaling terug. Inburgeraars "
            "krijgen daardoor aanmaningen."
        ),
        "themes": ["Financieel ontzorgen"],
        "recognisers": [
            "deelnemer@example.org",
            "trekker.achterhoek@example.org",
            "trekker.hollandrijnland@example.org",
            "consulent.vlaardingen@example.org",
            "consulent.nieuwegein@example.org",
            "consulent.zeist@example.org",
            "consulent.almelo@example.org",
            "beleid.middelburg@example.org",
        ],
        "raised_days_ago": 240,
        "steps": [
            ("accept", MODERATOR, {}, 3),
            (
                "escalate",
                MODERATOR,
                {
                    "tried": "Gemeenten in Zeeland hebben ieder apart met de "
                    "energiebedrijven gebeld; dat loste het per geval op, niet "
                    "structureel.",
                    "reason": "Het speelt in vier CoP's; VNG kan landelijk met "
                    "de energiebedrijven afspraken maken.",
                    "addressed_to": "#VNG",
                },
                20,
            ),
            (
                "escalate",
                MODERATOR,
                {
                    "tried": "VNG sprak met Energie-Nederland; bedrijven wijzen "
                    "op hun voorwaarden voor betalingen door derden.",
                    "reason": "Er is een regel in de wet of de voorwaarden nodig.",
                    "addressed_to": "#Ministerie van SZW",
                },
                200,
            ),
        ],
    },
    {
        "community": HOLLAND_RIJNLAND,
        "raiser": "trekker.hollandrijnland@example.org",
        "title": "Inkoop van leertrajecten loopt vast",
        "description": (
            "Landelijk zijn er obstakels bij de inkoop van leertrajecten. "
            "Aanbestedingen duren lang en er schrijven weinig taalaanbieders "
            "in, waardoor inburgeraars op een wachtlijst komen."
        ),
        "themes": ["Inkoop leertrajecten"],
        "recognisers": [
            "deelnemer@example.org",
            "trekker.achterhoek@example.org",
            "beleid.lansingerland@example.org",
            "consulent.katwijk@example.org",
        ],
        "raised_days_ago": 280,
        "steps": [
            ("accept", MODERATOR, {}, 2),
            (
                "escalate",
                MODERATOR,
                {
                    "tried": "Regionale inkoop met meerdere gemeenten samen.",
                    "reason": "Meer regio's lopen vast; Divosa en VNG "
                    "verzamelen de inkoopmethoden.",
                    "addressed_to": "#VNG",
                },
                30,
            ),
            (
                "respond",
                MODERATOR,
                {
                    "answer": "VNG en Divosa delen een overzicht van "
                    "inkoopmethoden die werken, met modelbestekken voor "
                    "leertrajecten per leerroute."
                },
                75,
            ),
        ],
    },
    {
        "community": ACHTERHOEK,
        "raiser": "trekker.achterhoek@example.org",
        "title": "Te weinig werkervaringsplekken die passen bij de uren van "
        "het inburgeringstraject",
        "description": (
            "Werkgevers willen wel werkervaringsplekken openstellen, maar "
            "niet voor de uren die naast de lessen overblijven."
        ),
        "themes": ["Werkervaringsplekken"],
        "recognisers": [
            "trekker.zeeland@example.org",
            "consulent.amstelveen@example.org",
            "consulent.bronckhorst@example.org",
        ],
        "raised_days_ago": 200,
        "steps": [
            ("accept", MODERATOR, {}, 5),
            (
                "respond",
                MODERATOR,
                {
                    "answer": "Gemeenten in de Achterhoek maken samen met het "
                    "werkgeversservicepunt afspraken over plekken in deeltijd."
                },
                18,
            ),
            (
                "close",
                MODERATOR,
                {
                    "feedback": "Stem de lestijden af met de taalaanbieder en "
                    "bied werkgevers vaste dagdelen aan; het "
                    "werkgeversservicepunt helpt daarbij."
                },
                30,
            ),
        ],
    },
    {
        "community": ACHTERHOEK,
        "raiser": "trekker.achterhoek@example.org",
        "title": "Vragen over de leerbaarheidstoets en plaatsing in de "
        "verkeerde leerroute",
        "description": (
            "Consulenten zien inburgeraars die na de leerbaarheidstoets in een "
            "leerroute komen die niet bij hen past. Helpt een korte training "
            "vooraf?"
        ),
        "themes": ["Leerbaarheidstoets"],
        "recognisers": [
            "deelnemer@example.org",
            "consulent.hengelo@example.org",
            "consulent.winterswijk@example.org",
        ],
        "steps": [],
        # Raised long ago and never picked up: shows as overdue.
        "raised_days_ago": 45,
    },
    {
        "community": ZEELAND,
        "raiser": "trekker.zeeland@example.org",
        "title": "Trauma en rouw vertragen het inburgeringstraject",
        "description": (
            "Trauma, rouw en verlies zijn grote thema's in het leven van "
            "mensen die gevlucht zijn. De wet beschrijft ze niet, maar ze "
            "kunnen integratie ernstig vertragen."
        ),
        "themes": ["Positieve gezondheid, trauma en rouw"],
        "recognisers": [
            "consulent.vlaardingen@example.org",
            "consulent.oldenzaal@example.org",
        ],
        "raised_days_ago": 20,
        "steps": [("accept", MODERATOR, {"handler": MODERATOR}, 2)],
    },
    {
        "community": RIJNMOND,
        "raiser": "deelnemer@example.org",
        "title": "Ontzorgen geeft stress: betalingen van vaste lasten komen terug",
        "description": (
            "Ook in Rijnmond storten leveranciers betalingen van de gemeente "
            "terug. Het ontzorgen is zo niet zorgvrij."
        ),
        "themes": ["Financieel ontzorgen"],
        "recognisers": ["consulent.goes@example.org"],
        "raised_days_ago": 150,
        "steps": [
            (
                "merge",
                MODERATOR,
                {
                    "target": "@Energiebedrijven weigeren betalingen namens "
                    "inburgeraars",
                    "reason": "Zelfde knelpunt als het signaal uit Zeeland.",
                },
                5,
            )
        ],
    },
    {
        "community": RIJNMOND,
        "raiser": "consulent.vlaardingen@example.org",
        "title": "Hoogte van de bijstandsnorm voor jongeren",
        "description": "Vraag over de hoogte van de bijstandsnorm.",
        "themes": ["Inburgering, Participatie en MAP"],
        "recognisers": [],
        "raised_days_ago": 100,
        "steps": [
            (
                "reject",
                MODERATOR,
                {
                    "reason": "Dit is geen knelpunt van het inburgeringsstelsel; "
                    "de vraag is doorgezet naar het team Inkomen."
                },
                3,
            )
        ],
    },
    {
        "community": RIJNMOND,
        "raiser": "trekker@example.org",
        "title": "Medische ontheffing: lange doorlooptijd van het advies",
        "description": (
            "Aanvragen voor ontheffing bij ziekte of beperking lopen lang. "
            "Inburgeraars blijven in die tijd verplicht tot lessen die ze "
            "niet kunnen volgen."
        ),
        "themes": ["Bijzondere omstandigheden (ontheffing bij ziekte of beperking)"],
        "recognisers": [
            "trekker.zeeland@example.org",
            "consulent.goes@example.org",
            "consulent.montferland@example.org",
            "consulent.diemen@example.org",
        ],
        "raised_days_ago": 200,
        "steps": [
            ("accept", MODERATOR, {}, 3),
            (
                "escalate",
                MODERATOR,
                {
                    "tried": "Met Argonaut een vaste route voor vragen afgesproken.",
                    "reason": "De doorlooptijd ligt bij DUO en Argonaut.",
                    "addressed_to": "#DUO",
                },
                15,
            ),
            (
                "escalate",
                MODERATOR,
                {
                    "tried": "DUO deelde de doorlooptijden; die liggen boven de "
                    "wettelijke termijn.",
                    "reason": "Een aanpassing van de regeling is nodig.",
                    "addressed_to": "#Ministerie van SZW",
                },
                50,
            ),
            (
                "respond",
                PARTNER,
                {
                    "answer": "SZW werkt aan een tijdelijke opschorting van de "
                    "verplichtingen zolang een aanvraag loopt."
                },
                185,
            ),
        ],
    },
    {
        "community": HOLLAND_RIJNLAND,
        "raiser": "trekker.hollandrijnland@example.org",
        "title": "Leertraject start pas maanden na het persoonlijk plan",
        "description": "Tussen het PIP en de start van het leertraject zitten maanden.",
        "themes": ["Inkoop leertrajecten"],
        "recognisers": [],
        "raised_days_ago": 260,
        "steps": [
            ("accept", MODERATOR, {}, 3),
            ("respond", MODERATOR, {"answer": "Plan de intake eerder in."}, 20),
            ("close", MODERATOR, {"feedback": "Plan de intake eerder in."}, 35),
            (
                "reopen",
                MODERATOR,
                {"reason": "Het speelt opnieuw bij de nieuwe aanbesteding."},
                210,
            ),
        ],
    },
    {
        "community": AMSTERDAM,
        "raiser": "consulent.amstelveen@example.org",
        "title": "Werkgevers haken af door wisselende lestijden",
        "description": (
            "Werkgevers willen een inburgeraar graag twee dagen laten werken, "
            "maar de taalaanbieder wijzigt de lesdagen per blok. Werkgevers "
            "kunnen daar geen rooster omheen maken en trekken de plek in."
        ),
        "themes": ["Werkervaringsplekken"],
        "recognisers": [
            "trekker@example.org",
            "consulent.berkelland@example.org",
        ],
        "raised_days_ago": 120,
        "steps": [
            ("accept", MODERATOR, {}, 2),
            (
                "respond",
                MODERATOR,
                {
                    "answer": "Spreek in het contract met de taalaanbieder vaste "
                    "lesdagen per groep af. ROC van Amsterdam doet dat al; het "
                    "werkgeversservicepunt plant de plekken op de andere dagen."
                },
                16,
            ),
            (
                "close",
                MODERATOR,
                {
                    "feedback": "Vaste lesdagen per groep, in het PIP de dagen "
                    "waarop iemand kan werken, en één aanspreekpunt voor de "
                    "werkgever. Zie de goede praktijk van de CoP Groot Amsterdam."
                },
                24,
            ),
        ],
    },
    {
        "community": TWENTE,
        "raiser": "consulent.almelo@example.org",
        "title": "Tolken ontbreken bij de brede intake",
        "description": (
            "Voor de brede intake is niet altijd een tolk beschikbaar in de "
            "talen die nodig zijn. Gesprekken worden uitgesteld of gevoerd met "
            "een familielid als tolk, wat het gesprek over gezondheid en geld "
            "lastig maakt."
        ),
        "themes": ["Positieve gezondheid, trauma en rouw"],
        "recognisers": [
            "consulent.vlissingen@example.org",
            "consulent.capelle@example.org",
            "consulent.teylingen@example.org",
        ],
        "raised_days_ago": 90,
        "steps": [
            ("accept", MODERATOR, {}, 3),
            (
                "escalate",
                MODERATOR,
                {
                    "tried": "Gemeenten in Twente delen hun tolkencontracten en "
                    "plannen gesprekken met een tolk op afstand.",
                    "reason": "Het tekort speelt in vier regio's; VNG kan "
                    "landelijk afspraken maken met tolkenbureaus.",
                    "addressed_to": "#VNG",
                },
                21,
            ),
        ],
    },
    {
        "community": UTRECHT,
        "raiser": "consulent.nieuwegein@example.org",
        "title": "PIP gaat niet mee bij verhuizing naar een andere gemeente",
        "description": (
            "Als een inburgeraar verhuist, weet de nieuwe gemeente vaak niet "
            "dat er een PIP is en wat erin staat. Het traject staat weken stil "
            "en de brede intake wordt soms opnieuw gedaan."
        ),
        "themes": ["Regievoering en spontane naleving"],
        "recognisers": [
            "consulent.ridderkerk@example.org",
            "consulent.terneuzen@example.org",
            "consulent.oudeijsselstreek@example.org",
        ],
        "raised_days_ago": 150,
        "steps": [
            ("accept", MODERATOR, {}, 2),
            (
                "escalate",
                MODERATOR,
                {
                    "tried": "De gemeenten in Midden-Utrecht dragen het PIP "
                    "onderling over met toestemming van de inburgeraar; buiten "
                    "de regio lukt dat niet.",
                    "reason": "DUO ziet een verhuizing als eerste en kan beide "
                    "gemeenten op de hoogte brengen.",
                    "addressed_to": "#DUO",
                },
                12,
            ),
            (
                "respond",
                PARTNER_DUO,
                {
                    "answer": "DUO meldt een verhuizing van een inburgeraar "
                    "voortaan aan de oude en de nieuwe gemeente. De oude "
                    "gemeente draagt het PIP over, met toestemming van de "
                    "inburgeraar; de nieuwe neemt de regie over."
                },
                40,
            ),
            (
                "close",
                MODERATOR,
                {
                    "feedback": "Na een melding van DUO neemt de nieuwe gemeente "
                    "binnen twee weken contact op met de oude en vraagt het PIP "
                    "op. Een nieuwe brede intake is niet nodig; het PIP wordt "
                    "zo nodig bijgesteld."
                },
                52,
            ),
        ],
    },
]

# Closed signals whose answer became a kennisproduct: (title, the status the
# product reaches, days ago its last step was).
ANSWER_PRODUCTS = [
    (
        "Te weinig werkervaringsplekken die passen bij de uren van het "
        "inburgeringstraject",
        "gepubliceerd",
        150,
    ),
    ("PIP gaat niet mee bij verhuizing naar een andere gemeente", "concept", 5),
]

# More signals over the year, shorter: (CoP, raiser, title, description,
# theme, the answer and feedback if it gets them). Each follows one of the
# COURSES below, as far as its age allows.
MORE_SIGNALS = [
    (
        RIJNMOND,
        "deelnemer@example.org",
        "Wachttijd voor de intake bij de taalaanbieder",
        "Na de brede intake duurt het weken voordat de taalaanbieder een "
        "eigen intake plant.",
        "Inkoop leertrajecten",
        {
            "answer": "Albeda en NL-Training plannen hun intake voortaan in de "
            "week na het PIP; de gemeente stuurt het PIP direct door.",
            "feedback": "Stuur het PIP met toestemming van de inburgeraar "
            "direct naar de taalaanbieder en spreek een intake binnen een week "
            "af.",
        },
    ),
    (
        ZEELAND,
        "consulent.goes@example.org",
        "Zorgverzekering niet op tijd geregeld bij ontzorgen",
        "De aanmelding bij de zorgverzekeraar loopt achter op de start van "
        "het ontzorgen.",
        "Financieel ontzorgen",
        {
            "answer": "VNG bespreekt met de zorgverzekeraars een snellere "
            "aanmelding via de collectieve verzekering van gemeenten.",
            "feedback": "Meld de inburgeraar aan bij de collectieve verzekering "
            "van de gemeente in de week van de huisvesting.",
        },
    ),
    (
        HOLLAND_RIJNLAND,
        "trekker.hollandrijnland@example.org",
        "Werkgevers kennen de duale route niet",
        "Werkgevers weten niet dat taalles en werk samen kunnen.",
        "Werkervaringsplekken",
        {},
    ),
    (
        ACHTERHOEK,
        "consulent.berkelland@example.org",
        "Vervoer naar lessen in kleine kernen",
        "In kleine kernen is er geen openbaar vervoer dat op tijd bij de les is.",
        "Inkoop leertrajecten",
        {},
    ),
    (
        RIJNMOND,
        "consulent.vlaardingen@example.org",
        "Onduidelijk wie de regie heeft na verhuizing",
        "Bij verhuizing naar een andere gemeente is niet duidelijk welke "
        "gemeente het plan afmaakt.",
        "Regievoering en spontane naleving",
        {},
    ),
    (
        ZEELAND,
        "trekker.zeeland@example.org",
        "Te weinig aanbod voor traumabehandeling in de regio",
        "Wachtlijsten voor traumabehandeling zijn lang; het traject staat stil.",
        "Positieve gezondheid, trauma en rouw",
        {},
    ),
    (
        TWENTE,
        "consulent.hengelo@example.org",
        "Examens bij DUO ver weg voor wie geen auto heeft",
        "Inburgeraars reizen uren naar een examenlocatie; wie met de bus "
        "komt, is te laat of moe.",
        "Leerbaarheidstoets",
        {
            "answer": "DUO plant examens in Twente voortaan vaker op een "
            "locatie in Enschede en op tijden die met het openbaar vervoer te "
            "halen zijn.",
            "feedback": "Geef examendata door zodra ze bekend zijn en help met "
            "de reis; DUO plant vaker examens in Enschede.",
        },
    ),
    (
        RIJNMOND,
        "taal@example.org",
        "Toetsmomenten sluiten niet aan op de lesroosters",
        "De examens vallen in periodes waarin de lessen nog lopen.",
        "Leerbaarheidstoets",
        {
            "answer": "De taalaanbieders stemmen hun blokken af op de "
            "examenperiodes die DUO vooraf bekendmaakt.",
            "feedback": "Taalaanbieders plannen de laatste lesweek voor de "
            "examenperiode; de gemeente deelt de planning met de inburgeraar.",
        },
    ),
    (
        HOLLAND_RIJNLAND,
        "beleid.alphen@example.org",
        "MAP wordt laat ingepland",
        "De module arbeidsmarkt en participatie komt pas aan het eind van het traject.",
        "Inburgering, Participatie en MAP",
        {
            "answer": "VNG neemt het op in het landelijk overleg over de MAP.",
            "feedback": "Plan de MAP in de eerste zes maanden, tegelijk met de "
            "eerste werkervaringsplek.",
        },
    ),
    (
        ACHTERHOEK,
        "consulent.aalten@example.org",
        "Ontheffingsaanvragen blijven liggen bij ziekte",
        "Aanvragen bij langdurige ziekte worden laat ingediend omdat "
        "consulenten de route niet kennen.",
        "Bijzondere omstandigheden (ontheffing bij ziekte of beperking)",
        {},
    ),
    (
        ZEELAND,
        "consulent.vlissingen@example.org",
        "Handhaving voelt als straf bij spontane naleving",
        "Een boete na een gemiste les zet de samenwerking onder druk.",
        "Regievoering en spontane naleving",
        {},
    ),
    (
        AMSTERDAM,
        "consulent.diemen@example.org",
        "Werkervaringsplekken vallen weg in de zomer",
        "In de zomermaanden sluiten werkgevers hun plekken voor nieuwe mensen.",
        "Werkervaringsplekken",
        {},
    ),
    (
        UTRECHT,
        "consulent.zeist@example.org",
        "Eigen bijdrage kinderopvang houdt lessen tegen",
        "Ouders volgen geen les omdat de opvang niet betaald kan worden.",
        "Financieel ontzorgen",
        {},
    ),
    (
        ACHTERHOEK,
        "consulent.montferland@example.org",
        "Leerbaarheidstoets in de eigen taal niet beschikbaar",
        "Voor enkele talen is de uitleg bij de toets niet beschikbaar; dat "
        "vertraagt de plaatsing.",
        "Leerbaarheidstoets",
        {
            "answer": "De gemeente zet een tolk of een sleutelpersoon in bij "
            "de uitleg vooraf.",
            "feedback": "Leg de toets vooraf uit met een tolk of sleutelpersoon; "
            "zie het verslag van de pilot in de Achterhoek.",
        },
    ),
    (
        RIJNMOND,
        "consulent.capelle@example.org",
        "Participatieverklaring en MAP dubbel ingepland",
        "Onderdelen van het participatieverklaringstraject en de MAP overlappen.",
        "Inburgering, Participatie en MAP",
        {
            "answer": "VNG werkt aan een voorbeeldprogramma waarin PVT en MAP "
            "op elkaar aansluiten.",
            "feedback": "Laat één aanbieder PVT en MAP samen plannen, zodat "
            "onderwerpen niet dubbel aan bod komen.",
        },
    ),
    (
        ZEELAND,
        "consulent.schouwen@example.org",
        "Rouw na verlies van familie in het land van herkomst",
        "Nieuws uit het land van herkomst maakt dat lessen weken stilvallen.",
        "Positieve gezondheid, trauma en rouw",
        {},
    ),
    (
        HOLLAND_RIJNLAND,
        "consulent.leiderdorp@example.org",
        "Aanbesteding levert te weinig inschrijvingen op",
        "Op de laatste aanbesteding schreef maar één taalaanbieder in.",
        "Inkoop leertrajecten",
        {},
    ),
    (
        TWENTE,
        "consulent.oldenzaal@example.org",
        "Werkgevers vragen om ondersteuning op de werkvloer",
        "Werkgevers willen een vast aanspreekpunt bij vragen op de werkvloer.",
        "Werkervaringsplekken",
        {},
    ),
    (
        UTRECHT,
        "consulent.houten@example.org",
        "Vaste lasten lopen door na einde ontzorgen",
        "Na zes maanden ontzorgen ontbreekt een warme overdracht naar de "
        "eigen betaling.",
        "Financieel ontzorgen",
        {},
    ),
    (
        ZEELAND,
        "consulent.terneuzen@example.org",
        "Medisch advies komt pas na maanden terug",
        "Het advies over een ontheffing laat maanden op zich wachten.",
        "Bijzondere omstandigheden (ontheffing bij ziekte of beperking)",
        {},
    ),
    (
        AMSTERDAM,
        "consulent.haarlemmermeer@example.org",
        "Voortgangsgesprekken worden overgeslagen",
        "Door drukte vallen de voortgangsgesprekken van het plan weg.",
        "Regievoering en spontane naleving",
        {
            "answer": "De gemeenten plannen het voortgangsgesprek bij het "
            "opstellen van het PIP meteen in.",
            "feedback": "Plan het eerste voortgangsgesprek al in bij het PIP, "
            "na drie maanden, en daarna elk half jaar.",
        },
    ),
    (
        ACHTERHOEK,
        "consulent.oostgelre@example.org",
        "Onvoldoende plekken in de Z-route",
        "Er zijn in de regio te weinig plekken in de zelfredzaamheidsroute.",
        "Inkoop leertrajecten",
        {
            "answer": "VNG verzamelt hoe regio's de Z-route inkopen en deelt "
            "de voorbeelden.",
            "feedback": "Koop de Z-route als apart perceel in, samen met "
            "buurgemeenten.",
        },
    ),
    (
        RIJNMOND,
        "consulent.krimpen@example.org",
        "Digitale vaardigheden ontbreken voor online lessen",
        "Online lessen werken niet voor wie geen laptop heeft of er niet mee "
        "kan werken.",
        "Inburgering, Participatie en MAP",
        {},
    ),
    (
        ZEELAND,
        "consulent.veere@example.org",
        "Stress door schulden remt het leren",
        "Schulden uit de eerste maanden maken dat lessen weinig opleveren.",
        "Positieve gezondheid, trauma en rouw",
        {},
    ),
    (
        TWENTE,
        "trekker.twente@example.org",
        "Niveau na de leerbaarheidstoets te hoog ingeschat",
        "Een deel van de groep haalt het niveau van de gekozen route niet.",
        "Leerbaarheidstoets",
        {},
    ),
    (
        UTRECHT,
        "trekker.utrecht@example.org",
        "Betalingen aan de woningcorporatie dubbel bij start ontzorgen",
        "In de eerste maand betalen gemeente en inburgeraar allebei de huur.",
        "Financieel ontzorgen",
        {},
    ),
    (
        RIJNMOND,
        "consulent.barendrecht@example.org",
        "Brede intake begint voordat de gegevens van het COA er zijn",
        "De gegevens uit de opvang komen pas na het eerste gesprek binnen.",
        "Regievoering en spontane naleving",
        {
            "answer": "DUO en COA zetten de gegevens eerder klaar; de gemeente "
            "vraagt ze op bij de koppeling aan de woning.",
            "feedback": "Vraag de gegevens van het COA op zodra de koppeling "
            "aan een woning bekend is.",
        },
    ),
    (
        AMSTERDAM,
        "trekker.amsterdam@example.org",
        "Hoogopgeleide statushouders in de verkeerde route",
        "Wie een diploma heeft, komt soms in de B1-route terwijl de "
        "onderwijsroute beter past.",
        "Leerbaarheidstoets",
        {},
    ),
]

# How a signal moves on: (transition, arguments, days after raising, and
# who, if not the moderator). A step whose day has not come yet is not
# taken, so a recent signal stays further back. A signal's own answer and
# feedback (MORE_SIGNALS) replace the course's.
_ESCALATE = {
    "tried": "De gemeenten in de CoP zochten samen met hun partners een "
    "oplossing; die ligt niet binnen hun bereik.",
    "reason": "Het speelt in meer regio's en vraagt een landelijke afspraak.",
}
COURSES = [
    [
        ("accept", {}, 2),
        (
            "respond",
            {"answer": "Bespreek het in de CoP; een aanpak staat in het antwoord."},
            14,
        ),
        ("close", {"feedback": "De aanpak is gedeeld met de gemeenten."}, 25),
    ],
    [
        ("accept", {}, 3),
        ("escalate", {**_ESCALATE, "addressed_to": "#VNG"}, 12),
        ("respond", {"answer": "VNG neemt het op in het landelijk overleg."}, 40),
        ("close", {"feedback": "Het antwoord is teruggekoppeld aan de CoP."}, 55),
    ],
    [
        ("accept", {}, 1),
        # Answered after its term: the dashboard counts it as late.
        ("respond", {"answer": "De gemeente past haar werkwijze aan."}, 45),
    ],
    [
        ("accept", {}, 4),
        ("escalate", {**_ESCALATE, "addressed_to": "#DUO"}, 10),
    ],
    [
        ("accept", {}, 2),
        ("reject", {"reason": "Dit is geen knelpunt van het stelsel."}, 6),
    ],
    [],
    [
        ("accept", {}, 2),
        ("escalate", {**_ESCALATE, "addressed_to": "#DUO"}, 9),
        # DUO's ketenpartner answers what is addressed to DUO.
        ("respond", {"answer": "DUO past de werkwijze aan."}, 30, PARTNER_DUO),
        ("close", {"feedback": "Het antwoord van DUO is gedeeld."}, 44),
    ],
]


def _resolve(value, *, users, organisations):
    if isinstance(value, str) and value.startswith("#"):
        return organisations[value[1:]]
    if isinstance(value, str) and value.startswith("@"):
        return Signal.objects.get(title=value[1:])
    if isinstance(value, str) and value.endswith("@example.org"):
        return users[value]
    return value


def _recognisers(index: int, community: str, raiser: str) -> list[str]:
    """Up to three members of other CoP's mark a signal "speelt bij ons
    ook", chosen in turn (none for every fourth signal)."""
    others = [
        email
        for data in COMMUNITIES
        if data["name"] != community
        for email, _role in data["members"]
        if email != raiser
    ]
    return list(
        dict.fromkeys(
            others[(index * 7 + step * 11) % len(others)] for step in range(index % 4)
        )
    )


def _more_signals() -> list[dict]:
    """MORE_SIGNALS as SIGNALS entries, raised every eleven days or so over
    the last year, each on one of the COURSES in turn."""
    signals = []
    for index, (community, raiser, title, description, theme, texts) in enumerate(
        MORE_SIGNALS
    ):
        raised_days_ago = 8 + index * 11
        steps = [
            (
                step[0],
                step[3] if len(step) > 3 else MODERATOR,
                {
                    key: texts.get(key, value)
                    if key in ("answer", "feedback")
                    else value
                    for key, value in step[1].items()
                },
                step[2],
            )
            for step in COURSES[index % len(COURSES)]
            if step[2] < raised_days_ago
        ]
        signals.append(
            {
                "community": community,
                "raiser": raiser,
                "title": title,
                "description": description,
                "themes": [theme],
                "recognisers": _recognisers(index, community, raiser),
                "raised_days_ago": raised_days_ago,
                "steps": steps,
            }
        )
    return signals


def load_signals_demo(*, communities, users, themes, organisations, **_rest) -> int:
    """Create the demo signals that do not exist yet; returns how many."""
    created = 0
    now = timezone.now()
    for data in [*SIGNALS, *_more_signals()]:
        community = communities[data["community"]]
        if Signal.objects.filter(community=community, title=data["title"]).exists():
            continue
        # Raised in the past through the services, so each event, level
        # entry and due date agrees with the date it shows.
        raised_at = now - datetime.timedelta(days=data["raised_days_ago"])
        signal = services.signal_submit(
            actor=users[data["raiser"]],
            community=community,
            title=data["title"],
            description=data["description"],
            themes=[themes[name] for name in data["themes"]],
            raised_at=raised_at,
        )
        for number, email in enumerate(data["recognisers"], start=1):
            recognition = services.recognition_add(actor=users[email], signal=signal)
            # Recognised in the days after it was raised, not today.
            recognition.created_at = min(
                raised_at + datetime.timedelta(days=number, hours=3), now
            )
            recognition.save(update_fields=["created_at"])
        for name, actor, arguments, days in data["steps"]:
            resolved = {
                key: _resolve(value, users=users, organisations=organisations)
                for key, value in arguments.items()
            }
            if name in {"respond", "close"}:
                # Demo accounts have example.org addresses: send no e-mail.
                resolved["notify"] = False
            getattr(services, f"signal_{name}")(
                actor=users[actor],
                signal=signal,
                at=raised_at + datetime.timedelta(days=days, hours=2),
                **resolved,
            )
        created += 1
    return created


def make_answer_products(*, users) -> list[tuple]:
    """The answers of ANSWER_PRODUCTS made into a concept "antwoord op
    signaal" by the moderator, as on the site, if they have none yet.
    Returns (product, status to reach, days ago) for each new concept: the
    knowledge demo takes it further (knowledge.demo.advance)."""
    made = []
    for title, status, days_ago in ANSWER_PRODUCTS:
        signal = Signal.objects.filter(title=title).first()
        if signal is None or not services.answer_can_become_product(signal):
            continue
        product = services.signal_to_knowledge_product(
            actor=users[MODERATOR], signal=signal
        )
        made.append((product, status, days_ago))
    return made
