"""The admin is a client of the services: status changes only through its
actions, and the content of anything but a concept is read-only."""

import pytest
from django.urls import reverse

from knowledge.models import PublishedVersion, Status, StatusChange, Synonym
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["knowledgeproduct", "synonym", "review", "publishedversion"]
)
def test_moderator_sees_the_changelists(client, moderator, published, model):
    sign_in(client, moderator)
    url = reverse(f"admin:knowledge_{model}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url + "?q=handreiking").status_code == 200


def test_moderator_opens_a_product(client, moderator, published, concept):
    sign_in(client, moderator)
    for product in (published, concept):
        url = reverse("admin:knowledge_knowledgeproduct_change", args=[product.pk])
        assert client.get(url).status_code == 200


def test_publish_action_calls_the_service(client, moderator, make_product):
    product = make_product(status=Status.APPROVED)
    sign_in(client, moderator)
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
    sign_in(client, moderator)
    response = client.post(
        reverse("admin:knowledge_knowledgeproduct_changelist"),
        {"action": "action_publish", "_selected_action": [concept.pk]},
        follow=True,
    )
    concept.refresh_from_db()
    assert concept.status == Status.CONCEPT
    assert "kan niet: dit kennisproduct is concept" in response.text


def _change_form_data(page) -> dict:
    """The POST data of an admin change page as the browser would send it:
    every field's current value and each inline's management form."""
    data = {}
    form = page.context["adminform"].form
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if name == "tags":
            data[name] = field.widget.format_value(value) or ""
        elif isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = value
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for inline_form in formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None:
                    data[inline_form.add_prefix(name)] = value
    return data


def test_admin_form_of_a_concept_saves_but_cannot_set_the_status(
    client, moderator, concept
):
    sign_in(client, moderator)
    url = reverse("admin:knowledge_knowledgeproduct_change", args=[concept.pk])
    page = client.get(url)
    assert 'name="status"' not in page.text
    data = _change_form_data(page)
    data.update(title="Nieuwe titel via de admin", status=Status.PUBLISHED)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    concept.refresh_from_db()
    assert concept.title == "Nieuwe titel via de admin"
    assert concept.status == Status.CONCEPT


def test_published_content_is_read_only_in_the_admin(client, moderator, published):
    sign_in(client, moderator)
    page = client.get(
        reverse("admin:knowledge_knowledgeproduct_change", args=[published.pk])
    )
    assert 'name="title"' not in page.text


def test_moderator_adds_a_synonym(client, moderator):
    sign_in(client, moderator)
    client.post(
        reverse("admin:knowledge_synonym_add"),
        {"term": "WEP", "meaning": "werkervaringsplek"},
    )
    assert Synonym.objects.filter(term="WEP").exists()


@pytest.mark.parametrize("role", ["deelnemer", "trekker", "expert"])
def test_other_roles_cannot_enter_the_knowledge_admin(client, request, role):
    sign_in(client, request.getfixturevalue(role))
    response = client.get(reverse("admin:knowledge_knowledgeproduct_changelist"))
    assert response.status_code == 302


def test_admin_cannot_give_a_concept_a_reserved_slug_or_another_cop(
    client, moderator, concept, other_community
):
    sign_in(client, moderator)
    url = reverse("admin:knowledge_knowledgeproduct_change", args=[concept.pk])
    data = _change_form_data(client.get(url))
    data.update(slug="feed", community=other_community.pk)
    assert client.post(url, data).status_code == 302
    concept.refresh_from_db()
    assert concept.slug == "concept-handreiking"
    assert concept.community.slug == "cop-rijnmond"


def test_admin_refuses_a_session_of_another_cop(client, moderator, concept):
    from tests.factories import SessionFactory

    foreign = SessionFactory()
    sign_in(client, moderator)
    url = reverse("admin:knowledge_knowledgeproduct_change", args=[concept.pk])
    data = _change_form_data(client.get(url))
    data.update(title="Gewijzigd", sessions=[foreign.pk])
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Alleen bijeenkomsten van de bron-CoP" in response.text
    concept.refresh_from_db()
    assert concept.title == "Concept handreiking"
    assert not concept.sessions.exists()
