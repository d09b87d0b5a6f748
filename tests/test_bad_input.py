"""Bad input gets a clear Dutch message, a 4xx where the request itself is
wrong, and nothing is saved: dates far off, over-long texts and bodies, NUL
bytes, and the report's period. Each on the path where it once broke."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from communities import services as community_services
from communities.models import Community, Membership, Session
from cop_portal import limits
from knowledge.models import KnowledgeProduct
from signals import services as signal_services
from signals.models import Signal
from tests.conftest import sign_in
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

OUT_OF_RANGE_MESSAGE = "Vul een datum in tussen 1 januari 2000 en 31 december 2100."
UTC = datetime.UTC


def _session_form_data(**changes):
    return {
        "title": "Bijeenkomst",
        "date": "2030-01-01",
        "start_time": "10:00",
        "end_time": "11:00",
        "location": "Stadhuis",
        **changes,
    }


# --- Dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    "date", ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01"]
)
def test_a_session_date_outside_2000_2100_is_refused_on_the_site(
    client_as, community, date
):
    response = client_as("trekker").post(
        reverse("communities:session_create", args=[community.slug]),
        _session_form_data(date=date, start_time="00:00", end_time="01:00"),
    )
    assert response.status_code == 200
    assert OUT_OF_RANGE_MESSAGE in response.text
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    "starts_at",
    [
        datetime.datetime(1, 1, 1, tzinfo=UTC),
        datetime.datetime(9999, 12, 31, 22, tzinfo=UTC),
    ],
)
def test_the_service_refuses_a_session_outside_the_range(trekker, community, starts_at):
    with pytest.raises(ValidationError) as refused:
        community_services.session_create(
            actor=trekker,
            community=community,
            title="Bijeenkomst",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=1),
            location="Stadhuis",
        )
    assert "starts_at" in refused.value.message_dict
    assert not Session.objects.exists()


def test_the_admin_refuses_a_session_in_year_one(client, moderator, community):
    sign_in(client, moderator)
    response = client.post(
        reverse("admin:communities_session_add"),
        {
            "community": community.pk,
            "title": "Bijeenkomst uit de admin",
            "starts_at_0": "0001-01-01",
            "starts_at_1": "00:00",
            "ends_at_0": "0001-01-01",
            "ends_at_1": "01:00",
            "location": "Stadhuis",
        },
    )
    assert response.status_code == 200
    assert OUT_OF_RANGE_MESSAGE in response.text
    assert not Session.objects.exists()


def test_the_admin_refuses_a_cop_that_started_in_year_one(client, moderator):
    sign_in(client, moderator)
    response = client.post(
        reverse("admin:communities_community_add"),
        {"name": "CoP Nergens", "slug": "cop-nergens", "running_since": "0001-01-01"},
    )
    assert response.status_code == 200
    assert OUT_OF_RANGE_MESSAGE in response.text
    assert not Community.objects.filter(slug="cop-nergens").exists()


@pytest.mark.parametrize(
    "starts_at",
    [
        datetime.datetime(1, 1, 1, tzinfo=UTC),
        datetime.datetime(1999, 12, 31, 23, 59, tzinfo=UTC),
        datetime.datetime(2101, 1, 1, tzinfo=UTC),
        datetime.datetime(9999, 12, 31, 22, tzinfo=UTC),
    ],
)
def test_the_database_refuses_a_session_outside_the_range(community, starts_at):
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            community=community,
            title="Buiten bereik",
            slug="buiten-bereik",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(minutes=30),
        )


def test_the_database_refuses_cop_and_membership_dates_outside_the_range(
    community, deelnemer
):
    with pytest.raises(IntegrityError), transaction.atomic():
        Community.objects.filter(pk=community.pk).update(
            running_since=datetime.date(1, 1, 1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(user=deelnemer).update(
            joined_on=datetime.date(9999, 12, 31)
        )


@pytest.fixture
def sessions_at_the_edges(community, theme):
    """The earliest and latest sessions the range allows: in the Dutch time
    zone the last one falls on 1 January 2101, the first one before 2000
    never."""
    first = datetime.datetime(2000, 1, 1, tzinfo=UTC)
    last = datetime.datetime(2100, 12, 31, 23, tzinfo=UTC)
    return [
        SessionFactory(
            community=community,
            themes=[theme],
            starts_at=first,
            ends_at=first + datetime.timedelta(hours=1),
        ),
        SessionFactory(
            community=community,
            themes=[theme],
            starts_at=last,
            ends_at=last + datetime.timedelta(minutes=59),
        ),
    ]


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("anonymous", "/cops/cop-rijnmond/"),
        ("trekker", "/cops/cop-rijnmond/"),
        ("anonymous", "/bijeenkomsten/"),
        ("trekker", "/signalen/nieuw/"),
        ("trekker", "/kennis/nieuw/"),
        ("moderator", "/beheer/communities/session/"),
    ],
)
def test_pages_that_failed_on_a_far_date_render_with_sessions_at_the_edges(
    client_as, sessions_at_the_edges, role, url
):
    response = client_as(role).get(url)
    assert response.status_code == 200


def test_a_report_over_a_far_period_is_a_clear_message(client_as, moderator):
    response = client_as("moderator").get(
        reverse("signals:signal_export"),
        {"start": "0001-01-01", "end": "9999-12-31", "file_format": "csv"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert OUT_OF_RANGE_MESSAGE in response.text


def test_a_report_over_more_than_five_years_is_refused(client_as, moderator):
    response = client_as("moderator").get(
        reverse("signals:signal_export"),
        {"start": "2000-01-01", "end": "2100-12-31", "file_format": "csv"},
    )
    assert response.status_code == 200
    assert "Kies een periode van hooguit 5 jaar." in response.text


def test_a_report_over_a_year_is_still_exported(client_as, moderator):
    response = client_as("moderator").get(
        reverse("signals:signal_export"),
        {"start": "2025-01-01", "end": "2025-12-31", "file_format": "csv"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


# --- Lengths ----------------------------------------------------------------


def test_an_over_long_signal_description_is_refused_on_the_site(
    client_as, community, theme
):
    response = client_as("deelnemer").post(
        reverse("signals:signal_create"),
        {
            "community": community.pk,
            "title": "Knelpunt",
            "description": "x" * (limits.TEXT + 1),
            "themes": [theme.pk],
        },
    )
    assert response.status_code == 200
    assert f"niet meer dan {limits.TEXT} tekens" in response.text
    assert not Signal.objects.exists()


def test_the_service_refuses_an_over_long_signal_description(
    deelnemer, community, theme
):
    with pytest.raises(ValidationError):
        signal_services.signal_submit(
            actor=deelnemer,
            community=community,
            title="Knelpunt",
            description="x" * (limits.TEXT + 1),
            themes=[theme],
        )
    assert not Signal.objects.exists()


def test_an_over_long_session_report_is_refused_in_the_admin(
    client, moderator, community
):
    sign_in(client, moderator)
    response = client.post(
        reverse("admin:communities_session_add"),
        {
            "community": community.pk,
            "title": "Bijeenkomst uit de admin",
            "starts_at_0": "2030-01-01",
            "starts_at_1": "10:00",
            "ends_at_0": "2030-01-01",
            "ends_at_1": "12:00",
            "location": "Stadhuis",
            "report": "x" * (limits.REPORT + 1),
        },
    )
    assert response.status_code == 200
    assert f"niet meer dan {limits.REPORT} tekens" in response.text
    assert not Session.objects.exists()


def test_an_over_long_product_body_is_refused_on_the_site(client_as, community):
    response = client_as("trekker").post(
        reverse("knowledge:product_create"),
        {
            "community": community.pk,
            "kind": "handreiking",
            "title": "Handreiking",
            "summary": "Samenvatting",
            "body": "x" * (limits.BODY + 1),
            "scope": "landelijk",
            "visibility": "openbaar",
        },
    )
    assert response.status_code == 200
    assert f"niet meer dan {limits.BODY} tekens" in response.text
    assert not KnowledgeProduct.objects.exists()


@pytest.mark.parametrize(
    "url", ["/signalen/nieuw/", "/beheer/communities/session/add/", "/accounts/login/"]
)
def test_a_body_over_the_limit_gets_the_413_page_and_nothing_is_saved(
    client_as, community, theme, url
):
    response = client_as("moderator").post(
        url,
        {
            "community": community.pk,
            "title": "Knelpunt",
            "description": "x" * 2_500_000,
            "themes": [theme.pk],
        },
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert "Te veel tekst" in response.text
    assert "CoP-portaal Inburgering" in response.text
    assert not Signal.objects.exists()
    assert not Session.objects.exists()


# --- NUL bytes --------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/signalen/nieuw/?community=%00",
        "/signalen/?q=a%00b",
        "/kennis/?tag=%00",
        "/bijeenkomsten/?%00=x",
        "/signalen/rapportage/?start=2025-01-01%00",
    ],
)
def test_a_nul_byte_in_the_query_gets_the_400_page(client_as, community, url):
    response = client_as("moderator").get(url)
    assert response.status_code == 400
    assert "Verzoek niet begrepen" in response.text
    assert "Traceback" not in response.text


@pytest.mark.parametrize("field", ["title", "description", "community"])
def test_a_nul_byte_in_a_form_field_gets_the_400_page_and_nothing_is_saved(
    client_as, community, theme, field
):
    data = {
        "community": community.pk,
        "title": "Knelpunt",
        "description": "Beschrijving",
        "themes": [theme.pk],
    }
    data[field] = f"{data[field]}\x00"
    response = client_as("deelnemer").post(reverse("signals:signal_create"), data)
    assert response.status_code == 400
    assert "Verzoek niet begrepen" in response.text
    assert not Signal.objects.exists()


def test_a_nul_byte_in_an_admin_form_gets_the_400_page(client, moderator, community):
    sign_in(client, moderator)
    response = client.post(
        reverse("admin:communities_session_add"),
        {"community": community.pk, "title": "Bijeen\x00komst"},
    )
    assert response.status_code == 400
    assert not Session.objects.exists()


# --- Links ------------------------------------------------------------------


def test_a_session_link_with_an_e_mail_address_is_refused(client_as, community):
    response = client_as("trekker").post(
        reverse("communities:session_create", args=[community.slug]),
        _session_form_data(
            online_url="https://meet.example.nl/?gast=jan%40rotterdam.nl"
        ),
    )
    assert response.status_code == 200
    assert "e-mailadres" in response.text
    assert not Session.objects.exists()


def test_an_ordinary_session_in_range_is_still_logged(client_as, community):
    response = client_as("trekker").post(
        reverse("communities:session_create", args=[community.slug]),
        _session_form_data(online_url="https://meet.example.nl/kamer-12"),
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert timezone.localtime(session.starts_at).year == 2030


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "django_language"])
def test_a_cookie_with_a_nul_byte_is_ignored(client, community, cookie):
    client.cookies[cookie] = "abcdefghij\x00klm"
    response = client.get("/cops/")
    assert response.status_code == 200
    assert "Inloggen" in response.text


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(1, 1, 1), datetime.date(9999, 12, 31)),
        (datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)),
        (datetime.date(2025, 12, 31), datetime.date(2025, 1, 1)),
    ],
)
def test_the_report_refuses_a_bad_period_also_when_called_directly(start, end):
    from signals import export

    with pytest.raises(ValidationError):
        export.report_signals(start=start, end=end)
