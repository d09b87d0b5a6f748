"""Attendance and a report are recorded once a session has started: before
that they would be guesses, announced to followers as if it took place. The
rule lives in the service, so the site's form and the admin keep it alike."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from communities import services
from communities.models import Session
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

ATTENDANCE = "Aanwezigheid kunt u pas vastleggen als de bijeenkomst is begonnen."
REPORT = (
    "Het verslag en de opbrengsten kunt u pas vastleggen als de bijeenkomst "
    "is begonnen."
)


def _create(actor, community, *, days, **fields):
    starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    return services.session_create(
        actor=actor,
        community=community,
        title=fields.pop("title", "Regievoering"),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        **fields,
    )


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"report": "Wat we bespraken"}, "report"),
        ({"outcome_own": "Zelf oppakken"}, "outcome_own"),
        ({"outcome_chain": "Met DUO"}, "outcome_chain"),
        ({"outcome_other_party": "Naar SZW"}, "outcome_other_party"),
    ],
)
def test_a_planned_session_refuses_a_report_or_outcomes(
    trekker, community, fields, field
):
    with pytest.raises(ValidationError) as refused:
        _create(trekker, community, days=7, **fields)
    assert refused.value.message_dict[field] == [REPORT]
    assert not Session.objects.exists()


def test_a_planned_session_refuses_attendance(trekker, community, deelnemer):
    with pytest.raises(ValidationError) as refused:
        _create(trekker, community, days=7, attendees=[deelnemer])
    assert refused.value.message_dict["attendees"] == [ATTENDANCE]
    assert not Session.objects.exists()


def test_a_session_that_has_started_takes_attendance_and_report(
    trekker, community, deelnemer
):
    session = _create(
        trekker,
        community,
        days=0,
        attendees=[deelnemer],
        report="Wat we bespraken",
        outcome_own="Zelf oppakken",
    )
    assert list(session.attendees.all()) == [deelnemer]
    assert session.report == "Wat we bespraken"


def test_a_planned_session_with_only_an_agenda_is_logged(trekker, community):
    session = _create(trekker, community, days=7, agenda="1. Opening")
    assert session.agenda == "1. Opening"


def test_moving_a_held_session_into_the_future_keeps_the_rule(
    trekker, community, deelnemer
):
    session = _create(trekker, community, days=-7, attendees=[deelnemer])
    later = timezone.now() + datetime.timedelta(days=30)
    with pytest.raises(ValidationError):
        services.session_update(
            actor=trekker,
            session=session,
            themes=[],
            attendees=[deelnemer],
            guest_organisations=[],
            starts_at=later,
            ends_at=later + datetime.timedelta(hours=1),
        )
    session.refresh_from_db()
    assert session.starts_at < timezone.now()


def test_the_site_form_shows_the_rule_on_the_field_and_saves_nothing(
    client, trekker, community, theme, deelnemer
):
    sign_in(client, trekker)
    date = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    response = client.post(
        reverse("communities:session_create", args=[community.slug]),
        {
            "title": "Nog niet gehouden",
            "date": date,
            "start_time": "13:00",
            "end_time": "15:00",
            "location": "Stadhuis",
            "themes": [theme.pk],
            "attendees": [deelnemer.pk],
            "report": "Alvast een verslag",
        },
    )
    assert response.status_code == 200
    assert ATTENDANCE in response.text
    assert REPORT in response.text
    assert not Session.objects.exists()


def test_the_admin_shows_the_rule_on_the_form_and_saves_nothing(
    client, moderator, community, deelnemer
):
    sign_in(client, moderator)
    day = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    response = client.post(
        reverse("admin:communities_session_add"),
        {
            "community": community.pk,
            "title": "Nog niet gehouden",
            "starts_at_0": day,
            "starts_at_1": "10:00",
            "ends_at_0": day,
            "ends_at_1": "12:00",
            "location": "Stadhuis",
            "report": "Alvast een verslag",
        },
    )
    assert response.status_code == 200
    assert REPORT in response.text
    assert not Session.objects.exists()
