"""Mijn werk: the home page of a signed-in person lists what waits for them,
per role, with a count and a link; visitors keep the public home page."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cop_portal.models import WorkListVisit
from knowledge import services as knowledge_services
from knowledge.models import Status
from signals import services
from signals.states import Level
from signals.states import Status as SignalStatus
from tests.conftest import sign_in
from tests.factories import SessionFactory, UserFactory
from tests.knowledge.factories import ProductFactory
from tests.signals.factories import ChainPartnerOrganisationFactory, SignalFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _page(client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, heading: str) -> str:
    """The text of one list, from its heading to the next section."""
    start = html.index(heading)
    return html[start : html.index("</section>", start)]


def test_visitor_gets_the_public_home_page_kept_in_the_page_cache(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    first = client.get(reverse("home"))
    assert "Mijn werk" not in first.content.decode()
    assert "Komende bijeenkomsten" in first.content.decode()
    assert client.get(reverse("home"))["X-Page-Cache"] == "hit"


def test_signed_in_page_is_private_and_never_kept(client, deelnemer, settings):
    settings.PAGE_CACHE_SECONDS = 300
    sign_in(client, deelnemer)
    first = client.get(reverse("home"))
    second = client.get(reverse("home"))
    assert '<h1 class="utrecht-heading-1">Mijn werk</h1>' in first.content.decode()
    assert "private" in first["Cache-Control"]
    assert "X-Page-Cache" not in second


def test_moderator_sees_signals_to_accept_route_and_close(client, moderator, community):
    new = SignalFactory(community=community, title="Nieuw knelpunt")
    busy = SignalFactory(
        community=community,
        title="Knelpunt in behandeling",
        status=SignalStatus.IN_PROGRESS,
    )
    answered = SignalFactory(
        community=community, title="Beantwoord knelpunt", status=SignalStatus.ANSWERED
    )
    SignalFactory(
        community=community,
        title="Gesloten knelpunt",
        status=SignalStatus.CLOSED,
        closure="teruggekoppeld",
    )
    html = _page(sign_in(client, moderator))
    accept = _section(html, "Signalen om in behandeling te nemen")
    assert "(1)" in accept and new.title in accept
    assert reverse("signals:signal_list") + "?status=nieuw" in accept
    assert busy.title in _section(html, "Signalen in behandeling")
    assert answered.title in _section(html, "Beantwoorde signalen om af te sluiten")
    assert "Gesloten knelpunt" not in html


def test_moderator_without_second_factor_sees_no_signals_until_giving_it(
    client, moderator, community
):
    SignalFactory(community=community, title="Nieuw knelpunt")
    client.force_login(moderator)
    html = _page(client)
    assert "Nieuw knelpunt" not in html
    assert "na inloggen met twee factoren" in html


def test_ketenpartner_sees_the_signals_to_answer_and_their_terms(client, community):
    szw = ChainPartnerOrganisationFactory(name="Ministerie van SZW")
    duo = ChainPartnerOrganisationFactory(name="DUO")
    partner = UserFactory(is_chain_partner=True, organisation=szw)
    due = timezone.now() + 10 * DAY
    SignalFactory(
        community=community,
        title="Voor SZW",
        level=Level.STELSEL,
        status=SignalStatus.IN_PROGRESS,
        addressed_to=szw,
        due_at=due,
    )
    SignalFactory(
        community=community,
        title="Voor DUO",
        level=Level.SCHAKEL,
        status=SignalStatus.IN_PROGRESS,
        addressed_to=duo,
    )
    SignalFactory(
        community=community,
        title="Al beantwoord",
        level=Level.STELSEL,
        status=SignalStatus.ANSWERED,
        addressed_to=szw,
    )
    html = _page(sign_in(client, partner))
    answer = _section(html, "Signalen om te beantwoorden voor Ministerie van SZW")
    assert "(1)" in answer
    assert "Voor SZW" in answer
    assert f"termijn tot {timezone.localtime(due):%-d}" in answer
    assert "Voor DUO" not in html
    assert "Al beantwoord" not in html


def test_expert_sees_products_to_review_and_the_queue_in_the_navigation(client):
    expert = UserFactory(is_expert=True)
    ProductFactory(title="Handreiking ter toetsing", status=Status.REVIEW)
    ProductFactory(title="Handreiking in concept", status=Status.CONCEPT)
    html = _page(sign_in(client, expert))
    review = _section(html, "Kennisproducten om te toetsen")
    assert "Handreiking ter toetsing" in review
    assert "Handreiking in concept" not in html
    queue = reverse("knowledge:review_queue")
    assert f'class="portal-nav__link" href="{queue}"' in html


def test_author_sees_own_drafts_sent_back_with_comments(client, trekker, community):
    expert = UserFactory(is_expert=True)
    sent_back = ProductFactory(
        community=community, title="Teruggestuurd concept", status=Status.REVIEW
    )
    sent_back.authors.add(trekker)
    knowledge_services.product_request_changes(
        actor=expert, product=sent_back, comment="Maak het korter."
    )
    untouched = ProductFactory(
        community=community, title="Nog niet getoetst", status=Status.CONCEPT
    )
    untouched.authors.add(trekker)
    html = _page(sign_in(client, trekker))
    drafts = _section(html, "Uw concepten met opmerkingen van de expertgroep")
    assert "Teruggestuurd concept" in drafts
    assert "Nog niet getoetst" not in html


def test_trekker_sees_past_sessions_of_own_cop_without_report(
    client, trekker, community, other_community
):
    now = timezone.now()
    SessionFactory(
        community=community, title="Zonder verslag", starts_at=now - 9 * DAY, report=""
    )
    SessionFactory(community=community, title="Met verslag", starts_at=now - 8 * DAY)
    SessionFactory(
        community=community, title="Nog te houden", starts_at=now + DAY, report=""
    )
    SessionFactory(
        community=other_community,
        title="Van een andere CoP",
        starts_at=now - DAY,
        report="",
    )
    html = _page(sign_in(client, trekker))
    sessions = _section(html, "Bijeenkomsten van uw CoP zonder verslag")
    assert "(1)" in sessions
    assert "Zonder verslag" in sessions
    assert "Verslag schrijven" in sessions
    for title in ("Met verslag", "Nog te houden", "Van een andere CoP"):
        assert title not in html


def test_deelnemer_sees_signals_of_own_cop_answered_since_the_last_visit(
    deelnemer, community, other_community, moderator
):
    def answered(cop, title, days_ago):
        signal = SignalFactory(
            community=cop, title=title, status=SignalStatus.IN_PROGRESS
        )
        services.signal_respond(
            actor=moderator,
            signal=signal,
            answer="Het antwoord.",
            notify=False,
            at=timezone.now() - days_ago * DAY,
        )

    answered(community, "Lang geleden beantwoord", 60)
    answered(community, "Vorige week beantwoord", 7)
    answered(other_community, "Van een andere CoP beantwoord", 2)
    # A first visit shows the answers of the last month.
    html = _page(sign_in(Client(), deelnemer))
    news = _section(html, "Signalen van uw CoP beantwoord sinds uw vorige bezoek")
    assert "Vorige week beantwoord" in news
    assert "Lang geleden beantwoord" not in html
    assert "Van een andere CoP beantwoord" not in html
    seen = WorkListVisit.objects.get(user=deelnemer).seen_at
    assert timezone.now() - seen < datetime.timedelta(minutes=1)

    # The list stays the same while this session lasts...
    client = sign_in(Client(), deelnemer)
    WorkListVisit.objects.filter(user=deelnemer).update(seen_at=seen - 3 * DAY)
    _page(client)
    answered(community, "Net beantwoord", 0)
    html = _page(client)
    news = _section(html, "Signalen van uw CoP beantwoord sinds uw vorige bezoek")
    assert "Net beantwoord" in news
    assert "Vorige week beantwoord" not in news
    # ... and the next visit starts from this one.
    html = _page(sign_in(Client(), deelnemer))
    assert "Net beantwoord" not in html


def test_person_without_roles_is_told_nothing_waits(client):
    html = _page(sign_in(client, UserFactory()))
    assert "Er wacht nu niets op u." in html


def test_counts_stop_at_the_cap(client, moderator, community, monkeypatch):
    from cop_portal import views

    for _ in range(3):
        SignalFactory(community=community)
    real = views.capped_count
    monkeypatch.setattr(views, "capped_count", lambda qs: real(qs, cap=2))
    html = _page(sign_in(client, moderator))
    assert "(meer dan 2)" in _section(html, "Signalen om in behandeling te nemen")
