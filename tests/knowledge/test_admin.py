"""The admin is a client of the services: status changes only through its
actions, and the content of anything but a concept is read-only."""

import pytest
from django.urls import reverse

from knowledge.models import PublishedVersion, Status, StatusChange, Synonym

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["knowledgeproduct", "synonym", "review", "publishedversion"]
)
def test_moderator_sees_the_changelists(client, moderator, published, model):
    client.force_login(moderator)
    url = reverse(f"admin:knowledge_{model}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url + "?q=handreiking").status_code == 200


def test_moderator_opens_a_product(client, moderator, published, concept):
    client.force_login(moderator)
    for product in (published, concept):
        url = reverse("admin:knowledge_knowledgeproduct_change", args=[product.pk])
        assert client.get(url).status_code == 200


def test_publish_action_calls_the_service(client, moderator, make_product):
    product = make_product(status=Status.APPROVED)
    client.force_login(moderator)
    response = client.post(
        reverse("admin:knowledge_knowledgeproduct_changelist"),
        {"action": "action_publish", "_selected_action": [product.pk]},
        follow=True,
    )
    product.refresh_from_db()
    assert product.status == Status.PUBLISHED
    assert PublishedVersion.objects.filter(product=product).count() == 1
    assert StatusChange.objects.get(product=product).actor == moderator
    assert response.status_code == 200


def test_illegal_admin_action_shows_a_message_and_changes_nothing(
    client, moderator, concept
):
    client.force_login(moderator)
    response = client.post(
        reverse("admin:knowledge_knowledgeproduct_changelist"),
        {"action": "action_publish", "_selected_action": [concept.pk]},
        follow=True,
    )
    concept.refresh_from_db()
    assert concept.status == Status.CONCEPT
    assert "kan niet: dit kennisproduct is concept" in response.text


def test_status_cannot_be_set_in_the_admin_form(client, moderator, concept):
    client.force_login(moderator)
    url = reverse("admin:knowledge_knowledgeproduct_change", args=[concept.pk])
    page = client.get(url)
    assert 'name="status"' not in page.text
    client.post(
        url,
        {
            "title": concept.title,
            "slug": concept.slug,
            "kind": concept.kind,
            "community": concept.community.pk,
            "summary": concept.summary,
            "body": concept.body,
            "scope": concept.scope,
            "visibility": concept.visibility,
            "status": Status.PUBLISHED,
            "entries-TOTAL_FORMS": "0",
            "entries-INITIAL_FORMS": "0",
        },
    )
    concept.refresh_from_db()
    assert concept.status == Status.CONCEPT


def test_published_content_is_read_only_in_the_admin(client, moderator, published):
    client.force_login(moderator)
    page = client.get(
        reverse("admin:knowledge_knowledgeproduct_change", args=[published.pk])
    )
    assert 'name="title"' not in page.text


def test_moderator_adds_a_synonym(client, moderator):
    client.force_login(moderator)
    client.post(
        reverse("admin:knowledge_synonym_add"),
        {"term": "WEP", "meaning": "werkervaringsplek"},
    )
    assert Synonym.objects.filter(term="WEP").exists()


@pytest.mark.parametrize("role", ["deelnemer", "trekker", "expert"])
def test_other_roles_cannot_enter_the_knowledge_admin(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("admin:knowledge_knowledgeproduct_changelist"))
    assert response.status_code == 302
