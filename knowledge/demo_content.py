"""The demo's kennisproducten: what the CoP's of the seed texts made, of
every kind, over the themes of the seeds. Data only; knowledge/demo.py takes
each through the workflow. Invented people, real organisations and places;
nothing here is about a person.

Each product: title, kind, source CoP, the status it reaches, when its last
step was (days ago), themes, tags, sessions (titles of the CoP's sessions),
summary and body (Markdown); optionally scope, visibility, the questions of
a Q&A as (theme, question, answer), attachments as the demo_assets entry
with its title, the reviewer of the expertgroep, the comment asking for
changes and the reason it was archived."""

from communities.demo import (
    ACHTERHOEK,
    AMSTERDAM,
    GEZONDHEID,
    HOLLAND_RIJNLAND,
    INKOOP,
    MAP,
    ONTHEFFING,
    ONTZORGEN,
    REGIE,
    RIJNMOND,
    TOETS,
    TWENTE,
    UTRECHT,
    WERK,
    ZEELAND,
)

from . import demo_assets
from .models import KnowledgeProduct, Status

Kind = KnowledgeProduct.Kind
MEMBERS = KnowledgeProduct.Visibility.MEMBERS
REGIONAL = KnowledgeProduct.Scope.REGIONAL


def _steps(data: dict) -> str:
    return "\n".join(
        f"{number}. **{heading}**: {text}"
        for number, (heading, text) in enumerate(data["steps"], start=1)
    )


WET_QUESTIONS = [
    (
        TOETS,
        "Wat meet de leerbaarheidstoets?",
        "Hoe snel iemand een nieuwe taal kan leren: het vermogen om klanken, "
        "woorden en regels op te pikken, los van de talen die iemand al "
        "spreekt. De toets meet geen kennis van het Nederlands en is geen "
        "examen.\n\n"
        "De uitkomst is één bouwsteen voor de keuze van de leerroute in het "
        "persoonlijk plan inburgering en participatie (PIP), naast opleiding, "
        "werkervaring, gezondheid en wat de inburgeraar zelf wil. De CoP's "
        "raden aan de uitkomst altijd in een gesprek te bespreken.",
    ),
    (
        TOETS,
        "Kan een inburgeraar zich voorbereiden op de leerbaarheidstoets?",
        "Inhoudelijk niet: de toets meet aanleg, geen kennis. Wel helpt het "
        "om vooraf uit te leggen wat de toets is en waarom hij er is, en om te "
        "oefenen met de computer. Wie nooit met een muis werkte, scoort anders "
        "lager dan past bij wat hij kan leren.\n\n"
        "De CoP Achterhoek onderzoekt in een pilot of een korte training van "
        "een uur het aantal wisselingen van leerroute verkleint. De eerste "
        "ervaringen staan in het verslag van die sessie.",
    ),
    (
        TOETS,
        "Wat als de leerroute na een paar maanden niet blijkt te passen?",
        "Dan past de gemeente het PIP aan: de gemeente kiest de route en kan "
        "die met een nieuwe beschikking wijzigen. Vraag de taalaanbieder om "
        "een onderbouwing en bespreek de wissel met de inburgeraar.\n\n"
        "Let op de termijn: de tijd die al voorbij is, telt mee in de "
        "inburgeringstermijn. Wissel dus liever na drie maanden dan na een "
        "jaar.",
    ),
    (
        ONTZORGEN,
        "Welke vaste lasten betaalt de gemeente bij het ontzorgen?",
        "De eerste zes maanden van de bijstandsuitkering betaalt de gemeente "
        "in elk geval de huur, de energiekosten en de premie van de "
        "zorgverzekering namens de asielstatushouder. Gemeenten mogen meer "
        "lasten meenemen, zoals water of de verzekeringen van de woning, en "
        "het ontzorgen langer laten duren als dat nodig is.\n\n"
        "Daarnaast biedt de gemeente begeleiding om daarna zelf te betalen. "
        "Zie ook de Q&A financieel ontzorgen van de CoP Zeeland.",
    ),
    (
        ONTZORGEN,
        "Wat als een energieleverancier de betaling door de gemeente weigert?",
        "Dit speelt in meer CoP's: sommige leveranciers willen geen betaling "
        "van een derde en storten het geld terug. De inburgeraar krijgt dan "
        "een aanmaning voor een rekening die de gemeente al betaalde.\n\n"
        "Wat helpt in de tussentijd:\n\n"
        "- één vast aanspreekpunt bij de leverancier, dat de gemeente kent;\n"
        "- de betaling via de inburgeraar laten lopen met een machtiging, "
        "waar dat kan;\n"
        "- de inburgeraar uitleggen wat een aanmaning betekent en wat hij "
        "ermee moet doen.\n\n"
        "Het knelpunt is als signaal aan Divosa doorgegeven en ligt nu op "
        "stelselniveau.",
    ),
    (
        ONTZORGEN,
        "Krijgen gezinsmigranten ook ontzorging?",
        "Nee. Het financieel ontzorgen geldt voor asielstatushouders met een "
        "bijstandsuitkering. Gezinsmigranten regelen en betalen hun "
        "inburgering zelf; de gemeente doet wel de brede intake en stelt het "
        "PIP op, en biedt de MAP en het participatieverklaringstraject aan.",
    ),
    (
        MAP,
        "Wanneer volgt een inburgeraar de MAP?",
        "De module arbeidsmarkt en participatie hoort bij de "
        "inburgeringsplicht en start het liefst vroeg, in de eerste maanden. "
        "Dan helpt ze bij de keuze van werk of opleiding en kan ze "
        "samenvallen met een werkervaringsplek.\n\n"
        "De CoP Rijnmond hoorde van werkgevers en onderzoekers dat de MAP "
        "het meest oplevert als ze aansluit bij eerdere werkervaring.",
    ),
    (
        MAP,
        "Hoe verhouden inburgering en de Participatiewet zich?",
        "Ze lopen naast elkaar. De inburgeringsplicht (leerroute, MAP, "
        "participatieverklaringstraject) staat in het PIP; de afspraken over "
        "werk en re-integratie komen uit de Participatiewet. Veel gemeenten "
        "nemen ze samen op in één plan, met één consulent als "
        "aanspreekpunt.\n\n"
        "Let op dat de uren samen haalbaar blijven: taalles, werk en "
        "re-integratie tellen op.",
    ),
    (
        MAP,
        "Wat is het participatieverklaringstraject?",
        "Een traject waarin de inburgeraar kennismaakt met de kernwaarden van "
        "de Nederlandse samenleving, zoals vrijheid, gelijkwaardigheid en "
        "solidariteit, en de participatieverklaring ondertekent. De gemeente "
        "biedt het aan; het hoort bij de inburgeringsplicht.",
    ),
    (
        ONTHEFFING,
        "Wie adviseert DUO over een medische ontheffing?",
        "Argonaut. Argonaut onderzoekt de inburgeraar onafhankelijk en "
        "adviseert DUO; DUO besluit. De gemeente helpt de inburgeraar met de "
        "aanvraag en past daarna het PIP aan. De infographic van de CoP "
        "Rijnmond zet de stappen op een rij.",
    ),
    (
        ONTHEFFING,
        "Kan een ontheffing ook gedeeltelijk zijn?",
        "Ja. Argonaut kan adviseren om iemand voor een deel van de "
        "verplichtingen te ontheffen, bijvoorbeeld voor het examen maar niet "
        "voor de lessen. Veel consulenten wisten dat niet, bleek in de CoP "
        "Rijnmond. Bespreek met de inburgeraar wat wel lukt.",
    ),
    (
        REGIE,
        "Wie handhaaft wat in de Wi2021?",
        "De gemeente kan een boete opleggen als iemand niet meewerkt aan de "
        "brede intake, het PIP, de MAP of het participatieverklaringstraject. "
        "DUO bewaakt de inburgeringstermijn en de examens.\n\n"
        "De CoP's zetten eerst in op spontane naleving: uitleg, een gesprek "
        "na verzuim, en een plan dat de inburgeraar zelf onderschrijft. "
        "Handhaving is het laatste middel.",
    ),
    (
        REGIE,
        "Welke gemeente heeft de regie na een verhuizing?",
        "De gemeente waar de inburgeraar nu woont. Zij neemt het traject over "
        "en maakt zo nodig een nieuw PIP. In de praktijk loopt de overdracht "
        "niet altijd goed; de CoP Midden-Utrecht werkt aan afspraken tussen "
        "gemeenten over wat er bij een verhuizing meegaat.",
    ),
    (
        INKOOP,
        "Moet een gemeente leertrajecten aanbesteden?",
        "Meestal wel: leertrajecten zijn een opdracht voor een dienst, en "
        "boven de drempelwaarde gelden de regels voor aanbesteden. Veel "
        "regio's kopen samen in. Holland Rijnland leerde dat percelen per "
        "leerroute meer taalaanbieders laten meedoen dan één groot perceel.",
    ),
    (
        WERK,
        "Mag een inburgeraar werken naast de taalles?",
        "Ja, en dat wordt aangeraden: werk helpt bij het leren van de taal. "
        "Het PIP moet wel haalbaar blijven. Spreek met de taalaanbieder vaste "
        "lesdagen af, zodat een werkgever om die dagen heen kan plannen.",
    ),
]

ONTHEFFING_QUESTIONS = [
    (
        ONTHEFFING,
        "Wanneer komt een medische ontheffing in beeld?",
        "Als een inburgeraar door langdurige ziekte of een beperking niet aan "
        "de verplichtingen kan voldoen, ook niet met aanpassingen. Denk aan "
        "een ernstige psychische aandoening, een verstandelijke beperking of "
        "een ziekte die langer dan een jaar duurt.\n\n"
        "Een tijdelijke ziekte is geen reden voor ontheffing; dan past de "
        "gemeente het tempo van het traject aan.",
    ),
    (
        ONTHEFFING,
        "Wie vraagt de ontheffing aan?",
        "De inburgeraar, bij DUO. De gemeente helpt daarbij: met het "
        "formulier, met uitleg over wat er gebeurt en met de informatie uit "
        "het PIP over wat al geprobeerd is. Een consulent kan de aanvraag ook "
        "samen met de inburgeraar invullen.",
    ),
    (
        ONTHEFFING,
        "Welke informatie helpt bij de aanvraag?",
        "- wat de inburgeraar zelf vertelt over wat niet lukt;\n"
        "- wat de taalaanbieder ziet: aanwezigheid, voortgang, wat opvalt;\n"
        "- wat al geprobeerd is: een ander tempo, een andere leerroute, extra "
        "begeleiding;\n"
        "- medische stukken die de inburgeraar al heeft.\n\n"
        "Medische stukken gaan niet via de gemeente maar rechtstreeks naar "
        "Argonaut.",
    ),
    (
        ONTHEFFING,
        "Wat gebeurt er bij Argonaut?",
        "Argonaut vraagt zo nodig informatie op bij de behandelaar en kan de "
        "inburgeraar uitnodigen voor een onderzoek. Daarna adviseert Argonaut "
        "DUO: volledige ontheffing, gedeeltelijke ontheffing of geen "
        "ontheffing. DUO neemt het besluit en laat het de inburgeraar en de "
        "gemeente weten.",
    ),
    (
        ONTHEFFING,
        "Blijft de inburgeraar verplicht tot lessen zolang de aanvraag loopt?",
        "Ja, de verplichtingen lopen door. Dat is een bekend knelpunt: "
        "aanvragen kunnen maanden duren. De CoP Rijnmond heeft het als signaal "
        "doorgezet; SZW werkt aan een tijdelijke opschorting. Tot die er is, "
        "kan de gemeente het tempo in het PIP aanpassen.",
    ),
    (
        ONTHEFFING,
        "Wat doet de gemeente na een afwijzing?",
        "De gemeente houdt de regie. Bespreek het besluit met de inburgeraar, "
        "kijk wat wel haalbaar is en pas het PIP daarop aan: een ander tempo, "
        "een andere leerroute of extra begeleiding. Bezwaar maken kan bij DUO.",
    ),
]

ONTZORGEN_QUESTIONS = [
    (
        ONTZORGEN,
        "Hoe lang duurt het ontzorgen?",
        "Ten minste zes maanden vanaf de eerste bijstandsuitkering. De "
        "gemeente mag het langer laten duren als iemand nog niet zelf kan "
        "betalen. In Zeeland bouwen de gemeenten het ontzorgen in de laatste "
        "twee maanden af, in plaats van het ineens te stoppen.",
    ),
    (
        ONTZORGEN,
        "Wat als de zorgverzekering niet op tijd geregeld is?",
        "Dan betaalt de gemeente achteraf en loopt er een achterstand op. "
        "Meld de inburgeraar daarom zo snel mogelijk aan bij een "
        "zorgverzekeraar, bij voorkeur via de collectieve verzekering van de "
        "gemeente. Spreek met VluchtelingenWerk af wie dat doet.",
    ),
    (
        ONTZORGEN,
        "Wat doen we als een leverancier de betaling terugstort?",
        "Bel de leverancier en vraag naar de afdeling die betalingen door "
        "derden regelt. Gemeenten in Zeeland hebben per leverancier één vast "
        "aanspreekpunt; zie de goede praktijk daarover. Lukt het niet, meld "
        "het in de CoP: het knelpunt ligt als signaal bij SZW.",
    ),
    (
        ONTZORGEN,
        "Hoe bereiden we de overgang naar zelf betalen voor?",
        "Begin drie maanden voor het einde met een gesprek over de eigen "
        "begroting: wat komt er binnen, wat gaat eruit, wat moet wanneer "
        "betaald worden. Oefen met het betalen van een rekening, en zorg dat "
        "de inburgeraar weet waar hij terechtkan bij geldzorgen.",
    ),
    (
        ONTZORGEN,
        "Mag de inburgeraar het ontzorgen weigeren?",
        "Nee, voor asielstatushouders met een bijstandsuitkering is het "
        "ontzorgen verplicht in de eerste zes maanden. Leg uit waarom: het "
        "voorkomt schulden in een tijd waarin alles nieuw is. Na die zes "
        "maanden kan de gemeente het op verzoek stoppen.",
    ),
    (
        GEZONDHEID,
        "Waarom hoort geld bij positieve gezondheid?",
        "Geldzorgen geven stress, en stress maakt leren moeilijk. De CoP "
        "Zeeland ziet dat inburgeraars met schulden minder uit de lessen "
        "halen. Ontzorgen is dus ook zorgen voor ruimte om te leren.",
    ),
]

DUAAL_QUESTIONS = [
    (
        WERK,
        "Wat is een duale route?",
        "Taal leren en tegelijk werken of een werkervaringsplek hebben. Het "
        "Nederlands gaat sneller vooruit op de werkvloer, en de inburgeraar "
        "bouwt ervaring en een netwerk op.",
    ),
    (
        WERK,
        "Hoeveel dagen kan iemand werken naast de lessen?",
        "Meestal twee of drie dagen. Dat hangt af van de leerroute en het "
        "aantal lesuren. ROC van Amsterdam biedt vaste lesdagen per groep, "
        "zodat de werkgever de andere dagen kan plannen.",
    ),
    (
        WERK,
        "Wat vragen werkgevers van de gemeente?",
        "Een vast aanspreekpunt, lestijden die vooraf bekend zijn, en uitleg "
        "over wat een inburgeraar al kan. Het werkgeversservicepunt helpt bij "
        "het eerste contact en bij vragen op de werkvloer.",
    ),
    (
        MAP,
        "Telt een werkervaringsplek mee voor de MAP?",
        "De MAP is een eigen onderdeel van de inburgeringsplicht, maar de "
        "ervaring op een werkervaringsplek geeft de MAP inhoud. Gemeenten in "
        "Groot Amsterdam plannen de MAP daarom tegelijk met de eerste plek.",
    ),
    (
        WERK,
        "Wat als de werkgever de plek in de zomer sluit?",
        "Spreek vooraf af wat er in de zomer gebeurt. Sommige werkgevers "
        "houden de plek open met minder uren; anders zoekt de gemeente met "
        "het werkgeversservicepunt een tijdelijke plek.",
    ),
]

PRODUCTS = [
    {
        "title": demo_assets.ONTHEFFING["title"],
        "kind": Kind.INFOGRAPHIC,
        "community": RIJNMOND,
        "status": Status.PUBLISHED,
        "days_ago": 250,
        "themes": [ONTHEFFING],
        "tags": ["ontheffing", "Argonaut", "DUO"],
        "sessions": [
            "Ontheffing bij ziekte of beperking, met Argonaut",
            "Online uitwisselingssessie: de infographic ontheffing",
        ],
        "summary": (
            "Welke stappen zetten gemeente, inburgeraar, Argonaut en DUO als "
            "iemand door ziekte of een beperking niet aan de "
            "inburgeringsplicht kan voldoen? De CoP Rijnmond zette het samen "
            "met Argonaut op een rij, in een infographic van vijf stappen."
        ),
        "body": (
            "Wanneer een inburgeraar wegens langdurige ziekte of een beperking "
            "niet aan de inburgeringsverplichtingen kan voldoen, kan hij bij "
            "DUO een ontheffing aanvragen. De CoP Rijnmond bracht samen met "
            "Argonaut in kaart wie wat doet.\n\n"
            "## De vijf stappen\n\n" + _steps(demo_assets.ONTHEFFING) + "\n\n"
            "## Aandachtspunten\n\n"
            "- Een ontheffing kan ook gedeeltelijk zijn: voor het examen, maar "
            "niet voor de lessen.\n"
            "- Medische stukken gaan rechtstreeks naar Argonaut, niet via de "
            "gemeente.\n"
            "- Zolang de aanvraag loopt, blijven de verplichtingen gelden; pas "
            "zo nodig het tempo in het PIP aan.\n"
            "- Na een afgewezen ontheffing blijft de gemeente de regie houden "
            "over het traject.\n"
        ),
        "attachments": [(demo_assets.ONTHEFFING, "Infographic: de vijf stappen")],
        "reviewer": "expert.yonas@example.org",
    },
    {
        "title": "De drietrapsraket: zo pakt de CoP een knelpunt aan",
        "kind": Kind.INFOGRAPHIC,
        "community": RIJNMOND,
        "status": Status.PUBLISHED,
        "days_ago": 320,
        "themes": [REGIE],
        "tags": ["drietrapsraket", "werkwijze", "ketenpartners"],
        "sessions": ["Startsessie: waar ligt de behoefte?"],
        "summary": (
            "De eenvoudige methode van de CoP Rijnmond voor uitdagingen in de "
            "regievoering, als infographic: eerst wat de gemeente zelf kan, "
            "dan wat samen met partners in de uitvoering lukt, en pas dan "
            "welke andere partij helpt."
        ),
        "body": (
            "Met deze methode komt een gemeente met gerichte vragen bij de "
            "partners in de inburgeringsketen. Wie een vraagstuk zo "
            "voorbereidt, ziet dat het daarna veel beter aan te pakken is.\n\n"
            "## De drie stappen\n\n" + _steps(demo_assets.DRIETRAPSRAKET) + "\n\n"
            "## De belangrijkste tip\n\n"
            "Schakel pas een ketenpartner in als je binnen je eigen organisatie, "
            "en met de partners in de uitvoering, goed hebt uitgezocht wat je "
            "kaders zijn binnen de Wi2021.\n"
        ),
        "attachments": [(demo_assets.DRIETRAPSRAKET, "Infographic: de drie stappen")],
        "reviewer": "expert.farida@example.org",
    },
    {
        "title": "Wet inburgering in vraag en antwoord",
        "kind": Kind.QA,
        "community": RIJNMOND,
        "status": Status.PUBLISHED,
        "days_ago": 170,
        "themes": [TOETS, ONTZORGEN, MAP, ONTHEFFING, REGIE],
        "tags": ["Wi2021", "vraag en antwoord"],
        "sessions": [],
        "summary": (
            "Vragen uit de praktijk van de CoP's over de Wet inburgering 2021, "
            "met de antwoorden die de CoP's en ketenpartners vonden, per thema."
        ),
        "body": (
            "Divosa verzamelt de vragen die in de CoP's opkomen en zoekt de "
            "antwoorden samen met de VNG en het ministerie van SZW. Mist u een "
            "vraag? Leg hem voor aan de communitytrekker van uw CoP."
        ),
        "questions": WET_QUESTIONS,
        "reviewer": "expert.omar@example.org",
    },
    {
        "title": "Vraag en antwoord: ontheffing bij ziekte of beperking",
        "kind": Kind.QA,
        "community": RIJNMOND,
        "status": Status.PUBLISHED,
        "days_ago": 225,
        "themes": [ONTHEFFING],
        "tags": ["ontheffing", "Argonaut", "DUO"],
        "sessions": ["Online uitwisselingssessie: de infographic ontheffing"],
        "summary": (
            "De vragen die gemeenten stelden bij de toelichting op de "
            "infographic over ontheffing, met de antwoorden van de CoP "
            "Rijnmond en Argonaut."
        ),
        "body": (
            "Bij de online uitwisselingssessie over de infographic kwamen veel "
            "vragen binnen. De antwoorden staan hieronder; de stappen zelf staan "
            "in de infographic."
        ),
        "questions": ONTHEFFING_QUESTIONS,
        "reviewer": "expert@example.org",
    },
    {
        "title": "Vraag en antwoord financieel ontzorgen",
        "kind": Kind.QA,
        "community": ZEELAND,
        "status": Status.PUBLISHED,
        "days_ago": 95,
        "themes": [ONTZORGEN, GEZONDHEID],
        "tags": ["ontzorgen", "vaste lasten", "zorgverzekering"],
        "sessions": [],
        "summary": (
            "Hoe lang duurt het ontzorgen, wat als een leverancier de betaling "
            "weigert, en hoe bereid je de overgang naar zelf betalen voor? "
            "Antwoorden uit de Zeeuwse praktijk."
        ),
        "body": (
            "Ontzorgen is niet altijd zorgvrij. Deze vragen kwamen het vaakst "
            "terug in de CoP Zeeland."
        ),
        "questions": ONTZORGEN_QUESTIONS,
        "reviewer": "expert.olena@example.org",
    },
    {
        "title": "Vraag en antwoord: duale route en werkervaringsplekken",
        "kind": Kind.QA,
        "community": AMSTERDAM,
        "status": Status.PUBLISHED,
        "days_ago": 60,
        "themes": [WERK, MAP],
        "tags": ["duale route", "werkervaringsplek", "werkgevers"],
        "sessions": ["Duale route: werken en leren tegelijk"],
        "summary": (
            "Werken en tegelijk de taal leren: hoeveel dagen kan dat, wat "
            "vragen werkgevers, en hoe past de MAP erbij?"
        ),
        "body": "Uit de praktijk van de CoP Groot Amsterdam.",
        "questions": DUAAL_QUESTIONS,
        "reviewer": "expert.mehmet@example.org",
    },
    {
        "title": demo_assets.BREDE_INTAKE["title"],
        "kind": Kind.GUIDE,
        "community": ACHTERHOEK,
        "status": Status.PUBLISHED,
        "days_ago": 130,
        "themes": [TOETS, MAP],
        "tags": ["brede intake", "PIP", "pilot"],
        "sessions": [],
        "summary": (
            "Wat de acht Achterhoekse gemeenten leerden in hun pilot 'Brede "
            "intake en persoonlijk plan': van de voorbereiding tot het "
            "bijstellen van het PIP. De hele handreiking staat in de bijlage."
        ),
        "body": (
            "De brede intake is het begin van het inburgeringstraject. Wat de "
            "gemeente daar hoort, bepaalt de leerroute, de MAP en de "
            "begeleiding in het persoonlijk plan inburgering en participatie.\n\n"
            "## In het kort\n\n"
            "1. **Voorbereiden**: vraag de gegevens van het COA op en plan het "
            "eerste gesprek binnen vier weken na de huisvesting.\n"
            "2. **De gesprekken**: verdeel de brede intake over twee of drie "
            "gesprekken en vraag door op gezondheid.\n"
            "3. **De leerbaarheidstoets**: leg uit wat de toets meet en laat "
            "vooraf oefenen met de computer.\n"
            "4. **Het PIP**: schrijf het in taal die de inburgeraar begrijpt, "
            "met een doel dat hij zelf kiest.\n"
            "5. **Bijstellen**: een voortgangsgesprek na drie maanden, daarna "
            "elk half jaar.\n\n"
            "De volledige handreiking, met de ervaringen uit de pilot, staat "
            "in de bijlage (PDF).\n"
        ),
        "attachments": [
            (
                demo_assets.BREDE_INTAKE,
                "Handreiking brede intake en PIP (volledige tekst)",
            )
        ],
        "reviewer": "expert.farida@example.org",
    },
    {
        "title": "Handreiking regievoering en spontane naleving",
        "kind": Kind.GUIDE,
        "community": RIJNMOND,
        "status": Status.CONCEPT,
        "days_ago": 12,
        "themes": [REGIE],
        "tags": ["regie", "handhaving"],
        "sessions": [],
        "summary": "Wat werkt om inburgeraars te laten meedoen zonder te handhaven?",
        "body": (
            "Eerste opzet, na de drietrapsraket van de volgende bijeenkomst.\n\n"
            "## Spontane naleving\n\n"
            "De inburgeraar volgt zijn traject omdat hij begrijpt waarom en "
            "het zelf wil. Dat vraagt uitleg bij de start, een plan met eigen "
            "doelen en een gesprek na verzuim.\n\n"
            "## Handhaving\n\n"
            "Pas als gesprekken niet helpen, en na een schriftelijke "
            "waarschuwing, volgt een boete.\n"
        ),
        "request_changes": (
            "Graag in B1-taal, en noem de rol van DUO bij handhaving expliciet."
        ),
    },
    {
        "title": "Handreiking samen aanbesteden van leertrajecten",
        "kind": Kind.GUIDE,
        "community": HOLLAND_RIJNLAND,
        "status": Status.PUBLISHED,
        "days_ago": 120,
        "themes": [INKOOP],
        "tags": ["inkoop", "aanbesteding", "taalaanbieders"],
        "sessions": ["Samen aanbesteden: ervaringen uit de regio"],
        "summary": (
            "Holland Rijnland kocht als regio samen leertrajecten in. Wat "
            "werkte, wat schuurde, en wat de gemeenten bij de volgende ronde "
            "anders doen."
        ),
        "body": (
            "## Waarom samen\n\n"
            "Kleine gemeenten hebben te weinig inburgeraars per leerroute om "
            "alleen een aanbesteding te doen. Samen is er genoeg volume voor "
            "een taalaanbieder om in te schrijven, en de gemeenten delen het "
            "werk van bestek en beoordeling.\n\n"
            "## Wat schuurde\n\n"
            "- Eén groot perceel voor alle leerroutes: kleinere aanbieders "
            "konden niet meedoen.\n"
            "- Een lange doorlooptijd: inburgeraars wachtten maanden op de "
            "start van hun traject.\n"
            "- Weinig ruimte om tussentijds bij te sturen op kwaliteit.\n\n"
            "## Wat we anders doen\n\n"
            "1. Percelen per leerroute, met de Z-route apart.\n"
            "2. Een maximale termijn van vier weken tussen PIP en start.\n"
            "3. Twee keer per jaar een kwaliteitsgesprek met elke aanbieder, "
            "met de ervaringen van consulenten en inburgeraars.\n"
            "4. Een modelbestek van VNG als basis, met regionale aanvullingen.\n"
        ),
        "reviewer": "expert.omar@example.org",
    },
    {
        "title": "Handreiking traumasensitief werken in het inburgeringstraject",
        "kind": Kind.GUIDE,
        "community": ZEELAND,
        "status": Status.PUBLISHED,
        "days_ago": 160,
        "themes": [GEZONDHEID],
        "tags": ["trauma", "rouw", "positieve gezondheid", "Pharos"],
        "sessions": ["Trauma, rouw en verlies: wat zien we in de uitvoering?"],
        "summary": (
            "Trauma, rouw en verlies staan niet in de wet, maar kunnen "
            "integratie ernstig vertragen. Wat een consulent kan doen, van de "
            "brede intake tot het voortgangsgesprek."
        ),
        "body": (
            "De meeste inburgeraars hebben een vluchtgeschiedenis. Stress en "
            "trauma raken het geheugen en de concentratie, en daarmee het "
            "leren van een nieuwe taal. De CoP Zeeland zette met Pharos en de "
            "GGD op een rij wat helpt.\n\n"
            "## Signalen herkennen\n\n"
            "- slecht slapen, hoofdpijn, moeite met concentreren;\n"
            "- wegblijven van de les na nieuws uit het land van herkomst;\n"
            "- wel aanwezig zijn, maar weinig onthouden.\n\n"
            "## Wat de consulent doet\n\n"
            "1. Vraag in de brede intake naar slaap, stress en steun, en "
            "herhaal die vragen later: vertrouwen groeit.\n"
            "2. Zorg voor rust en voorspelbaarheid: vaste afspraken, een vaste "
            "contactpersoon, uitleg in eenvoudige taal of met een tolk.\n"
            "3. Verwijs op tijd door naar de huisarts of de GGD, en houd "
            "contact tijdens de wachttijd.\n"
            "4. Pas het tempo van het traject aan in plaats van te handhaven.\n\n"
            "## Wat de consulent niet doet\n\n"
            "Vragen naar wat er tijdens de vlucht is gebeurd. Dat hoort bij "
            "een behandelaar.\n"
        ),
        "reviewer": "expert.farida@example.org",
    },
    {
        "title": "Handreiking werken met sleutelpersonen",
        "kind": Kind.GUIDE,
        "community": ACHTERHOEK,
        "status": Status.REVIEW,
        "days_ago": 6,
        "themes": [MAP],
        "tags": ["sleutelpersonen", "pilot", "VluchtelingenWerk"],
        "sessions": ["Sleutelpersonen: wat levert het op?"],
        "summary": (
            "Sleutelpersonen uit de eigen gemeenschap bereiken inburgeraars "
            "die brieven en consulenten niet bereiken. Hoe de Achterhoekse "
            "gemeenten hen inzetten."
        ),
        "body": (
            "## Wat een sleutelpersoon doet\n\n"
            "Een sleutelpersoon is zelf ingeburgerd en kent de taal en cultuur "
            "van de nieuwkomers. Hij legt regels uit, gaat mee naar een eerste "
            "gesprek en helpt bij het eerste contact met een werkgever.\n\n"
            "## Voorwaarden\n\n"
            "- een duidelijke rol, op papier;\n"
            "- een vrijwilligersvergoeding;\n"
            "- een vast aanspreekpunt bij de gemeente en begeleiding door "
            "VluchtelingenWerk;\n"
            "- geen rol in handhaving: een sleutelpersoon is een vertrouwde "
            "persoon, geen controleur.\n"
        ),
    },
    {
        "title": "Factsheet financieel ontzorgen",
        "kind": Kind.FACTSHEET,
        "community": ZEELAND,
        "status": Status.APPROVED,
        "days_ago": 3,
        "themes": [ONTZORGEN],
        "tags": ["ontzorgen", "vaste lasten"],
        "sessions": [],
        "summary": "De vaste lasten die gemeenten de eerste zes maanden betalen.",
        "body": (
            "- **Voor wie**: asielstatushouders met een bijstandsuitkering.\n"
            "- **Hoe lang**: ten minste zes maanden; langer kan.\n"
            "- **Wat**: in elk geval huur, energie en de premie van de "
            "zorgverzekering, ingehouden op de uitkering.\n"
            "- **Daarna**: begeleiding naar zelf betalen, bij voorkeur "
            "afgebouwd in de laatste maanden.\n"
        ),
        "reviewer": "expert.olena@example.org",
    },
    {
        "title": "Factsheet Wet inburgering 2021 (eerste jaar)",
        "kind": Kind.FACTSHEET,
        "community": RIJNMOND,
        "status": Status.ARCHIVED,
        "days_ago": 400,
        "themes": [MAP],
        "tags": ["Wi2021"],
        "sessions": [],
        "summary": "De Wi2021 in het eerste jaar na de invoering.",
        "body": "Vervangen door de vraag-en-antwoordpagina.",
        "archive_comment": "Vervangen door de vraag-en-antwoordpagina.",
    },
    {
        "title": "Factsheet de drie leerroutes",
        "kind": Kind.FACTSHEET,
        "community": TWENTE,
        "status": Status.PUBLISHED,
        "days_ago": 100,
        "themes": [TOETS],
        "tags": ["leerroutes", "B1-route", "onderwijsroute", "Z-route"],
        "sessions": ["Leerroutes kiezen na de brede intake"],
        "summary": (
            "B1-route, onderwijsroute en Z-route naast elkaar: voor wie, met "
            "welk doel, en hoe de keuze tot stand komt."
        ),
        "body": (
            "## B1-route\n\n"
            "Voor de meeste inburgeraars: Nederlands op taalniveau B1, met "
            "examens, naast de MAP en het participatieverklaringstraject. Werk "
            "naast de lessen wordt aangeraden.\n\n"
            "## Onderwijsroute\n\n"
            "Vooral voor jongeren die een opleiding in het Nederlandse "
            "onderwijs gaan volgen: taal en vaardigheden als voorbereiding op "
            "mbo, hbo of wo.\n\n"
            "## Z-route\n\n"
            "De zelfredzaamheidsroute, voor wie B1 niet haalbaar is: zo veel "
            "mogelijk Nederlands en meedoen in de eigen omgeving, zonder "
            "examen.\n\n"
            "## De keuze\n\n"
            "De gemeente kiest de route in het PIP, na de brede intake. De "
            "leerbaarheidstoets is één bouwsteen, naast opleiding, werkervaring "
            "en het gesprek.\n"
        ),
        "reviewer": "expert.yonas@example.org",
    },
    {
        "title": "Factsheet de MAP in het kort",
        "kind": Kind.FACTSHEET,
        "community": AMSTERDAM,
        "status": Status.PUBLISHED,
        "days_ago": 45,
        "themes": [MAP],
        "tags": ["MAP", "participatie"],
        "sessions": [],
        "summary": (
            "De module arbeidsmarkt en participatie op één pagina: wat erin "
            "zit, wanneer ze start en hoe ze aansluit op werk."
        ),
        "body": (
            "- **Wat**: oriëntatie op werk en opleiding in Nederland, op de "
            "eigen talenten en op hoe je een baan vindt.\n"
            "- **Voor wie**: hoort bij de inburgeringsplicht.\n"
            "- **Wanneer**: zo vroeg mogelijk, in de eerste maanden.\n"
            "- **Wie**: de gemeente biedt haar aan, vaak met een taalaanbieder "
            "of het werkgeversservicepunt.\n"
            "- **Tip**: plan de MAP tegelijk met de eerste werkervaringsplek.\n"
        ),
        "reviewer": "expert.mehmet@example.org",
    },
    {
        "title": "Factsheet wie handhaaft wat",
        "kind": Kind.FACTSHEET,
        "community": UTRECHT,
        "status": Status.PUBLISHED,
        "days_ago": 20,
        "themes": [REGIE],
        "tags": ["handhaving", "regie", "DUO"],
        "sessions": [],
        "summary": (
            "Gemeente en DUO handhaven elk een deel van de inburgeringsplicht. "
            "Een overzicht, met de route van spontane naleving naar een boete."
        ),
        "body": (
            "## De gemeente\n\n"
            "Brede intake, PIP, MAP en participatieverklaringstraject. Werkt "
            "iemand niet mee, dan kan de gemeente na een waarschuwing een boete "
            "opleggen.\n\n"
            "## DUO\n\n"
            "De inburgeringstermijn en de examens. Wie niet op tijd klaar is "
            "zonder goede reden, kan een boete van DUO krijgen.\n\n"
            "## Eerst spontane naleving\n\n"
            "1. Uitleg bij de start, in de eigen taal waar nodig.\n"
            "2. Een gesprek na verzuim, met de taalaanbieder erbij.\n"
            "3. Een schriftelijke waarschuwing.\n"
            "4. Pas dan een boete.\n"
        ),
        "reviewer": "expert@example.org",
    },
    {
        "title": "Verslag: voorbereiding op de leerbaarheidstoets",
        "kind": Kind.REPORT,
        "community": ACHTERHOEK,
        "status": Status.PUBLISHED,
        "days_ago": 25,
        "visibility": MEMBERS,
        "scope": REGIONAL,
        "themes": [TOETS],
        "tags": ["leerbaarheidstoets", "pilot"],
        "sessions": ["Voorbereiding op de leerbaarheidstoets"],
        "summary": (
            "Acht gemeenten in de Achterhoek onderzoeken of een korte training "
            "vooraf helpt bij de leerbaarheidstoets."
        ),
        "body": (
            "De eerste ervaringen met de pilot zijn positief. Consulenten "
            "leggen uit wat de toets is en waarom hij er is; inburgeraars "
            "oefenen een uur met de computer en het soort opgaven. De groep "
            "volgt de plaatsing in de leerroutes (B1-route, onderwijsroute, "
            "Z-route) en of er minder wisselingen van route nodig zijn.\n\n"
            "## Wat opviel\n\n"
            "- Wie vooraf oefende, was minder zenuwachtig en maakte de toets "
            "vaker af.\n"
            "- De uitleg werkt het best in de eigen taal, met een tolk of een "
            "sleutelpersoon.\n"
            "- Consulenten willen de uitkomst voortaan altijd in een gesprek "
            "bespreken.\n"
        ),
        "reviewer": "expert.yonas@example.org",
    },
    {
        "title": "Verslag kick-off CoP Zeeland",
        "kind": Kind.REPORT,
        "community": ZEELAND,
        "status": Status.PUBLISHED,
        "days_ago": 325,
        "scope": REGIONAL,
        "themes": [GEZONDHEID],
        "tags": ["kick-off", "positieve gezondheid", "Zeeland"],
        "sessions": ["Kick-off CoP Zeeland"],
        "summary": (
            "In Goes ging de Zeeuwse CoP van start: gemeenten, "
            "VluchtelingenWerk, COA, Scalda en Divosa, met positieve gezondheid "
            "als uitgangspunt."
        ),
        "body": (
            "Ruim twee jaar werkten de Zeeuwse gemeenten aan de "
            "Veranderopgave Inburgering. Nu de wet loopt, blijkt wat in de "
            "praktijk minder goed werkt dan gedacht: de inkoop van "
            "leertrajecten, ontzorgen dat stress geeft, werkervaringsplekken "
            "die niet passen bij de lesuren, en vragen over de "
            "leerbaarheidstoets.\n\n"
            "## Waar de CoP aan werkt\n\n"
            "De CoP wil weten welke problemen een inburgeraar in Zeeland "
            "tegenkomt bij de start, steeds vanuit het beste scenario voor de "
            "inburgeraar. Positieve gezondheid is het uitgangspunt: fysiek, "
            "mentaal en geestelijk. Trauma, rouw en verlies staan niet in de "
            "wet, maar kunnen integratie ernstig vertragen.\n\n"
            "## Met inburgeraars\n\n"
            "Om niet alleen over maar ook met inburgeraars te praten, komt er "
            "een klankbordgroep.\n"
        ),
        "reviewer": "expert.olena@example.org",
    },
    {
        "title": "Verslag: trauma, rouw en verlies in de uitvoering",
        "kind": Kind.REPORT,
        "community": ZEELAND,
        "status": Status.PUBLISHED,
        "days_ago": 200,
        "visibility": MEMBERS,
        "themes": [GEZONDHEID],
        "tags": ["trauma", "rouw", "Pharos", "GGD"],
        "sessions": ["Trauma, rouw en verlies: wat zien we in de uitvoering?"],
        "summary": (
            "Pharos en de GGD Zeeland over trauma en leren, en wat de Zeeuwse "
            "gemeenten in de brede intake anders gaan doen."
        ),
        "body": (
            "Pharos legde uit hoe stress en trauma het leren van een nieuwe "
            "taal raken. De gemeenten herkenden het: inburgeraars die weken "
            "wegblijven na slecht nieuws, of die de les volgen maar weinig "
            "onthouden.\n\n"
            "## Afspraken\n\n"
            "1. Drie vragen over welzijn in de brede intake, later herhaald.\n"
            "2. Een korte lijn met de GGD voor doorverwijzing.\n"
            "3. Het tekort aan traumabehandeling in de regio gaat als signaal "
            "naar Divosa.\n"
        ),
        "reviewer": "expert.farida@example.org",
    },
    {
        "title": "Verslag: werkgevers en onderzoekers aan tafel",
        "kind": Kind.REPORT,
        "community": RIJNMOND,
        "status": Status.PUBLISHED,
        "days_ago": 35,
        "themes": [MAP, WERK],
        "tags": ["werkgevers", "onderzoek", "MAP"],
        "sessions": ["Werkgevers en onderzoekers aan tafel"],
        "summary": (
            "Voor het eerst schoven werkgevers en onderzoekers aan bij de CoP "
            "Rijnmond. Wat zij zien, en wat dat betekent voor de MAP."
        ),
        "body": (
            "Werkgevers vroegen om één aanspreekpunt per inburgeraar en om "
            "lestijden die vooraf bekend zijn. Het Kennisplatform Inclusief "
            "Samenleven liet zien dat werken naast de taalles vooral helpt als "
            "het werk aansluit bij eerdere ervaring.\n\n"
            "## Afspraken\n\n"
            "- De gemeenten plannen de MAP in de eerste zes maanden.\n"
            "- Met het werkgeversservicepunt komt er één aanspreekpunt per "
            "werkgever.\n"
        ),
        "reviewer": "expert.omar@example.org",
    },
    {
        "title": "Verslag: samen aanbesteden in Holland Rijnland",
        "kind": Kind.REPORT,
        "community": HOLLAND_RIJNLAND,
        "status": Status.PUBLISHED,
        "days_ago": 145,
        "scope": REGIONAL,
        "themes": [INKOOP],
        "tags": ["inkoop", "aanbesteding"],
        "sessions": ["Samen aanbesteden: ervaringen uit de regio"],
        "summary": (
            "Wat de gezamenlijke aanbesteding van leertrajecten opleverde, en "
            "wat de gemeenten bij de volgende ronde anders willen."
        ),
        "body": (
            "De gezamenlijke aanbesteding leverde één contract op voor de hele "
            "regio, maar de percelen waren te groot voor kleinere "
            "taalaanbieders. De VNG liet modelbestekken zien met inkoop per "
            "leerroute. De gemeenten willen bij de volgende ronde kleinere "
            "percelen en een kortere termijn tot de start van het "
            "leertraject.\n"
        ),
        "reviewer": "expert.mehmet@example.org",
    },
    {
        "title": "Verslag: duale route in Groot Amsterdam",
        "kind": Kind.REPORT,
        "community": AMSTERDAM,
        "status": Status.PUBLISHED,
        "days_ago": 85,
        "themes": [WERK],
        "tags": ["duale route", "werkgevers"],
        "sessions": ["Duale route: werken en leren tegelijk"],
        "summary": (
            "Vier gemeenten lieten zien hoe inburgeraars twee of drie dagen "
            "werken naast de taalles, en wat daarvoor nodig is."
        ),
        "body": (
            "Het werkt als de lestijden vaststaan voordat de werkgever een "
            "rooster maakt. ROC van Amsterdam biedt daarom vaste lesdagen per "
            "groep. Werkgevers vragen om een vast aanspreekpunt bij de "
            "gemeente; het werkgeversservicepunt neemt die rol.\n"
        ),
        "reviewer": "expert@example.org",
    },
    {
        "title": "Verslag: ontzorgen en daarna",
        "kind": Kind.REPORT,
        "community": UTRECHT,
        "status": Status.PUBLISHED,
        "days_ago": 70,
        "themes": [ONTZORGEN],
        "tags": ["ontzorgen", "schulden", "VNG"],
        "sessions": ["Ontzorgen en daarna: de overgang naar zelf betalen"],
        "summary": (
            "Na zes maanden ontzorgen moeten inburgeraars zelf betalen. Hoe "
            "Utrecht, Zeist en Nieuwegein voorkomen dat er achterstanden "
            "ontstaan."
        ),
        "body": (
            "Waar de overgang naar zelf betalen niet voorbereid is, ontstaan "
            "snel achterstanden. Utrecht en Zeist beginnen drie maanden vooraf "
            "met een gesprek over de eigen begroting; Nieuwegein verlengt het "
            "ontzorgen als dat nodig is. VluchtelingenWerk oefent met "
            "inburgeraars het betalen van rekeningen.\n"
        ),
        "reviewer": "expert.olena@example.org",
    },
    {
        "title": "Een klankbordgroep van inburgeraars",
        "kind": Kind.PRACTICE,
        "community": ZEELAND,
        "status": Status.REVIEW,
        "days_ago": 9,
        "themes": [GEZONDHEID],
        "tags": ["klankbordgroep", "positieve gezondheid"],
        "sessions": [
            "Kick-off CoP Zeeland",
            "Klankbordgroep: eerste gesprek met inburgeraars",
        ],
        "summary": (
            "Hoe de CoP Zeeland met VluchtelingenWerk en COA inburgeraars laat "
            "meedenken over de start van het inburgeringstraject."
        ),
        "body": (
            "Positieve gezondheid is het uitgangspunt van de gesprekken. Acht "
            "inburgeraars uit vier gemeenten komen twee keer per jaar bij "
            "elkaar, begeleid door VluchtelingenWerk.\n\n"
            "## Wat de groep al opleverde\n\n"
            "- Brieven over het ontzorgen gaan voortaan met een uitleg in "
            "eenvoudige taal.\n"
            "- Scalda kijkt naar lessen dichter bij huis.\n\n"
            "## Zo begin je\n\n"
            "1. Vraag VluchtelingenWerk om deelnemers voor te dragen.\n"
            "2. Zorg voor een tolk en vergoed de reiskosten.\n"
            "3. Vertel na elke bijeenkomst wat er met de inbreng gebeurt.\n"
        ),
    },
    {
        "title": "Powervrouwen: een groep voor vrouwelijke inburgeraars",
        "kind": Kind.PRACTICE,
        "community": ACHTERHOEK,
        "status": Status.PUBLISHED,
        "days_ago": 255,
        "themes": [WERK, GEZONDHEID],
        "tags": ["Powervrouwen", "pilot", "vrouwen"],
        "sessions": ["Powervrouwen: terugblik op de pilot"],
        "summary": (
            "In de pilot Powervrouwen kwamen vrouwelijke inburgeraars wekelijks "
            "samen om te oefenen met taal en te praten over werk. Een derde "
            "heeft nu vrijwilligerswerk of een werkervaringsplek."
        ),
        "body": (
            "## De aanpak\n\n"
            "Een vaste groep van hooguit twaalf vrouwen, wekelijks op "
            "dezelfde plek, met een begeleider en een vrouw die zelf "
            "inburgerde. Elke bijeenkomst heeft een thema: solliciteren, "
            "kinderopvang, geld, gezondheid.\n\n"
            "## Wat beslissend was\n\n"
            "- Kinderopvang tijdens de bijeenkomsten.\n"
            "- Een plek dichtbij, zonder lange reistijd.\n"
            "- Aansluiting bij het taalcafé in de bibliotheek.\n\n"
            "## Resultaat\n\n"
            "Van de twintig deelnemers heeft een derde nu vrijwilligerswerk of "
            "een werkervaringsplek. Aalten, Winterswijk en Oost Gelre zetten "
            "de groep voort.\n"
        ),
        "reviewer": "expert.farida@example.org",
    },
    {
        "title": "Het taalcafé als oefenplaats naast de les",
        "kind": Kind.PRACTICE,
        "community": ACHTERHOEK,
        "status": Status.PUBLISHED,
        "days_ago": 210,
        "scope": REGIONAL,
        "themes": [MAP],
        "tags": ["taalcafé", "vrijwilligers", "bibliotheek"],
        "sessions": [],
        "summary": (
            "In Winterswijk oefenen inburgeraars in het taalcafé van de "
            "bibliotheek met vrijwilligers. Wat het oplevert en hoe het "
            "samengaat met de lessen."
        ),
        "body": (
            "Het taalcafé is een wekelijkse inloop in de bibliotheek waar "
            "inburgeraars met vrijwilligers Nederlands praten. Het is geen les: "
            "er is geen programma en iedereen is welkom.\n\n"
            "## Waarom het werkt\n\n"
            "Inburgeraars durven in het taalcafé fouten te maken, en ze leren "
            "mensen uit het dorp kennen. De taalaanbieder stuurt elke maand een "
            "lijst met onderwerpen die in de les aan bod komen, zodat de "
            "vrijwilligers daarop kunnen aansluiten.\n"
        ),
        "reviewer": "expert.mehmet@example.org",
    },
    {
        "title": "Een vast aanspreekpunt bij de energieleverancier",
        "kind": Kind.PRACTICE,
        "community": ZEELAND,
        "status": Status.PUBLISHED,
        "days_ago": 150,
        "themes": [ONTZORGEN],
        "tags": ["ontzorgen", "energie", "leveranciers"],
        "sessions": [],
        "summary": (
            "Zeeuwse gemeenten maakten met de grote energieleveranciers "
            "afspraken over betalingen door de gemeente. Zo komen er minder "
            "betalingen terug en minder aanmaningen."
        ),
        "body": (
            "Sommige energieleveranciers storten betalingen van de gemeente "
            "terug, omdat ze geen betaling van een derde willen. Inburgeraars "
            "krijgen dan aanmaningen voor rekeningen die al betaald waren.\n\n"
            "## De aanpak\n\n"
            "1. Per leverancier één contactpersoon bij de gemeente.\n"
            "2. Bij de leverancier een vaste afdeling die de gemeente als "
            "betaler kent.\n"
            "3. Een korte lijst met de kenmerken die bij elke betaling horen.\n\n"
            "Dit lost het niet overal op; het landelijke knelpunt ligt als "
            "signaal bij SZW.\n"
        ),
        "reviewer": "expert.olena@example.org",
    },
    {
        "title": "Werkervaringsplek in deeltijd met vaste lesdagen",
        "kind": Kind.PRACTICE,
        "community": AMSTERDAM,
        "status": Status.PUBLISHED,
        "days_ago": 75,
        "themes": [WERK],
        "tags": ["werkervaringsplek", "duale route", "ROC van Amsterdam"],
        "sessions": ["Duale route: werken en leren tegelijk"],
        "summary": (
            "Met vaste lesdagen per groep kunnen werkgevers de andere dagen "
            "inplannen. Zo vinden meer inburgeraars een werkervaringsplek die "
            "past bij hun traject."
        ),
        "body": (
            "ROC van Amsterdam deelt zijn groepen in op vaste lesdagen: "
            "maandag en dinsdag, of donderdag en vrijdag. Het "
            "werkgeversservicepunt zoekt plekken voor de andere dagen.\n\n"
            "## Resultaat\n\n"
            "Werkgevers bieden vaker een plek aan als het rooster vaststaat. "
            "Het PIP noemt de dagen waarop iemand kan werken.\n"
        ),
        "reviewer": "expert.yonas@example.org",
    },
    {
        "title": "Het spinnenweb van positieve gezondheid in het voortgangsgesprek",
        "kind": Kind.PRACTICE,
        "community": TWENTE,
        "status": Status.CONCEPT,
        "days_ago": 4,
        "themes": [GEZONDHEID],
        "tags": ["positieve gezondheid", "voortgangsgesprek"],
        "sessions": [],
        "summary": (
            "Consulenten in Twente gebruiken het spinnenweb van positieve "
            "gezondheid om in het voortgangsgesprek over meer te praten dan "
            "taal en werk."
        ),
        "body": (
            "Eerste opzet. Het spinnenweb heeft zes dimensies: lichaam, "
            "mentaal welbevinden, zingeving, kwaliteit van leven, meedoen en "
            "dagelijks functioneren. De inburgeraar geeft zelf scores; het "
            "gesprek gaat over wat hij wil veranderen.\n"
        ),
    },
    {
        "title": "Webinar: de infographic ontheffing toegelicht",
        "kind": Kind.VIDEO,
        "community": RIJNMOND,
        "status": Status.PUBLISHED,
        "days_ago": 230,
        "themes": [ONTHEFFING],
        "tags": ["webinar", "ontheffing", "Argonaut"],
        "sessions": ["Online uitwisselingssessie: de infographic ontheffing"],
        "summary": (
            "De opname van de online uitwisselingssessie waarin de CoP Rijnmond "
            "en Argonaut de infographic over ontheffing toelichten, met de "
            "volledige transcriptie."
        ),
        "body": (
            "De opname duurt 52 minuten. Hieronder de transcriptie, ingekort "
            "waar sprekers elkaar herhaalden.\n\n"
            "## Transcriptie\n\n"
            "**Communitytrekker CoP Rijnmond**: Welkom allemaal. We zijn met "
            "ruim zestig mensen uit het hele land. Vandaag lopen we de "
            "infographic door die we samen met Argonaut hebben gemaakt.\n\n"
            "**Communitytrekker**: Stap één is signaleren. Ziekte of een "
            "beperking komt vaak pas laat ter sprake. Vraag er al bij de brede "
            "intake naar, en vraag het opnieuw in elk voortgangsgesprek.\n\n"
            "**Adviseur Argonaut**: Wat ons helpt, is een goede beschrijving "
            "van wat al geprobeerd is. Dat staat in het PIP. Een ander tempo, "
            "een andere route: schrijf het op.\n\n"
            "**Deelnemer uit een gemeente**: Kan de gemeente de aanvraag "
            "doen?\n\n"
            "**Communitytrekker**: De inburgeraar doet de aanvraag bij DUO. De "
            "gemeente helpt met het formulier.\n\n"
            "**Adviseur Argonaut**: Medische stukken stuurt de inburgeraar "
            "rechtstreeks naar ons. Daarna volgt zo nodig een onderzoek, en we "
            "adviseren DUO: volledige, gedeeltelijke of geen ontheffing.\n\n"
            "**Deelnemer uit een gemeente**: En als het wordt afgewezen?\n\n"
            "**Communitytrekker**: Dan houdt de gemeente de regie. We kijken "
            "samen met de inburgeraar wat wel haalbaar is en passen het PIP "
            "aan.\n"
        ),
        "reviewer": "expert@example.org",
    },
    {
        "title": "Webinar: positieve gezondheid bij de start van het traject",
        "kind": Kind.VIDEO,
        "community": ZEELAND,
        "status": Status.PUBLISHED,
        "days_ago": 180,
        "themes": [GEZONDHEID],
        "tags": ["webinar", "positieve gezondheid", "Pharos"],
        "sessions": [],
        "summary": (
            "Waarom de Zeeuwse CoP positieve gezondheid als uitgangspunt koos, "
            "en hoe consulenten het gesprek erover voeren. Met transcriptie."
        ),
        "body": (
            "De opname duurt 38 minuten.\n\n"
            "## Transcriptie\n\n"
            "**Communitytrekker CoP Zeeland**: De praktische zaken staan "
            "in de wet. Wat er niet in staat, zijn trauma, rouw en verlies. "
            "Juist die kunnen integratie ernstig vertragen.\n\n"
            "**Adviseur Pharos**: Positieve gezondheid kijkt naar meer dan "
            "ziekte: hoe gaat het met je lichaam, met je gevoel, heb je "
            "mensen om je heen, wat geeft je leven zin? Wie daar ruimte voor "
            "heeft, leert beter.\n\n"
            "**Consulent uit een Zeeuwse gemeente**: Ik begin het gesprek nu "
            "met de vraag hoe iemand slaapt. Dat is een veilige vraag, en het "
            "antwoord zegt veel.\n\n"
            "**Communitytrekker**: En we praten niet alleen over, maar ook "
            "met inburgeraars, in onze klankbordgroep.\n"
        ),
        "reviewer": "expert.farida@example.org",
    },
    {
        "title": "Webinar: de leerbaarheidstoets uitgelegd",
        "kind": Kind.VIDEO,
        "community": TWENTE,
        "status": Status.PUBLISHED,
        "days_ago": 115,
        "themes": [TOETS],
        "tags": ["webinar", "leerbaarheidstoets", "DUO"],
        "sessions": ["Leerroutes kiezen na de brede intake"],
        "summary": (
            "Wat de leerbaarheidstoets meet, wat niet, en hoe de Twentse "
            "gemeenten de uitkomst meewegen in de keuze van de leerroute. Met "
            "transcriptie."
        ),
        "body": (
            "De opname duurt 45 minuten.\n\n"
            "## Transcriptie\n\n"
            "**Medewerker DUO**: De toets meet hoe snel iemand een nieuwe taal "
            "kan leren. Hij meet geen kennis van het Nederlands.\n\n"
            "**Communitytrekker CoP Twente**: Bij ons verschilde het per "
            "gemeente hoe zwaar de uitkomst telde. Nu hebben we één werkwijze: "
            "de toets is één bouwsteen, naast het gesprek.\n\n"
            "**Docent ROC van Twente**: Na drie maanden geven wij terug of de "
            "route past. Dan kan de gemeente nog bijsturen.\n"
        ),
        "reviewer": "expert.yonas@example.org",
    },
]
