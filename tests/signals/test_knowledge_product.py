"""A moderator turns the answer to a closed signal into a draft kennisproduct
("antwoord op signaal"), linked both ways, so every gemeente learns it."""

import pytest
from django.urls import reverse

from cop_portal.exceptions import DomainError, NotAllowedError
from knowledge.models import KnowledgeProduct
from knowledge.models import Status as ProductStatus
from knowledge.services import product_approve, product_publish, product_submit
from signals import services
from signals.models import Closure, Level, Response, Signal, Status
from tests.conftest import ROLES, sign_in
from tests.factories import UserFactory
from tests.signals.factories import SignalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_signal(community, theme, partner_organisation, moderator):
    signal = SignalFactory(
        community=community,
        title="Energiebedrijven weigeren betalingen",
        level=Level.STELSEL,
        status=Status.CLOSED,
        closure=Closure.FEEDBACK,
        addressed_to=partner_organisation,
        feedback="Gemeenten kunnen de machtiging vooraf laten tekenen.",
        themes=[theme],
    )
    Response.objects.create(
        signal=signal,
        author=moderator,
        organisation=partner_organisation,
        level=Level.STELSEL,
        body="SZW past de handreiking financieel ontzorgen aan.",
    )
    return signal


def test_moderator_makes_a_draft_with_signal_answer_and_feedback(
    closed_signal, moderator, theme
):
    product = services.signal_to_knowledge_product(
        actor=moderator, signal=closed_signal
    )
    closed_signal.refresh_from_db()
    assert closed_signal.knowledge_product == product
    assert product.source_signal == closed_signal
    assert product.kind == KnowledgeProduct.Kind.SIGNAL_ANSWER
    assert product.status == ProductStatus.CONCEPT
    assert product.community == closed_signal.community
    assert list(product.themes.all()) == [theme]
    assert "Energiebedrijven weigeren betalingen" in product.title
    assert "SZW past de handreiking financieel ontzorgen aan." in product.body
    assert "machtiging vooraf" in product.body
    assert "machtiging vooraf" in product.summary


@pytest.mark.parametrize(
    "status, closure",
    [
        (Status.NEW, ""),
        (Status.IN_PROGRESS, ""),
        (Status.ANSWERED, ""),
        (Status.CLOSED, Closure.REJECTED),
    ],
)
def test_only_a_signal_closed_with_feedback_becomes_a_product(
    closed_signal, moderator, status, closure
):
    Signal.objects.filter(pk=closed_signal.pk).update(
        status=status,
        closure=closure,
        feedback="" if closure != Closure.FEEDBACK else closed_signal.feedback,
    )
    with pytest.raises(DomainError):
        services.signal_to_knowledge_product(actor=moderator, signal=closed_signal)
    assert not KnowledgeProduct.objects.exists()


def test_a_signal_gets_one_product_only(closed_signal, moderator):
    services.signal_to_knowledge_product(actor=moderator, signal=closed_signal)
    with pytest.raises(DomainError):
        services.signal_to_knowledge_product(actor=moderator, signal=closed_signal)
    assert KnowledgeProduct.objects.count() == 1


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("moderator",)])
def test_nobody_but_a_moderator_makes_the_product(role, client_as, closed_signal):
    response = client_as(role).post(
        reverse("signals:signal_knowledge_product", args=[closed_signal.pk])
    )
    assert response.status_code == (302 if role == "anonymous" else 403)
    if role == "anonymous":
        assert response.url.startswith(reverse("account_login"))
    assert not KnowledgeProduct.objects.exists()


def test_service_refuses_a_trekker_called_directly(closed_signal, trekker):
    with pytest.raises(NotAllowedError):
        services.signal_to_knowledge_product(actor=trekker, signal=closed_signal)


def test_moderator_uses_the_button_and_lands_on_the_draft(client_as, closed_signal):
    client = client_as("moderator")
    page = client.get(closed_signal.get_absolute_url())
    button_url = reverse("signals:signal_knowledge_product", args=[closed_signal.pk])
    assert button_url in page.text
    response = client.post(button_url)
    product = KnowledgeProduct.objects.get()
    assert response.status_code == 302
    assert response.url == product.get_absolute_url()
    # The signal page now links to the draft instead of offering the button.
    page = client.get(closed_signal.get_absolute_url())
    assert product.get_absolute_url() in page.text
    assert button_url not in page.text
    # And the draft links back to the signal.
    draft = client.get(product.get_absolute_url())
    assert closed_signal.get_absolute_url() in draft.text


def test_deelnemer_sees_the_link_only_once_the_product_is_published(
    client_as, closed_signal, moderator, deelnemer
):
    product = services.signal_to_knowledge_product(
        actor=moderator, signal=closed_signal
    )
    client = client_as("deelnemer")
    assert (
        product.get_absolute_url()
        not in client.get(closed_signal.get_absolute_url()).text
    )
    # Through the expert group's review, like any product.
    product_submit(actor=moderator, product=product)
    product_approve(actor=UserFactory(is_expert=True), product=product)
    product = product_publish(actor=moderator, product=product)
    page = client.get(closed_signal.get_absolute_url())
    assert product.get_absolute_url() in page.text
    # The published product names the signal it answers.
    assert (
        closed_signal.get_absolute_url() in client.get(product.get_absolute_url()).text
    )


def test_admin_action_makes_the_product(client_as, closed_signal):
    client = client_as("moderator")
    response = client.post(
        reverse("admin:signals_signal_changelist"),
        {"action": "make_knowledge_product", "_selected_action": [closed_signal.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert KnowledgeProduct.objects.filter(source_signal=closed_signal).exists()


def test_ketenpartner_does_not_see_a_members_only_product_on_the_signal(
    client_as, closed_signal, moderator, partner, client
):
    from knowledge.models import KnowledgeProduct

    product = services.signal_to_knowledge_product(
        actor=moderator, signal=closed_signal
    )
    KnowledgeProduct.objects.filter(pk=product.pk).update(
        visibility=KnowledgeProduct.Visibility.MEMBERS
    )
    product_submit(actor=moderator, product=product)
    product_approve(actor=UserFactory(is_expert=True), product=product)
    product = product_publish(actor=moderator, product=product)
    sign_in(client, partner)
    page = client.get(closed_signal.get_absolute_url())
    assert page.status_code == 200
    assert product.title not in page.text
    member_page = client_as("deelnemer").get(closed_signal.get_absolute_url())
    assert product.title in member_page.text


@pytest.fixture
def unscreened_feedback(closed_signal):
    # Stored before the screen caught this: the draft refuses it.
    Signal.objects.filter(pk=closed_signal.pk).update(
        feedback="Bel de consulent op 06-12345678."
    )
    return closed_signal


def test_refused_draft_is_a_message_on_the_site_not_a_500(
    client, unscreened_feedback, moderator
):
    sign_in(client, moderator)
    response = client.post(
        reverse("signals:signal_knowledge_product", args=[unscreened_feedback.pk]),
        follow=True,
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("een telefoonnummer" in m for m in messages)
    assert not any("06-12345678" in m for m in messages)
    assert not KnowledgeProduct.objects.exists()


def test_refused_draft_is_a_message_in_the_admin(
    client, unscreened_feedback, moderator
):
    from django.contrib.admin import helpers

    sign_in(client, moderator)
    response = client.post(
        reverse("admin:signals_signal_changelist"),
        {
            "action": "make_knowledge_product",
            helpers.ACTION_CHECKBOX_NAME: [unscreened_feedback.pk],
        },
    )
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("een telefoonnummer" in m for m in messages)
    assert not KnowledgeProduct.objects.exists()


def test_the_signal_page_reads_only_the_title_of_its_product_not_its_body(
    client_as, closed_signal, moderator
):
    """The page links the product by title; joining it to the signal's own
    query read its whole text, and cost the planner more than the query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    product = services.signal_to_knowledge_product(
        actor=moderator, signal=closed_signal
    )
    client = client_as("moderator")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(closed_signal.get_absolute_url())
    assert product.get_absolute_url() in page.text
    # Read under a kept plan (decision 0030), the statement is logged as
    # QUERY = '...' - PARAMS = (...).
    signal_query = next(
        q["sql"] for q in queries if 'SELECT "signals_signal"."id"' in q["sql"]
    )
    assert "knowledge_knowledgeproduct" not in signal_query
    assert not any('"knowledge_knowledgeproduct"."body"' in q["sql"] for q in queries)
