"""Following themes and CoP's, the notification choices, and the e-mails
members and followers get when a session is planned or its report is
published."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import following, services
from communities.models import Following, NewsFrequency, NewsPreferences
from tests.conftest import sign_in
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_members_follow_their_own_cop_without_doing_anything(community, deelnemer):
    assert following.follows_community(deelnemer, community)
    assert following.followed(deelnemer) == ({community.pk}, set())
    assert not Following.objects.exists()


def test_follow_and_unfollow_a_theme_from_its_page(client, deelnemer, theme):
    sign_in(client, deelnemer)
    url = reverse("communities:theme_follow", args=[theme.slug])
    page = client.get(theme.get_absolute_url()).content.decode()
    assert f'action="{url}"' in page
    assert "Leerbaarheidstoets volgen" in page
    response = client.post(url, {"follow": "1"}, follow=True)
    assert "U volgt Leerbaarheidstoets" in response.content.decode()
    assert following.follows_theme(deelnemer, theme)
    client.post(url, {"follow": "1"})  # twice is still once
    assert Following.objects.filter(user=deelnemer).count() == 1
    response = client.post(url, {"follow": "0"}, follow=True)
    assert "U volgt Leerbaarheidstoets niet meer" in response.content.decode()
    assert not following.follows_theme(deelnemer, theme)


def test_a_member_stops_following_their_own_cop(client, deelnemer, community):
    sign_in(client, deelnemer)
    client.post(
        reverse("communities:community_follow", args=[community.slug]), {"follow": "0"}
    )
    assert not following.follows_community(deelnemer, community)
    assert following.followed(deelnemer) == (set(), set())


def test_anyone_signed_in_follows_another_cop(client, outsider, other_community):
    sign_in(client, outsider)
    client.post(
        reverse("communities:community_follow", args=[other_community.slug]),
        {"follow": "1"},
    )
    assert following.followed(outsider) == ({other_community.pk}, set())


def test_a_visitor_is_sent_to_sign_in_and_nothing_is_followed(client, theme):
    response = client.post(
        reverse("communities:theme_follow", args=[theme.slug]), {"follow": "1"}
    )
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Following.objects.exists()


def test_the_notification_page_saves_the_choices(client, deelnemer, community):
    sign_in(client, deelnemer)
    url = reverse("profile_notifications")
    page = client.get(url).content.decode()
    assert "Meldingen" in page
    assert community.name in page  # their own CoP, followed by default
    response = client.post(
        url, {"products": "immediately", "sessions": "never", "signals": "weekly"}
    )
    assert response.status_code == 302
    preferences = NewsPreferences.objects.get(user=deelnemer)
    assert (preferences.products, preferences.sessions, preferences.signals) == (
        "immediately",
        "never",
        "weekly",
    )


@pytest.mark.parametrize(
    "data",
    [
        {"products": "altijd", "sessions": "never", "signals": "weekly"},
        {"products": "", "sessions": "never", "signals": "weekly"},
        {"sessions": "never"},
        {"products": "x" * 5000, "sessions": "never", "signals": "weekly"},
    ],
)
def test_a_wrong_choice_is_refused_clearly_and_changes_nothing(client, deelnemer, data):
    sign_in(client, deelnemer)
    response = client.post(reverse("profile_notifications"), data)
    assert response.status_code == 200
    assert "utrecht-form-field-error-message" in response.content.decode()
    assert not NewsPreferences.objects.filter(user=deelnemer).exists()


# --- Sessions --------------------------------------------------------------------
def _plan(trekker, community, theme, **fields):
    starts = timezone.now() + datetime.timedelta(days=14)
    return services.session_create(
        actor=trekker,
        community=community,
        title="Bijeenkomst over ontheffingen",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        location="Stadhuis",
        themes=[theme],
        **fields,
    )


def test_members_and_followers_hear_of_a_planned_session(
    community,
    theme,
    trekker,
    deelnemer,
    other_community,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    theme_follower = UserFactory()
    following.follow(user=theme_follower, theme=theme)
    quiet = MembershipFactory(community=community).user
    following.preferences_update(user=quiet, sessions=NewsFrequency.NEVER)
    MembershipFactory(community=other_community)  # another CoP: not told
    with django_capture_on_commit_callbacks(execute=True):
        session = _plan(trekker, community, theme)
    assert {m.to[0] for m in mailoutbox} == {
        trekker.email,
        deelnemer.email,
        theme_follower.email,
    }
    message = mailoutbox[0]
    assert message.subject == (
        "[CoP-portaal] Bijeenkomst gepland: Bijeenkomst over ontheffingen"
    )
    assert session.get_absolute_url() in message.body


def test_members_hear_once_when_the_report_is_published(
    community, theme, trekker, deelnemer, mailoutbox, django_capture_on_commit_callbacks
):
    following.preferences_update(user=deelnemer, sessions=NewsFrequency.IMMEDIATELY)
    with django_capture_on_commit_callbacks(execute=True):
        session = _plan(trekker, community, theme)
    mailoutbox.clear()
    # A report is written once the session has started.
    started = timezone.now() - datetime.timedelta(minutes=30)
    fields = {
        "themes": [theme],
        "attendees": [],
        "guest_organisations": [],
        "starts_at": started,
        "ends_at": started + datetime.timedelta(hours=2),
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            actor=trekker, session=session, report="Vertrouwelijk verslag.", **fields
        )
    assert {m.to[0] for m in mailoutbox} == {trekker.email, deelnemer.email}
    assert "Verslag gepubliceerd" in mailoutbox[0].subject
    assert "Vertrouwelijk verslag." not in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            actor=trekker, session=session, report="Verslag, verbeterd.", **fields
        )
    assert len(mailoutbox) == 2
