"""Public pages for visitors who are not signed in come from the shared cache,
and go from it as soon as what they show changes (cop_portal/page_cache.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from knowledge import services
from tests.conftest import sign_in
from tests.knowledge.factories import ProductFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def product(community, theme):
    return ProductFactory(
        community=community, themes=[theme], title="Handreiking ontheffing"
    )


def test_second_visit_of_a_public_page_runs_no_query(client, product):
    first = client.get(product.get_absolute_url())
    assert first.status_code == 200 and "X-Page-Cache" not in first
    with CaptureQueriesContext(connection) as queries:
        second = client.get(product.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert "public" in second["Cache-Control"]
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language"):
        assert second[header] == first[header]


def test_a_change_through_a_service_shows_at_once(
    client, product, moderator, django_capture_on_commit_callbacks
):
    list_url = reverse("knowledge:product_list")
    assert "Handreiking ontheffing" in client.get(list_url).text
    with django_capture_on_commit_callbacks(execute=True):
        services.product_archive(actor=moderator, product=product)
    response = client.get(list_url)
    assert "X-Page-Cache" not in response
    assert "Handreiking ontheffing" not in response.text


def test_any_save_of_what_a_page_shows_clears_it(
    client, product, moderator, django_capture_on_commit_callbacks
):
    from communities.models import Community

    community_url = product.community.get_absolute_url()
    client.get(community_url)
    with django_capture_on_commit_callbacks(execute=True):
        Community.objects.filter(pk=product.community_id).first().save()
    assert "X-Page-Cache" not in client.get(community_url)


def test_signed_in_people_never_get_a_cached_page(client, product, deelnemer):
    client.get(product.get_absolute_url())
    sign_in(client, deelnemer)
    response = client.get(product.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")


def test_a_page_with_a_form_token_is_not_kept(client):
    url = reverse("account_login")
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def test_each_language_has_its_own_page(client, product):
    client.get(product.get_absolute_url())
    client.cookies["django_language"] = "en"
    english = client.get(product.get_absolute_url())
    assert "X-Page-Cache" not in english
    assert english["Content-Language"] == "en"


def test_a_new_release_never_serves_a_page_kept_by_the_old_one(
    client, product, monkeypatch
):
    from cop_portal import page_cache

    url = product.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    monkeypatch.setattr(page_cache, "build", lambda: "the-next-release")
    assert "X-Page-Cache" not in client.get(url)


def test_the_release_digest_moves_with_a_template_and_the_static_manifest(
    settings, tmp_path
):
    from cop_portal import page_cache

    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "page.html"
    template.write_text("<p>Welkom</p>")
    settings.BASE_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    digests = []
    for change in (
        lambda: None,
        lambda: template.write_text("<p>Welkom terug</p>"),
        lambda: (settings.STATIC_ROOT / "staticfiles.json").write_text("{}"),
    ):
        change()
        page_cache.build.cache_clear()
        digests.append(page_cache.build())
    page_cache.build.cache_clear()
    assert len(set(digests)) == 3


def test_one_path_keeps_only_so_many_query_variants(client, product, settings):
    settings.PAGE_CACHE_VARIANTS = 2
    list_url = reverse("knowledge:product_list")
    for word in ("ontheffing", "taal", "werk"):
        client.get(list_url, {"q": word})
    assert client.get(list_url, {"q": "ontheffing"})["X-Page-Cache"] == "hit"
    assert client.get(list_url, {"q": "taal"})["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in client.get(list_url, {"q": "werk"})
    # The page itself, without a query string, is always kept.
    client.get(list_url)
    assert client.get(list_url)["X-Page-Cache"] == "hit"
