"""Dutch words of the domain for the generated texts.

CONTENT is ordered from common to rare: the generator draws its index from a
skewed distribution, so the first words land in nearly every text (as
"inburgering" and "gemeente" do in practice) and the last ones in few. RARE
words are sprinkled into a small share of the products only, so a search for
one of them finds a handful. No digits, no e-mail addresses, no apostrophes:
every text passes the privacy screen and renders as plain Markdown.
"""


def _words(text: str) -> list[str]:
    return text.split()


COMMON_WORD = "inburgering"
RARE_WORD = "vergunninghoudersmonitor"

STOPWORDS = _words(
    "de het een en van in op voor met bij door naar over aan als dat die niet "
    "ook wordt kan moet zijn heeft worden om te is er nog wel meer dan dit "
    "onze hun wat hoe waar wanneer samen zelf vaak soms altijd nu eerst"
)

CONTENT = _words(
    # The most common words of the field.
    "inburgering gemeente inburgeraar statushouder consulent leerroute "
    "taalaanbieder participatie traject regie werk taal begeleiding "
    "ketenpartner signaal praktijk uitvoering gemeenten inburgeraars afspraken "
    "ervaring knelpunt oplossing aanpak beleid plan wet ontheffing "
    "onderwijsroute zelfredzaamheidsroute werkgever stage taalniveau "
    "werkervaringsplek ontzorgen huisvesting gezondheid maatschappij "
    "kennismaking brede intake handhaving naleving examen lening duo coa "
    "argonaut vluchtelingenwerk divosa ministerie vng kwaliteitskeurmerk "
    "leerbaarheidstoets inkoop aanbesteding contract financiering budget "
    "pilot training workshop bijeenkomst community thema rapportage "
    "terugkoppeling evaluatie monitoring voortgang doelgroep jongeren "
    "ouders gezin kinderen vrouwen mannen nieuwkomers asielzoekers "
    "azc opvang woning huur energierekening zorgverzekering toeslagen "
    "uitkering bijstand participatiewet module arbeidsmarkt map pip "
    "persoonlijk verslag handreiking factsheet infographic webinar "
    "goede voorbeeld vraag antwoord regionaal landelijk samenwerking "
    "overleg afstemming rol taak verantwoordelijkheid klantmanager "
    "jobcoach taalcoach maatje vrijwilliger vrijwilligerswerk "
    "dagbesteding zorg trauma rouw stress verlies veerkracht "
    "positieve ziekte beperking medisch advies keuring termijn "
    "verlenging boete sanctie maatregel motivatie eigenaarschap "
    "gesprek huisbezoek casus casusoverleg werkproces proces "
    "registratie systeem gegevens privacy dossier instructie "
    "scholing opleiding mbo diploma certificaat competenties "
    "vaardigheden digitale geletterdheid rekenen lezen schrijven "
    "spreken luisteren oefenen lesuren lesrooster aanwezigheid "
    "verzuim uitval doorstroom resultaat succes belemmering drempel "
    "vervoer reiskosten kinderopvang mantelzorg werktijden uren "
    "combinatie duaal parttime fulltime baan vacature sollicitatie "
    "werkgeversbenadering detachering loonkostensubsidie proefplaatsing "
    "jobhunting netwerk buurt wijk dorp stad regio provincie "
    "arbeidsmarktregio kennisdeling lerend stelsel opbrengst signalen "
    "escalatie schakelniveau stelselniveau uitvoeringsniveau "
    "ketenregie procesregie casusregie wijkteam sociaal domein "
    "schuldhulpverlening budgetbeheer betalingsachterstand incasso "
    "leverancier energiebedrijf verzekeraar bank rekening betaling "
    "verhuizing inschrijving brp burgerzaken identiteitsbewijs "
    "verblijfsvergunning nareis gezinshereniging taalschool "
    "klantvolgsysteem leerplan voortgangsgesprek tussenevaluatie "
    "eindgesprek ontheffingsprocedure verlengingsaanvraag "
    "alfabetisering analfabeet anderstalig tolk vertaling "
    "cultuur normen waarden kennismakingsgesprek participatieverklaring "
    "ondertekening ceremonie welkom ontvangst buddy mentor "
    "empowerment regelgeving wetswijziging evaluatiecommissie "
    "beleidsregel verordening uitvoeringsregels financieringssystematiek "
    "bekostiging normbedrag prestatiebekostiging kwaliteitseisen "
    "toezicht inspectie audit verbetering innovatie experiment "
    "ketensamenwerking convenant werkagenda actieplan routekaart "
    "stappenplan checklist werkinstructie sjabloon formulier "
    "klanttevredenheid ervaringsdeskundige expertgroep toetsing "
    "goedkeuring publicatie archief versie wijziging herziening"
)

RARE = _words(
    "vergunninghoudersmonitor taalmeterrapport ontzorgingsovereenkomst "
    "werkfitheidsscan duaaltrajectsubsidie leerbaarheidsafwijking "
    "energieleveranciersweigering nareisbegeleidingsprotocol "
    "keuzegesprekverslaglegging statushoudersdashboard "
    "oriëntatieverklaringsmodule huisvestingsconvenantregel "
    "participatieverklaringstraject boeteregelingsbezwaar "
    "inburgeringsplichtverlenging aanbestedingskalenderoverleg "
    "werkervaringsplaatsenbank zorgverzekeringsdoorbetaling "
    "schuldenpreventieprotocol klantreisanalyse"
)

THEMES = [
    "Regievoering en spontane naleving",
    "Bijzondere omstandigheden (ontheffing bij ziekte of beperking)",
    "Inburgering, Participatie en MAP",
    "Positieve gezondheid, trauma en rouw",
    "Leerbaarheidstoets",
    "Financieel ontzorgen",
    "Inkoop leertrajecten",
    "Werkervaringsplekken",
    "Brede intake en PIP",
    "Onderwijsroute",
    "Zelfredzaamheidsroute",
    "B1-route en taalniveau",
    "Kennismakingsprogramma en participatieverklaring",
    "Huisvesting en spreiding",
    "Gezinsmigranten",
    "Jongeren en onderwijs",
    "Digitale vaardigheden",
    "Kinderopvang en mantelzorg",
    "Schulden en bestaanszekerheid",
    "Werkgeversbenadering",
    "Duale trajecten",
    "Ketensamenwerking met COA",
    "Examens en DUO",
    "Kwaliteit van taalaanbieders",
    "Monitoring en voortgang",
    "Privacy en gegevensdeling",
    "Vrijwilligers en maatjes",
    "Alfabetisering",
    "Handhaving en boetes",
    "Lerend stelsel en signalen",
]

# Place names for the generated gemeenten and CoP's: stem + ending.
PLACE_STEMS = _words(
    "Aal Ber Bor Bre Del Dor Ede Elst Ger Gro Haar Ham Hee Hel Hil Hoog Hor "
    "Kam Lee Lin Maas Mep Mid Nij Nun Oos Ool Put Ren Ros Sas Sche Sle Sta "
    "Ter Tie Uit Val Vee Wad Wer Wes Wij Zaan Zee Zut Zwa Ach Amer"
)
PLACE_ENDINGS = _words(
    "dam wijk veen horst broek hoven dorp sloot berg meer stein lo zijl "
    "huizen kerk woude drecht voort beek rade"
)
PLACE_PREFIXES = ["", "Noord-", "Zuid-", "Oost-", "West-", "Nieuw-", "Oud-"]

ORGANISATION_KINDS_NATIONAL = [
    ("DUO", "duo"),
    ("COA", "coa"),
    ("Argonaut", "argonaut"),
    ("Blik op Werk", "blik_op_werk"),
    ("Ministerie van SZW", "szw"),
    ("VNG", "vng"),
    ("Divosa", "divosa"),
]
# Regional organisations other than gemeenten: (name prefix, kind).
ORGANISATION_KINDS_REGIONAL = [
    ("Taalschool", "taalaanbieder"),
    ("VluchtelingenWerk", "vluchtelingenwerk"),
    ("Werkgeversservicepunt", "werkgever"),
    ("Hogeschool", "wetenschap"),
    ("Stichting Welzijn", "overig"),
]

FIRST_NAMES = _words(
    "Anna Bram Chantal Daan Eva Fatima Gerrit Hanna Ibrahim Jan Karim Lotte "
    "Mila Noah Olga Pieter Quinten Rosa Sara Tarik Umar Vera Willem Yara Zoë "
    "Ahmed Bas Dewi Elif Femke Guus Hamid Ilse Joost Kees Linda Mustafa Nadia"
)
LAST_NAMES = _words(
    "Jansen Visser Bakker Smit Meijer Mulder Bos Vos Peters Hendriks Dekker "
    "Dijkstra Koster Brouwer Vermeulen Jacobs Kaya Yilmaz Haddou Boukhari "
    "Postma Kramer Prins Blom Kuipers Veenstra Wouters Maas Verhoeven Sedney"
)
