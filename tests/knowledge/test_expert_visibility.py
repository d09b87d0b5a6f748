"""The expertgroep reads a kennisproduct from the moment it is submitted for
review (ter toetsing) on, through every path: the draft page, the review
queue, the workbench, attachments, the link to a new version on the product
page, and the workflow's steps. A concept (also one sent back with "request
changes", and a new version not yet submitted) is its authors' work. An
expert who is also a trekker of the source CoP keeps that membership's
rights."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communities.models import Membership
from knowledge import services
from knowledge.models import KnowledgeProduct, Status
from tests.factories import MembershipFactory, UserFactory
from tests.knowledge.test_attachments import PDF

pytestmark = pytest.mark.django_db

TITLE = "Handreiking over ontheffing"


@pytest.fixture
def product(trekker, community, theme):
    return services.product_create(
        actor=trekker,
        community=community,
        kind=KnowledgeProduct.Kind.GUIDE,
        title=TITLE,
        summary="Wat een gemeente doet bij ziekte of beperking.",
        themes=[theme],
    )


def _draft_page(client, product):
    return client.get(reverse("knowledge:draft_detail", args=[product.pk]))


def _attachment(trekker, product):
    return services.attachment_add(
        actor=trekker,
        product=product,
        upload=SimpleUploadedFile("ontheffing.pdf", PDF),
        title="Stroomschema",
    )


def test_expert_does_not_open_a_concept_of_any_cop(client_as, product):
    response = _draft_page(client_as("expert"), product)
    assert response.status_code == 404
    assert TITLE not in response.text


def test_expert_reads_a_product_from_the_moment_it_is_submitted(
    client_as, trekker, product
):
    services.product_submit(actor=trekker, product=product)
    response = _draft_page(client_as("expert"), product)
    assert response.status_code == 200
    assert TITLE in response.text
    assert "Goedkeuren" in response.text  # the review form


def test_a_concept_sent_back_is_hidden_again_until_it_is_resubmitted(
    client_as, trekker, expert, product
):
    services.product_submit(actor=trekker, product=product)
    services.product_request_changes(
        actor=expert, product=product, comment="Voeg een voorbeeld toe."
    )
    client = client_as("expert")
    assert _draft_page(client, product).status_code == 404
    assert TITLE not in client.get(reverse("knowledge:workbench")).text

    services.product_submit(actor=trekker, product=product)
    response = _draft_page(client, product)
    assert response.status_code == 200
    # The earlier review is on the page again, for the next round.
    assert "Voeg een voorbeeld toe." in response.text


@pytest.mark.parametrize("status", [Status.APPROVED, Status.ARCHIVED])
def test_expert_keeps_reading_what_came_after_the_review(
    client_as, make_product, status
):
    later = make_product(title="Na de toetsing", slug="na-toetsing", status=status)
    response = _draft_page(client_as("expert"), later)
    assert response.status_code == 200
    assert "Na de toetsing" in response.text


def test_workbench_of_the_expert_lists_submitted_products_only(
    client_as, trekker, make_product, product
):
    make_product(title="Wacht op toetsing", slug="wacht", status=Status.REVIEW)
    make_product(title="Al goedgekeurd", slug="goed", status=Status.APPROVED)
    text = client_as("expert").get(reverse("knowledge:workbench")).text
    assert "Wacht op toetsing" in text
    assert "Al goedgekeurd" in text
    assert TITLE not in text


def test_review_queue_lists_only_what_is_ter_toetsing(client_as, make_product, product):
    make_product(title="Wacht op toetsing", slug="wacht", status=Status.REVIEW)
    text = client_as("expert").get(reverse("knowledge:review_queue")).text
    assert "Wacht op toetsing" in text
    assert TITLE not in text


def test_attachment_of_a_concept_is_not_for_the_expert_until_submitted(
    client_as, trekker, product
):
    attachment = _attachment(trekker, product)
    client = client_as("expert")
    assert client.get(attachment.get_absolute_url()).status_code == 404
    services.product_submit(actor=trekker, product=product)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_new_version_is_linked_for_the_expert_only_once_submitted(
    client_as, trekker, make_product
):
    published = make_product(title="Gepubliceerd", slug="gepubliceerd")
    revision = services.product_revise(actor=trekker, product=published)
    client = client_as("expert")
    revision_url = reverse("knowledge:draft_detail", args=[revision.pk])
    page = client.get(published.get_absolute_url())
    assert page.status_code == 200  # the published version stays readable
    assert revision_url not in page.text
    assert client.get(revision_url).status_code == 404

    services.product_submit(actor=trekker, product=revision)
    assert revision_url in client.get(published.get_absolute_url()).text
    assert client.get(revision_url).status_code == 200


@pytest.mark.parametrize("step", ["approve", "request_changes"])
def test_review_step_on_a_concept_is_refused_and_says_nothing_about_it(
    client_as, product, step
):
    response = client_as("expert").post(
        reverse("knowledge:product_transition", args=[product.pk, step]),
        {"comment": "Prima."},
    )
    assert response.status_code == 403
    assert "is concept" not in response.text
    product.refresh_from_db()
    assert product.status == Status.CONCEPT
    assert not product.reviews.exists()


def test_the_service_refuses_an_expert_reviewing_a_concept(expert, product):
    from cop_portal.exceptions import NotAllowedError

    with pytest.raises(NotAllowedError):
        services.product_approve(actor=expert, product=product)
    product.refresh_from_db()
    assert product.status == Status.CONCEPT


def test_expert_who_is_trekker_of_the_cop_keeps_reading_its_concepts(
    client, community, other_community, make_product, product
):
    both = UserFactory(is_expert=True)
    MembershipFactory(user=both, community=community, role=Membership.Role.TREKKER)
    other = make_product(
        title="Concept van Zeeland",
        slug="concept-zeeland",
        community=other_community,
        status=Status.CONCEPT,
    )
    client.force_login(both)
    assert _draft_page(client, product).status_code == 200
    assert _draft_page(client, other).status_code == 404
    workbench = client.get(reverse("knowledge:workbench")).text
    assert TITLE in workbench
    assert "Concept van Zeeland" not in workbench
    edit = client.get(reverse("knowledge:product_update", args=[product.pk]))
    assert edit.status_code == 200


def test_expert_does_not_reach_the_admin_page_of_a_concept(client_as, product):
    response = client_as("expert").get(
        reverse("admin:knowledge_knowledgeproduct_change", args=[product.pk])
    )
    assert response.status_code in (302, 403)
    assert TITLE not in response.text


def test_visible_to_gives_the_expert_every_submitted_status_and_no_concept(
    expert, make_product
):
    for status in Status:
        make_product(title=f"Product {status}", slug=f"p-{status}", status=status)
    seen = set(
        KnowledgeProduct.objects.visible_to(expert).values_list("status", flat=True)
    )
    assert seen == {
        Status.REVIEW,
        Status.APPROVED,
        Status.PUBLISHED,
        Status.ARCHIVED,
    }


@pytest.mark.parametrize(
    "page",
    ["list", "search", "community", "theme", "session", "feed", "home"],
)
def test_no_list_or_fragment_shows_the_expert_a_concept(
    client_as, community, theme, session, product, page
):
    product.sessions.add(session)
    url = {
        "list": reverse("knowledge:product_list"),
        "search": reverse("knowledge:product_list") + "?q=ontheffing",
        "community": community.get_absolute_url(),
        "theme": reverse("communities:theme_detail", args=[theme.slug]),
        "session": session.get_absolute_url(),
        "feed": reverse("knowledge:feed"),
        "home": reverse("home"),
    }[page]
    response = client_as("expert").get(url)
    assert response.status_code == 200
    assert TITLE not in response.text
