"""Kennisproducten are about practice, never about a person: free text with
a BSN, e-mail address, phone number, IBAN or V-nummer is refused, and the
refused text is not stored."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from knowledge import services
from knowledge.models import KnowledgeProduct, Review, Status

pytestmark = pytest.mark.django_db

PERSONAL = [
    "BSN 111222333 van de inburgeraar",
    "mail naar j.jansen@example.org",
    "bel 06 12345678",
    "rekening NL91 ABNA 0417 1643 00",
    "V-nummer 1234567890",
]


@pytest.mark.parametrize("text", PERSONAL)
@pytest.mark.parametrize("field", ["title", "summary", "body"])
def test_product_text_with_personal_data_is_refused(trekker, community, field, text):
    fields = {"title": "Handreiking", "summary": "Samenvatting", "body": "Tekst"}
    fields[field] = text
    with pytest.raises(ValidationError) as refused:
        services.product_create(
            actor=trekker, community=community, kind="handreiking", **fields
        )
    assert "Maak de tekst anoniem" in str(refused.value)
    assert not KnowledgeProduct.objects.exists()


def test_ordinary_numbers_pass_the_screen(trekker, community):
    product = services.product_create(
        actor=trekker,
        community=community,
        kind="handreiking",
        title="Wi2021 in 2024",
        summary="Ruim 123456789 euro en 60 deelnemers.",
    )
    assert product.pk


def test_review_comment_with_personal_data_is_refused(expert, make_product):
    product = make_product(status=Status.REVIEW)
    with pytest.raises(ValidationError):
        services.product_request_changes(
            actor=expert, product=product, comment="Bel mevrouw op 06 12345678."
        )
    product.refresh_from_db()
    assert product.status == Status.REVIEW
    assert not Review.objects.exists()


def test_site_form_shows_the_privacy_message_and_keeps_nothing(
    client_as, community, theme
):
    response = client_as("trekker").post(
        reverse("knowledge:product_create"),
        {
            "community": community.pk,
            "kind": "handreiking",
            "title": "Casus",
            "summary": "Mevrouw met BSN 111222333 kreeg ontheffing.",
            "scope": "landelijk",
            "visibility": "openbaar",
        },
    )
    assert response.status_code == 200
    assert "Maak de tekst anoniem" in response.text
    assert not KnowledgeProduct.objects.exists()


def test_question_with_personal_data_is_refused(trekker, make_product, theme):
    qa = make_product(status=Status.CONCEPT, kind="qa", slug="qa")
    with pytest.raises(ValidationError):
        services.question_add(
            actor=trekker,
            product=qa,
            theme=theme,
            question="Wat als j.jansen@example.org belt?",
            answer="Antwoord.",
        )
    assert not qa.entries.exists()
