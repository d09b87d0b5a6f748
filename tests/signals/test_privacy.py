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
        "",
    ],
)
def test_text_without_personal_data_passes(text):
    assert find_personal_data(text) == []
    screen_text(text)


def test_message_names_what_was_found_but_not_the_value(caplog):
    caplog.set_level(logging.DEBUG)
    text = "BSN 111222333, mail a.b@example.org"
    with pytest.raises(ValidationError) as error:
        screen_text(text)
    message = error.value.messages[0]
    assert "BSN" in message
    assert "e-mailadres" in message
    assert "anoniem" in message
    assert "111222333" not in message
    assert "a.b@example.org" not in message
    assert "111222333" not in caplog.text
