"""The signals list runs a fixed number of queries whatever the number of
signals and recognitions."""

import pytest
from django.urls import reverse

from tests.conftest import sign_in
from tests.factories import CommunityFactory, MembershipFactory, ThemeFactory
from tests.signals.factories import RecognitionFactory, SignalFactory

pytestmark = pytest.mark.django_db


def _populate(size, community):
    themes = ThemeFactory.create_batch(2)
    for _ in range(size):
        signal = SignalFactory(community=community, themes=themes)
        for _ in range(size):
            RecognitionFactory(signal=signal, community=CommunityFactory())


@pytest.mark.parametrize("role", ["moderator", "deelnemer"])
def test_signal_list_query_count_does_not_grow(
    role, request, client, community, django_assert_max_num_queries
):
    user = request.getfixturevalue(role)
    sign_in(client, user)
    url = reverse("signals:signal_list")
    _populate(2, community)
    with django_assert_max_num_queries(15) as small:
        assert client.get(url).status_code == 200
    _populate(12, community)
    MembershipFactory.create_batch(5, community=community)
    with django_assert_max_num_queries(15) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
