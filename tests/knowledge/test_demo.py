"""The demo knowledge products: every status, idempotent, and every page
renders for every demo role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cop_portal.models import User
from knowledge.models import (
    KnowledgeProduct,
    PublishedVersion,
    QuestionAnswer,
    Review,
    Status,
    StatusChange,
)
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def _counts():
    return [
        m.objects.count()
        for m in (
            KnowledgeProduct,
            QuestionAnswer,
            Review,
            PublishedVersion,
            StatusChange,
        )
    ]


def test_demo_is_idempotent_and_shows_every_status():
    call_command("load_demo")
    first = _counts()
    call_command("load_demo")
    assert _counts() == first
    assert set(KnowledgeProduct.objects.values_list("status", flat=True)) == set(
        Status.values
    )
    infographic = KnowledgeProduct.objects.get(
        title="Ontheffing inburgeringsverplichtingen bij ziekte of beperking"
    )
    assert infographic.community.name == "CoP Inburgering – Rijnmond"
    assert "Argonaut" in [t.name for t in infographic.tags.all()]
    qa = KnowledgeProduct.objects.get(title="Wet inburgering in vraag en antwoord")
    assert qa.entries.values("theme").distinct().count() >= 3
    assert KnowledgeProduct.objects.filter(kind=KnowledgeProduct.Kind.REPORT).exists()


@pytest.mark.parametrize(
    "email",
    [
        None,
        "deelnemer@example.org",
        "trekker@example.org",
        "expert@example.org",
        "moderator@example.org",
    ],
)
def test_every_demo_knowledge_page_renders(email):
    call_command("load_demo")
    client = Client()
    if email:
        sign_in(client, User.objects.get(email=email))
    user = User.objects.get(email=email) if email else AnonymousUser()
    visible = KnowledgeProduct.objects.visible_to(user)
    urls = [
        reverse("knowledge:product_list"),
        reverse("knowledge:product_list") + "?q=ontheffing+ziekte",
        reverse("knowledge:feed"),
    ] + [product.get_absolute_url() for product in visible]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_search_for_ontheffing_ziekte_finds_the_demo_infographic(client):
    call_command("load_demo")
    response = client.get(reverse("knowledge:product_list"), {"q": "ontheffing ziekte"})
    assert "Ontheffing inburgeringsverplichtingen bij ziekte of beperking" in (
        response.text
    )


def test_expert_sees_the_demo_product_in_review(client):
    call_command("load_demo")
    sign_in(client, User.objects.get(email="expert@example.org"))
    response = client.get(reverse("knowledge:review_queue"))
    assert "Een klankbordgroep van inburgeraars" in response.text


def test_demo_states_are_reached_through_the_workflow():
    """Every status has its history: who submitted, reviewed, published and
    archived, as if the demo users had done it on the site."""
    call_command("load_demo")
    call_command("load_demo")
    for product in KnowledgeProduct.objects.filter(revision_of=None):
        changes = list(product.status_changes.order_by("pk"))
        if product.status == Status.CONCEPT and not changes:
            continue  # a concept nobody submitted yet
        assert changes, product
        assert changes[-1].to_status == product.status, product
        for before, after in zip(changes, changes[1:], strict=False):
            assert before.to_status == after.from_status, product
        if product.status in (Status.PUBLISHED, Status.ARCHIVED):
            assert product.published_versions.count() == 1, product
            assert product.published_versions.get().published_by.is_moderator
    concept = KnowledgeProduct.objects.get(
        title="Handreiking regievoering en spontane naleving"
    )
    change = concept.status_changes.get(transition="request_changes")
    assert change.actor.email == "expert@example.org"
    assert "B1-taal" in change.comment
    assert concept.reviews.get().decision == Review.Decision.REQUEST_CHANGES
    qa = KnowledgeProduct.objects.get(title="Wet inburgering in vraag en antwoord")
    assert len(qa.published_versions.get().entries) == qa.entries.count() >= 6
