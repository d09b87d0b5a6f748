"""A retitled session or kennisproduct gets the address of its new title, and
its old address keeps working: a permanent redirect (301) to the new one, so
links in e-mails, calendars, reports and other sites do not break."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import services as community_services
from communities.models import Session, SessionOldSlug
from knowledge import services as knowledge_services
from knowledge.models import KnowledgeProduct, ProductOldSlug
from tests.conftest import sign_in
from tests.factories import SessionFactory, UserFactory
from tests.knowledge.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _retitle_session(session, actor, title):
    return community_services.session_update(
        actor=actor,
        session=session,
        themes=list(session.themes.all()),
        attendees=[],
        guest_organisations=[],
        title=title,
    )


@pytest.fixture
def planned(community, theme):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=7)
    return SessionFactory(
        community=community,
        title="Regievoering",
        slug="regievoering",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        report="",
        themes=[theme],
    )


def test_a_retitled_session_moves_and_its_old_address_redirects(
    client, planned, trekker
):
    old_url = planned.get_absolute_url()
    session = _retitle_session(planned, trekker, "Regievoering en naleving")
    assert session.slug == "regievoering-en-naleving"
    response = client.get(old_url + "?utm=mail")
    assert response.status_code == 301
    assert response.url == session.get_absolute_url() + "?utm=mail"
    assert client.get(response.url).status_code == 200


def test_every_old_address_of_a_session_leads_to_the_current_one(
    client, planned, trekker, community
):
    _retitle_session(planned, trekker, "Tweede titel")
    session = _retitle_session(Session.objects.get(), trekker, "Derde titel")
    for slug in ("regievoering", "tweede-titel"):
        url = reverse("communities:session_detail", args=[community.slug, slug])
        response = client.get(url)
        assert response.status_code == 301
        assert response.url == session.get_absolute_url()


def test_the_old_address_of_the_edit_page_redirects_for_a_get_only(
    client, planned, trekker, community
):
    _retitle_session(planned, trekker, "Nieuwe titel")
    sign_in(client, trekker)
    old_edit = reverse(
        "communities:session_update", args=[community.slug, "regievoering"]
    )
    response = client.get(old_edit)
    assert response.status_code == 301
    assert response.url == reverse(
        "communities:session_update", args=[community.slug, "nieuwe-titel"]
    )
    # A form sent to the old address is not sent on: nothing is changed.
    assert client.post(old_edit, {"title": "Weg"}).status_code == 404
    assert Session.objects.get().title == "Nieuwe titel"


def test_a_session_that_takes_an_old_address_wins_it(
    client, planned, trekker, community
):
    _retitle_session(planned, trekker, "Nieuwe titel")
    start = timezone.now() + datetime.timedelta(days=9)
    newcomer = community_services.session_create(
        actor=trekker,
        community=community,
        title="Regievoering",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )
    assert newcomer.slug == "regievoering"
    assert client.get(newcomer.get_absolute_url()).status_code == 200
    assert not SessionOldSlug.objects.filter(
        slug="regievoering", session=newcomer
    ).exists()


def test_a_session_retitled_back_takes_its_old_address_again(client, planned, trekker):
    _retitle_session(planned, trekker, "Tussentitel")
    session = _retitle_session(Session.objects.get(), trekker, "Regievoering")
    assert session.slug == "regievoering"
    assert client.get(session.get_absolute_url()).status_code == 200
    old = reverse(
        "communities:session_detail", args=[session.community.slug, "tussentitel"]
    )
    assert client.get(old).url == session.get_absolute_url()
    assert list(SessionOldSlug.objects.values_list("slug", flat=True)) == [
        "tussentitel"
    ]


def test_an_unchanged_title_keeps_the_address(planned, trekker):
    session = _retitle_session(planned, trekker, "Regievoering")
    assert session.slug == "regievoering"
    assert not SessionOldSlug.objects.exists()


def test_an_address_that_never_existed_is_still_not_found(client, community):
    url = reverse("communities:session_detail", args=[community.slug, "verzonnen"])
    assert client.get(url).status_code == 404


def test_old_address_in_another_cop_does_not_redirect(
    client, planned, trekker, other_community
):
    _retitle_session(planned, trekker, "Nieuwe titel")
    url = reverse(
        "communities:session_detail", args=[other_community.slug, "regievoering"]
    )
    assert client.get(url).status_code == 404


def _publish_new_title(product, *, trekker, title):
    expert = UserFactory(is_expert=True)
    moderator = UserFactory(is_moderator=True)
    revision = knowledge_services.product_revise(actor=trekker, product=product)
    knowledge_services.product_update(
        actor=trekker,
        product=revision,
        themes=list(product.themes.all()),
        tags=[],
        sessions=[],
        title=title,
    )
    knowledge_services.product_submit(actor=trekker, product=revision)
    knowledge_services.product_approve(actor=expert, product=revision)
    return knowledge_services.product_publish(actor=moderator, product=revision)


def test_a_product_published_under_a_new_title_redirects_from_its_old_address(
    client, community, theme, trekker
):
    product = ProductFactory(
        community=community,
        themes=[theme],
        title="Ontheffing bij ziekte",
        slug="ontheffing-bij-ziekte",
    )
    old_url = product.get_absolute_url()
    published = _publish_new_title(
        product, trekker=trekker, title="Ontheffing bij ziekte of beperking"
    )
    assert published.pk == product.pk
    assert published.slug == "ontheffing-bij-ziekte-of-beperking"
    response = client.get(old_url)
    assert response.status_code == 301
    assert response.url == published.get_absolute_url()
    assert client.get(response.url).status_code == 200


def test_old_addresses_of_a_products_versions_redirect_for_moderators(
    client, community, theme, trekker, moderator
):
    product = ProductFactory(
        community=community, themes=[theme], title="Oude titel", slug="oude-titel"
    )
    _publish_new_title(product, trekker=trekker, title="Nieuwe titel")
    sign_in(client, moderator)
    response = client.get(reverse("knowledge:version_list", args=["oude-titel"]))
    assert response.status_code == 301
    assert response.url == reverse("knowledge:version_list", args=["nieuwe-titel"])


def test_a_retitled_concept_moves_too(community, theme, trekker):
    concept = knowledge_services.product_create(
        actor=trekker,
        community=community,
        kind=KnowledgeProduct.Kind.GUIDE,
        title="Eerste opzet",
        summary="Een korte samenvatting.",
        themes=[theme],
    )
    knowledge_services.product_update(
        actor=trekker,
        product=concept,
        themes=[theme],
        tags=[],
        sessions=[],
        title="Handreiking werkervaringsplekken",
    )
    concept.refresh_from_db()
    assert concept.slug == "handreiking-werkervaringsplekken"
    assert ProductOldSlug.objects.get().slug == "eerste-opzet"


def test_a_members_only_products_new_address_is_not_told_to_a_visitor(
    client, community, theme, trekker, deelnemer
):
    product = ProductFactory(
        community=community,
        themes=[theme],
        title="Besloten oud",
        slug="besloten-oud",
        visibility=KnowledgeProduct.Visibility.MEMBERS,
    )
    _publish_new_title(product, trekker=trekker, title="Besloten nieuw")
    old_url = reverse("knowledge:product_detail", args=["besloten-oud"])
    assert client.get(old_url).status_code == 404
    sign_in(client, deelnemer)
    assert client.get(old_url).status_code == 301
