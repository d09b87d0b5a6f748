"""The privacy screen every app runs on free text before it is stored.

Signals, session reports and knowledge products are about practice, never
about a person. A text that contains a BSN, a V-nummer, an e-mail address, a
Dutch phone number or an IBAN is refused with a message that names what was
found, never the value. The refused text is not logged anywhere: callers must
not log the ValidationError's input either.

The checks come from maintained libraries (python-stdnum, phonenumbers), so a
number that fails its checksum passes: "123456789" in a text is not a BSN.

The screen takes time linear in the text's length: every pattern below is
bounded or anchored so that no start position rescans the rest of the text
(an unbounded local part before "@" took 8 s on 40,000 letters), and
tests/test_privacy_screen.py holds it to that.

A text is screened as typed and as a reader sees it: HTML entities decoded
("jan&#64;rotterdam.nl"), a URL's %-escapes decoded, and Markdown rendered
("123**4**56782"), since the site shows the result, not the source.
"""

import html
import re
from urllib.parse import unquote

import nh3
import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.deconstruct import deconstructible
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from stdnum import iban
from stdnum.nl import bsn

from cop_portal.markup import markdown_to_html

# Nine digits, optionally written in groups ("1112.22.333", "111 222 333"),
# or with dashes as the BSN is printed ("1234-56-782", "123-456-782"). Dashes
# only in those two shapes: a date ("2024-01-15") is not a BSN.
_BSN_CANDIDATE = re.compile(
    r"(?<!\d[ .-])(?<![\w.])"
    r"(?:\d(?:[ .]?\d){7,8}|\d{4}-\d{2}-\d{3}|\d{3}-\d{3}-\d{3})"
    r"(?![ .-]?\d)(?!\w)"
)
# An amount or a KvK number is not a BSN or V-nummer: "€ 24.000.000",
# "EUR 24.000.000", "24.000.000 euro", "KvK 24000000", "KvK-nummer: 24000000".
_AMOUNT_OR_KVK_BEFORE = re.compile(
    r"(?:€|\b(?:eur|euro|kvk(?:[ -]?(?:nummer|nr\.?))?))\s*:?\s*\Z",
    re.IGNORECASE,
)
_AMOUNT_AFTER = re.compile(r"\s*(?:euro|eur)\b|\s*€", re.IGNORECASE)
# How far before a number its label may start ("KvK-nummer: ").
_LABEL_REACH = 20
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
# An e-mail address is found from its "@": the local part is read backwards
# (at most 64 characters, the limit of RFC 5321) and the domain forwards, so
# each "@" costs a bounded amount of work.
_AT_SIGN = re.compile(r"(?<=[\w.+-])@(?=[\w-])")
_EMAIL_LOCAL_MAX = 64
_EMAIL_DOMAIN = re.compile(r"[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
# The vreemdelingennummer has no public check digit; it is recognised by its
# label followed by a number, or as a bare ten-digit number that is not a
# phone number (those start with 0).
_V_NUMBER_LABELLED = re.compile(
    r"\b(?:v-?nummer|v-?nr\.?|vreemdelingen-?(?:nummer|nr\.?))"
    r"\s*:?\s*\d(?:[ .]?\d){5,11}",
    re.IGNORECASE,
)
_V_NUMBER_BARE = re.compile(r"(?<![\w.])[1-9]\d{9}(?![\w])")

# The longest text the screen reads: twice the longest field
# (cop_portal/limits.py). A longer one is refused unread, and a field's own
# length validator says how long it may be.
SCREEN_LIMIT = 100_000

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


def _is_amount_or_kvk(text: str, match: re.Match) -> bool:
    before = text[max(0, match.start() - _LABEL_REACH) : match.start()]
    return bool(
        _AMOUNT_OR_KVK_BEFORE.search(before) or _AMOUNT_AFTER.match(text, match.end())
    )


def _has_bsn(text: str) -> bool:
    unglued = _unglued(text)
    return any(
        bsn.is_valid(re.sub(r"[ .-]", "", match.group()))
        and not _is_amount_or_kvk(unglued, match)
        for match in _BSN_CANDIDATE.finditer(unglued)
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


def _email_local_part(text: str, at: int) -> str:
    start = at
    while (
        start > 0
        and at - start < _EMAIL_LOCAL_MAX
        and (text[start - 1].isalnum() or text[start - 1] in "_.+-")
    ):
        start -= 1
    return text[start:at]


def _has_email(text: str) -> bool:
    for at_sign in _AT_SIGN.finditer(text):
        at = at_sign.start()
        domain = _EMAIL_DOMAIN.match(text, at + 1)
        if not domain:
            continue
        try:
            validate_email(f"{_email_local_part(text, at)}@{domain.group()}")
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
    return bool(
        _V_NUMBER_LABELLED.search(text)
        or any(
            not _is_amount_or_kvk(text, match)
            for match in _V_NUMBER_BARE.finditer(text)
        )
    )


_DETECTORS = [
    (BSN, _has_bsn),
    (V_NUMBER, _has_v_number),
    (EMAIL, _has_email),
    (PHONE, _has_phone),
    (IBAN, _has_iban),
]


def _find_in(text: str) -> list[str]:
    return [kind for kind, detect in _DETECTORS if detect(text)]


def rendered_text(source: str) -> str:
    """What a reader sees of Markdown source: rendered by the parser the
    pages use (cop_portal.markup, linear), tags dropped, entities decoded."""
    return html.unescape(nh3.clean(markdown_to_html(source), tags=set()))


def _readings(text: str, *, markup: bool, url: bool) -> list[str]:
    """The text as typed and as it may be shown."""
    readings = [text]
    if "&" in text:
        readings.append(html.unescape(text))
    if url and "%" in text:
        readings.append(unquote(text))
    if markup:
        readings.append(rendered_text(text))
    # A reading that equals an earlier one is not screened twice.
    return list(dict.fromkeys(readings))


def find_personal_data(
    text: str, *, markup: bool = False, url: bool = False
) -> list[str]:
    """The kinds of personal data found in the text (BSN, V_NUMBER, ...).

    markup: the text is Markdown, also screen what it renders to. url: the
    text is a link, also screen it with its %-escapes decoded.
    """
    if not text:
        return []
    found = set()
    for reading in _readings(text, markup=markup, url=url):
        found.update(_find_in(reading))
    return [kind for kind, _detect in _DETECTORS if kind in found]


def screen_text(text: str, *, markup: bool = False, url: bool = False) -> None:
    """Raise ValidationError if the text holds personal data.

    The message names what was found and asks to make the text anonymous; it
    never repeats the value.
    """
    if len(text) > SCREEN_LIMIT:
        raise ValidationError(
            _("This text is too long: write at most %(limit)d characters."),
            code="too_long",
            params={"limit": SCREEN_LIMIT},
        )
    found = find_personal_data(text, markup=markup, url=url)
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
    field runs the screen on full_clean() and form validation.
    `PrivacyValidator(markup=True)` for Markdown, `url=True` for a link."""

    def __init__(self, *, markup: bool = False, url: bool = False):
        self.markup = markup
        self.url = url

    def __call__(self, value):
        text = str(value or "")
        if len(text) > SCREEN_LIMIT:
            return  # the field's length validator refuses it, with its limit
        screen_text(text, markup=self.markup, url=self.url)

    def __eq__(self, other):
        return (
            isinstance(other, PrivacyValidator)
            and self.markup == other.markup
            and self.url == other.url
        )


validate_no_personal_data = PrivacyValidator()
