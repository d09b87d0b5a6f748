"""What the fuzzer sends: values for form fields and query parameters.

Values come in families. ORDINARY is everything a user or an attacker can
type or upload that the portal must handle today. The other families are the
inputs of issue 8 that another branch fixes (KNOWN_FAILURES in
known_failures.py): they are strategies of their own, so that a test marked
as an expected failure for them never hides a new error of the ordinary kind.
"""

import datetime
import string

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

from .html_forms import Field

ORDINARY = "ordinary"
NUL = "nul"
EXTREME_DATES = "extreme-dates"
LONG_TEXT = "long-text"
FAMILIES = (ORDINARY, NUL, EXTREME_DATES, LONG_TEXT)

# Lone surrogates cannot be encoded as UTF-8, so no client can send them; NUL
# is a family of its own.
_CHARS = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
_CONTROL = st.one_of(
    st.characters(max_codepoint=0x1F, exclude_characters="\x00"),
    st.sampled_from("\x7f\x85\u200b\u200e\u202e\u2028\u2029\ufeff\ufffd"),
)
HOSTILE = (
    "",
    " ",
    "\r\n",
    "' OR 1=1 --",
    '"><script>alert(1)</script>',
    "{{ 7|add:7 }}{% debug %}",
    "%s%n%x",
    "%",
    "\\",
    "../../etc/passwd",
    "[klik](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "&#0;&#x110000;&#xD800;&bogus;",
    ">" * 400,
    "*" * 400,
    "[" * 300 + "]" * 300,
    "- " * 200,
    "    " * 100 + "x",
    "😀" * 100,
    "ﷺ" * 60,
    "a\u0301" * 100,
    "١٢٣٤٥",
    # Personal data the privacy screen refuses.
    "BSN 123456782",
    "1234-56-782",
    "jan@rotterdam.nl",
    "bel 06-12345678",
    "NL91ABNA0417164300",
    "V-nummer 1234567890",
)
TEXT = st.one_of(
    st.text(_CHARS, max_size=300),
    st.text(_CONTROL, min_size=1, max_size=30),
    st.sampled_from(HOSTILE),
    st.text(st.sampled_from(string.printable), max_size=200),
)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.integers(min_value=-2, max_value=100_000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(
        ["0", "-0", "1e309", "NaN", "inf", "0x1A", " 7 ", "+1", "٣", "1_000", "9" * 40]
    ),
)
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y%m%d", "%d %B %Y")


def _dates(low: datetime.date, high: datetime.date):
    return st.builds(
        lambda day, fmt: day.strftime(fmt),
        st.dates(min_value=low, max_value=high),
        st.sampled_from(DATE_FORMATS),
    )


MALFORMED_DATES = st.sampled_from(
    [
        "2024-02-30",
        "2023-02-29",
        "2024-13-01",
        "2024-00-10",
        "31-31-2024",
        "2024-1-1",
        "24-1-1",
        "morgen",
        "2024-01-01T25:00",
        "2024/01/01/01",
        "--",
        "0",
    ]
)
SENSIBLE_DATES = st.one_of(
    _dates(datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)), MALFORMED_DATES
)
TIMES = st.one_of(
    st.times().map(lambda t: t.strftime("%H:%M")),
    st.times().map(lambda t: t.isoformat()),
    st.sampled_from(["24:00", "23:60", "-1:00", "12:00 PM", "1200", "00:00", ":"]),
)
# Dates the portal will refuse once the branch of issue 8 is merged.
EXTREME = st.one_of(
    st.sampled_from(["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01"]),
    _dates(datetime.date(1, 1, 1), datetime.date(1999, 12, 31)),
    _dates(datetime.date(2101, 1, 1), datetime.date(9999, 12, 31)),
)

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08"
    b"\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00"
    b"\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
_FILE_NAMES = st.builds(
    lambda stem, extension: stem + extension,
    st.one_of(
        st.text(_CHARS.filter(lambda c: c not in "/\\"), max_size=40),
        st.sampled_from(["", "..", "CON", "bijlage", "a" * 300, "x\r\ny"]),
    ),
    st.sampled_from(
        [".pdf", ".PDF", ".png", ".jpg", ".jpeg", ".pdf.exe", ".svg", ".html", ""]
    ),
    # A name the test client itself cannot send (Django's validate_file_name).
).filter(lambda name: name.strip() not in ("", ".", ".."))
_FILE_CONTENT = st.one_of(
    st.sampled_from([PDF, PNG, JPEG, b"", b"<svg onload=alert(1)></svg>"]),
    st.builds(
        lambda head, tail: head + tail,
        st.sampled_from([PDF, PNG, JPEG, b"%PDF-", b"\x89PNG", b"\xff\xd8"]),
        st.binary(max_size=2000),
    ),
    st.binary(max_size=2000),
    st.integers(min_value=0, max_value=300_000).map(lambda n: PDF + b"0" * n),
)
_CONTENT_TYPES = st.one_of(
    st.sampled_from(
        [
            "application/pdf",
            "image/png",
            "image/jpeg",
            "image/svg+xml",
            "text/html",
            "application/octet-stream",
            "",
        ]
    ),
    st.text(st.sampled_from(string.ascii_letters + "/+-.;= "), max_size=60),
)
FILES = st.builds(SimpleUploadedFile, _FILE_NAMES, _FILE_CONTENT, _CONTENT_TYPES)

SCALAR = st.one_of(TEXT, NUMBERS, SENSIBLE_DATES, TIMES)


def _choices(field: Field):
    options = [option for option in field.options if option is not None]
    picks = st.sampled_from(options) if options else SCALAR
    return st.one_of(
        picks,
        st.lists(picks, min_size=0, max_size=4),
        st.sampled_from(["999999999", "-1", "99999999999999999999", "0", "abc"]),
    )


def ordinary_value(field: Field):
    """A value for `field`: mostly of its own kind, sometimes of any kind."""
    kind = field.kind
    if kind == "file":
        own = FILES
    elif kind == "date" or field.name.endswith("_0"):
        # The admin splits a datetime into name_0 (date) and name_1 (time).
        own = SENSIBLE_DATES
    elif kind == "time" or field.name.endswith("_1"):
        own = TIMES
    elif kind in ("number", "hidden"):
        own = NUMBERS
    elif kind in ("select", "radio", "checkbox", "submit"):
        own = _choices(field)
    elif kind == "email":
        own = st.one_of(st.emails().map(str), TEXT)
    elif kind == "url":
        own = st.one_of(
            st.sampled_from(
                [
                    "javascript:alert(1)",
                    "https://",
                    "http://[::1",
                    "https://example.org/" + "a" * 300,
                    "//evil.example",
                    "ftp://x",
                    "https://xn--.example",
                ]
            ),
            TEXT.map(lambda text: "https://" + text),
        )
    else:
        own = TEXT
    anything = st.one_of(SCALAR, st.lists(SCALAR, max_size=3), FILES)
    return st.one_of(own, own, own, anything)


def _with_nul(text_strategy):
    return st.builds(
        lambda text, at: text[:at] + "\x00" + text[at:],
        text_strategy,
        st.integers(min_value=0, max_value=20),
    )


def family_value(family: str, field: Field):
    """A value of one of the known-failure families for `field`, or None when
    the family has nothing for a field of its kind."""
    if family == ORDINARY:
        return ordinary_value(field)
    if field.kind in ("file", "submit"):
        return None
    if family == NUL:
        options = [o for o in field.options if o] or ["1"]
        return _with_nul(st.one_of(TEXT, st.sampled_from(options)))
    if family == EXTREME_DATES:
        if field.kind == "date" or field.name.endswith("_0"):
            return EXTREME
        if field.kind == "time" or field.name.endswith("_1"):
            # Midnight on 0001-01-01 in Amsterdam is before the year 1 in
            # UTC; an end stays after its start.
            return st.just("23:59" if "end" in field.name else "00:00")
        return None
    if family == LONG_TEXT:
        if field.kind in ("text", "textarea", "email", "url", "search", "hidden"):
            return st.builds(
                lambda unit, size: (unit * size)[:size],
                st.sampled_from(["a", "ab1 ", "a@", "0", "lang verhaal. ", "é"]),
                st.integers(min_value=2_000, max_value=20_000),
            )
        return None
    raise ValueError(family)


# --- Query parameters ----------------------------------------------------------
class Raw(str):
    """Goes into the query string as it is, not percent-encoded."""


QUERY_TEXT = st.one_of(
    TEXT,
    NUMBERS,
    SENSIBLE_DATES,
    # Percent-escapes a browser would never make: bad UTF-8, half escapes.
    st.sampled_from(
        ["%FF%FE", "%C3%28", "%E2%82", "%", "%ZZ", "%2", "+", "&&", "=="]
    ).map(Raw),
)


def query_value(family: str, key: str):
    if family == ORDINARY:
        return QUERY_TEXT
    if family == NUL:
        return _with_nul(QUERY_TEXT)
    if family == EXTREME_DATES:
        return EXTREME
    if family == LONG_TEXT:
        return st.integers(min_value=2_000, max_value=20_000).map(lambda n: "a" * n)
    raise ValueError(family)


def typed_fields(fields: dict[str, Field]) -> list[str]:
    """The fields a user fills in (not buttons or hidden fields)."""
    return [name for name, f in fields.items() if f.kind not in ("hidden", "submit")]


# --- Whole requests ---------------------------------------------------------------
_KEYS = st.text(_CHARS, max_size=20)


def _as_field(name: str, value) -> Field:
    """A field the page's HTML does not show but the matrix posts."""
    if isinstance(value, SimpleUploadedFile):
        return Field(name=name, kind="file")
    if isinstance(value, list):
        return Field(name=name, kind="checkbox", options=[str(v) for v in value])
    if isinstance(value, int):
        return Field(name=name, kind="number")
    return Field(name=name, kind="text")


def post_fields(form, baseline: dict) -> dict[str, Field]:
    fields = dict(form.fields) if form is not None else {}
    # The test client does not check it; a wrong one is Django's 403.
    fields.pop("csrfmiddlewaretoken", None)
    for name, value in baseline.items():
        fields.setdefault(name, _as_field(name, value))
    return fields


def post_data(fields: dict[str, Field], baseline, family: str):
    """Data for one POST: the form as filled in (baseline() gives fresh
    values, uploads included), with some fields replaced by values of
    `family`; for ORDINARY also fields left out and unknown fields added.
    None when the family has nothing for any of the fields."""
    values = {
        name: strategy
        for name, field in sorted(fields.items())
        if (strategy := family_value(family, field)) is not None
    }
    if not values and family != ORDINARY:
        return None

    @st.composite
    def build(draw):
        data = dict(baseline())
        if family == EXTREME_DATES:
            # A date is out of range together with its time (midnight on
            # 0001-01-01 here is before the year 1 in UTC).
            chosen = sorted(values)
        elif values:
            chosen = draw(
                st.lists(st.sampled_from(sorted(values)), min_size=1, unique=True)
            )
        else:
            chosen = []
        for name in chosen:
            data[name] = draw(values[name])
        if family == ORDINARY:
            if data:
                for name in draw(
                    st.lists(st.sampled_from(sorted(data)), max_size=2, unique=True)
                ):
                    data.pop(name)
            data.update(draw(st.dictionaries(_KEYS, SCALAR, max_size=2)))
        return data

    return build()


def query_pairs(keys: list[str], date_keys: list[str], family: str):
    """The parameters of one GET: known keys (from the page's forms and
    links and what the views read) and unknown ones, with values of
    `family`. None when the family has nothing for this page."""
    if family == EXTREME_DATES:
        if not date_keys:
            return None
        key_strategy = st.sampled_from(date_keys)
    elif keys:
        key_strategy = st.one_of(st.sampled_from(keys), st.sampled_from(keys), _KEYS)
    else:
        key_strategy = _KEYS
    pair = st.tuples(key_strategy, query_value(family, ""))
    return st.lists(pair, min_size=1, max_size=5)
