"""List pages run a fixed number of queries, whatever the number of rows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import Membership
from tests.conftest import sign_in
from tests.factories import (
    CommunityFactory,
    MembershipFactory,
    RegionFactory,
    SessionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def _populate(size: int):
    themes = ThemeFactory.create_batch(3)
    regions = RegionFactory.create_batch(2)
    communities = []
    for _ in range(size):
        community = CommunityFactory(themes=themes, regions=regions)
        MembershipFactory.create_batch(size, community=community)
        MembershipFactory(community=community, role=Membership.Role.TREKKER)
        for days in (-10, 5, 12):
            start = timezone.now() + datetime.timedelta(days=days)
            session = SessionFactory(
                community=community,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                themes=themes,
            )
            session.attendees.set([m.user for m in community.memberships.all()[:size]])
        communities.append(community)
    return communities, themes


PAGES = ["community_list", "community_detail", "session_list", "theme_detail", "home"]


def _url(page, communities, themes):
    return {
        "community_list": reverse("communities:community_list")
        + f"?theme={themes[0].slug}",
        "community_detail": communities[0].get_absolute_url(),
        "session_list": reverse("communities:session_list"),
        "theme_detail": themes[0].get_absolute_url(),
        "home": reverse("home"),
    }[page]


@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_does_not_grow_with_rows(
    page, client, moderator, django_assert_max_num_queries
):
    sign_in(client, moderator)
    communities, themes = _populate(2)
    url = _url(page, communities, themes)
    # The CoP's page asks once whether the visitor follows it.
    limit = 15 if page == "community_detail" else 14
    with django_assert_max_num_queries(limit) as small:
        assert client.get(url).status_code == 200

    # Six times the CoP's, members and sessions, on the same page.
    for community in _populate(12)[0]:
        community.themes.add(*themes)
    MembershipFactory.create_batch(20, community=communities[0])
    SessionFactory.create_batch(10, community=communities[0], themes=themes)
    with django_assert_max_num_queries(limit) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_session_detail_query_count_does_not_grow_with_attendees(
    client, moderator, django_assert_max_num_queries
):
    counts = []
    for size in (2, 15):
        community = CommunityFactory()
        members = MembershipFactory.create_batch(size, community=community)
        session = SessionFactory(community=community)
        session.attendees.set([m.user for m in members])
        sign_in(client, moderator)
        with django_assert_max_num_queries(14) as captured:
            response = client.get(session.get_absolute_url())
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
