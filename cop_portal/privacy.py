"""The privacy screen every app runs on free text before it is stored.

Signals, session reports and knowledge products are about practice, never
about a person. A text that contains a BSN, a V-nummer, an e-mail address, a
Dutch phone number or an IBAN is refused with a message that names what was
found, never the value. The refused text is not logged anywhere: callers must
not log the ValidationError's input either.

The checks come from maintained libraries (python-stdnum, phonenumbers), so a
number that fails its checksum passes: "123456789" in a text is not a BSN.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.deconstruct import deconstructible
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from stdnum import iban
from stdnum.nl import bsn

# Nine digits, optionally written in groups ("1112.22.333", "111 222 333").
_BSN_CANDIDATE = re.compile(r"(?<!\d[ .])(?<![\w.])\d(?:[ .]?\d){7,8}(?![ .]?\d)(?!\w)")
# An IBAN: country code, two check digits, 11 to 30 letters or digits, in
# groups of four (separated by spaces or dashes) or not. It may be glued to
# the word before it ("rekeningNL91..."): the checksum keeps ordinary words
# out.
_IBAN_CANDIDATE = re.compile(
    r"[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])"
)
# A number glued to the word before it ("bsn111222333", "mobiel06-...") is
# still a number: the BSN and phone checks look at the text with a space
# between a letter and a following digit or plus sign.
_GLUED_NUMBER = re.compile(r"(?<=[^\W\d_])(?=[+\d])")
_EMAIL_CANDIDATE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# The vreemdelingennummer has no public check digit; it is recognised by its
# label followed by a number, or as a bare ten-digit number that is not a
# phone number (those start with 0).
_V_NUMBER_LABELLED = re.compile(
    r"\b(?:v-?nummer|v-?nr\.?|vreemdelingen-?(?:nummer|nr\.?))"
    r"\s*:?\s*\d(?:[ .]?\d){5,11}",
    re.IGNORECASE,
)
_V_NUMBER_BARE = re.compile(r"(?<![\w.])[1-9]\d{9}(?![\w])")

# Kinds, in the order the message names them.
BSN = "bsn"
V_NUMBER = "v_number"
EMAIL = "email"
PHONE = "phone"
IBAN = "iban"

KIND_LABELS = {
    BSN: _("a BSN"),
    V_NUMBER: _("a V-nummer"),
    EMAIL: _("an e-mail address"),
    PHONE: _("a phone number"),
    IBAN: _("an IBAN (bank account number)"),
}


def _unglued(text: str) -> str:
    return _GLUED_NUMBER.sub(" ", text)


def _has_bsn(text: str) -> bool:
    return any(
        bsn.is_valid(re.sub(r"[ .]", "", match.group()))
        for match in _BSN_CANDIDATE.finditer(_unglued(text))
    )


def _has_iban(text: str) -> bool:
    # The candidate may run on into the next word ("NL91... werd"), so try
    # every length an IBAN can have; the country format and the checksum
    # keep this from matching ordinary text.
    for match in _IBAN_CANDIDATE.finditer(text):
        compact = re.sub(r"[ -]", "", match.group())
        if any(
            iban.is_valid(compact[:length])
            for length in range(min(len(compact), 34), 14, -1)
        ):
            return True
    return False


def _has_email(text: str) -> bool:
    for match in _EMAIL_CANDIDATE.finditer(text):
        try:
            validate_email(match.group())
        except ValidationError:
            continue
        return True
    return False


def _has_phone(text: str) -> bool:
    return any(
        True
        for _match in phonenumbers.PhoneNumberMatcher(
            _unglued(text), "NL", leniency=phonenumbers.Leniency.VALID
        )
    )


def _has_v_number(text: str) -> bool:
    return bool(_V_NUMBER_LABELLED.search(text) or _V_NUMBER_BARE.search(text))


_DETECTORS = [
    (BSN, _has_bsn),
    (V_NUMBER, _has_v_number),
    (EMAIL, _has_email),
    (PHONE, _has_phone),
    (IBAN, _has_iban),
]


def find_personal_data(text: str) -> list[str]:
    """The kinds of personal data found in the text (BSN, V_NUMBER, ...)."""
    if not text:
        return []
    return [kind for kind, detect in _DETECTORS if detect(text)]


def screen_text(text: str) -> None:
    """Raise ValidationError if the text holds personal data.

    The message names what was found and asks to make the text anonymous; it
    never repeats the value.
    """
    found = find_personal_data(text)
    if not found:
        return
    raise ValidationError(
        _(
            "This text seems to contain %(found)s. Make the text anonymous: "
            "write about practice, never about a person."
        ),
        code="personal_data",
        params={
            "found": get_text_list([str(KIND_LABELS[kind]) for kind in found], _("and"))
        },
    )


def screen_file_name(name: str) -> None:
    """screen_text for a file name, which is shown and sent as a download's
    name: underscores join words there ("bsn_111222333.pdf"), so the name is
    also screened with them read as spaces."""
    screen_text(name)
    screen_text(name.replace("_", " "))


@deconstructible
class PrivacyValidator:
    """A field validator: `validators=[PrivacyValidator()]` on a model or form
    field runs the screen on full_clean() and form validation."""

    def __call__(self, value):
        screen_text(str(value or ""))

    def __eq__(self, other):
        return isinstance(other, PrivacyValidator)


validate_no_personal_data = PrivacyValidator()
