"""Edits of a concept lock the product and read its status afresh, so a
page loaded before the product was submitted cannot change it afterwards."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cop_portal.exceptions import DomainError
from knowledge import services
from knowledge.models import Attachment, KnowledgeProduct, QuestionAnswer, Status
from tests.knowledge.factories import QuestionFactory
from tests.knowledge.test_attachments import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def qa(make_product):
    return make_product(status=Status.CONCEPT, kind="qa", slug="qa")


def _submitted_meanwhile(product):
    KnowledgeProduct.objects.filter(pk=product.pk).update(status=Status.REVIEW)


def _locks(queries, pk):
    return [
        q["sql"]
        for q in queries
        if "FOR UPDATE" in q["sql"]
        and f'"knowledge_knowledgeproduct"."id" = {pk}' in q["sql"]
    ]


def test_question_add_refuses_a_product_submitted_meanwhile(trekker, qa, theme):
    stale = KnowledgeProduct.objects.get(pk=qa.pk)
    _submitted_meanwhile(qa)
    with pytest.raises(DomainError):
        services.question_add(
            actor=trekker, product=stale, theme=theme, question="Nog?", answer="Ja."
        )
    assert not QuestionAnswer.objects.exists()


def test_question_remove_refuses_a_product_submitted_meanwhile(trekker, qa, theme):
    entry = QuestionFactory(product=qa, theme=theme)
    entry = QuestionAnswer.objects.select_related("product").get(pk=entry.pk)
    _submitted_meanwhile(qa)
    with pytest.raises(DomainError):
        services.question_remove(actor=trekker, entry=entry)
    assert QuestionAnswer.objects.filter(pk=entry.pk).exists()


def test_attachment_remove_refuses_a_product_submitted_meanwhile(trekker, qa):
    attachment = services.attachment_add(
        actor=trekker,
        product=qa,
        upload=SimpleUploadedFile("a.pdf", PDF),
        title="Bijlage",
    )
    attachment = Attachment.objects.select_related("product").get(pk=attachment.pk)
    _submitted_meanwhile(qa)
    with pytest.raises(DomainError):
        services.attachment_remove(actor=trekker, attachment=attachment)
    assert Attachment.objects.filter(pk=attachment.pk).exists()


@pytest.mark.parametrize("service", ["question_add", "question_remove", "remove"])
def test_concept_edits_lock_the_product(trekker, qa, theme, service):
    entry = QuestionFactory(product=qa, theme=theme)
    attachment = services.attachment_add(
        actor=trekker,
        product=qa,
        upload=SimpleUploadedFile("a.pdf", PDF),
        title="Bijlage",
    )
    with CaptureQueriesContext(connection) as queries:
        if service == "question_add":
            services.question_add(
                actor=trekker, product=qa, theme=theme, question="Nog?", answer="Ja."
            )
        elif service == "question_remove":
            services.question_remove(actor=trekker, entry=entry)
        else:
            services.attachment_remove(actor=trekker, attachment=attachment)
    assert _locks(queries.captured_queries, qa.pk)


def _lock_order(queries, pks):
    """The product ids in the order their rows were first locked."""
    order = []
    for sql in (q["sql"] for q in queries if "FOR UPDATE" in q["sql"]):
        for pk in pks:
            if f'"knowledge_knowledgeproduct"."id" = {pk}' in sql and pk not in order:
                order.append(pk)
    return order


def test_publishing_a_new_version_locks_the_published_product_first(
    trekker, expert, moderator, published
):
    revision = services.product_revise(actor=trekker, product=published)
    services.product_submit(actor=trekker, product=revision)
    services.product_approve(actor=expert, product=revision)
    with CaptureQueriesContext(connection) as queries:
        services.product_publish(actor=moderator, product=revision)
    assert _lock_order(queries.captured_queries, [published.pk, revision.pk]) == [
        published.pk,
        revision.pk,
    ]


def test_archiving_locks_the_published_product_before_its_new_version(
    trekker, moderator, published
):
    revision = services.product_revise(actor=trekker, product=published)
    with CaptureQueriesContext(connection) as queries:
        services.product_archive(actor=moderator, product=published)
    order = _lock_order(queries.captured_queries, [published.pk, revision.pk])
    assert order[0] == published.pk
    assert not KnowledgeProduct.objects.filter(pk=revision.pk).exists()
