"""The knowledge admin keeps the rules the site keeps (docs/rules.md): each
case here was a 500 or a broken rule through the admin before."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.urls import reverse

from knowledge.models import KnowledgeProduct, QuestionAnswer, Status
from tests.conftest import sign_in
from tests.knowledge.factories import QuestionFactory
from tests.knowledge.test_admin import _change_form_data

pytestmark = pytest.mark.django_db


def _change_url(product):
    return reverse("admin:knowledge_knowledgeproduct_change", args=[product.pk])


def test_25_tags_in_the_admin_are_a_form_error_and_nothing_is_saved(
    client, moderator, concept
):
    sign_in(client, moderator)
    data = _change_form_data(client.get(_change_url(concept)))
    data.update(
        title="Nieuwe titel", tags=", ".join(f"label{number}" for number in range(25))
    )
    response = client.post(_change_url(concept), data)
    assert response.status_code == 200
    assert "Hooguit 20 tags." in response.text
    # The moderator keeps what they typed.
    assert 'value="Nieuwe titel"' in response.text
    concept.refresh_from_db()
    assert concept.title == "Concept handreiking"
    assert not concept.tags.exists()


@pytest.mark.parametrize(
    "tag, found",
    [("jan@rotterdam.nl", "e-mailadres"), ("06 12345678", "telefoonnummer")],
)
def test_a_tag_with_personal_data_is_refused_in_the_admin(
    client, moderator, concept, tag, found
):
    sign_in(client, moderator)
    data = _change_form_data(client.get(_change_url(concept)))
    data.update(tags=f'ontheffing, "{tag}"')
    response = client.post(_change_url(concept), data)
    assert response.status_code == 200
    assert found in response.text
    assert not concept.tags.exists()


def test_a_tag_with_personal_data_is_refused_on_the_site(client, trekker, concept):
    sign_in(client, trekker)
    response = client.post(
        reverse("knowledge:product_update", args=[concept.pk]),
        {
            "kind": concept.kind,
            "title": concept.title,
            "summary": concept.summary,
            "body": concept.body,
            "tags": "ontheffing, jan@rotterdam.nl",
            "scope": concept.scope,
            "visibility": concept.visibility,
        },
    )
    assert response.status_code == 200
    assert "e-mailadres" in response.text
    assert not concept.tags.exists()


def test_the_question_inline_is_not_offered_for_a_handreiking(
    client, moderator, concept
):
    sign_in(client, moderator)
    page = client.get(_change_url(concept))
    assert "entries-TOTAL_FORMS" not in page.text
    # A hand-made POST with inline data adds nothing either.
    data = _change_form_data(page)
    data.update(
        {
            "entries-TOTAL_FORMS": "1",
            "entries-INITIAL_FORMS": "0",
            "entries-0-theme": concept.themes.first().pk,
            "entries-0-question": "Mag dit?",
            "entries-0-answer": "Ja.",
        }
    )
    client.post(_change_url(concept), data)
    assert not QuestionAnswer.objects.filter(product=concept).exists()


@pytest.fixture
def qa_concept(make_product):
    return make_product(
        kind=KnowledgeProduct.Kind.QA,
        title="Vraag en antwoord",
        slug="vraag-en-antwoord",
        status=Status.CONCEPT,
    )


def test_a_question_added_in_the_admin_goes_through_the_service(
    client, moderator, qa_concept, theme
):
    sign_in(client, moderator)
    data = _change_form_data(client.get(_change_url(qa_concept)))
    data.update(
        {
            "entries-TOTAL_FORMS": "1",
            "entries-0-theme": theme.pk,
            "entries-0-question": "Wie beslist over ontheffing?",
            "entries-0-answer": "Het college, na advies van Argonaut.",
        }
    )
    response = client.post(_change_url(qa_concept), data)
    assert response.status_code == 302
    entry = QuestionAnswer.objects.get(product=qa_concept)
    # The service gave it an anchor for the page and indexed it for search.
    assert entry.anchor == "wie-beslist-over-ontheffing"
    assert KnowledgeProduct.objects.filter(
        pk=qa_concept.pk, search_vector=SearchQuery("ontheffing", config="dutch")
    ).exists()


def test_a_question_with_personal_data_is_refused_in_the_admin(
    client, moderator, qa_concept, theme
):
    sign_in(client, moderator)
    data = _change_form_data(client.get(_change_url(qa_concept)))
    data.update(
        {
            "title": "Andere titel",
            "entries-TOTAL_FORMS": "1",
            "entries-0-theme": theme.pk,
            "entries-0-question": "Wat doen we met 111222333?",
            "entries-0-answer": "Niets.",
        }
    )
    response = client.post(_change_url(qa_concept), data)
    assert response.status_code == 200
    assert "BSN" in response.text
    qa_concept.refresh_from_db()
    assert qa_concept.title == "Vraag en antwoord"
    assert not qa_concept.entries.exists()


def test_a_qa_with_questions_cannot_become_another_kind(client, moderator, qa_concept):
    QuestionFactory(product=qa_concept)
    sign_in(client, moderator)
    data = _change_form_data(client.get(_change_url(qa_concept)))
    data.update(kind=KnowledgeProduct.Kind.GUIDE)
    response = client.post(_change_url(qa_concept), data)
    assert response.status_code == 200
    assert "Verwijder eerst de vragen" in response.text
    qa_concept.refresh_from_db()
    assert qa_concept.kind == KnowledgeProduct.Kind.QA


def test_a_qa_with_questions_cannot_become_another_kind_on_the_site(
    client, trekker, qa_concept
):
    QuestionFactory(product=qa_concept)
    sign_in(client, trekker)
    response = client.post(
        reverse("knowledge:product_update", args=[qa_concept.pk]),
        {
            "kind": KnowledgeProduct.Kind.GUIDE,
            "title": qa_concept.title,
            "summary": qa_concept.summary,
            "scope": qa_concept.scope,
            "visibility": qa_concept.visibility,
        },
    )
    assert response.status_code == 200
    assert "Verwijder eerst de vragen" in response.text
    qa_concept.refresh_from_db()
    assert qa_concept.kind == KnowledgeProduct.Kind.QA


def test_the_admin_deletes_a_concept_but_not_a_published_product(
    client, moderator, concept, published
):
    sign_in(client, moderator)
    delete = "admin:knowledge_knowledgeproduct_delete"
    response = client.post(reverse(delete, args=[concept.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not KnowledgeProduct.objects.filter(pk=concept.pk).exists()
    response = client.post(reverse(delete, args=[published.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert KnowledgeProduct.objects.filter(pk=published.pk).exists()
