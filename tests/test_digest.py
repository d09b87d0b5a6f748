"""The weekly digest "Inburgering in uitvoering": what was published,
planned and answered last week in what each person follows; once per week
however often the command runs; an unsubscribe link that works without
signing in, and a clear page for a link that does not."""

import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from communities import following
from communities.models import NewsFrequency, NewsPreferences
from cop_portal import digest
from cop_portal.models import Notification
from knowledge.models import KnowledgeProduct
from signals.models import SignalEvent, Status
from tests.factories import (
    CommunityFactory,
    MembershipFactory,
    SessionFactory,
    ThemeFactory,
    UserFactory,
)
from tests.knowledge.factories import ProductFactory
from tests.signals.factories import SignalFactory

pytestmark = pytest.mark.django_db

WEEK = digest.Week(2026, 46)  # Monday 9 to Sunday 15 November 2026
IN_WEEK = datetime.datetime(2026, 11, 11, 10, 0, tzinfo=datetime.UTC)
BEFORE = datetime.datetime(2026, 11, 6, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def news(community, theme, moderator):
    """One item of each kind in the week, and one of each outside it."""
    other_theme = ThemeFactory(name="Werkervaringsplekken")
    ProductFactory(
        title="Handreiking leerbaarheidstoets", themes=[theme], published_at=IN_WEEK
    )
    ProductFactory(title="Oude handreiking", themes=[theme], published_at=BEFORE)
    ProductFactory(
        title="Alleen voor leden",
        community=community,
        visibility=KnowledgeProduct.Visibility.MEMBERS,
        published_at=IN_WEEK,
    )
    ProductFactory(
        title="Concept", community=community, status="concept", published_at=None
    )
    session = SessionFactory(
        community=community,
        title="Bijeenkomst over ontheffingen",
        starts_at=IN_WEEK + datetime.timedelta(days=20),
        ends_at=IN_WEEK + datetime.timedelta(days=20, hours=2),
    )
    type(session).objects.filter(pk=session.pk).update(created_at=IN_WEEK)
    signal = SignalFactory(
        community=CommunityFactory(),
        themes=[other_theme],
        title="Energiebedrijven weigeren betalingen",
        status=Status.ANSWERED,
    )
    SignalEvent.objects.create(
        signal=signal,
        kind="respond",
        actor=moderator,
        from_level=signal.level,
        to_level=signal.level,
        from_status=Status.IN_PROGRESS,
        to_status=Status.ANSWERED,
        created_at=IN_WEEK,
    )
    return other_theme


def _digests(mailoutbox):
    return {m.to[0]: m for m in mailoutbox if "Inburgering in uitvoering" in m.subject}


def test_a_member_gets_their_cops_news_and_their_themes_news(
    news, community, deelnemer, mailoutbox
):
    following.follow(user=deelnemer, theme=news)
    following.preferences_update(user=deelnemer, sessions=NewsFrequency.WEEKLY)
    call_command("send_weekly_digest", "--week", WEEK.key)
    message = _digests(mailoutbox)[deelnemer.email]
    assert message.subject == "[CoP-portaal] Inburgering in uitvoering, week 46"
    body = message.body
    assert "Alleen voor leden" in body  # members-only, of their own CoP
    assert "Bijeenkomst over ontheffingen" in body
    assert "Energiebedrijven weigeren betalingen" in body  # a followed theme
    assert "Handreiking leerbaarheidstoets" not in body  # a theme not followed
    assert "Oude handreiking" not in body
    assert "Concept" not in body
    assert "http://127.0.0.1:8000/meldingen/afmelden/" in body
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://127.0.0.1:8000/meldingen/afmelden/"
    )
    assert "Handreiking" not in message.alternatives[0][0]


def test_a_follower_without_membership_gets_no_members_only_news(
    news, community, theme, mailoutbox
):
    reader = UserFactory()
    following.follow(user=reader, community=community)
    following.follow(user=reader, theme=theme)
    call_command("send_weekly_digest", "--week", WEEK.key)
    body = _digests(mailoutbox)[reader.email].body
    assert "Handreiking leerbaarheidstoets" in body
    assert "Alleen voor leden" not in body


def test_choices_never_and_immediately_leave_news_out_of_the_digest(
    news, community, deelnemer, mailoutbox
):
    following.preferences_update(
        user=deelnemer,
        products=NewsFrequency.NEVER,
        sessions=NewsFrequency.IMMEDIATELY,
        signals=NewsFrequency.WEEKLY,
    )
    call_command("send_weekly_digest", "--week", WEEK.key)
    # Nothing weekly in what they follow: no digest at all.
    assert deelnemer.email not in _digests(mailoutbox)


def test_a_member_who_stopped_following_their_cop_gets_nothing(
    news, community, deelnemer, mailoutbox
):
    following.unfollow(user=deelnemer, community=community)
    call_command("send_weekly_digest", "--week", WEEK.key)
    assert deelnemer.email not in _digests(mailoutbox)


def test_running_the_digest_again_sends_nothing_twice(news, community, mailoutbox):
    members = [MembershipFactory(community=community).user for _ in range(4)]
    call_command("send_weekly_digest", "--week", WEEK.key)
    assert set(_digests(mailoutbox)) == {m.email for m in members}
    call_command("send_weekly_digest", "--week", WEEK.key)
    assert len(mailoutbox) == 4


def test_an_interrupted_run_sends_the_rest_and_nothing_twice(
    news, community, mailoutbox, monkeypatch
):
    members = [MembershipFactory(community=community).user for _ in range(6)]
    real_write = digest.notifications.write_rendered
    calls = []

    def crash_halfway(**kwargs):
        if len(calls) == 3:
            raise RuntimeError("the scheduler's machine went down")
        calls.append(kwargs["recipient_id"])
        real_write(**kwargs)

    monkeypatch.setattr(digest.notifications, "write_rendered", crash_halfway)
    with pytest.raises(RuntimeError):
        call_command("send_weekly_digest", "--week", WEEK.key)
    monkeypatch.setattr(digest.notifications, "write_rendered", real_write)
    # Some were sent meanwhile by the worker; the rest waits.
    digest.notifications.deliver_pending()
    assert len(mailoutbox) == 3
    call_command("send_weekly_digest", "--week", WEEK.key)
    sent = [m.to[0] for m in mailoutbox]
    assert sorted(sent) == sorted(m.email for m in members)


def test_the_last_complete_week_is_the_default(news, community, deelnemer, mailoutbox):
    with time_machine.travel(IN_WEEK + datetime.timedelta(days=5)):
        call_command("send_weekly_digest")
    assert deelnemer.email in _digests(mailoutbox)
    assert Notification.objects.filter(event="digest:2026-W46").exists()


@pytest.mark.parametrize("week", ["2026-47", "week 12", "2026-W54", "ë"])
def test_a_wrong_week_is_refused_clearly(week):
    with pytest.raises(CommandError, match="Not an ISO week"):
        call_command("send_weekly_digest", "--week", week)


def test_the_digest_reads_a_bounded_number_of_queries(
    news, community, django_assert_max_num_queries
):
    for _ in range(30):
        following.follow(user=MembershipFactory(community=community).user, theme=news)
    # The week's news (7 queries) plus 5 per batch of 1000 people, plus one
    # insert per digest written.
    with django_assert_max_num_queries(12 + 31):
        digest.write_digest(WEEK)


# --- Unsubscribing -------------------------------------------------------------
def test_the_unsubscribe_link_works_without_signing_in(client, deelnemer):
    url = reverse(
        "digest_unsubscribe", kwargs={"token": digest.unsubscribe_token(deelnemer.pk)}
    )
    page = client.get(url)
    assert page.status_code == 200
    assert "Afmelden" in page.content.decode()
    # A GET (a mail scanner following the link) changes nothing.
    assert not NewsPreferences.objects.filter(user=deelnemer).exists()
    done = client.post(url)
    assert done.status_code == 200
    assert "Afgemeld" in done.content.decode()
    preferences = NewsPreferences.objects.get(user=deelnemer)
    assert preferences.products == NewsFrequency.NEVER
    assert preferences.signals == NewsFrequency.NEVER
    # What came at once still does.
    assert preferences.sessions == NewsFrequency.IMMEDIATELY


@pytest.mark.parametrize(
    "token",
    ["verzonnen", "MTI:1abc:verzonnen-handtekening", "%00", "a" * 500],
)
def test_a_forged_unsubscribe_link_gives_a_clear_page(client, token):
    page = client.get(f"/meldingen/afmelden/{token}/")
    assert page.status_code in {400, 404}
    if page.status_code == 400:
        assert "Deze link werkt niet" in page.content.decode()


def test_a_forged_link_for_a_real_person_changes_nothing(client, deelnemer):
    token = digest.unsubscribe_token(deelnemer.pk)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    page = client.post(f"/meldingen/afmelden/{forged}/")
    assert page.status_code == 400
    assert not NewsPreferences.objects.filter(user=deelnemer).exists()


def test_a_stale_unsubscribe_link_gives_a_clear_page(client, deelnemer, settings):
    token = digest.unsubscribe_token(deelnemer.pk)
    later = timezone.now() + datetime.timedelta(
        days=settings.DIGEST_UNSUBSCRIBE_DAYS + 1
    )
    with time_machine.travel(later):
        page = client.post(f"/meldingen/afmelden/{token}/")
    assert page.status_code == 400
    assert "verlopen" in page.content.decode()


def test_the_link_of_a_removed_account_gives_a_clear_page(client):
    person = UserFactory()
    token = digest.unsubscribe_token(person.pk)
    person.delete()
    page = client.post(f"/meldingen/afmelden/{token}/")
    assert page.status_code == 400
    assert "niet meer bestaat" in page.content.decode()
