"""Two or three people take the same workflow step on one kennisproduct at
the same moment, each with their own request and database connection:
exactly one wins, the others get "intussen gewijzigd", never a 500, and
nothing is half saved."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from knowledge import services
from knowledge.models import (
    Attachment,
    KnowledgeProduct,
    PublishedVersion,
    Review,
    Status,
    StatusChange,
)
from tests.factories import UserFactory
from tests.knowledge.test_attachments import PDF
from tests.racing import race

# Committed for real (threads see each other's rows). serialized_rollback:
# the database is restored as migrated afterwards, without the flush's
# post_migrate rows that would clash with a later serialized test's restore.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHANGED = "dit kennisproduct is intussen gewijzigd"


def _step(product, name, **data):
    """What the draft page's form for this step posts."""
    url = reverse("knowledge:product_transition", args=[product.pk, name])
    payload = {"steps": services.steps_taken(product), **data}

    def send(client, _index):
        response = client.post(url, payload)
        return response, [str(m) for m in get_messages(response.wsgi_request)]

    return send


def _outcomes(results):
    for result in results:
        assert not isinstance(result, Exception), result
    codes = [response.status_code for response, _messages in results]
    assert codes == [302] * len(results), codes
    return [messages for _response, messages in results]


def _one_winner(messages, done):
    won = [m for m in messages if m == [done]]
    lost = [m for m in messages if m == [CHANGED]]
    assert (len(won), len(lost)) == (1, len(messages) - 1), messages


@pytest.fixture
def approved(make_product):
    return make_product(title="Goedgekeurd", slug="goedgekeurd", status=Status.APPROVED)


def test_three_moderators_publishing_at_once_publish_once(approved):
    moderators = [UserFactory(is_moderator=True) for _ in range(3)]
    messages = _outcomes(race(moderators, _step(approved, "publish")))
    _one_winner(messages, "Het kennisproduct is gepubliceerd.")
    approved.refresh_from_db()
    assert (approved.status, approved.version) == (Status.PUBLISHED, 1)
    assert PublishedVersion.objects.filter(product=approved).count() == 1
    assert StatusChange.objects.filter(product=approved).count() == 1


def test_three_moderators_publishing_a_new_version_at_once_publish_it_once(
    make_product, trekker, expert
):
    published = make_product(title="Handreiking", slug="handreiking")
    revision = services.product_revise(actor=trekker, product=published)
    services.attachment_add(
        actor=trekker,
        product=revision,
        upload=SimpleUploadedFile("schema.pdf", PDF),
        title="Schema",
    )
    services.product_submit(actor=trekker, product=revision)
    services.product_approve(actor=expert, product=revision)
    moderators = [UserFactory(is_moderator=True) for _ in range(3)]

    messages = _outcomes(race(moderators, _step(revision, "publish")))

    _one_winner(messages, "Het kennisproduct is gepubliceerd.")
    published.refresh_from_db()
    assert published.version == 2
    assert not KnowledgeProduct.objects.filter(pk=revision.pk).exists()
    assert list(
        PublishedVersion.objects.filter(product=published).values_list(
            "number", flat=True
        )
    ) == [2]
    assert Attachment.objects.filter(product=published).count() == 1
    assert not KnowledgeProduct.objects.filter(revision_of=published).exists()


def test_the_losers_of_a_new_version_land_on_the_published_product(
    make_product, trekker, expert
):
    published = make_product(title="Handreiking", slug="handreiking")
    revision = services.product_revise(actor=trekker, product=published)
    services.product_submit(actor=trekker, product=revision)
    services.product_approve(actor=expert, product=revision)
    moderators = [UserFactory(is_moderator=True) for _ in range(2)]
    results = race(moderators, _step(revision, "publish"))
    for response, _messages in results:
        assert response.url in (
            published.get_absolute_url(),
            reverse("knowledge:workbench"),
        )


def test_two_trekkers_submitting_at_once_submit_once(make_product, community):
    from communities.models import Membership
    from tests.factories import MembershipFactory

    concept = make_product(title="Concept", slug="concept", status=Status.CONCEPT)
    trekkers = [
        MembershipFactory(community=community, role=Membership.Role.TREKKER).user
        for _ in range(2)
    ]
    messages = _outcomes(race(trekkers, _step(concept, "submit")))
    _one_winner(
        messages, "Het kennisproduct is ter toetsing aangeboden aan de expertgroep."
    )
    concept.refresh_from_db()
    assert concept.status == Status.REVIEW
    assert StatusChange.objects.filter(product=concept).count() == 1


@pytest.mark.parametrize(
    "steps", [("approve", "approve", "approve"), ("approve", "request_changes")]
)
def test_experts_reviewing_at_once_leave_one_review(make_product, steps):
    in_review = make_product(
        title="Ter toetsing", slug="toetsing", status=Status.REVIEW
    )
    experts = [UserFactory(is_expert=True) for _ in steps]
    senders = [
        _step(in_review, name, comment="Graag een voorbeeld erbij.") for name in steps
    ]
    results = race(experts, lambda client, i: senders[i](client, i))
    messages = _outcomes(results)
    assert sum(m == [CHANGED] for m in messages) == len(steps) - 1, messages
    assert Review.objects.filter(product=in_review).count() == 1
    assert StatusChange.objects.filter(product=in_review).count() == 1
    in_review.refresh_from_db()
    review = Review.objects.get(product=in_review)
    assert in_review.status == (
        Status.APPROVED if review.decision == "approve" else Status.CONCEPT
    )


def test_a_review_form_opened_before_a_whole_round_is_refused(
    make_product, trekker, client_as
):
    """Sent back, rewritten and submitted again: the status is the same as
    when the page was opened, but the product is not."""
    in_review = make_product(
        title="Ter toetsing", slug="toetsing", status=Status.REVIEW
    )
    opened_on = services.steps_taken(in_review)
    other_expert = UserFactory(is_expert=True)
    services.product_request_changes(
        actor=other_expert, product=in_review, comment="Korter graag."
    )
    services.product_submit(actor=trekker, product=in_review)
    response = client_as("expert").post(
        reverse("knowledge:product_transition", args=[in_review.pk, "approve"]),
        {"steps": opened_on},
        follow=True,
    )
    assert CHANGED in response.text
    in_review.refresh_from_db()
    assert in_review.status == Status.REVIEW
    assert Review.objects.filter(product=in_review).count() == 1


def test_two_trekkers_starting_a_new_version_at_once_share_one(make_product, community):
    from communities.models import Membership
    from tests.factories import MembershipFactory

    published = make_product(title="Handreiking", slug="handreiking")
    trekkers = [
        MembershipFactory(community=community, role=Membership.Role.TREKKER).user
        for _ in range(2)
    ]
    url = reverse("knowledge:product_revise", args=[published.pk])
    results = race(trekkers, lambda client, _i: client.post(url))
    for result in results:
        assert not isinstance(result, Exception), result
    revision = KnowledgeProduct.objects.get(revision_of=published)
    edit = reverse("knowledge:product_update", args=[revision.pk])
    assert [response.url for response in results] == [edit, edit]


def test_publishing_a_new_version_while_its_product_is_archived(
    make_product, trekker, expert
):
    published = make_product(title="Handreiking", slug="handreiking")
    revision = services.product_revise(actor=trekker, product=published)
    services.product_submit(actor=trekker, product=revision)
    services.product_approve(actor=expert, product=revision)
    moderators = [UserFactory(is_moderator=True) for _ in range(2)]
    senders = [_step(revision, "publish"), _step(published, "archive")]
    messages = _outcomes(race(moderators, lambda client, i: senders[i](client, i)))
    assert sum(m == [CHANGED] for m in messages) == 1, messages
    published.refresh_from_db()
    if messages[0] == [CHANGED]:  # archived first: the new version went along
        assert published.status == Status.ARCHIVED
        assert published.version == 1
    else:
        assert (published.status, published.version) == (Status.PUBLISHED, 2)
    # Merged into its product, or removed with the archived product.
    assert not KnowledgeProduct.objects.filter(pk=revision.pk).exists()
