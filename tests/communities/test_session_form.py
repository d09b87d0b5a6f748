"""A trekker logs a session; bad input is refused in Dutch and saves nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import Session
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(community):
    return reverse("communities:session_create", args=[community.slug])


@pytest.fixture
def trekker_client(client_as):
    return client_as("trekker")


def _post(theme, **overrides):
    data = {
        "title": "Regievoering en handhaving",
        "date": "2025-05-01",
        "start_time": "13:00",
        "end_time": "16:30",
        "location": "Stadhuis Rotterdam",
        "themes": [theme.pk],
        "agenda": "1. Opening",
        "report": "Verslag",
        "outcome_own": "Zelf",
        "outcome_chain": "Met partner",
        "outcome_other_party": "DUO",
    }
    data.update(overrides)
    return data


def test_trekker_logs_a_complete_session(
    trekker_client, url, community, theme, deelnemer, trekker
):
    guest = OrganisationFactory(name="Argonaut", slug="argonaut")
    response = trekker_client.post(
        url,
        _post(
            theme, attendees=[deelnemer.pk, trekker.pk], guest_organisations=[guest.pk]
        ),
    )
    session = Session.objects.get(title="Regievoering en handhaving")
    assert response.status_code == 302
    assert response.url == session.get_absolute_url()
    local_start = timezone.localtime(session.starts_at)
    assert local_start.date() == datetime.date(2025, 5, 1)
    assert local_start.time() == datetime.time(13, 0)
    assert timezone.localtime(session.ends_at).time() == datetime.time(16, 30)
    assert set(session.attendees.all()) == {deelnemer, trekker}
    assert list(session.guest_organisations.all()) == [guest]
    assert session.outcome_other_party == "DUO"
    assert session.created_by == trekker
    page = trekker_client.get(response.url)
    assert "Argonaut" in page.text
    assert "De bijeenkomst is opgeslagen." in page.text


def test_session_with_end_before_start_is_refused(trekker_client, url, theme):
    response = trekker_client.post(
        url, _post(theme, start_time="15:00", end_time="14:00")
    )
    assert response.status_code == 200
    assert "De eindtijd moet na de begintijd liggen." in response.text
    assert not Session.objects.exists()


def test_attendee_who_is_not_a_member_is_refused(
    trekker_client, url, theme, other_trekker
):
    response = trekker_client.post(url, _post(theme, attendees=[other_trekker.pk]))
    assert response.status_code == 200
    assert "Alleen leden van deze CoP kunnen als aanwezige worden opgegeven." in (
        response.text
    )
    assert not Session.objects.exists()


def test_unknown_theme_is_refused(trekker_client, url, theme):
    response = trekker_client.post(url, _post(theme, themes=[987654]))
    assert response.status_code == 200
    assert "Kies thema&#x27;s uit de lijst: 987654 is onbekend." in response.text
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("date", "31-02-2030"),
        ("date", "morgen"),
        ("start_time", "25:00"),
        ("online_url", "javascript:alert(1)"),
        ("themes", "abc"),
        ("attendees", "x' OR 1=1"),
        ("title", ""),
        ("title", "x" * 201),
    ],
)
def test_malformed_input_gives_a_form_error_not_a_500(
    trekker_client, url, theme, field, value
):
    response = trekker_client.post(url, _post(theme, **{field: value}))
    assert response.status_code == 200
    assert "Het formulier is niet opgeslagen" in response.text
    assert not Session.objects.exists()


def test_place_or_online_link_is_required(trekker_client, url, theme):
    response = trekker_client.post(url, _post(theme, location="", online_url=""))
    assert "Vul een locatie of een link voor online deelname in (of allebei)." in (
        response.text
    )
    assert not Session.objects.exists()


def test_online_session_needs_no_place(trekker_client, url, theme):
    trekker_client.post(
        url, _post(theme, location="", online_url="https://video.example.org/cop")
    )
    assert Session.objects.get().online_url == "https://video.example.org/cop"


def test_two_sessions_with_the_same_title_get_distinct_addresses(
    trekker_client, url, theme
):
    trekker_client.post(url, _post(theme))
    trekker_client.post(url, _post(theme, date="2025-06-01"))
    slugs = sorted(Session.objects.values_list("slug", flat=True))
    assert slugs == ["regievoering-en-handhaving", "regievoering-en-handhaving-2"]


def test_edit_form_shows_the_saved_values(client_as, session, deelnemer):
    session.attendees.add(deelnemer)
    response = client_as("trekker").get(
        reverse(
            "communities:session_update", args=[session.community.slug, session.slug]
        )
    )
    local_start = timezone.localtime(session.starts_at)
    assert f'value="{local_start:%Y-%m-%d}"' in response.text
    assert f'value="{local_start:%H:%M}"' in response.text
    assert f'value="{deelnemer.pk}"' in response.text
    assert "checked" in response.text


def test_failed_edit_changes_nothing(client_as, session, theme):
    before = (session.title, session.starts_at, session.ends_at)
    response = client_as("trekker").post(
        reverse(
            "communities:session_update", args=[session.community.slug, session.slug]
        ),
        _post(theme, title="Nieuw", start_time="15:00", end_time="09:00"),
    )
    session.refresh_from_db()
    assert response.status_code == 200
    assert (session.title, session.starts_at, session.ends_at) == before


def test_database_refuses_a_session_that_ends_before_it_starts(community):
    from django.db import IntegrityError, transaction

    start = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            community=community,
            title="Fout",
            slug="fout",
            starts_at=start,
            ends_at=start - datetime.timedelta(hours=1),
        )


def test_database_refuses_a_second_membership_of_the_same_person(community, deelnemer):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(
            community=community, user=deelnemer, organisation=deelnemer.organisation
        )


def test_service_refuses_outsider_even_when_called_directly(community, theme):
    from communities.services import session_create
    from cop_portal.exceptions import NotAllowedError

    with pytest.raises(NotAllowedError):
        session_create(
            actor=UserFactory(),
            community=community,
            title="Via de achterdeur",
            starts_at=timezone.now(),
            ends_at=timezone.now() + datetime.timedelta(hours=1),
            location="Ergens",
        )
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    "field, text, found",
    [
        ("report", "Mevrouw met BSN 111222333 kon niet starten.", "een BSN"),
        ("agenda", "Bel 06-12345678 voor vragen.", "een telefoonnummer"),
        ("outcome_own", "Mail naar j.jansen@gemeente.nl", "een e-mailadres"),
        ("title", "Casus IBAN NL91ABNA0417164300", "een IBAN"),
    ],
)
def test_personal_data_in_a_session_is_refused_and_not_stored(
    trekker_client, url, theme, field, text, found
):
    response = trekker_client.post(url, _post(theme, **{field: text}))
    assert response.status_code == 200
    assert found in response.text
    assert "Maak de tekst anoniem" in response.text
    assert not Session.objects.exists()
    # The refused value is not echoed back as a saved session anywhere.
    assert not Session.objects.filter(report__contains="111222333").exists()


def test_numbers_that_fail_the_checks_are_not_personal_data(trekker_client, url, theme):
    trekker_client.post(url, _post(theme, report="Zaaknummer 111222334 besproken."))
    assert Session.objects.get().report == "Zaaknummer 111222334 besproken."
