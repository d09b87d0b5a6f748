"""Anyone subscribes to a CoP's sessions as an iCalendar feed (RFC 5545)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def _feed(client, community):
    response = client.get(
        reverse("communities:community_calendar", args=[community.slug])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_feed_parses_back_with_every_session_as_an_event(
    client, community, other_community
):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    session = SessionFactory(
        community=community,
        title="Leerbaarheidstoets",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        location="Gemeentehuis Schiedam",
        agenda="Openbare agenda",
        report="Geheim verslag",
    )
    SessionFactory(community=other_community, title="Andere CoP")

    calendar = _feed(client, community)
    events = calendar.walk("VEVENT")

    assert calendar["VERSION"] == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == community.name
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == f"Leerbaarheidstoets ({community.name})"
    assert event.decoded("DTSTART") == start
    assert event.decoded("DTEND") == start + datetime.timedelta(hours=2)
    assert str(event["LOCATION"]) == "Gemeentehuis Schiedam"
    assert str(event["DESCRIPTION"]) == "Openbare agenda"
    assert str(event["URL"]).endswith(session.get_absolute_url())
    assert str(event["UID"]).startswith(f"session-{session.pk}@")


def test_feed_never_contains_the_members_only_report(client, session):
    response = client.get(
        reverse("communities:community_calendar", args=[session.community.slug])
    )
    assert session.report.encode() not in response.content


def test_event_uid_stays_the_same_after_an_edit(client, session):
    before = _feed(client, session.community).walk("VEVENT")[0]["UID"]
    session.title = "Nieuwe titel"
    session.save()
    after = _feed(client, session.community).walk("VEVENT")[0]
    assert after["UID"] == before
    assert "Nieuwe titel" in str(after["SUMMARY"])


def test_sessions_older_than_a_year_drop_out_of_the_feed(client, community):
    old = timezone.now() - datetime.timedelta(days=400)
    SessionFactory(
        community=community, starts_at=old, ends_at=old + datetime.timedelta(hours=1)
    )
    assert _feed(client, community).walk("VEVENT") == []
