"""The privacy screen reads text as a reader sees it, knows amounts and KvK
numbers from a BSN, and takes time linear in the text's length."""

import pytest
from django.core.exceptions import ValidationError

from cop_portal.privacy import (
    BSN,
    EMAIL,
    SCREEN_LIMIT,
    PrivacyValidator,
    find_personal_data,
    screen_text,
)
from tests.timing import assert_linear


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("BSN 1234-56-782 stond op de brief.", BSN),
        ("BSN 123-456-782 stond op de brief.", BSN),
        ("Nummer 12345&#54;782 stond op de brief.", BSN),
        ("Nummer 1234&#x35;6782 stond op de brief.", BSN),
        ("Mail jan&#64;rotterdam.nl voor info.", EMAIL),
        ("Mail jan&commat;rotterdam.nl voor info.", EMAIL),
        ("Mail jan&#x40;rotterdam.nl voor info.", EMAIL),
    ],
)
def test_personal_data_behind_dashes_or_entities_is_found(text, kind):
    assert kind in find_personal_data(text)


@pytest.mark.parametrize(
    "text",
    [
        "Nummer 123**4**56782 stond op de brief.",
        "Nummer 1234<span>5</span>6782 stond op de brief.",
        "Mail jan@<em>rotterdam.nl</em> voor info.",
    ],
)
def test_personal_data_that_markdown_joins_is_found_in_markdown(text):
    assert find_personal_data(text, markup=True)


@pytest.mark.parametrize(
    "text",
    [
        "Het budget is € 24.000.000 voor vier jaar.",
        "Het budget is €24.000.000.",
        "Het budget is EUR 24.000.000.",
        "Het budget is 24.000.000 euro.",
        "Ingeschreven onder KvK 24000000.",
        "KvK-nummer 24000000",
        "KvK-nummer: 24000000",
        "kvk-nr. 240000000",
        "Op 2024-01-15 begon de pilot.",
        "€ 1000000000 in totaal.",
    ],
)
def test_amounts_kvk_numbers_and_dates_pass(text):
    assert find_personal_data(text, markup=True) == []


def test_the_same_number_without_a_label_is_still_a_bsn():
    # 024000000 passes the BSN check: only the label makes it an amount.
    assert find_personal_data("Nummer 24000000 stond op de brief.") == [BSN]


def test_a_link_with_an_escaped_e_mail_address_is_refused():
    validator = PrivacyValidator(url=True)
    with pytest.raises(ValidationError):
        validator("https://meet.example.nl/?gast=jan%40rotterdam.nl")
    validator("https://meet.example.nl/kamer-12")


def test_a_text_longer_than_the_screen_reads_is_refused_unread():
    with pytest.raises(ValidationError) as refused:
        screen_text("a" * (SCREEN_LIMIT + 1))
    assert refused.value.code == "too_long"


# Inputs that made a pattern rescan the rest of the text from every position,
# or that a matcher or Markdown parser might: long runs of word characters,
# digits, dots, '@', spaces, brackets.
ADVERSARIAL = {
    "letters": "a",
    "letters and @": "aaaaaaaaa@",
    "letters and dots": "a.",
    "addresses without a domain": "a@a.",
    "digits": "1",
    "digits and spaces": "1 ",
    "digits and dots": "1.",
    "digits and dashes": "1-",
    "plus signs": "+3",
    "spaces": " ",
    "at signs": "@",
    "mixed": "a1 .@-",
    "iban start": "NL91" + "A" * 12,
    "v-nummer labels": "v-nummer 1",
    "brackets": "[",
    "links": "[a](",
    "emphasis": "**a",
    "entities": "&#6",
}


@pytest.mark.parametrize("unit", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_the_screen_takes_time_linear_in_the_length(unit):
    """Eight times the text may take at most 24 times as long (tests/timing.py):
    the quadratic e-mail pattern this replaced gave about 64."""
    assert_linear(
        lambda text: find_personal_data(text, markup=True, url=True),
        unit,
        small=4_000,
        large=32_000,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body", ["Nummer 123**4**56782.", "Mail jan&#64;rotterdam.nl.", "BSN 1234-56-782"]
)
def test_a_product_body_that_shows_personal_data_is_refused(trekker, community, body):
    from knowledge import services
    from knowledge.models import KnowledgeProduct

    with pytest.raises(ValidationError):
        services.product_create(
            actor=trekker,
            community=community,
            kind="handreiking",
            title="Handreiking",
            summary="Samenvatting",
            body=body,
        )
    assert not KnowledgeProduct.objects.exists()
