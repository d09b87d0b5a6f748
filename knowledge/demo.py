"""Demo kennisproducten drawn from the seed texts, one in every status, so a
newcomer sees the whole workflow. Each state is reached through the services,
as on the site: the CoP's trekker drafts and submits, the demo expert reviews,
the demo moderator publishes and archives, and every step is in the history.
Safe to run again: a product whose slug exists is left as it is."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from communities.models import Membership, Session

from . import services
from .models import KnowledgeProduct, PublishedVersion, Review, Status, StatusChange

RIJNMOND = "CoP Inburgering – Rijnmond"
ZEELAND = "CoP Inburgering – Zeeland"
ACHTERHOEK = "CoP Inburgering – Achterhoek"
ONTHEFFING = "Bijzondere omstandigheden (ontheffing bij ziekte of beperking)"

PRODUCTS = [
    {
        "title": "Ontheffing inburgeringsverplichtingen bij ziekte of beperking",
        "kind": KnowledgeProduct.Kind.INFOGRAPHIC,
        "community": RIJNMOND,
        "status": Status.PUBLISHED,
        "days_ago": 300,
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
            "met Argonaut op een rij."
        ),
        "body": (
            "## Stappen\n\n"
            "1. **Signaleren**: de consulent bespreakt signalen van langdurige "
            "ziekte of een beperking vroeg in het traject.\n"
            "2. **Aanvragen**: de inburgeraar vraagt bij DUO ontheffing aan; "
            "de gemeente helpt daarbij.\n"
            "3. **Advies**: Argonaut onderzoekt en adviseert DUO.\n"
            "4. **Besluit**: DUO besluit en informeert inburgeraar en "
            "gemeente.\n\n"
            "## Aandachtspunten\n\n"
            "- Leg samen met de inburgeraar vast wat al geprobeerd is in het "
            "PIP.\n"
            "- Na een afgewezen ontheffing blijft de gemeente de regie houden "
            "over het traject.\n"
        ),
    },
    {
        "title": "Wet inburgering in vraag en antwoord",
        "kind": KnowledgeProduct.Kind.QA,
        "community": RIJNMOND,
        "status": Status.PUBLISHED,
        "days_ago": 170,
        "scope": KnowledgeProduct.Scope.NATIONAL,
        "themes": [
            "Leerbaarheidstoets",
            "Financieel ontzorgen",
            "Inburgering, Participatie en MAP",
            ONTHEFFING,
        ],
        "tags": ["Wi2021", "vraag en antwoord"],
        "sessions": [],
        "summary": (
            "Vragen uit de praktijk van de CoP's over de Wet inburgering 2021, "
            "met de antwoorden die de CoP's en ketenpartners vonden, per thema."
        ),
        "body": "Mist u een vraag? Leg hem voor aan de communitytrekker van uw CoP.",
    },
    {
        "title": "Verslag: voorbereiding op de leerbaarheidstoets",
        "kind": KnowledgeProduct.Kind.REPORT,
        "community": ACHTERHOEK,
        "status": Status.PUBLISHED,
        "days_ago": 25,
        "visibility": KnowledgeProduct.Visibility.MEMBERS,
        "scope": KnowledgeProduct.Scope.REGIONAL,
        "themes": ["Leerbaarheidstoets"],
        "tags": ["leerbaarheidstoets", "pilot"],
        "sessions": ["Voorbereiding op de leerbaarheidstoets"],
        "summary": (
            "Acht gemeenten in de Achterhoek onderzoeken of een korte training "
            "vooraf helpt bij de leerbaarheidstoets."
        ),
        "body": (
            "De eerste ervaringen met de pilot zijn positief. Consulenten "
            "leggen uit wat de toets is en waarom hij er is; de groep volgt de "
            "plaatsing in de leerroutes (B1-route, onderwijsroute, Z-route)."
        ),
    },
    {
        "title": "Een klankbordgroep van inburgeraars",
        "kind": KnowledgeProduct.Kind.PRACTICE,
        "community": ZEELAND,
        "status": Status.REVIEW,
        "themes": ["Positieve gezondheid, trauma en rouw"],
        "tags": ["klankbordgroep", "positieve gezondheid"],
        "sessions": ["Kick-off CoP Zeeland"],
        "summary": (
            "Hoe de CoP Zeeland met VluchtelingenWerk en COA inburgeraars laat "
            "meedenken over de start van het inburgeringstraject."
        ),
        "body": "Positieve gezondheid is het uitgangspunt van de gesprekken.",
    },
    {
        "title": "Factsheet financieel ontzorgen",
        "kind": KnowledgeProduct.Kind.FACTSHEET,
        "community": ZEELAND,
        "status": Status.APPROVED,
        "themes": ["Financieel ontzorgen"],
        "tags": ["ontzorgen", "vaste lasten"],
        "sessions": [],
        "summary": "De vaste lasten die gemeenten de eerste zes maanden betalen.",
        "body": "Huur, energie en zorgverzekering worden ingehouden op de uitkering.",
    },
    {
        "title": "Handreiking regievoering en spontane naleving",
        "kind": KnowledgeProduct.Kind.GUIDE,
        "community": RIJNMOND,
        "status": Status.CONCEPT,
        "themes": ["Regievoering en spontane naleving"],
        "tags": ["regie", "handhaving"],
        "sessions": [],
        "summary": "Wat werkt om inburgeraars te laten meedoen zonder te handhaven?",
        "body": "Eerste opzet, na de drietrapsraket van de volgende bijeenkomst.",
        "request_changes": (
            "Graag in B1-taal, en noem de rol van DUO bij handhaving expliciet."
        ),
    },
    {
        "title": "Factsheet Wet inburgering 2021 (eerste jaar)",
        "kind": KnowledgeProduct.Kind.FACTSHEET,
        "community": RIJNMOND,
        "status": Status.ARCHIVED,
        "days_ago": 400,
        "themes": ["Inburgering, Participatie en MAP"],
        "tags": ["Wi2021"],
        "sessions": [],
        "summary": "De Wi2021 in het eerste jaar na de invoering.",
        "body": "Vervangen door de vraag-en-antwoordpagina.",
        "archive_comment": "Vervangen door de vraag-en-antwoordpagina.",
    },
]

QUESTIONS = [
    (
        "Leerbaarheidstoets",
        "Wat meet de leerbaarheidstoets?",
        "Hoe snel iemand een nieuwe taal leert. De uitkomst helpt bij de keuze "
        "van de leerroute in het PIP.",
    ),
    (
        "Leerbaarheidstoets",
        "Kan een inburgeraar zich voorbereiden op de leerbaarheidstoets?",
        "Uitleg vooraf over het doel van de toets helpt; de CoP Achterhoek "
        "onderzoekt of een korte training werkt.",
    ),
    (
        "Financieel ontzorgen",
        "Welke vaste lasten betaalt de gemeente bij het ontzorgen?",
        "Ten minste huur, energie en de zorgverzekering, de eerste zes maanden.",
    ),
    (
        "Financieel ontzorgen",
        "Wat als een energieleverancier de betaling door de gemeente weigert?",
        "Dit speelt in meer CoP's; het is als signaal aan Divosa doorgegeven.",
    ),
    (
        "Inburgering, Participatie en MAP",
        "Wanneer volgt een inburgeraar de MAP?",
        "De module arbeidsmarkt en participatie hoort bij elke leerroute en "
        "start zo vroeg mogelijk in het traject.",
    ),
    (
        ONTHEFFING,
        "Wie adviseert DUO over een medische ontheffing?",
        "Argonaut onderzoekt de inburgeraar en adviseert DUO; DUO besluit.",
    ),
]


def _session(community, title):
    return Session.objects.filter(community=community, slug=slugify(title)).first()


def _drafter(community, moderator):
    """The CoP's trekker drafts its products; the moderator if it has none."""
    membership = (
        Membership.objects.filter(community=community, role=Membership.Role.TREKKER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else moderator


def _backdate(product, *, days_ago: int) -> None:
    """Spread the demo publications over time (for the year filter and the
    order of the list): the workflow ran today, the dates say when."""
    published_at = timezone.now() - datetime.timedelta(days=days_ago)
    reviewed_at = published_at - datetime.timedelta(days=2)
    KnowledgeProduct.objects.filter(pk=product.pk).update(
        published_at=published_at, reviewed_at=reviewed_at
    )
    PublishedVersion.objects.filter(product=product).update(published_at=published_at)
    Review.objects.filter(product=product).update(created_at=reviewed_at)
    changes = StatusChange.objects.filter(product=product)
    changes.filter(transition__in=["submit", "approve"]).update(created_at=reviewed_at)
    changes.filter(transition="publish").update(created_at=published_at)


def _build(data, *, communities, themes, users) -> KnowledgeProduct:
    moderator = users["moderator@example.org"]
    expert = users["expert@example.org"]
    community = communities[data["community"]]
    drafter = _drafter(community, moderator)
    product = services.product_create(
        actor=drafter,
        community=community,
        kind=data["kind"],
        title=data["title"],
        summary=data["summary"],
        body=data["body"],
        scope=data.get("scope", KnowledgeProduct.Scope.NATIONAL),
        visibility=data.get("visibility", KnowledgeProduct.Visibility.PUBLIC),
        themes=[themes[name] for name in data["themes"]],
        tags=data["tags"],
        sessions=[s for s in (_session(community, t) for t in data["sessions"]) if s],
    )
    if product.kind == KnowledgeProduct.Kind.QA:
        for theme_name, question, answer in QUESTIONS:
            services.question_add(
                actor=drafter,
                product=product,
                theme=themes[theme_name],
                question=question,
                answer=answer,
            )
    target = data["status"]
    if target == Status.CONCEPT and not data.get("request_changes"):
        return product
    product = services.product_submit(actor=drafter, product=product)
    if target == Status.CONCEPT:
        return services.product_request_changes(
            actor=expert, product=product, comment=data["request_changes"]
        )
    if target == Status.REVIEW:
        return product
    product = services.product_approve(
        actor=expert, product=product, comment="Helder en goed leesbaar."
    )
    if target == Status.APPROVED:
        return product
    product = services.product_publish(actor=moderator, product=product)
    _backdate(product, days_ago=data.get("days_ago", 30))
    if target == Status.ARCHIVED:
        product = services.product_archive(
            actor=moderator, product=product, comment=data.get("archive_comment", "")
        )
    return product


def load_knowledge_demo(*, communities, themes, users) -> dict:
    products = {}
    for data in PRODUCTS:
        product = KnowledgeProduct.objects.filter(
            slug=slugify(data["title"]), revision_of=None
        ).first()
        if product is None:
            product = _build(data, communities=communities, themes=themes, users=users)
        products[data["title"]] = product
    return {"products": products}
