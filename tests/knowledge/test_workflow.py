"""The workflow table: every transition from every status, by the right actor
and by the wrong ones. Parametrized from knowledge.workflow.TRANSITIONS."""

import pytest
from django.core.exceptions import ValidationError

from cop_portal.exceptions import DomainError, NotAllowedError
from knowledge import services
from knowledge.models import KnowledgeProduct, Review, Status, StatusChange
from knowledge.workflow import TRANSITIONS, available_transitions

pytestmark = pytest.mark.django_db

ACTOR = {
    "submit": "trekker",
    "approve": "expert",
    "request_changes": "expert",
    "publish": "moderator",
    "archive": "moderator",
}
LEGAL = [(name, status) for name, t in TRANSITIONS.items() for status in t.sources]
ILLEGAL = [
    (name, status)
    for name, t in TRANSITIONS.items()
    for status in Status.values
    if status not in t.sources
]
WRONG_ACTORS = [
    (name, role)
    for name in TRANSITIONS
    for role in ["deelnemer", "trekker", "other_trekker", "expert", "outsider"]
    if role != ACTOR[name]
]


def _run(name, actor, product):
    return services.product_transition(
        actor=actor, product=product, name=name, comment="Graag de titel inkorten."
    )


@pytest.mark.parametrize("name, status", LEGAL)
def test_legal_transition_moves_the_status_and_records_it(
    request, name, status, make_product
):
    product = make_product(status=status)
    actor = request.getfixturevalue(ACTOR[name])
    result = _run(name, actor, product)
    product.refresh_from_db()
    assert product.status == TRANSITIONS[name].target == result.status
    change = StatusChange.objects.get(product=product)
    assert (change.from_status, change.to_status, change.actor) == (
        status,
        TRANSITIONS[name].target,
        actor,
    )


@pytest.mark.parametrize("name, status", ILLEGAL)
def test_illegal_transition_is_refused_and_changes_nothing(
    request, name, status, make_product
):
    product = make_product(status=status)
    actor = request.getfixturevalue(ACTOR[name])
    with pytest.raises(DomainError):
        _run(name, actor, product)
    product.refresh_from_db()
    assert product.status == status
    assert not StatusChange.objects.exists()
    assert not Review.objects.exists()


@pytest.mark.parametrize("name, role", WRONG_ACTORS)
def test_transition_by_the_wrong_role_is_refused(request, name, role, make_product):
    status = next(iter(TRANSITIONS[name].sources))
    product = make_product(status=status)
    with pytest.raises(NotAllowedError):
        _run(name, request.getfixturevalue(role), product)
    product.refresh_from_db()
    assert product.status == status


def test_moderator_may_submit_for_any_cop(moderator, make_product):
    product = make_product(status=Status.CONCEPT)
    services.product_submit(actor=moderator, product=product)
    product.refresh_from_db()
    assert product.status == Status.REVIEW


def test_available_transitions_follow_the_table(
    trekker, expert, moderator, make_product
):
    product = make_product(status=Status.REVIEW)
    assert [t.name for t in available_transitions(expert, product)] == [
        "approve",
        "request_changes",
    ]
    assert available_transitions(trekker, product) == []
    assert available_transitions(moderator, product) == []


def test_request_changes_needs_a_comment(expert, make_product):
    product = make_product(status=Status.REVIEW)
    with pytest.raises(ValidationError):
        services.product_request_changes(actor=expert, product=product, comment=" ")
    product.refresh_from_db()
    assert product.status == Status.REVIEW


def test_review_is_recorded_with_comment_and_cannot_be_changed(expert, make_product):
    product = make_product(status=Status.REVIEW)
    services.product_request_changes(
        actor=expert, product=product, comment="Schrijf in B1-taal."
    )
    review = Review.objects.get(product=product)
    assert review.decision == Review.Decision.REQUEST_CHANGES
    assert review.comment == "Schrijf in B1-taal."
    assert review.reviewer == expert
    review.comment = "anders"
    with pytest.raises(ValueError):
        review.save()


def test_full_cycle_publishes_a_first_version(
    trekker, expert, moderator, community, theme
):
    product = services.product_create(
        actor=trekker,
        community=community,
        kind=KnowledgeProduct.Kind.INFOGRAPHIC,
        title="Ontheffing bij ziekte",
        summary="Wanneer kan iemand ontheffing krijgen?",
        body="**Let op**: via DUO.",
        themes=[theme],
        tags=["ontheffing", "Argonaut"],
    )
    assert product.status == Status.CONCEPT
    assert list(product.authors.all()) == [trekker]
    services.product_submit(actor=trekker, product=product)
    services.product_approve(actor=expert, product=product)
    product = services.product_publish(actor=moderator, product=product)
    assert product.status == Status.PUBLISHED
    assert product.version == 1
    assert product.published_versions.get().title == "Ontheffing bij ziekte"
    assert product.reviewed_at is not None


def test_trekker_of_other_cop_cannot_create_a_product(other_trekker, community):
    with pytest.raises(NotAllowedError):
        services.product_create(
            actor=other_trekker,
            community=community,
            kind=KnowledgeProduct.Kind.GUIDE,
            title="Niet van mij",
            summary="x",
        )


def test_only_a_concept_can_be_edited(trekker, make_product):
    product = make_product(status=Status.REVIEW)
    with pytest.raises(DomainError):
        services.product_update(
            actor=trekker, product=product, themes=[], tags=[], sessions=[], title="X"
        )


def test_session_of_another_cop_cannot_be_linked(trekker, community):
    from tests.factories import SessionFactory

    foreign = SessionFactory()
    with pytest.raises(ValidationError):
        services.product_create(
            actor=trekker,
            community=community,
            kind=KnowledgeProduct.Kind.REPORT,
            title="Verslag",
            summary="x",
            sessions=[foreign],
        )


def _publish_revision(trekker, expert, moderator, product, **changes):
    revision = services.product_revise(actor=trekker, product=product)
    services.product_update(
        actor=trekker,
        product=revision,
        themes=list(product.themes.all()),
        tags=["nieuw"],
        sessions=[],
        **changes,
    )
    services.product_submit(actor=trekker, product=revision)
    services.product_approve(actor=expert, product=revision)
    return revision


def test_edit_of_published_product_is_reviewed_before_readers_see_it(
    trekker, expert, moderator, published
):
    revision = _publish_revision(
        trekker, expert, moderator, published, title="Nieuwe titel"
    )
    published.refresh_from_db()
    # Readers still see the published version while the new one is reviewed.
    assert published.title == "Openbare handreiking"
    assert KnowledgeProduct.objects.published().get().pk == published.pk
    services.product_publish(actor=moderator, product=revision)
    published.refresh_from_db()
    assert published.title == "Nieuwe titel"
    assert published.version == 2
    assert published.status == Status.PUBLISHED
    assert not KnowledgeProduct.objects.filter(pk=revision.pk).exists()
    assert [v.title for v in published.published_versions.all()] == ["Nieuwe titel"]
    # The history of the new version moved to the product.
    assert published.reviews.count() == 1
    assert published.status_changes.count() == 3


def test_earlier_published_versions_are_kept(trekker, expert, moderator, make_product):
    product = make_product(status=Status.APPROVED)
    services.product_publish(actor=moderator, product=product)
    revision = _publish_revision(
        trekker, expert, moderator, product, title="Tweede versie"
    )
    services.product_publish(actor=moderator, product=revision)
    titles = list(product.published_versions.values_list("number", "title"))
    assert titles == [(2, "Tweede versie"), (1, product.title)]


def test_revise_returns_the_open_revision(trekker, published):
    first = services.product_revise(actor=trekker, product=published)
    assert services.product_revise(actor=trekker, product=published) == first


def test_revision_cannot_be_archived_on_its_own(trekker, moderator, published):
    revision = services.product_revise(actor=trekker, product=published)
    with pytest.raises(DomainError):
        services.product_archive(actor=moderator, product=revision)


def test_second_publish_of_the_same_product_is_refused(moderator, make_product):
    product = make_product(status=Status.APPROVED)
    stale = KnowledgeProduct.objects.get(pk=product.pk)
    services.product_publish(actor=moderator, product=product)
    # A second moderator acting on the page they loaded before.
    with pytest.raises(DomainError):
        services.product_publish(actor=moderator, product=stale)
    assert product.published_versions.count() == 1


def test_attachments_follow_a_new_version(trekker, expert, moderator, published):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.knowledge.test_attachments import PDF, PNG

    published.status = Status.CONCEPT
    published.save()
    services.attachment_add(
        actor=trekker,
        product=published,
        upload=SimpleUploadedFile("oud.pdf", PDF),
        title="Oude bijlage",
    )
    published.status = Status.PUBLISHED
    published.save()
    revision = services.product_revise(actor=trekker, product=published)
    assert [a.title for a in revision.attachments.all()] == ["Oude bijlage"]
    services.attachment_add(
        actor=trekker,
        product=revision,
        upload=SimpleUploadedFile("schema.png", PNG),
        title="Nieuw schema",
        alt_text="Schema van de stappen",
    )
    # Readers still get only the published attachment.
    assert [a.title for a in published.attachments.all()] == ["Oude bijlage"]
    services.product_submit(actor=trekker, product=revision)
    services.product_approve(actor=expert, product=revision)
    services.product_publish(actor=moderator, product=revision)
    titles = sorted(a.title for a in published.attachments.all())
    assert titles == ["Nieuw schema", "Oude bijlage"]
    for attachment in published.attachments.all():
        with attachment.file.open("rb") as handle:
            assert handle.read(4) in (PDF[:4], PNG[:4])


def test_earlier_version_keeps_its_questions_attachments_themes_and_tags(
    client, trekker, expert, moderator, make_product, theme
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from communities.models import Theme
    from tests.knowledge.test_attachments import PDF

    qa = make_product(status=Status.CONCEPT, kind="qa", slug="qa", tags=["oud"])
    services.question_add(
        actor=trekker,
        product=qa,
        theme=theme,
        question="Wat meet de toets?",
        answer="Hoe snel iemand **leert**.",
    )
    services.attachment_add(
        actor=trekker,
        product=qa,
        upload=SimpleUploadedFile("folder.pdf", PDF),
        title="Oude folder",
    )
    services.product_submit(actor=trekker, product=qa)
    services.product_approve(actor=expert, product=qa)
    services.product_publish(actor=moderator, product=qa)

    revision = services.product_revise(actor=trekker, product=qa)
    other_theme = Theme.objects.create(name="Financieel ontzorgen", slug="geld")
    services.product_update(
        actor=trekker,
        product=revision,
        themes=[other_theme],
        tags=["nieuw"],
        sessions=[],
    )
    services.question_remove(actor=trekker, entry=revision.entries.get())
    services.attachment_remove(actor=trekker, attachment=revision.attachments.get())
    services.question_add(
        actor=trekker,
        product=revision,
        theme=other_theme,
        question="Wie betaalt de huur?",
        answer="De gemeente.",
    )
    services.product_submit(actor=trekker, product=revision)
    services.product_approve(actor=expert, product=revision)
    services.product_publish(actor=moderator, product=revision)

    first, second = qa.published_versions.order_by("number")
    assert first.themes == [theme.name] and first.tags == ["oud"]
    assert [e["question"] for e in first.entries] == ["Wat meet de toets?"]
    assert "<strong>leert</strong>" in first.entries[0]["answer_html"]
    assert [
        (a["title"], a["original_name"], a["file_type"], a["size"])
        for a in (first.attachments)
    ] == [("Oude folder", "folder.pdf", "PDF", len(PDF))]
    assert second.themes == ["Financieel ontzorgen"] and second.tags == ["nieuw"]
    assert [e["question"] for e in second.entries] == ["Wie betaalt de huur?"]
    assert second.attachments == []

    client.force_login(moderator)
    page = client.get(reverse("knowledge:version_detail", args=["qa", 1])).text
    assert "Wat meet de toets?" in page and "<strong>leert</strong>" in page
    assert "Oude folder" in page and "folder.pdf" in page and "PDF" in page
    assert theme.name in page and "oud" in page
    assert "Wie betaalt de huur?" not in page
