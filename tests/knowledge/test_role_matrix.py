"""The rest of the role matrix: removing attachments, adding and removing
questions, starting a new version, and who sees drafts and their attachments
in every status that is not published (ter toetsing, goedgekeurd,
gearchiveerd and a new version of a published product)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from knowledge import services
from knowledge.models import Attachment, KnowledgeProduct, Status
from tests.knowledge.conftest import (
    CONCEPT_READERS,
    MEMBERS,
    ROLES,
    SUBMITTED_READERS,
)
from tests.knowledge.factories import QuestionFactory
from tests.knowledge.test_attachments import PDF

pytestmark = pytest.mark.django_db

EDITORS = {"trekker", "moderator"}


def _expect_refusal(response, role):
    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 403


def _attach(product, actor):
    """An attachment on any product: added while it is a concept."""
    status = product.status
    KnowledgeProduct.objects.filter(pk=product.pk).update(status=Status.CONCEPT)
    attachment = services.attachment_add(
        actor=actor,
        product=product,
        upload=SimpleUploadedFile("infographic.pdf", PDF),
        title="De infographic",
    )
    KnowledgeProduct.objects.filter(pk=product.pk).update(status=status)
    return attachment


@pytest.fixture
def qa_concept(make_product, theme):
    return make_product(status=Status.CONCEPT, kind="qa", slug="qa-concept")


@pytest.mark.parametrize("role", ROLES)
def test_only_trekker_of_the_cop_and_moderator_remove_attachments(
    role, client_as, concept, moderator
):
    attachment = _attach(concept, moderator)
    response = client_as(role).post(
        reverse("knowledge:attachment_remove", args=[concept.pk, attachment.pk])
    )
    if role in EDITORS:
        assert response.status_code == 302
        assert not concept.attachments.exists()
    else:
        _expect_refusal(response, role)
        assert concept.attachments.get() == attachment


@pytest.mark.parametrize("role", ROLES)
def test_only_trekker_of_the_cop_and_moderator_add_questions(
    role, client_as, qa_concept, theme
):
    response = client_as(role).post(
        reverse("knowledge:question_add", args=[qa_concept.pk]),
        {"theme": theme.pk, "question": "Wat is de PIP?", "answer": "Het plan."},
    )
    if role in EDITORS:
        assert response.status_code == 302
        assert [e.question for e in qa_concept.entries.all()] == ["Wat is de PIP?"]
    else:
        _expect_refusal(response, role)
        assert not qa_concept.entries.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_trekker_of_the_cop_and_moderator_remove_questions(
    role, client_as, qa_concept, theme
):
    entry = QuestionFactory(product=qa_concept, theme=theme)
    response = client_as(role).post(
        reverse("knowledge:question_remove", args=[qa_concept.pk, entry.pk])
    )
    if role in EDITORS:
        assert response.status_code == 302
        assert not qa_concept.entries.exists()
    else:
        _expect_refusal(response, role)
        assert qa_concept.entries.get() == entry


@pytest.mark.parametrize("role", ROLES)
def test_only_trekker_of_the_cop_and_moderator_start_a_new_version(
    role, client_as, published
):
    response = client_as(role).post(
        reverse("knowledge:product_revise", args=[published.pk])
    )
    revision = KnowledgeProduct.objects.filter(revision_of=published).first()
    if role in EDITORS:
        assert response.status_code == 302
        assert response.url == reverse("knowledge:product_update", args=[revision.pk])
        assert revision.status == Status.CONCEPT
    else:
        _expect_refusal(response, role)
        assert revision is None


@pytest.mark.parametrize("action", ["question_add", "question_remove", "remove"])
@pytest.mark.parametrize("status", [Status.REVIEW, Status.APPROVED, Status.PUBLISHED])
def test_editors_cannot_change_a_product_that_is_no_concept(
    client_as, qa_concept, theme, moderator, action, status
):
    entry = QuestionFactory(product=qa_concept, theme=theme)
    attachment = _attach(qa_concept, moderator)
    KnowledgeProduct.objects.filter(pk=qa_concept.pk).update(
        status=status, published_at=qa_concept.created_at
    )
    url, data = {
        "question_add": (
            reverse("knowledge:question_add", args=[qa_concept.pk]),
            {"theme": theme.pk, "question": "Nieuw?", "answer": "Ja."},
        ),
        "question_remove": (
            reverse("knowledge:question_remove", args=[qa_concept.pk, entry.pk]),
            {},
        ),
        "remove": (
            reverse("knowledge:attachment_remove", args=[qa_concept.pk, attachment.pk]),
            {},
        ),
    }[action]
    response = client_as("trekker").post(url, data)
    assert response.status_code == 302
    assert list(qa_concept.entries.all()) == [entry]
    assert list(qa_concept.attachments.all()) == [attachment]


def _new_version(published, trekker):
    return services.product_revise(actor=trekker, product=published)


@pytest.fixture(
    params=[
        Status.CONCEPT,
        Status.REVIEW,
        Status.APPROVED,
        Status.ARCHIVED,
        "revision",
        "submitted revision",
    ]
)
def unpublished(request, make_product, trekker):
    if request.param in ("revision", "submitted revision"):
        published = make_product(title="Gepubliceerd", slug="gepubliceerd")
        revision = _new_version(published, trekker)
        if request.param == "submitted revision":
            services.product_submit(actor=trekker, product=revision)
            revision.refresh_from_db()
        return revision
    return make_product(
        title="Niet gepubliceerd", slug="niet-gepubliceerd", status=request.param
    )


def _readers(product):
    # A concept (a new version too) waits for its authors; submitted, the
    # expertgroep reads it (DOMAIN.md).
    if product.status == Status.CONCEPT:
        return CONCEPT_READERS
    return SUBMITTED_READERS


@pytest.mark.parametrize("role", ROLES)
def test_draft_page_of_every_unpublished_status(role, client_as, unpublished):
    response = client_as(role).get(
        reverse("knowledge:draft_detail", args=[unpublished.pk])
    )
    if role in _readers(unpublished):
        assert response.status_code == 200
        assert unpublished.title in response.text
    elif role == "anonymous":
        _expect_refusal(response, role)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_attachment_of_every_unpublished_status(
    role, client_as, unpublished, moderator
):
    readers = _readers(unpublished)
    attachment = _attach(unpublished, moderator)
    response = client_as(role).get(attachment.get_absolute_url())
    assert response.status_code == (200 if role in readers else 404)


def test_attachment_of_a_new_version_stays_hidden_until_published(
    client_as, published, trekker
):
    revision = _new_version(published, trekker)
    services.attachment_add(
        actor=trekker,
        product=revision,
        upload=SimpleUploadedFile("nieuw.pdf", PDF),
        title="Nieuwe bijlage",
    )
    attachment = Attachment.objects.get(title="Nieuwe bijlage")
    assert client_as("anonymous").get(attachment.get_absolute_url()).status_code == 404
    assert client_as("deelnemer").get(attachment.get_absolute_url()).status_code == 404
    assert (
        "Nieuwe bijlage"
        not in client_as("deelnemer").get(published.get_absolute_url()).text
    )


@pytest.mark.parametrize("role", ROLES)
def test_matching_questions_of_a_members_only_qa_stay_with_members(
    role, client_as, make_product, theme
):
    qa = make_product(
        title="Besloten vraag en antwoord",
        slug="besloten-qa",
        kind="qa",
        summary="Voor leden.",
        body="",
        visibility=KnowledgeProduct.Visibility.MEMBERS,
    )
    QuestionFactory(
        product=qa,
        theme=theme,
        question="Hoe lang duurt de leerbaarheidstoets precies?",
        answer="Ongeveer twee uur.",
    )
    response = client_as(role).get(
        reverse("knowledge:product_list"), {"q": "leerbaarheidstoets"}
    )
    assert response.status_code == 200
    sees = role in MEMBERS
    assert ("Hoe lang duurt de leerbaarheidstoets precies?" in response.text) == sees
    assert ("Besloten vraag en antwoord" in response.text) == sees
    assert ("Ongeveer twee uur" in response.text) is False
