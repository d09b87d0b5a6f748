"""Demo content drawn from the seed texts. Idempotent: every object is looked up
by its natural key (slug, e-mail address) and updated in place."""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from . import services
from .models import Community, Membership, Organisation, Region, Session, Theme

DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 (published demo accounts)

THEMES = {
    "Regievoering en spontane naleving": (
        "Hoe houdt de gemeente regie op het inburgeringstraject, en hoe wordt de "
        "inburgeraar eigenaar van het eigen traject? Wanneer gaan we over tot "
        "handhaving?"
    ),
    "Bijzondere omstandigheden (ontheffing bij ziekte of beperking)": (
        "Ontheffing van inburgeringsverplichtingen bij langdurige ziekte of een "
        "beperking: aandachtspunten voor gemeente en inburgeraar, samen met "
        "Argonaut en DUO."
    ),
    "Inburgering, Participatie en MAP": (
        "De onderlinge verhoudingen en samenwerking tussen inburgering, de "
        "Participatiewet en de module arbeidsmarkt en participatie."
    ),
    "Positieve gezondheid, trauma en rouw": (
        "Fysieke, mentale en geestelijke gezondheid van inburgeraars: voorkomen "
        "dat stress, trauma, rouw en verlies het inburgeringstraject tegenwerken."
    ),
    "Leerbaarheidstoets": (
        "Vragen over de leerbaarheidstoets en het risico dat inburgeraars in de "
        "verkeerde leerroute terechtkomen."
    ),
    "Financieel ontzorgen": (
        "De gemeente betaalt de eerste maanden vaste lasten namens de "
        "inburgeraar. Ontzorgen is niet altijd zorgvrij."
    ),
    "Inkoop leertrajecten": (
        "Obstakels bij de inkoop en aanbesteding van leertrajecten bij taalaanbieders."
    ),
    "Werkervaringsplekken": (
        "Werkgevers vinden die werkervaringsplekken openstellen die passen bij de "
        "uren van het inburgeringstraject."
    ),
}

ORGANISATIONS = [
    ("Gemeente Rotterdam", Organisation.Kind.GEMEENTE),
    ("Gemeente Schiedam", Organisation.Kind.GEMEENTE),
    ("Gemeente Vlaardingen", Organisation.Kind.GEMEENTE),
    ("Gemeente Goes", Organisation.Kind.GEMEENTE),
    ("Gemeente Tholen", Organisation.Kind.GEMEENTE),
    ("Gemeente Middelburg", Organisation.Kind.GEMEENTE),
    ("Gemeente Leiden", Organisation.Kind.GEMEENTE),
    ("Gemeente Alphen aan den Rijn", Organisation.Kind.GEMEENTE),
    ("Gemeente Doetinchem", Organisation.Kind.GEMEENTE),
    ("Gemeente Winterswijk", Organisation.Kind.GEMEENTE),
    ("Albeda", Organisation.Kind.TAALAANBIEDER),
    ("Scalda", Organisation.Kind.TAALAANBIEDER),
    ("VluchtelingenWerk Zuidwest-Nederland", Organisation.Kind.VLUCHTELINGENWERK),
    ("COA", Organisation.Kind.COA),
    ("DUO", Organisation.Kind.DUO),
    ("Argonaut", Organisation.Kind.ARGONAUT),
    ("Blik op Werk", Organisation.Kind.BLIK_OP_WERK),
    ("Ministerie van SZW", Organisation.Kind.SZW),
    ("VNG", Organisation.Kind.VNG),
    ("Divosa", Organisation.Kind.DIVOSA),
]

COMMUNITIES = [
    {
        "name": "CoP Inburgering – Rijnmond",
        "regions": ["Rijnmond"],
        "themes": [
            "Regievoering en spontane naleving",
            "Bijzondere omstandigheden (ontheffing bij ziekte of beperking)",
            "Inburgering, Participatie en MAP",
        ],
        "running_since": datetime.date(2023, 3, 1),
        "contact_name": "Communitytrekker CoP Rijnmond",
        "description": (
            "Met vaste deelnemers en deelnemers die op verzoek aanschuiven vliegt "
            "de CoP Inburgering – Rijnmond diverse thema's binnen inburgering aan "
            "via een drietrapsraket: wat kan de gemeente zelf doen, wat kan zij "
            "samen met een partner in de inburgeringsketen, en welke andere partij "
            "kan helpen bij het vinden van een antwoord?\n\n"
            "Vaste deelnemers zijn consulenten, beleidsmedewerkers en teamleiders "
            "van tien gemeenten uit de regio, de taalaanbieders per leerroute en "
            "VluchtelingenWerk. Per thema schuiven ketenpartners aan, zoals Blik op "
            "Werk, Argonaut, DUO en SZW."
        ),
    },
    {
        "name": "CoP Inburgering – Zeeland",
        "regions": ["Zeeland"],
        "themes": [
            "Positieve gezondheid, trauma en rouw",
            "Financieel ontzorgen",
            "Werkervaringsplekken",
        ],
        "running_since": datetime.date(2022, 11, 1),
        "contact_name": "Contactpersoon CoP Zeeland",
        "description": (
            "De Zeeuwse CoP bestaat uit Zeeuwse gemeenten, VluchtelingenWerk, COA, "
            "Scalda en Divosa. De kick-off was op 30 november in Goes. De CoP wil "
            "ontdekken welke problemen een inburgeraar in Zeeland tegenkomt als die "
            "met het inburgeringstraject start, met positieve gezondheid als "
            "uitgangspunt."
        ),
    },
    {
        "name": "CoP Inburgering – Holland Rijnland",
        "regions": ["Holland Rijnland"],
        "themes": ["Inkoop leertrajecten", "Inburgering, Participatie en MAP"],
        "running_since": datetime.date(2023, 6, 1),
        "contact_name": "Contactpersoon CoP Holland Rijnland",
        "description": (
            "Gemeenten in Holland Rijnland delen ervaringen met de inkoop van "
            "leertrajecten en de aansluiting tussen inburgering en participatie."
        ),
    },
    {
        "name": "CoP Inburgering – Achterhoek",
        "regions": ["Achterhoek"],
        "themes": ["Leerbaarheidstoets", "Werkervaringsplekken"],
        "running_since": datetime.date(2023, 9, 1),
        "contact_name": "Contactpersoon CoP Achterhoek",
        "description": (
            "Acht relatief kleine gemeenten trekken gezamenlijk op in de uitvoering "
            "van de Wet inburgering 2021, onder meer met een pilot die onderzoekt "
            "of een korte training vooraf helpt bij de leerbaarheidstoets."
        ),
    },
]

# (e-mail, first name, last name, organisation, roles, memberships)
# memberships: list of (community name, role)
USERS = [
    (
        "moderator@example.org",
        "Mila",
        "Moderator",
        "Divosa",
        {"is_moderator": True},
        [],
    ),
    (
        "trekker@example.org",
        "Tarik",
        "Trekker",
        "Gemeente Rotterdam",
        {},
        [("CoP Inburgering – Rijnmond", Membership.Role.TREKKER)],
    ),
    (
        "trekker.zeeland@example.org",
        "Zoë",
        "Zeeuw",
        "Gemeente Tholen",
        {},
        [("CoP Inburgering – Zeeland", Membership.Role.TREKKER)],
    ),
    (
        "deelnemer@example.org",
        "Daan",
        "Deelnemer",
        "Gemeente Schiedam",
        {},
        [("CoP Inburgering – Rijnmond", Membership.Role.DEELNEMER)],
    ),
    (
        "consulent.vlaardingen@example.org",
        "Vera",
        "Visser",
        "Gemeente Vlaardingen",
        {},
        [("CoP Inburgering – Rijnmond", Membership.Role.DEELNEMER)],
    ),
    (
        "taal@example.org",
        "Aylin",
        "Albeda",
        "Albeda",
        {},
        [("CoP Inburgering – Rijnmond", Membership.Role.DEELNEMER)],
    ),
    (
        "consulent.goes@example.org",
        "Gerrit",
        "Goeree",
        "Gemeente Goes",
        {},
        [("CoP Inburgering – Zeeland", Membership.Role.DEELNEMER)],
    ),
    (
        "trekker.hollandrijnland@example.org",
        "Hanna",
        "Hoogland",
        "Gemeente Leiden",
        {},
        [("CoP Inburgering – Holland Rijnland", Membership.Role.TREKKER)],
    ),
    (
        "trekker.achterhoek@example.org",
        "Arjen",
        "Aalten",
        "Gemeente Doetinchem",
        {},
        [("CoP Inburgering – Achterhoek", Membership.Role.TREKKER)],
    ),
    (
        "expert@example.org",
        "Samira",
        "Expert",
        None,
        {"is_expert": True},
        [],
    ),
    (
        "ketenpartner@example.org",
        "Karin",
        "Ketenpartner",
        "Ministerie van SZW",
        {"is_chain_partner": True},
        [],
    ),
]


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
#  themes, guests, agenda, report, outcomes (step 1, 2, 3))
SESSIONS = [
    (
        "CoP Inburgering – Rijnmond",
        "Ontheffing bij ziekte of beperking, met Argonaut",
        -120,
        13,
        16,
        "Stadhuis Rotterdam, Coolsingel 40",
        "",
        ["Bijzondere omstandigheden (ontheffing bij ziekte of beperking)"],
        ["Argonaut", "DUO"],
        "1. Presentatie Argonaut over medische ontheffing\n"
        "2. Aandachtspunten voor gemeente en inburgeraar\n"
        "3. Afspraken voor een infographic",
        "Argonaut lichtte toe hoe een aanvraag voor medische ontheffing via DUO "
        "verloopt. De deelnemers brachten samen in kaart waar consulenten tegenaan "
        "lopen, van het herkennen van langdurige ziekte tot de terugkoppeling van "
        "het advies.",
        (
            "Consulenten bespreken signalen van ziekte vroeg in het traject en "
            "verwijzen tijdig.",
            "Met Argonaut een vaste route afgesproken voor vragen over het advies.",
            "DUO wordt gevraagd de doorlooptijd van aanvragen te delen.",
        ),
    ),
    (
        "CoP Inburgering – Rijnmond",
        "Online uitwisselingssessie: de infographic ontheffing",
        -60,
        10,
        11,
        "",
        "https://video.example.org/cop-rijnmond",
        ["Bijzondere omstandigheden (ontheffing bij ziekte of beperking)"],
        ["Argonaut"],
        "Toelichting op de infographic 'Ontheffing inburgeringsverplichtingen bij "
        "ziekte of beperking' voor gemeenten uit het hele land.",
        "Ruim zestig deelnemers uit het hele land. Vragen gingen vooral over de "
        "rol van de gemeente na een afgewezen ontheffing.",
        ("", "", ""),
    ),
    (
        "CoP Inburgering – Rijnmond",
        "Regievoering en spontane naleving versus handhaving",
        21,
        13,
        16,
        "Gemeentehuis Schiedam",
        "",
        ["Regievoering en spontane naleving"],
        ["DUO", "Blik op Werk"],
        "1. Wat doen we als gemeente zelf?\n2. Wat doen we samen met partners?\n"
        "3. Welke partij helpt ons verder?",
        "",
        ("", "", ""),
    ),
    (
        "CoP Inburgering – Rijnmond",
        "Inburgering, Participatie en MAP",
        56,
        9,
        12,
        "Albeda, Rotterdam",
        "https://video.example.org/cop-rijnmond",
        ["Inburgering, Participatie en MAP"],
        [],
        "Onderlinge verhoudingen tussen inburgering, participatie en de MAP.",
        "",
        ("", "", ""),
    ),
    (
        "CoP Inburgering – Zeeland",
        "Kick-off CoP Zeeland",
        -300,
        13,
        17,
        "Goes",
        "",
        ["Positieve gezondheid, trauma en rouw"],
        ["COA"],
        "Kennismaking en inventarisatie van thema's.",
        "Een diverse en ambitieuze CoP: gemeenten, VluchtelingenWerk, COA, Scalda "
        "en Divosa. Positieve gezondheid wordt het uitgangspunt; er komt mogelijk "
        "een klankbordgroep met inburgeraars.",
        (
            "Gemeenten brengen in kaart welke problemen inburgeraars bij de start "
            "tegenkomen.",
            "Met VluchtelingenWerk en COA een klankbordgroep verkennen.",
            "",
        ),
    ),
    (
        "CoP Inburgering – Zeeland",
        "Financieel ontzorgen: ervaringen na een jaar",
        14,
        14,
        16,
        "Middelburg",
        "",
        ["Financieel ontzorgen"],
        ["VNG"],
        "Ervaringen met het ontzorgen van vaste lasten in de eerste maanden.",
        "",
        ("", "", ""),
    ),
    (
        "CoP Inburgering – Holland Rijnland",
        "Inkoop leertrajecten: waar lopen we vast?",
        35,
        10,
        12,
        "Leiden",
        "",
        ["Inkoop leertrajecten"],
        [],
        "Obstakels bij de aanbesteding van leertrajecten.",
        "",
        ("", "", ""),
    ),
    (
        "CoP Inburgering – Achterhoek",
        "Voorbereiding op de leerbaarheidstoets",
        -30,
        13,
        15,
        "Doetinchem",
        "",
        ["Leerbaarheidstoets"],
        ["DUO"],
        "Pilot: helpt een korte training vooraf?",
        "Eerste ervaringen met de pilot zijn positief; de groep volgt de "
        "plaatsing in leerroutes.",
        ("Consulenten leggen uit wat de toets is en waarom hij er is.", "", ""),
    ),
]


# Every CoP meets about every six weeks over the past year and the coming
# months: (title, agenda, theme). The latest past session of each CoP has no
# report yet, so its trekker finds it in Mijn werk.
RECURRING_SESSIONS = [
    (
        "Intervisie: casussen uit de praktijk",
        "Deelnemers brengen elk een casus in; we zoeken samen naar een aanpak.",
        "Regievoering en spontane naleving",
    ),
    (
        "Werkbezoek bij de taalaanbieder",
        "Rondleiding en gesprek over de aansluiting van lessen op werk.",
        "Inkoop leertrajecten",
    ),
    (
        "Samenwerken met het werkgeversservicepunt",
        "Hoe vinden we samen meer werkervaringsplekken?",
        "Werkervaringsplekken",
    ),
    (
        "Praktijkvoorbeelden financieel ontzorgen",
        "Gemeenten laten zien hoe zij het ontzorgen hebben ingericht.",
        "Financieel ontzorgen",
    ),
    (
        "Kennissessie leerroutes",
        "Wat past bij wie: B1-route, onderwijsroute en Z-route.",
        "Leerbaarheidstoets",
    ),
    (
        "Positieve gezondheid in het gesprek met de inburgeraar",
        "Oefenen met het gesprek over gezondheid en welzijn.",
        "Positieve gezondheid, trauma en rouw",
    ),
    (
        "Terugblik en planning",
        "Wat leverde het afgelopen halfjaar op, en wat pakken we nu op?",
        "Inburgering, Participatie en MAP",
    ),
    (
        "Gesprek met ketenpartners",
        "DUO en COA vertellen over hun werkwijze; de CoP legt knelpunten voor.",
        "Regievoering en spontane naleving",
    ),
    (
        "Vooruitblik: het nieuwe jaar",
        "Thema's en sprekers voor de komende bijeenkomsten.",
        "Inburgering, Participatie en MAP",
    ),
]
_PLACES = {
    "CoP Inburgering – Rijnmond": "Stadswinkel Rotterdam",
    "CoP Inburgering – Zeeland": "Gemeentehuis Goes",
    "CoP Inburgering – Holland Rijnland": "Stadhuis Leiden",
    "CoP Inburgering – Achterhoek": "Gemeentehuis Doetinchem",
}
_RECURRING_REPORT = (
    "De deelnemers bespraken voorbeelden uit hun gemeenten. Ze spraken af "
    "wat de gemeenten zelf oppakken en wat naar de ketenpartners gaat."
)


def _recurring_sessions() -> list[tuple]:
    """RECURRING_SESSIONS per CoP as SESSIONS rows: from eleven months ago
    to three months ahead, six weeks apart, each CoP on its own weeks."""
    rows = []
    for offset, (community, place) in enumerate(_PLACES.items()):
        days = [
            -330 + offset * 9 + step * 45 for step in range(len(RECURRING_SESSIONS))
        ]
        latest_past = max(day for day in days if day < 0)
        for (title, agenda, theme), day in zip(RECURRING_SESSIONS, days, strict=True):
            report = _RECURRING_REPORT if day < latest_past else ""
            rows.append(
                (
                    community,
                    title,
                    day,
                    10 + offset,
                    12 + offset,
                    place,
                    "",
                    [theme],
                    [],
                    agenda,
                    report,
                    ("", "", ""),
                )
            )
    return rows


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
    communities = {}
    for data in COMMUNITIES:
        community, _ = Community.objects.update_or_create(
            slug=slugify(data["name"]),
            defaults={
                "name": data["name"],
                "description": data["description"],
                "running_since": data["running_since"],
                "contact_name": data["contact_name"],
                "contact_email": f"cop-{slugify(data['regions'][0])}@example.org",
                "is_active": True,
            },
        )
        community.regions.set(Region.objects.filter(name__in=data["regions"]))
        community.themes.set([themes[name] for name in data["themes"]])
        communities[data["name"]] = community

    user_model = get_user_model()
    users = {}
    for email, first, last, organisation, roles, _memberships in USERS:
        user, created = user_model.objects.get_or_create(email=email)
        user.first_name, user.last_name = first, last
        user.organisation = organisations.get(organisation)
        for flag in ("is_moderator", "is_expert", "is_chain_partner"):
            setattr(user, flag, roles.get(flag, False))
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        users[email] = user

    # Memberships and sessions go through the services, as a moderator
    # would make them on the site.
    moderator = next(user for user in users.values() if user.is_moderator)
    for email, *_rest, memberships in USERS:
        user = users[email]
        for community_name, role in memberships:
            community = communities[community_name]
            if not Membership.objects.filter(user=user, community=community).exists():
                services.membership_add(
                    actor=moderator,
                    community=community,
                    email=email,
                    organisation=user.organisation,
                    role=role,
                )

    for (
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
    ) in [*SESSIONS, *_recurring_sessions()]:
        community = communities[community_name]
        fields = {
            "title": title,
            "starts_at": _at(days, start),
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
            "attendees": list(
                user_model.objects.filter(memberships__community=community)
            )
            if days < 0
            else [],
        }
        existing = Session.objects.filter(
            community=community, slug=slugify(title)
        ).first()
        if existing is None:
            services.session_create(
                actor=moderator, community=community, **fields, **relations
            )
        else:
            services.session_update(
                actor=moderator, session=existing, **fields, **relations
            )
    return {
        "themes": themes,
        "organisations": organisations,
        "communities": communities,
        "users": users,
    }
