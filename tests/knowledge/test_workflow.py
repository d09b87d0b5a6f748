"""The review workflow against a copy of DOMAIN.md's table.

DOMAIN_TABLE below is copied by hand from DOMAIN.md ("Knowledge products",
"Who uses it") and every expected outcome comes from it, never from
knowledge/workflow.py: a wrong edit to the code's table fails here, and so
does a wrong edit to this copy. workflow.TRANSITIONS is read for its
transition names only, so that a transition added there without DOMAIN.md
and this copy fails as well.
"""

from collections.abc import Mapping
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from cop_portal.exceptions import DomainError, NotAllowedError
from knowledge import services, workflow
from knowledge.models import (
    KnowledgeProduct,
    PublishedVersion,
    Review,
    Status,
    StatusChange,
)
from knowledge.workflow import available_transitions
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

# DOMAIN.md, "Knowledge products", copied by hand -----------------------------
#
#   concept --submit--> ter toetsing --approve (expertgroep)--> goedgekeurd
#     --publish (moderator)--> gepubliceerd --archive--> gearchiveerd
#   ter toetsing --request changes--> concept (with the reviewer's comments)

STATES = {
    "concept": Status.CONCEPT,
    "ter toetsing": Status.REVIEW,
    "goedgekeurd": Status.APPROVED,
    "gepubliceerd": Status.PUBLISHED,
    "gearchiveerd": Status.ARCHIVED,
}

# Who, from the role table.
TREKKER_OF_THE_COP = "communitytrekker of the source CoP"
EXPERTGROEP = "expertgroep"
MODERATOR = "moderator"


@dataclass(frozen=True)
class Row:
    """One transition: the states it starts from, the state it leads to, who
    may take it and the input it requires (named as the service's argument)."""

    sources: tuple[str, ...]
    target: str
    who: frozenset[str]
    requires: tuple[str, ...] = ()


DOMAIN_TABLE = {
    # The communitytrekker "drafts knowledge products and submits them for
    # review". Our reading: the moderator, who "manages everything in the
    # admin", may submit too, since the admin calls the same services as the
    # site (STYLE.md); product_submit allows it. Reviewing is not managing:
    # "products are tested by our expert group", so approve and request
    # changes stay with the expertgroep, also for a moderator, as in the code.
    "submit": Row(
        sources=("concept",),
        target="ter toetsing",
        who=frozenset({TREKKER_OF_THE_COP, MODERATOR}),
    ),
    "approve": Row(
        sources=("ter toetsing",),
        target="goedgekeurd",
        who=frozenset({EXPERTGROEP}),
    ),
    "request_changes": Row(
        sources=("ter toetsing",),
        target="concept",
        who=frozenset({EXPERTGROEP}),
        requires=("comment",),
    ),
    "publish": Row(
        sources=("goedgekeurd",),
        target="gepubliceerd",
        who=frozenset({MODERATOR}),
    ),
    # The diagram names nobody for archive; taking published products out of
    # circulation is the moderator's, like publishing them.
    "archive": Row(
        sources=("gepubliceerd",),
        target="gearchiveerd",
        who=frozenset({MODERATOR}),
    ),
}

# The people ------------------------------------------------------------------

# Every product here belongs to `community`. What each person is for it, in
# the words of the role table:
PERSONS = {
    "anonymous": frozenset(),
    "outsider": frozenset(),  # signed in, member of no CoP
    "deelnemer": frozenset(),  # of the source CoP
    "trekker": frozenset({TREKKER_OF_THE_COP}),
    "other_trekker": frozenset(),  # communitytrekker of another CoP
    "expert": frozenset({EXPERTGROEP}),
    "moderator": frozenset({MODERATOR}),
    "ketenpartner": frozenset(),
}


def _refusal(name: str, state: str, person: str):
    """None when the table allows it, else the error it is refused with.

    Someone without the right is refused for that, whatever the state; someone
    with the right is refused for a state the row does not start from.
    """
    row = DOMAIN_TABLE[name]
    if not row.who & PERSONS[person]:
        return NotAllowedError
    if person == "expert" and state == "concept":
        # The expertgroep sees a product only from the moment it is submitted
        # for review: a concept is not theirs to act on, nor to learn about.
        return NotAllowedError
    if state not in row.sources:
        return DomainError
    return None


def _actor(request, person):
    if person == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue(person)


def _names(transitions) -> set[str]:
    # A dict by name today; a sequence of named transitions would do as well.
    if isinstance(transitions, Mapping):
        return set(transitions)
    return {transition.name for transition in transitions}


# Everything each transition takes, filled in.
INPUT = {
    "submit": {},
    "approve": {"comment": "Helder, en in B1-taal geschreven."},
    "request_changes": {"comment": "Graag de titel inkorten."},
    "publish": {},
    "archive": {"comment": "Vervangen door de nieuwe regels."},
}


# The expertgroep's review is recorded with its decision.
DECISIONS = {
    "approve": Review.Decision.APPROVE,
    "request_changes": Review.Decision.REQUEST_CHANGES,
}


def _row_and_history(product: KnowledgeProduct) -> dict:
    product.refresh_from_db()
    return {
        "status": product.status,
        "version": product.version,
        "published_at": product.published_at,
        "reviewed_at": product.reviewed_at,
        "updated_at": product.updated_at,
        "status_changes": list(product.status_changes.values_list("pk", flat=True)),
        "reviews": list(product.reviews.values_list("pk", flat=True)),
        "versions": list(product.published_versions.values_list("pk", flat=True)),
    }


CASES = [
    pytest.param(
        name, state, person, id="-".join((name, state.replace(" ", "_"), person))
    )
    for name in DOMAIN_TABLE
    for state in STATES
    for person in PERSONS
]


def test_domain_table_and_workflow_know_the_same_transitions():
    assert _names(workflow.TRANSITIONS) == set(DOMAIN_TABLE)


@pytest.mark.parametrize(("name", "state", "person"), CASES)
def test_transition_follows_the_domain_table(
    request, name, state, person, make_product
):
    product = make_product(status=STATES[state])
    actor = _actor(request, person)
    service = getattr(services, f"product_{name}")
    before = _row_and_history(product)
    refusal = _refusal(name, state, person)

    if refusal is None:
        result = service(actor=actor, product=product, **INPUT[name])
        to_status = STATES[DOMAIN_TABLE[name].target]
        product.refresh_from_db()
        assert product.status == result.status == to_status
        change = StatusChange.objects.get(product=product)
        assert (
            change.transition,
            change.actor,
            change.from_status,
            change.to_status,
        ) == (name, actor, STATES[state], to_status)
        if name in DECISIONS:
            review = Review.objects.get(product=product)
            assert (review.reviewer, review.decision) == (actor, DECISIONS[name])
        if name == "publish":
            assert product.version == before["version"] + 1
            published = PublishedVersion.objects.get(product=product)
            assert (published.number, published.published_by) == (
                product.version,
                actor,
            )
    else:
        with pytest.raises(refusal) as error:
            service(actor=actor, product=product, **INPUT[name])
        if refusal is DomainError:  # the state, not the person
            assert not isinstance(error.value, NotAllowedError)
        assert _row_and_history(product) == before


MISSING_INPUT = [
    (name, missing) for name, row in DOMAIN_TABLE.items() for missing in row.requires
]


@pytest.mark.parametrize(("name", "missing"), MISSING_INPUT)
def test_transition_without_required_input_is_refused(
    request, name, missing, make_product
):
    row = DOMAIN_TABLE[name]
    product = make_product(status=STATES[row.sources[0]])
    person = next(p for p in PERSONS if row.who & PERSONS[p])
    before = _row_and_history(product)
    with pytest.raises(ValidationError) as error:
        getattr(services, f"product_{name}")(
            actor=_actor(request, person),
            product=product,
            **{**INPUT[name], missing: " "},
        )
    assert missing in error.value.message_dict
    assert _row_and_history(product) == before


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

    sign_in(client, moderator)
    page = client.get(reverse("knowledge:version_detail", args=["qa", 1])).text
    assert "Wat meet de toets?" in page and "<strong>leert</strong>" in page
    assert "Oude folder" in page and "folder.pdf" in page and "PDF" in page
    assert theme.name in page and "oud" in page
    assert "Wie betaalt de huur?" not in page
