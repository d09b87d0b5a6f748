"""Demo signals drawn from the seed texts, at every level and status, with
recognitions from several CoP's. Each signal is raised and moved through
the real services, so its timeline is a real one. Idempotent: a signal that
exists (same CoP and title) is left as it is."""

import datetime

from django.utils import timezone

from . import services
from .models import Signal

RIJNMOND = "CoP Inburgering – Rijnmond"
ZEELAND = "CoP Inburgering – Zeeland"
HOLLAND_RIJNLAND = "CoP Inburgering – Holland Rijnland"
ACHTERHOEK = "CoP Inburgering – Achterhoek"
MODERATOR = "moderator@example.org"
PARTNER = "ketenpartner@example.org"

# Each: CoP, raiser, title, description, themes, recognisers, and the steps
# after submitting: (transition, actor, arguments). "@title" refers to
# another demo signal; "#organisation" to an organisation by name.
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
        ],
        "steps": [
            ("accept", MODERATOR, {}),
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
        "recognisers": ["deelnemer@example.org", "trekker.achterhoek@example.org"],
        "steps": [
            ("accept", MODERATOR, {}),
            (
                "escalate",
                MODERATOR,
                {
                    "tried": "Regionale inkoop met meerdere gemeenten samen.",
                    "reason": "Meer regio's lopen vast; Divosa en VNG "
                    "verzamelen de inkoopmethoden.",
                    "addressed_to": "#VNG",
                },
            ),
            (
                "respond",
                MODERATOR,
                {
                    "answer": "VNG en Divosa delen een overzicht van "
                    "inkoopmethoden die werken, met modelbestekken voor "
                    "leertrajecten per leerroute."
                },
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
        "recognisers": ["trekker.zeeland@example.org"],
        "steps": [
            ("accept", MODERATOR, {}),
            (
                "respond",
                MODERATOR,
                {
                    "answer": "Gemeenten in de Achterhoek maken samen met het "
                    "werkgeversservicepunt afspraken over plekken in deeltijd."
                },
            ),
            (
                "close",
                MODERATOR,
                {
                    "feedback": "Stem de lestijden af met de taalaanbieder en "
                    "bied werkgevers vaste dagdelen aan; het "
                    "werkgeversservicepunt helpt daarbij."
                },
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
        "recognisers": ["deelnemer@example.org"],
        "steps": [],
        # Raised long ago and never picked up: shows as overdue.
        "backdate_days": 45,
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
        "recognisers": ["consulent.vlaardingen@example.org"],
        "steps": [("accept", MODERATOR, {"handler": MODERATOR})],
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
        "steps": [
            (
                "merge",
                MODERATOR,
                {
                    "target": "@Energiebedrijven weigeren betalingen namens "
                    "inburgeraars",
                    "reason": "Zelfde knelpunt als het signaal uit Zeeland.",
                },
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
        "steps": [
            (
                "reject",
                MODERATOR,
                {
                    "reason": "Dit is geen knelpunt van het inburgeringsstelsel; "
                    "de vraag is doorgezet naar het team Inkomen."
                },
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
        "recognisers": ["trekker.zeeland@example.org", "consulent.goes@example.org"],
        "steps": [
            ("accept", MODERATOR, {}),
            (
                "escalate",
                MODERATOR,
                {
                    "tried": "Met Argonaut een vaste route voor vragen afgesproken.",
                    "reason": "De doorlooptijd ligt bij DUO en Argonaut.",
                    "addressed_to": "#DUO",
                },
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
            ),
            (
                "respond",
                PARTNER,
                {
                    "answer": "SZW werkt aan een tijdelijke opschorting van de "
                    "verplichtingen zolang een aanvraag loopt."
                },
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
        "steps": [
            ("accept", MODERATOR, {}),
            ("respond", MODERATOR, {"answer": "Plan de intake eerder in."}),
            ("close", MODERATOR, {"feedback": "Plan de intake eerder in."}),
            (
                "reopen",
                MODERATOR,
                {"reason": "Het speelt opnieuw bij de nieuwe aanbesteding."},
            ),
        ],
    },
]


def _resolve(value, *, users, organisations):
    if isinstance(value, str) and value.startswith("#"):
        return organisations[value[1:]]
    if isinstance(value, str) and value.startswith("@"):
        return Signal.objects.get(title=value[1:])
    if isinstance(value, str) and value.endswith("@example.org"):
        return users[value]
    return value


def load_signals_demo(*, communities, users, themes, organisations, **_rest) -> int:
    """Create the demo signals that do not exist yet; returns how many."""
    created = 0
    for data in SIGNALS:
        community = communities[data["community"]]
        if Signal.objects.filter(community=community, title=data["title"]).exists():
            continue
        raised_at = None
        if days := data.get("backdate_days"):
            # Raised in the past through the service, so its submit event
            # and due date agree with the date it shows.
            raised_at = timezone.now() - datetime.timedelta(days=days)
        signal = services.signal_submit(
            actor=users[data["raiser"]],
            community=community,
            title=data["title"],
            description=data["description"],
            themes=[themes[name] for name in data["themes"]],
            raised_at=raised_at,
        )
        for email in data["recognisers"]:
            services.recognition_add(actor=users[email], signal=signal)
        for name, actor, arguments in data["steps"]:
            resolved = {
                key: _resolve(value, users=users, organisations=organisations)
                for key, value in arguments.items()
            }
            if name in {"respond", "close"}:
                # Demo accounts have example.org addresses: send no e-mail.
                resolved["notify"] = False
            getattr(services, f"signal_{name}")(
                actor=users[actor], signal=signal, **resolved
            )
        created += 1
    return created
