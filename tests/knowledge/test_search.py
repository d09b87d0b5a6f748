"""Dutch full-text search: stemming both ways, ranking by field weight,
synonyms, snippets, suggestions, and hostile input."""

import re

import pytest
from django.db.models import BooleanField

from communities.models import Theme
from knowledge.models import KnowledgeProduct, Synonym
from knowledge.selectors import ProductFilters, product_list, title_suggestions
from tests.knowledge.factories import ProductFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _search(user, q, **filters):
    products, _parsed = product_list(user=user, filters=ProductFilters(q=q, **filters))
    return list(products)


def _titles(user, q, **filters):
    return [p.title for p in _search(user, q, **filters)]


@pytest.fixture
def corpus(community):
    ProductFactory(
        title="Ontheffing inburgeringsverplichtingen bij ziekte of beperking",
        slug="ontheffing",
        kind=KnowledgeProduct.Kind.INFOGRAPHIC,
        summary="Wanneer en hoe een inburgeraar ontheffing krijgt.",
        body="Argonaut adviseert DUO over medische ontheffing.",
        community=community,
    )
    ProductFactory(
        title="Voorbereiden op de leerbaarheidstoets",
        slug="leerbaarheidstoets",
        summary="Een korte training vooraf.",
        body="Wat de toets meet en waarom.",
        community=community,
    )
    ProductFactory(
        title="Ervaringen uit de Achterhoek",
        slug="achterhoek",
        summary="Pilot met leerbaarheidstoetsen in kleine gemeenten.",
        body="Acht gemeenten werken samen.",
        community=community,
    )
    ProductFactory(
        title="Financieel ontzorgen",
        slug="ontzorgen",
        summary="Vaste lasten in de eerste maanden.",
        body="Soms vraagt een gemeente naar de leerbaarheidstoets.",
        community=community,
    )


def test_words_of_a_title_find_the_infographic(corpus):
    assert _titles(None_user(), "ontheffing ziekte") == [
        "Ontheffing inburgeringsverplichtingen bij ziekte of beperking"
    ]


def None_user():  # noqa: N802
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_stock_dutch_stemmer_alone_does_not_join_singular_and_plural(corpus):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('dutch', 'leerbaarheidstoets') "
            "@@ plainto_tsquery('dutch', 'leerbaarheidstoetsen')"
        )
        assert cursor.fetchone()[0] is False


@pytest.mark.parametrize("q", ["leerbaarheidstoetsen", "leerbaarheidstoets"])
def test_plural_and_singular_find_each_other(corpus, q):
    titles = _titles(None_user(), q)
    assert set(titles) == {
        "Voorbereiden op de leerbaarheidstoets",
        "Ervaringen uit de Achterhoek",
        "Financieel ontzorgen",
    }


def test_title_ranks_above_summary_above_body(corpus):
    assert _titles(None_user(), "leerbaarheidstoets") == [
        "Voorbereiden op de leerbaarheidstoets",  # title (A)
        "Ervaringen uit de Achterhoek",  # summary (B)
        "Financieel ontzorgen",  # body (C)
    ]


def test_sort_newest_overrides_rank(corpus):
    newest = _titles(None_user(), "leerbaarheidstoets", sort="newest")
    assert newest[0] == "Financieel ontzorgen"


def test_snippet_highlights_the_hit_and_escapes_the_text(community):
    ProductFactory(
        title="Iets",
        slug="iets",
        body="Voor de leerbaarheidstoets geldt: 1 < 2 & <b>geen opmaak</b>.",
        community=community,
    )
    from knowledge.selectors import snippet_html

    product = _search(None_user(), "leerbaarheidstoets")[0]
    html = snippet_html(product.snippet_raw)
    assert "<mark>leerbaarheidstoets</mark>" in html
    assert "<b>" not in html


@pytest.mark.parametrize(
    "q, meaning_text",
    [
        ("PIP", "het persoonlijk plan inburgering en participatie opstellen"),
        ("persoonlijk plan inburgering en participatie", "het PIP opstellen"),
        ("statushouder", "vergunninghouders in de gemeente"),
        ("vergunninghouder", "statushouders in de gemeente"),
        ("Wi2021", "de Wet inburgering 2021 in de praktijk"),
        ("KNM", "kennis van de Nederlandse maatschappij"),
        ("Z-route", "de zelfredzaamheidsroute in de praktijk"),
        ("zelfredzaamheidsroute", "ervaringen met de Z-route"),
        ("ONA", "oriëntatie op de Nederlandse arbeidsmarkt"),
    ],
)
def test_synonyms_are_expanded_both_ways(community, q, meaning_text):
    assert Synonym.objects.filter(term="PIP").exists()  # seeded by migration
    ProductFactory(
        title="Praktijkvoorbeeld",
        slug="praktijk",
        body=meaning_text,
        community=community,
    )
    ProductFactory(
        title="Iets anders", slug="anders", body="Niets.", community=community
    )
    assert _titles(None_user(), q) == ["Praktijkvoorbeeld"]


def test_synonym_added_in_admin_list_is_used(community):
    Synonym.objects.create(term="WEP", meaning="werkervaringsplek")
    ProductFactory(title="Plekken", slug="plekken", body="Een werkervaringsplek.")
    assert _titles(None_user(), "WEP") == ["Plekken"]


def test_qa_entries_are_searched_and_matching_questions_listed(community):
    qa = ProductFactory(
        title="Wet inburgering in vraag en antwoord",
        slug="qa",
        kind=KnowledgeProduct.Kind.QA,
        body="",
        community=community,
    )
    theme = Theme.objects.create(name="Financieel ontzorgen", slug="fo")
    QuestionFactory(
        product=qa,
        theme=theme,
        question="Wie betaalt de energierekening tijdens het ontzorgen?",
        answer="De gemeente, de eerste zes maanden.",
    )
    QuestionFactory(product=qa, theme=theme, question="Iets anders?", answer="Nee.")
    results = _search(None_user(), "energierekening")
    assert [p.title for p in results] == ["Wet inburgering in vraag en antwoord"]
    assert [e.question for e in results[0].matching_entries] == [
        "Wie betaalt de energierekening tijdens het ontzorgen?"
    ]


def test_the_search_page_links_every_matching_question_in_page_order(client, community):
    """A question matches through its answer too; the card lists the
    matching ones as they stand on the product's page (by position), each
    linked to its anchor, and leaves out the rest."""
    qa = ProductFactory(
        title="Ontzorgen in vraag en antwoord",
        slug="qa-ontzorgen",
        kind=KnowledgeProduct.Kind.QA,
        body="",
        community=community,
    )
    QuestionFactory(
        product=qa,
        question="Wie betaalt de huur?",
        answer="De gemeente betaalt de energierekening mee.",
        anchor="huur",
        position=2,
    )
    QuestionFactory(
        product=qa,
        question="Hoe lang duurt de energierekening-regeling?",
        answer="Zes maanden.",
        anchor="duur",
        position=1,
    )
    QuestionFactory(product=qa, question="Iets anders?", answer="Nee.", anchor="x")

    html = client.get("/kennis/?q=energierekening").content.decode()

    links = re.findall(r'href="/kennis/qa-ontzorgen/#([^"]+)"', html)
    assert links == ["duur", "huur"]


def test_filters_apply_to_search_results(corpus, community, other_community):
    ProductFactory(
        title="Leerbaarheidstoets elders",
        slug="elders",
        community=other_community,
        kind=KnowledgeProduct.Kind.FACTSHEET,
    )
    assert _titles(None_user(), "leerbaarheidstoets", community=other_community) == [
        "Leerbaarheidstoets elders"
    ]
    assert _titles(
        None_user(), "leerbaarheidstoets", kind=KnowledgeProduct.Kind.FACTSHEET
    ) == ["Leerbaarheidstoets elders"]


def test_no_result_suggests_close_titles(corpus):
    assert _titles(None_user(), "leerbaarheidtoest") == []
    suggestions = [
        p.title for p in title_suggestions(user=None_user(), text="Financiel ontzorgn")
    ]
    assert suggestions == ["Financieel ontzorgen"]


def test_suggestions_that_take_too_long_are_left_out_and_the_page_goes_on(
    client, corpus, monkeypatch
):
    """Suggestions are a help: past SUGGESTION_TIMEOUT_MS the page answers
    without them, and later statements keep their own time limit."""
    from django.db import connection
    from django.db.models.expressions import RawSQL

    from knowledge import selectors

    slow = selectors.title_suggestion_query

    def slow_query(**kwargs):
        return slow(**kwargs).annotate(
            waited=RawSQL("pg_sleep(0.3) IS NULL", (), output_field=BooleanField())
        )

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout')")
        (before,) = cursor.fetchone()
    # Known words, never together: no result, no correction, suggestions.
    nothing = {"q": "leerbaarheidstoets argonaut"}
    assert client.get("/kennis/", nothing).context["suggestions"]
    monkeypatch.setattr(selectors, "title_suggestion_query", slow_query)
    monkeypatch.setattr(selectors, "SUGGESTION_TIMEOUT_MS", 50)
    assert title_suggestions(user=None_user(), text="Financiel ontzorgn") == []
    response = client.get("/kennis/", nothing)
    assert response.status_code == 200
    assert response.context["suggestions"] == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout')")
        assert cursor.fetchone() == (before,)


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "'",
        "&|!:*()<->",
        "ziekte & | ! (",
        '-ontheffing OR "ziekte',
        "a" * 2000,
        "woord " * 400,
        "😀🙈 ontheffing 🇳🇱",
        "\\x00",
        "de het een",
        "<script>alert(1)</script>",
    ],
)
def test_any_query_text_gives_a_page_not_an_error(client, corpus, q):
    response = client.get("/kennis/", {"q": q})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text


def test_snippet_falls_back_to_the_summary_when_only_the_title_matches(
    client, community
):
    ProductFactory(
        title="Leerbaarheidstoets",
        slug="titel",
        summary="Korte samenvatting zonder het zoekwoord.",
        body="Ook de tekst noemt het niet.",
        community=community,
    )
    response = client.get("/kennis/", {"q": "leerbaarheidstoets"})
    assert "Korte samenvatting zonder het zoekwoord." in response.text
    assert "portal-snippet" not in response.text


def test_snippet_highlights_a_hit_in_the_summary(client, community):
    ProductFactory(
        title="Iets",
        slug="iets",
        summary="Over de leerbaarheidstoets in Doetinchem.",
        body="",
        community=community,
    )
    response = client.get("/kennis/", {"q": "leerbaarheidstoetsen"})
    assert "<mark>leerbaarheidstoets</mark>" in response.text


def test_long_multi_word_query_within_the_limit_is_searched(client, corpus):
    q = ("ontheffing ziekte " * 200)[:2000]
    assert len(q) == 2000
    response = client.get("/kennis/", {"q": q})
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert response.context["searchable"]
    titles = [p.title for p in response.context["products"]]
    assert titles == ["Ontheffing inburgeringsverplichtingen bij ziekte of beperking"]


def test_a_word_in_much_of_a_smaller_corpus_is_common(community):
    """The common-word path (newest rows first) starts sooner in a smaller
    corpus: at national scale a word needs 20,000 documents, in a corpus of
    20,000 a fifth of them; never below 2,000, whose index matches are
    cheap; a table never analysed keeps the national figure."""
    from django.db import connection

    from cop_portal import textsearch
    from cop_portal.models import SearchWord

    assert textsearch.common_threshold(None) == 20_000
    assert textsearch.common_threshold(-1) == 20_000
    assert textsearch.common_threshold(200_000) == 20_000
    assert textsearch.common_threshold(20_000) == 4_000
    assert textsearch.common_threshold(3_000) == 2_000

    SearchWord.objects.create(word="inburgering", documents=2_500)
    ProductFactory.create_batch(3, community=community)
    with connection.cursor() as cursor:
        # The catalogue's estimate, as autovacuum leaves it.
        cursor.execute("ANALYZE knowledge_knowledgeproduct")
    assert textsearch.is_common("inburgering", corpus=KnowledgeProduct)
    assert not textsearch.is_common("inburgering")
