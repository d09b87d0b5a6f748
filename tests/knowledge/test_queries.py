"""The list, the search and the product page run a fixed number of queries
whatever the number of products; the search uses the GIN index."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from knowledge.models import KnowledgeProduct, Status
from knowledge.search import reindex_products
from tests.factories import ThemeFactory
from tests.knowledge.factories import ProductFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _populate(size, community, themes):
    for i in range(size):
        ProductFactory(
            community=community,
            title=f"Handreiking leerbaarheidstoets {i}",
            summary="Over de leerbaarheidstoetsen in de regio.",
            themes=themes,
            tags=[f"tag{i}", "gedeeld"],
            visibility=KnowledgeProduct.Visibility.MEMBERS
            if i % 2
            else KnowledgeProduct.Visibility.PUBLIC,
        )
    qa = ProductFactory(
        community=community, kind=KnowledgeProduct.Kind.QA, themes=themes
    )
    for i in range(size):
        QuestionFactory(
            product=qa, theme=themes[0], question=f"Leerbaarheidstoets {i}?"
        )
    return qa


URLS = {
    "list": lambda theme: reverse("knowledge:product_list"),
    "filtered": lambda theme: (
        reverse("knowledge:product_list")
        + f"?theme={theme.slug}&tag=gedeeld&scope=landelijk&sort=newest"
    ),
    "search": lambda theme: (
        reverse("knowledge:product_list") + "?q=leerbaarheidstoetsen+PIP"
    ),
    "search_filtered": lambda theme: (
        reverse("knowledge:product_list")
        + f"?q=leerbaarheidstoets&theme={theme.slug}&kind=handreiking"
    ),
    "no_result": lambda theme: reverse("knowledge:product_list") + "?q=xyzzyqq",
}


@pytest.mark.parametrize("page", URLS)
@pytest.mark.parametrize("role", ["anonymous", "deelnemer", "moderator"])
def test_list_and_search_query_count_does_not_grow(
    page, role, client_as, community, django_assert_max_num_queries
):
    themes = ThemeFactory.create_batch(2)
    client = client_as(role)
    url = URLS[page](themes[0])
    _populate(3, community, themes)
    # A search adds two indexed reads of the vocabulary (is the word common,
    # is it known) to what a list runs; the facet counts add the themes
    # (which replace the theme select's own read) and at most two counting
    # statements, each in a savepoint with its own time limit: savepoint,
    # limit, count, limit put back, release (knowledge.facets._run).
    with django_assert_max_num_queries(28) as small:
        assert client.get(url).status_code == 200
    _populate(25, community, themes)
    with django_assert_max_num_queries(28) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_product_page_query_count_does_not_grow(
    client_as, community, django_assert_max_num_queries
):
    themes = ThemeFactory.create_batch(2)
    client = client_as("deelnemer")
    counts = []
    for size in (2, 20):
        qa = _populate(size, community, themes)
        with django_assert_max_num_queries(20) as captured:
            assert client.get(qa.get_absolute_url()).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_search_uses_the_gin_index_on_the_vector(community):
    """A few thousand products with bodies of realistic length; VACUUM ANALYZE
    as autovacuum would (GIN keeps its entry statistics in its metapage,
    which only VACUUM updates). The planner must choose the index on its own:
    no enable_seqscan trick. Runs outside a transaction for VACUUM."""
    words = ["ontheffing", "regievoering", "werkervaringsplek", "inkoop", "taal"]
    rows = [
        KnowledgeProduct(
            community=community,
            kind=KnowledgeProduct.Kind.GUIDE,
            title=f"Product {i} over {words[i % len(words)]}",
            slug=f"product-{i}",
            summary=f"Samenvatting {i} over {words[(i + 1) % len(words)]}",
            # A realistic body of some 1,500 characters.
            body_text=f"Tekst {i} "
            + " ".join(
                words[j % len(words)] + str(j) for j in range(i % 7, 130 + i % 7)
            ),
            status=Status.PUBLISHED,
            published_at="2025-01-01T00:00:00Z",
        )
        for i in range(4000)
    ]
    rows.append(
        KnowledgeProduct(
            community=community,
            kind=KnowledgeProduct.Kind.GUIDE,
            title="Leerbaarheidstoets in de Achterhoek",
            slug="zeldzaam",
            summary="Pilot",
            status=Status.PUBLISHED,
            published_at="2025-01-01T00:00:00Z",
        )
    )
    rows.append(
        KnowledgeProduct(
            community=community,
            kind=KnowledgeProduct.Kind.GUIDE,
            title="Het inburgeringstraject in Zeeland",
            slug="samenstelling",
            summary="Pilot",
            status=Status.PUBLISHED,
            published_at="2025-01-01T00:00:00Z",
        )
    )
    KnowledgeProduct.objects.bulk_create(rows)
    # Vectors with compound parts and joined forms, as every save writes them.
    reindex_products()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE knowledge_knowledgeproduct")
    from django.contrib.auth.models import AnonymousUser

    from knowledge.selectors import ProductFilters, product_list

    # Newest first: the window of newest matches, through the GIN index.
    with CaptureQueriesContext(connection) as captured:
        products, _ = product_list(
            user=AnonymousUser(),
            filters=ProductFilters(q="leerbaarheidstoetsen", sort="newest"),
        )
    window = next(q["sql"] for q in captured.captured_queries if "@@" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + window)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "knowledge_search_gin" in plan, plan
    assert [p.title for p in products] == ["Leerbaarheidstoets in de Achterhoek"]
    # By relevance: the same window.
    with CaptureQueriesContext(connection) as captured:
        products, _ = product_list(
            user=AnonymousUser(), filters=ProductFilters(q="leerbaarheidstoetsen")
        )
    window = next(q["sql"] for q in captured.captured_queries if "@@" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + window)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "knowledge_search_gin" in plan, plan
    assert [p.title for p in products] == ["Leerbaarheidstoets in de Achterhoek"]
    # A part of a compound (an extra lexeme of weight D), through the index.
    with CaptureQueriesContext(connection) as captured:
        products, _ = product_list(
            user=AnonymousUser(), filters=ProductFilters(q="traject")
        )
        titles = [p.title for p in products]
    window = next(q["sql"] for q in captured.captured_queries if "@@" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + window)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "knowledge_search_gin" in plan, plan
    assert titles == ["Het inburgeringstraject in Zeeland"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_title_suggestions_use_the_trigram_index(community, monkeypatch):
    """The suggestion filter must be an operator the trigram GIN index on the
    title serves (%>), not a comparison on a computed similarity. Rows of
    realistic length and VACUUM ANALYZE, as in the search test above.

    The plan is what is tested here, not the time limit (test_search has
    its own test of that): on a loaded CI machine the first read after the
    VACUUM took longer than the 50 ms limit and gave no suggestion."""
    from knowledge import selectors

    monkeypatch.setattr(selectors, "SUGGESTION_TIMEOUT_MS", 10_000)
    words = ["ontheffing", "regievoering", "werkervaringsplek", "inkoop", "taal"]
    KnowledgeProduct.objects.bulk_create(
        KnowledgeProduct(
            community=community,
            kind=KnowledgeProduct.Kind.GUIDE,
            title=f"Product {i} over {words[i % len(words)]}{i}",
            slug=f"product-{i}",
            summary="Samenvatting",
            body_text=" ".join(words[j % len(words)] + str(j) for j in range(130)),
            status=Status.PUBLISHED,
            published_at="2025-01-01T00:00:00Z",
        )
        for i in range(4000)
    )
    KnowledgeProduct.objects.create(
        community=community,
        kind=KnowledgeProduct.Kind.GUIDE,
        title="Financieel ontzorgen",
        slug="ontzorgen",
        summary="Vaste lasten",
        status=Status.PUBLISHED,
        published_at="2025-01-01T00:00:00Z",
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE knowledge_knowledgeproduct")
    from django.contrib.auth.models import AnonymousUser

    from knowledge.selectors import title_suggestion_query, title_suggestions

    query = title_suggestion_query(user=AnonymousUser(), text="Financiel ontzorgn")
    assert "%>" in str(query.query)
    plan = query.explain()
    assert "knowledge_title_trgm" in plan, plan
    titles = [p.title for p in title_suggestions(user=AnonymousUser(), text="ontzorgn")]
    assert titles[0] == "Financieel ontzorgen"


@pytest.mark.django_db
def test_a_products_search_vector_stays_in_its_row():
    """A common word's search reads 1,500 vectors and ranks 1,001: each one
    out of line in the TOAST table cost a second lookup (migration 0018).
    On a server with lz4 the vector of a long text is compressed in the row."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
            "WHERE name = 'default_toast_compression'"
        )
        if not cursor.fetchone()[0]:
            pytest.skip("this PostgreSQL has no lz4")
    body = " ".join(f"woord{i} inburgering taalniveau" for i in range(400))
    product = ProductFactory(status=Status.PUBLISHED, body=body)
    reindex_products()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_compression(search_vector), attstorage "
            "FROM knowledge_knowledgeproduct, pg_attribute "
            "WHERE id = %s AND attname = 'search_vector' "
            "AND attrelid = 'knowledge_knowledgeproduct'::regclass",
            [product.pk],
        )
        compression, storage = cursor.fetchone()
    # 'm': kept in the row unless the row cannot hold it at all.
    assert (compression, storage) == ("lz4", "m")
