"""Facet counts on the kennis list: a count next to every filter value that
respects the other filters and the search, the commonest tags as a filter
with counts, counts that stop at a cap, kept per content generation, read
along an index, and never more than a time budget: what does not fit is
shown without a count."""

import datetime
import re

import pytest
import time_machine
from django.db import DataError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cop_portal import page_cache
from knowledge import facets
from knowledge.models import KnowledgeProduct, Status
from tests.factories import ThemeFactory
from tests.knowledge.factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = reverse("knowledge:product_list")
Kind = KnowledgeProduct.Kind


def _option(html: str, name: str, value: str) -> str:
    """The text of one option of the select `name`."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    found = re.search(rf'<option value="{value}"[^>]*>([^<]*)</option>', select)
    return found.group(1).strip()


@pytest.fixture
def shelf(community, theme):
    other_theme = ThemeFactory(name="Werkervaringsplekken")
    for _ in range(3):
        ProductFactory(community=community, kind=Kind.GUIDE, themes=[theme])
    ProductFactory(
        community=community,
        kind=Kind.FACTSHEET,
        themes=[theme],
        title="Factsheet ontheffing",
    )
    ProductFactory(
        community=community,
        kind=Kind.FACTSHEET,
        themes=[other_theme],
        title="Factsheet werkervaring",
    )
    return other_theme


def test_each_kind_shows_how_many_products_it_gives(client, shelf):
    html = client.get(URL).content.decode()
    assert _option(html, "kind", Kind.GUIDE) == "handreiking (3)"
    assert _option(html, "kind", Kind.FACTSHEET) == "factsheet (2)"
    assert _option(html, "kind", Kind.QA) == "vraag en antwoord (0)"


def test_kind_counts_respect_the_chosen_theme(client, shelf, theme):
    html = client.get(URL, {"theme": theme.slug}).content.decode()
    assert _option(html, "kind", Kind.GUIDE) == "handreiking (3)"
    assert _option(html, "kind", Kind.FACTSHEET) == "factsheet (1)"


def test_theme_counts_respect_the_chosen_kind_but_not_the_chosen_theme(
    client, shelf, theme
):
    html = client.get(
        URL, {"kind": Kind.FACTSHEET, "theme": theme.slug}
    ).content.decode()
    # The other theme still says what choosing it instead would give.
    assert _option(html, "theme", shelf.slug) == "Werkervaringsplekken (1)"
    assert _option(html, "theme", theme.slug) == f"{theme.name} (1)"


def test_counts_respect_the_search(client, shelf, theme):
    html = client.get(URL, {"q": "ontheffing"}).content.decode()
    assert _option(html, "kind", Kind.FACTSHEET) == "factsheet (1)"
    assert _option(html, "kind", Kind.GUIDE) == "handreiking (0)"
    assert _option(html, "theme", shelf.slug) == "Werkervaringsplekken (0)"


def test_scope_and_year_show_counts(client, shelf):
    html = client.get(URL).content.decode()
    assert _option(html, "scope", "landelijk") == "landelijk (5)"
    year = str(KnowledgeProduct.objects.first().published_at.year)
    assert _option(html, "year", year) == f"{year} (5)"


def test_members_only_products_are_not_counted_for_visitors(
    client, client_as, community, shelf
):
    ProductFactory(
        community=community,
        kind=Kind.QA,
        visibility=KnowledgeProduct.Visibility.MEMBERS,
    )
    assert (
        _option(client.get(URL).content.decode(), "kind", Kind.QA)
        == "vraag en antwoord (0)"
    )
    member = client_as("deelnemer").get(URL).content.decode()
    assert _option(member, "kind", Kind.QA) == "vraag en antwoord (1)"


def test_drafts_are_not_counted(client, community, shelf):
    ProductFactory(community=community, kind=Kind.QA, status=Status.CONCEPT)
    assert (
        _option(client.get(URL).content.decode(), "kind", Kind.QA)
        == "vraag en antwoord (0)"
    )


def test_the_commonest_tags_are_offered_as_links_with_counts(client, community):
    for i in range(3):
        ProductFactory(community=community, tags=["argonaut", f"enkel-{i}"])
    ProductFactory(community=community, tags=["argonaut", "ontheffing"])
    ProductFactory(community=community, tags=["ontheffing"])
    response = client.get(URL)
    facet = response.context["tag_facet"]
    assert [(t.label, t.count) for t in facet[:2]] == [
        ("argonaut", 4),
        ("ontheffing", 2),
    ]
    html = response.content.decode()
    assert 'aria-labelledby="tag-facet-heading"' in html
    assert 'href="?tag=argonaut"' in html
    assert "argonaut <span" in html and "(4)" in html


def test_only_the_top_tags_are_offered(client, community, monkeypatch):
    monkeypatch.setattr(facets, "TOP_TAGS", 2)
    ProductFactory(community=community, tags=["een", "twee", "drie"])
    ProductFactory(community=community, tags=["een", "twee"])
    ProductFactory(community=community, tags=["een"])
    labels = [t.label for t in client.get(URL).context["tag_facet"]]
    assert labels == ["een", "twee"]


def test_choosing_a_tag_filters_and_keeps_the_other_filters(client, community, theme):
    ProductFactory(community=community, tags=["argonaut"], themes=[theme], title="A")
    ProductFactory(community=community, tags=["argonaut"], title="B")
    ProductFactory(community=community, tags=["ontheffing"], themes=[theme])
    response = client.get(URL, {"theme": theme.slug})
    argonaut = next(t for t in response.context["tag_facet"] if t.value == "argonaut")
    assert argonaut.count == 1
    chosen = client.get(URL + argonaut.url)
    assert [p.title for p in chosen.context["products"]] == ["A"]
    tag = next(t for t in chosen.context["tag_facet"] if t.value == "argonaut")
    assert tag.selected
    assert 'aria-current="true"' in chosen.content.decode()
    # Choosing it again removes the tag and keeps the theme.
    assert "tag=" not in tag.url and f"theme={theme.slug}" in tag.url


def test_a_chosen_tag_that_no_match_has_stays_offered(client, community):
    ProductFactory(community=community, tags=["argonaut"])
    ProductFactory(community=community, tags=["zeldzaam"], kind=Kind.QA)
    response = client.get(URL, {"tag": "zeldzaam", "kind": Kind.GUIDE})
    tags = {t.value: t.count for t in response.context["tag_facet"]}
    assert tags["zeldzaam"] == 0


def test_counts_stop_at_the_cap(client, community, monkeypatch):
    monkeypatch.setattr(facets, "FACET_CAP", 2)
    for _ in range(4):
        ProductFactory(community=community, kind=Kind.GUIDE, tags=["veel"])
    response = client.get(URL)
    assert _option(response.content.decode(), "kind", Kind.GUIDE) == "handreiking (2+)"
    veel = response.context["tag_facet"][0]
    assert (veel.count, veel.more, veel.shown_count) == (2, True, "2+")


@pytest.mark.parametrize(
    "q", ["!!!", "&|!():*", "a" * 3000, "' OR 1=1 --", "\u200b", "de het een"]
)
def test_hostile_queries_give_a_page_with_facets(client, shelf, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200


def test_a_search_without_words_keeps_every_filter_choice(client, shelf, theme):
    html = client.get(URL, {"q": "!!!"}).content.decode()
    assert _option(html, "theme", theme.slug) == theme.name
    assert _option(html, "kind", Kind.GUIDE) == "handreiking"


def test_facets_are_kept_until_content_changes(
    client, community, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    ProductFactory(community=community, kind=Kind.QA)
    # A signed-in page is never page-cached, but its facets are kept.
    first = facets.product_facets(
        user=_anonymous(), filters=_filters(), parsed=_parsed()
    )
    assert _count(first.kinds, Kind.QA) == 1
    ProductFactory(community=community, kind=Kind.QA)
    with CaptureQueriesContext(connection) as kept_queries:
        kept = facets.product_facets(
            user=_anonymous(), filters=_filters(), parsed=_parsed()
        )
    assert _count(kept.kinds, Kind.QA) == 1
    assert not any("count(*)" in q["sql"] for q in kept_queries.captured_queries)
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.content_changed()
    fresh = facets.product_facets(
        user=_anonymous(), filters=_filters(), parsed=_parsed()
    )
    assert _count(fresh.kinds, Kind.QA) == 2


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def _filters(**kwargs):
    from knowledge.selectors import ProductFilters

    return ProductFilters(**kwargs)


def _parsed():
    from knowledge.search import EMPTY

    return EMPTY


def _count(values, value):
    return next(v.count for v in values if v.value == value)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rare_kind_is_counted_along_its_index(community):
    """Thousands of handreikingen and a few Q&A's, VACUUM ANALYZE as
    autovacuum would: counting the Q&A's reads the partial kind index, not
    every published product."""
    KnowledgeProduct.objects.bulk_create(
        KnowledgeProduct(
            community=community,
            kind=Kind.QA if i % 1000 == 0 else Kind.GUIDE,
            title=f"Product {i}",
            slug=f"product-{i}",
            summary="Samenvatting",
            status=Status.PUBLISHED,
            published_at="2025-01-01T00:00:00Z",
        )
        for i in range(5000)
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE knowledge_knowledgeproduct")
    with CaptureQueriesContext(connection) as captured:
        found = facets.product_facets(
            user=_anonymous(), filters=_filters(), parsed=_parsed()
        )
    assert _count(found.kinds, Kind.QA) == 5
    statement = next(q["sql"] for q in captured.captured_queries if "slot" in q["sql"])
    # The first counted kind; each kind's count is a subquery of its own.
    qa = next(
        part for part in statement.split(" UNION ALL ") if f"= '{Kind.QA}'" in part
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + qa)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "knowledge_published_kind" in plan, plan
    assert "Seq Scan on knowledge_knowledgeproduct" not in plan, plan


# --- The time budget ----------------------------------------------------------


def _statement_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def test_a_statement_past_the_budget_is_cancelled_and_the_request_goes_on():
    """A real cancellation by PostgreSQL (no sleep: a count that takes far
    longer than 5 ms), inside the test's transaction like a view's."""
    before = _statement_timeout()
    slow = "SELECT count(*) FROM generate_series(1, 50000000)"
    assert facets._run(slow, [], facets._Budget(5)) is None
    # The setting is the request's own again, and its transaction works.
    assert _statement_timeout() == before
    assert KnowledgeProduct.objects.count() == 0


def test_a_statement_within_the_budget_leaves_the_settings_as_they_were():
    before = _statement_timeout()
    assert facets._run("SELECT 41 + 1", [], facets._Budget(1000)) == [(42,)]
    assert _statement_timeout() == before
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] != "0"


def test_other_database_errors_are_not_taken_for_the_budget():
    with pytest.raises(DataError):
        facets._run("SELECT 1 / 0", [], facets._Budget(1000))
    assert KnowledgeProduct.objects.count() == 0


def test_without_budget_the_filters_show_without_counts(client, shelf, settings):
    settings.FACET_COUNT_TIMEOUT_MS = 0
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert _option(html, "kind", Kind.GUIDE) == "handreiking"
    assert _option(html, "theme", shelf.slug) == "Werkervaringsplekken"
    assert "None" not in html
    assert "te veel kennisproducten om ze snel te tellen" in html


def test_a_filter_without_counts_still_filters(client, shelf, settings):
    settings.FACET_COUNT_TIMEOUT_MS = 0
    response = client.get(URL, {"kind": Kind.FACTSHEET})
    assert response.status_code == 200
    assert {p.title for p in response.context["products"]} == {
        "Factsheet ontheffing",
        "Factsheet werkervaring",
    }
    assert _option(response.content.decode(), "kind", Kind.FACTSHEET) == "factsheet"


def test_a_chosen_tag_without_count_shows_no_brackets(client, community, settings):
    settings.FACET_COUNT_TIMEOUT_MS = 0
    ProductFactory(community=community, tags=["argonaut"])
    response = client.get(URL, {"tag": "argonaut"})
    html = response.content.decode()
    assert [(t.label, t.count) for t in response.context["tag_facet"]] == [
        ("argonaut", None)
    ]
    assert re.search(r"<strong>argonaut</strong>\s*<span", html)
    assert "()" not in html and "None" not in html


def test_with_every_count_there_the_page_does_not_apologise(client, shelf):
    html = client.get(URL).content.decode()
    assert "te veel kennisproducten om ze snel te tellen" not in html


def test_a_search_is_counted_among_the_matches_the_list_read(client, community):
    """The list reads the matches of a search to rank them, with their kind,
    scope and year; the facets count among those, exactly, without
    searching again or reading the products' rows again."""
    ProductFactory(community=community, kind=Kind.GUIDE, title="Ontheffing A")
    ProductFactory(community=community, kind=Kind.GUIDE, title="Ontheffing B")
    ProductFactory(community=community, kind=Kind.QA, title="Ontheffing C")
    ProductFactory(community=community, kind=Kind.QA, title="Leerroute")
    with CaptureQueriesContext(connection) as captured:
        html = client.get(URL, {"q": "ontheffing"}).content.decode()
    assert _option(html, "kind", Kind.GUIDE) == "handreiking (2)"
    assert _option(html, "kind", Kind.QA) == "vraag en antwoord (1)"
    counting = [
        q["sql"]
        for q in captured.captured_queries
        if "MATERIALIZED" in q["sql"] and "GROUP BY" in q["sql"]
    ]
    assert len(counting) == 1
    assert "@@" not in counting[0] and "unnest(" in counting[0]
    assert '"knowledge_knowledgeproduct"' not in counting[0]


@pytest.mark.parametrize("common", [False, True])
def test_a_search_counts_scope_year_theme_and_tag_among_its_matches(
    client, community, theme, monkeypatch, common
):
    """Each facet of a search counts the matches only: the kind, scope and
    year that came with them (the year in the portal's time zone), the
    themes and tags read by their keys; whether the matches came from the
    index or, for a common word, from the newest products in chunks."""
    if common:
        from cop_portal import textsearch
        from knowledge import selectors

        # Every word is common; chunks of two rows, and a window that the
        # two matches fill, so the chunks are read to the end.
        monkeypatch.setattr(textsearch, "COMMON_WORD_DOCUMENTS", 1)
        monkeypatch.setattr(selectors, "COMMON_CHUNK", 2)
        monkeypatch.setattr(selectors, "RANK_WINDOW", 2)
    other_theme = ThemeFactory(name="Werkervaringsplekken")
    ProductFactory(
        community=community, title="Ontheffing A", themes=[theme], tags=["taal"]
    )
    regional = ProductFactory(
        community=community,
        title="Ontheffing B",
        scope=KnowledgeProduct.Scope.REGIONAL,
        themes=[theme, other_theme],
        tags=["taal", "werk"],
    )
    ProductFactory(community=community, title="Leerroute", themes=[other_theme])
    # 23:30 UTC on 31 December is New Year's Day in Amsterdam.
    KnowledgeProduct.objects.filter(pk=regional.pk).update(
        published_at=datetime.datetime(2024, 12, 31, 23, 30, tzinfo=datetime.UTC)
    )
    this_year = str(timezone.localdate().year)

    response = client.get(URL, {"q": "ontheffing"})
    html = response.content.decode()

    assert _option(html, "scope", "landelijk") == "landelijk (1)"
    assert _option(html, "scope", "regionaal") == "regionaal (1)"
    assert _option(html, "year", "2025") == "2025 (1)"
    assert _option(html, "year", "2024") == "2024 (0)"
    assert _option(html, "year", this_year) == f"{this_year} (1)"
    assert _option(html, "theme", theme.slug).endswith("(2)")
    assert _option(html, "theme", other_theme.slug).endswith("(1)")
    tags = {t.label: t.count for t in response.context["tag_facet"]}
    assert tags == {"taal": 2, "werk": 1}


def test_a_search_with_more_matches_than_the_cap_is_counted_per_value(
    client, community, monkeypatch
):
    monkeypatch.setattr(facets, "FACET_CAP", 2)
    for _ in range(3):
        ProductFactory(community=community, kind=Kind.GUIDE, title="Ontheffing")
    ProductFactory(community=community, kind=Kind.QA, title="Ontheffing Q&A")
    html = client.get(URL, {"q": "ontheffing"}).content.decode()
    assert _option(html, "kind", Kind.GUIDE) == "handreiking (2+)"
    assert _option(html, "kind", Kind.QA) == "vraag en antwoord (1)"


def test_counts_with_two_filters_still_leave_out_each_own_filter(client, shelf, theme):
    html = client.get(
        URL, {"theme": theme.slug, "kind": Kind.GUIDE, "scope": "landelijk"}
    ).content.decode()
    assert _option(html, "kind", Kind.FACTSHEET) == "factsheet (1)"
    assert _option(html, "theme", shelf.slug) == "Werkervaringsplekken (0)"
    assert _option(html, "scope", "landelijk") == "landelijk (3)"


def test_counts_that_did_not_fit_come_back_a_minute_later(client_as, shelf, settings):
    """A burst of misses over the budget is answered from the cache, not
    each by trying again; the counts are tried again after a minute."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.FACET_COUNT_TIMEOUT_MS = 0
    member = client_as("deelnemer")  # signed in: no page cache, only facets
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        member.get(URL, {"kind": Kind.GUIDE})
        settings.FACET_COUNT_TIMEOUT_MS = 10_000
        kept = member.get(URL, {"kind": Kind.GUIDE}).content.decode()
    assert _option(kept, "kind", Kind.QA) == "vraag en antwoord"
    later = start + datetime.timedelta(seconds=facets.INCOMPLETE_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        again = member.get(URL, {"kind": Kind.GUIDE}).content.decode()
    assert _option(again, "kind", Kind.QA) == "vraag en antwoord (0)"
    assert _option(again, "kind", Kind.FACTSHEET) == "factsheet (2)"


def test_unfiltered_counts_past_the_budget_are_recounted_by_the_task(
    client, community, shelf, settings, django_capture_on_commit_callbacks
):
    """Counting every product does not fit the budget at national scale:
    the task recounts them (the immediate backend runs it at once) and the
    page shows those totals, the last ones while content changes."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.FACET_COUNT_TIMEOUT_MS = 0
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = client.get(URL).content.decode()
    assert _option(first, "kind", Kind.GUIDE) == "handreiking"
    assert callbacks, "the recount was not started"
    # A change of content: a new generation, the totals are of the last one.
    with django_capture_on_commit_callbacks(execute=True):
        ProductFactory(kind=Kind.QA, community=community)
    html = client.get(URL).content.decode()
    assert _option(html, "kind", Kind.GUIDE) == "handreiking (3)"
    assert _option(html, "kind", Kind.QA) == "vraag en antwoord (0)"
    assert "te veel kennisproducten om ze snel te tellen" not in html


def test_the_recount_counts_every_product_without_budget(community, settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.FACET_COUNT_TIMEOUT_MS = 0
    ProductFactory(community=community, kind=Kind.QA)
    ProductFactory(
        community=community,
        kind=Kind.QA,
        visibility=KnowledgeProduct.Visibility.MEMBERS,
    )
    facets.recount_facet_totals.call(reader="public")
    found = facets.product_facets(
        user=_anonymous(), filters=_filters(), parsed=_parsed()
    )
    assert _count(found.kinds, Kind.QA) == 1
    assert found.complete
