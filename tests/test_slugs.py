"""One slug helper for sessions, products and Q&A anchors: readable, unique
among siblings, and unique when two people create the same title at once."""

import threading

import pytest
from django.db import connection, transaction

from communities import services as community_services
from communities.models import Membership, Session
from knowledge import services as knowledge_services
from knowledge.models import KnowledgeProduct
from tests.factories import CommunityFactory, MembershipFactory


def _race(create_first, create_second):
    """Run two creates on two connections so that both choose their slug
    before either has committed: the first inserts and waits; the second
    chooses the same slug, and its insert waits for the first to commit."""
    inserted = threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                create_first()
                inserted.set()
                # Keep the row uncommitted while the second one chooses.
                threading.Event().wait(0.5)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
            inserted.set()
        finally:
            connection.close()

    def second():
        try:
            inserted.wait()
            create_second()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_two_trekkers_logging_the_same_session_title_at_once_get_two_addresses():
    import datetime

    from django.utils import timezone

    community = CommunityFactory()
    trekkers = [
        MembershipFactory(community=community, role=Membership.Role.TREKKER).user
        for _ in range(2)
    ]
    start = timezone.now() + datetime.timedelta(days=3)

    def create(actor):
        return lambda: community_services.session_create(
            actor=actor,
            community=community,
            title="Leerbaarheidstoets in de praktijk",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            location="Stadhuis",
        )

    _race(create(trekkers[0]), create(trekkers[1]))
    slugs = sorted(Session.objects.values_list("slug", flat=True))
    assert slugs == [
        "leerbaarheidstoets-in-de-praktijk",
        "leerbaarheidstoets-in-de-praktijk-2",
    ]


@pytest.mark.django_db(transaction=True)
def test_two_concepts_with_the_same_title_at_once_get_two_addresses():
    community = CommunityFactory()
    trekker = MembershipFactory(community=community, role=Membership.Role.TREKKER)

    def create():
        return knowledge_services.product_create(
            actor=trekker.user,
            community=community,
            kind=KnowledgeProduct.Kind.GUIDE,
            title="Handreiking ontheffing",
            summary="Wat een gemeente kan doen.",
        )

    _race(create, create)
    assert sorted(KnowledgeProduct.objects.values_list("slug", flat=True)) == [
        "handreiking-ontheffing",
        "handreiking-ontheffing-2",
    ]


@pytest.mark.django_db
def test_a_title_that_is_a_reserved_path_gets_another_slug(trekker, community):
    product = knowledge_services.product_create(
        actor=trekker,
        community=community,
        kind=KnowledgeProduct.Kind.GUIDE,
        title="Werkbank",
        summary="Een titel die ook een pad onder /kennis/ is.",
    )
    assert product.slug == "werkbank-2"


@pytest.mark.django_db
def test_a_title_without_letters_gets_a_readable_slug(trekker, community):
    product = knowledge_services.product_create(
        actor=trekker,
        community=community,
        kind=KnowledgeProduct.Kind.GUIDE,
        title="???",
        summary="Een titel zonder letters of cijfers.",
    )
    assert product.slug == "kennisproduct"
