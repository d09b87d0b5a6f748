"""What the demo's attachments say: the two infographics (drawn as PNG) and
the handreiking (printed as PDF) by scripts/draw_demo_assets.py, and read by
knowledge/demo.py for the products' text and the images' text alternatives.
Plain data without Django, so the drawing script needs no database; one
source, so the picture, its text alternative and the product's body say the
same thing."""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent

ONTHEFFING = {
    "file": "ontheffing-bij-ziekte-of-beperking.png",
    "title": "Ontheffing inburgeringsverplichtingen bij ziekte of beperking",
    "subtitle": "In vijf stappen: wie doet wat?",
    "steps": [
        (
            "Signaleren",
            "De consulent bespreekt ziekte of beperking al bij de brede intake "
            "en in elk voortgangsgesprek.",
        ),
        (
            "Samen voorbereiden",
            "Gemeente en inburgeraar leggen in het PIP vast wat al geprobeerd "
            "is en wat niet lukt.",
        ),
        (
            "Aanvragen bij DUO",
            "De inburgeraar vraagt de ontheffing aan bij DUO. De gemeente helpt "
            "met het formulier.",
        ),
        (
            "Onderzoek door Argonaut",
            "Argonaut onderzoekt onafhankelijk en adviseert DUO: volledige, "
            "gedeeltelijke of geen ontheffing.",
        ),
        (
            "Besluit en vervolg",
            "DUO besluit. De gemeente past het PIP aan en houdt de regie, ook "
            "na een afwijzing.",
        ),
    ],
    "footer": "CoP Inburgering – Rijnmond, samen met Argonaut",
    # At most 300 characters (Attachment.alt_text): the steps in brief; the
    # product's body has them in full.
    "alt_text": (
        "Infographic in vijf stappen. 1 Signaleren: de consulent bespreekt "
        "ziekte of beperking vroeg. 2 Samen voorbereiden: in het PIP vastleggen "
        "wat al geprobeerd is. 3 Aanvragen bij DUO, met hulp van de gemeente. "
        "4 Argonaut onderzoekt en adviseert DUO. 5 DUO besluit; de gemeente "
        "past het PIP aan."
    ),
}

DRIETRAPSRAKET = {
    "file": "drietrapsraket.png",
    "title": "De drietrapsraket",
    "subtitle": "Zo pakt de CoP een knelpunt uit de uitvoering aan",
    "steps": [
        (
            "Wat kan de gemeente zelf?",
            "Zoek in de eigen organisatie uit wat de kaders van de Wi2021 zijn "
            "en wat je zelf kunt doen.",
        ),
        (
            "Wat lukt samen met een partner?",
            "Bespreek het met de partners in de uitvoering: taalaanbieder, "
            "VluchtelingenWerk, COA.",
        ),
        (
            "Welke andere partij helpt verder?",
            "Leg een gerichte vraag voor aan DUO, Argonaut of SZW, via Divosa.",
        ),
    ],
    "footer": "Tip: schakel pas een ketenpartner in als stap 1 is uitgezocht.",
    "alt_text": (
        "Infographic in drie stappen. 1 Wat kan de gemeente zelf? Zoek de "
        "kaders van de Wi2021 uit. 2 Wat lukt samen met een partner in de "
        "uitvoering? 3 Welke andere partij, zoals DUO, Argonaut of SZW, helpt "
        "verder? Tip: schakel pas een ketenpartner in als stap 1 is uitgezocht."
    ),
}

INFOGRAPHICS = [ONTHEFFING, DRIETRAPSRAKET]

# The handreiking of the CoP Achterhoek, printed on A4 as the PDF attachment:
# (heading, paragraphs). The product's body is its summary.
BREDE_INTAKE = {
    "file": "handreiking-brede-intake-en-pip.pdf",
    "title": "Handreiking brede intake en persoonlijk plan (PIP)",
    "subtitle": "Wat de acht Achterhoekse gemeenten leerden in hun pilot",
    "sections": [
        (
            "Waarom deze handreiking",
            [
                "De brede intake is het begin van het inburgeringstraject. Wat de "
                "gemeente daar hoort, bepaalt de leerroute, de MAP en de begeleiding "
                "in het persoonlijk plan inburgering en participatie (PIP). In de "
                "pilot 'Brede intake en PIP' werkten de consulenten van Aalten, "
                "Berkelland, Bronckhorst, Doetinchem, Montferland, Oost Gelre, Oude "
                "IJsselstreek en Winterswijk een jaar lang met dezelfde werkwijze. "
                "Deze handreiking zet op een rij wat werkte.",
                "Ze is geschreven voor consulenten en teamleiders. Ze vervangt de "
                "regels van de Wet inburgering 2021 niet, maar laat zien hoe je "
                "binnen die regels ruimte maakt voor het verhaal van de inburgeraar.",
            ],
        ),
        (
            "1. Voorbereiden",
            [
                "Vraag de gegevens van het COA op voordat de inburgeraar in de "
                "gemeente woont. Plan het eerste gesprek binnen vier weken na de "
                "huisvesting, met een tolk als dat nodig is. Nodig VluchtelingenWerk "
                "uit voor het deel over wonen, geld en gezondheid.",
                "Leg vooraf uit waarom de gemeente zoveel vraagt: het plan wordt "
                "beter als het past bij wat iemand kan en wil.",
            ],
        ),
        (
            "2. De gesprekken",
            [
                "Verdeel de brede intake over twee of drie gesprekken. In het eerste "
                "gaat het om de situatie thuis, gezondheid en geld; in het tweede om "
                "opleiding, werkervaring en ambities; in het derde om de uitkomst "
                "van de leerbaarheidstoets en de keuze van de leerroute.",
                "Vraag door op gezondheid. Signalen van ziekte, trauma of een "
                "beperking horen in het dossier, zodat een ontheffing of een "
                "aangepast traject op tijd besproken kan worden.",
            ],
        ),
        (
            "3. De leerbaarheidstoets",
            [
                "Leg uit wat de toets meet en dat het geen examen is. In de pilot "
                "kregen inburgeraars een korte oefensessie op de computer vooraf. "
                "Wie nooit met een muis werkte, scoort anders lager dan past bij "
                "wat hij kan leren.",
                "Bespreek de uitkomst in het volgende gesprek, samen met wat je "
                "verder weet. De toets is één bouwsteen voor de keuze tussen "
                "B1-route, onderwijsroute en Z-route, niet de enige.",
            ],
        ),
        (
            "4. Het PIP opstellen",
            [
                "Schrijf het plan in taal die de inburgeraar begrijpt en laat het "
                "hem in eigen woorden navertellen. Noem per onderdeel wie wat doet "
                "en wanneer: leerroute, MAP, participatieverklaringstraject, "
                "ontzorgen en begeleiding.",
                "Neem een doel op dat de inburgeraar zelf kiest. Dat maakt hem "
                "eigenaar van zijn traject, en het helpt bij de voortgangsgesprekken.",
            ],
        ),
        (
            "5. Voortgang en bijstellen",
            [
                "Plan een voortgangsgesprek na drie maanden en daarna elk half jaar. "
                "Vraag de taalaanbieder vooraf om de stand van zaken. Stel het PIP "
                "bij als de leerroute niet past: een nieuwe beschikking is minder "
                "werk dan een traject dat vastloopt.",
            ],
        ),
        (
            "Wat de pilot opleverde",
            [
                "Minder wisselingen van leerroute na de eerste zes maanden, en "
                "inburgeraars die beter wisten waarom ze in hun route zaten. De "
                "gemeenten delen sindsdien één intakeformulier en bespreken lastige "
                "casussen in de CoP.",
            ],
        ),
    ],
    "footer": "CoP Inburgering – Achterhoek",
}
