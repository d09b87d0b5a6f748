"""What visitors see on the overviews: filters, order and pages."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CommunityFactory,
    RegionFactory,
    SessionFactory,
    ThemeFactory,
)
from tests.knowledge.test_views import _link

pytestmark = pytest.mark.django_db


def test_cop_overview_filters_by_region_and_theme(client):
    zeeland, rijnmond = (
        RegionFactory(name="Zeeland X"),
        RegionFactory(name="Rijnmond X"),
    )
    health = ThemeFactory(name="Positieve gezondheid")
    in_zeeland = CommunityFactory(
        name="CoP Zeeland X", regions=[zeeland], themes=[health]
    )
    in_rijnmond = CommunityFactory(name="CoP Rijnmond X", regions=[rijnmond])
    url = reverse("communities:community_list")

    by_region = client.get(url, {"region": zeeland.slug}).text
    assert in_zeeland.name in by_region and in_rijnmond.name not in by_region

    by_theme = client.get(url, {"theme": health.slug}).text
    assert in_zeeland.name in by_theme and in_rijnmond.name not in by_theme

    both = client.get(url, {"region": rijnmond.slug, "theme": health.slug}).text
    assert "Er is geen CoP die aan deze filters voldoet." in html.unescape(both)


def test_unknown_filter_value_shows_a_message_and_the_whole_list(client, community):
    response = client.get(reverse("communities:community_list"), {"region": "atlantis"})
    assert response.status_code == 200
    assert "Deze regio bestaat niet." in response.text
    assert community.name in response.text


def test_session_overview_lists_upcoming_sessions_soonest_first(client, community):
    now = timezone.now()
    later = SessionFactory(
        community=community,
        title="Later",
        starts_at=now + datetime.timedelta(days=20),
        ends_at=now + datetime.timedelta(days=20, hours=1),
    )
    sooner = SessionFactory(
        community=community,
        title="Eerder",
        starts_at=now + datetime.timedelta(days=2),
        ends_at=now + datetime.timedelta(days=2, hours=1),
    )
    SessionFactory(
        community=community,
        title="Voorbij",
        starts_at=now - datetime.timedelta(days=2),
        ends_at=now - datetime.timedelta(days=2) + datetime.timedelta(hours=1),
    )
    text = client.get(reverse("communities:session_list")).text
    assert text.index(sooner.title) < text.index(later.title)
    assert "Voorbij" not in text


def test_session_overview_is_paginated_and_keeps_the_filter(client, community, theme):
    now = timezone.now()
    for day in range(30):
        start = now + datetime.timedelta(days=day + 1)
        SessionFactory(
            community=community,
            title=f"Sessie {day:02d}",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            themes=[theme],
        )
    url = reverse("communities:session_list")
    first = client.get(url, {"theme": theme.slug})
    assert "Sessie 00" in first.text and "Sessie 25" not in first.text
    next_link = _link(first, "next")
    assert f"theme={theme.slug}" in next_link
    second = client.get(url + next_link).text
    assert "Sessie 25" in second and "Sessie 00" not in second
    # The soonest sessions come first; the last page holds the latest ones.
    last = client.get(url + _link(first, "Laatste")).text
    assert "Sessie 29" in last and "Sessie 04" not in last


@pytest.mark.parametrize(
    "cursor", ["abc", "after:", "before:W10", "after:WyJ4Il0", "last", "1' OR '1'='1"]
)
def test_odd_cursors_never_give_an_error(client, session, cursor):
    response = client.get(reverse("communities:session_list"), {"cursor": cursor})
    assert response.status_code == 200


def test_cop_page_shows_everything_a_visitor_needs(
    client, community, session, deelnemer
):
    community.contact_name = "Contact Persoon"
    community.save()
    text = client.get(community.get_absolute_url()).text
    assert community.name in text
    assert "Contact Persoon" in text
    assert deelnemer.organisation.name in text  # participating organisation
    assert session.title in text
    assert "maart 2023" in text  # running since, in Dutch


def test_theme_page_lists_the_cops_working_on_it(
    client, community, other_community, theme
):
    text = client.get(theme.get_absolute_url()).text
    assert community.name in text
    assert other_community.name not in text


@pytest.fixture
def published_products(community, theme, session):
    from knowledge.models import KnowledgeProduct
    from knowledge.models import Status as ProductStatus

    def make(title, visibility):
        product = KnowledgeProduct.objects.create(
            community=community,
            kind=KnowledgeProduct.Kind.PRACTICE,
            title=title,
            slug=title.lower().replace(" ", "-"),
            summary="Samenvatting",
            visibility=visibility,
            status=ProductStatus.PUBLISHED,
            published_at=timezone.now(),
            version=1,
        )
        product.themes.set([theme])
        product.sessions.set([session])
        return product

    return (
        make("Openbare praktijk", KnowledgeProduct.Visibility.PUBLIC),
        make("Praktijk voor leden", KnowledgeProduct.Visibility.MEMBERS),
    )


@pytest.mark.parametrize("page", ["home", "community", "theme", "session"])
def test_pages_list_the_knowledge_products_a_visitor_may_read(
    client_as, published_products, community, theme, session, page
):
    url = {
        "home": reverse("home"),
        "community": community.get_absolute_url(),
        "theme": theme.get_absolute_url(),
        "session": session.get_absolute_url(),
    }[page]
    public, members_only = published_products
    anonymous = client_as("anonymous").get(url).text
    assert public.title in anonymous
    assert members_only.title not in anonymous
    member = client_as("deelnemer").get(url).text
    assert public.title in member and members_only.title in member
    # Listed once, in the page body: not in <title> or the breadcrumbs.
    assert member.count('id="knowledge-heading"') == 1
    title = member.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title


def test_cop_page_links_to_its_own_products_only(
    client, published_products, community, other_community
):
    from knowledge.models import KnowledgeProduct
    from knowledge.models import Status as ProductStatus

    KnowledgeProduct.objects.create(
        community=other_community,
        kind=KnowledgeProduct.Kind.PRACTICE,
        title="Praktijk uit Zeeland",
        slug="praktijk-uit-zeeland",
        summary="Samenvatting",
        status=ProductStatus.PUBLISHED,
        published_at=timezone.now(),
        version=1,
    )
    page = client.get(community.get_absolute_url()).text
    link = page.split('id="knowledge-heading"', 1)[1].split("Alle kennisproducten")[0]
    href = link.rsplit('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    listing = client.get(href).text
    assert published_products[0].title in listing
    assert "Praktijk uit Zeeland" not in listing
