"""The shared privacy screen: personal data with a valid check is refused,
numbers that fail the check pass, and the message never repeats the value."""

import logging

import pytest
from django.core.exceptions import ValidationError

from cop_portal.privacy import (
    BSN,
    EMAIL,
    IBAN,
    PHONE,
    V_NUMBER,
    find_personal_data,
    screen_text,
)
from tests.conftest import sign_in


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Inburgeraar met BSN 111222333 kreeg geen brief.", BSN),
        ("bsn: 1112.22.333", BSN),
        ("Rekening NL91ABNA0417164300 werd geweigerd.", IBAN),
        ("IBAN NL91 ABNA 0417 1643 00", IBAN),
        ("Zijn V-nummer 1234567890 stond verkeerd.", V_NUMBER),
        ("vreemdelingennummer: 12 34 56 78 90", V_NUMBER),
        ("Mail naar j.jansen@gemeente.example.nl voor info.", EMAIL),
        ("Bel haar op 06-12345678.", PHONE),
        ("Bereikbaar via +31 20 123 4567.", PHONE),
        ("Telefoon 020-1234567", PHONE),
        ("BSN 111 222 333 stond op de brief.", BSN),
        ("Bekend onder bsn111222333.", BSN),
        ("Het ging om rekeningNL91ABNA0417164300.", IBAN),
        ("IBAN NL91-ABNA-0417-1643-00", IBAN),
        ("iban nl91abna0417164300", IBAN),
        ("Bereikbaar op mobiel06-12345678.", PHONE),
        ("Bel 0031 6 12345678.", PHONE),
        ("Bel +31 6 12345678.", PHONE),
    ],
)
def test_personal_data_is_found(text, kind):
    assert kind in find_personal_data(text)
    with pytest.raises(ValidationError):
        screen_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Nummer 111222334 haalt de elfproef niet.",
        "Rekening NL92ABNA0417164300 heeft een verkeerd controlegetal.",
        "Het V-nummer staat op de verblijfspas.",
        "In 2023 deden 45 gemeenten mee, 12 in Rijnmond.",
        "Zie artikel 2.3 van de Wi2021, of mail de helpdesk.",
        "Bijeenkomst op 12-03-2024 om 10:00 in zaal 3.",
        "Mail naar info@gemeente of vraag het @helpdesk.",
        "Bel 06-1234 of 020-12345.",
        "Rekening nl92-abna-0417-1643-00 is ongeldig.",
        "Code ab111222334 haalt de elfproef niet.",
        "",
    ],
)
def test_text_without_personal_data_passes(text):
    assert find_personal_data(text) == []
    screen_text(text)


def test_message_names_what_was_found_but_not_the_value():
    text = "BSN 111222333, mail a.b@example.org"
    with pytest.raises(ValidationError) as error:
        screen_text(text)
    message = error.value.messages[0]
    assert "BSN" in message
    assert "e-mailadres" in message
    assert "anoniem" in message
    assert "111222333" not in message
    assert "a.b@example.org" not in message


@pytest.mark.django_db
def test_refused_text_is_neither_stored_nor_logged(caplog, community, theme):
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from signals.models import Signal
    from tests.factories import MembershipFactory

    client = Client()
    sign_in(client, MembershipFactory(community=community).user)
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")
    # Log every query with its parameters: a stored text would show up.
    connection.force_debug_cursor = True
    try:
        response = client.post(
            reverse("signals:signal_create"),
            {
                "community": community.pk,
                "title": "Brief kwam niet aan",
                "description": "Inburgeraar met BSN 111222333 kreeg geen brief.",
                "themes": [theme.pk],
            },
        )
    finally:
        connection.force_debug_cursor = False
    assert response.status_code == 200
    assert not Signal.objects.exists()
    assert any(record.name == "django.db.backends" for record in caplog.records)
    for record in caplog.records:
        assert "111222333" not in record.getMessage(), record.name
