"""Dutch search beyond stemming: compounds both ways, diacritics, hyphenated
and joined spellings, "Did you mean" from the portal's own vocabulary, and the
vocabulary kept up to date by every save (cop_portal.textsearch)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from cop_portal import textsearch
from cop_portal.models import SearchWord
from knowledge.models import KnowledgeProduct, Status
from knowledge.selectors import ProductFilters, product_list
from tests.knowledge.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _titles(q, user=None):
    products, _ = product_list(
        user=user or AnonymousUser(), filters=ProductFilters(q=q)
    )
    return [p.title for p in products]


def _count(word):
    row = SearchWord.objects.filter(word=word).first()
    return row.documents if row else 0


def _saved(**kwargs):
    # The factory writes straight to the table; a save builds vector and words.
    product = ProductFactory(**kwargs)
    product.save()
    return product


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("inburgeringstraject", ("inburgering", "traject")),
        ("werkervaringsplek", ("werk", "ervaring", "plek")),
        ("boekenkast", ("boek", "kast")),
        ("Taalniveau", ("taal", "niveau")),
        ("gemeente", ()),
        ("training", ()),
        ("ontheffing", ()),
    ],
)
def test_compounds_split_at_their_parts_without_linking_sounds(word, parts):
    assert textsearch.compound_parts(word) == parts


def test_part_finds_compound_and_compound_finds_part_lower(community):
    _saved(title="Het inburgeringstraject", slug="a", community=community)
    _saved(title="Een traject voor de inburgering", slug="b", community=community)
    assert _titles("traject") == [
        "Een traject voor de inburgering",
        "Het inburgeringstraject",
    ]
    assert _titles("inburgeringstraject") == [
        "Het inburgeringstraject",
        "Een traject voor de inburgering",
    ]


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Financiële ondersteuning", "financiele"),
        ("Financiele ondersteuning", "financiële"),
        ("Cursus e-learning", "elearning"),
        ("Cursus elearning", "e-learning"),
    ],
)
def test_diacritics_and_hyphens_find_each_other(community, written, typed):
    _saved(title=written, slug="x", community=community)
    assert _titles(typed) == [written]


def test_hit_without_diacritics_is_highlighted_in_the_snippet(client, community):
    _saved(
        title="Hulp",
        slug="hulp",
        summary="Een financiële bijdrage voor de cursus.",
        community=community,
    )
    response = client.get("/kennis/", {"q": "financiele"})
    assert "<mark>financiële</mark>" in response.content.decode()


def test_typo_without_results_runs_the_corrected_search_at_once(client, community):
    _saved(title="Inburgering in Zeeland", slug="z", community=community)
    response = client.get("/kennis/", {"q": "inburgerring"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Inburgering in Zeeland" in page
    assert "Er is niets gevonden voor “inburgerring”" in page


def test_typo_with_results_offers_did_you_mean_with_a_link(client_as, community):
    _saved(title="Inburgering in Zeeland", slug="z", community=community)
    # Members-only text counts in no vocabulary: its word stays unknown.
    _saved(
        title="Inburgerring (sic)",
        slug="sic",
        community=community,
        visibility=KnowledgeProduct.Visibility.MEMBERS,
    )
    response = client_as("deelnemer").get("/kennis/", {"q": "inburgerring"})
    page = response.content.decode()
    assert "Inburgerring (sic)" in page
    assert "Bedoelde u:" in page
    assert 'href="?q=inburgering"' in page


def test_known_words_and_plurals_get_no_correction(client, community):
    _saved(title="Leerbaarheidstoets", slug="l", community=community)
    for q in ("leerbaarheidstoets", "leerbaarheidstoetsen", "de het een"):
        assert textsearch.correction(q) is None, q
    page = client.get("/kennis/", {"q": "leerbaarheidstoetsen"}).content.decode()
    assert "Bedoelde u" not in page


def test_vocabulary_follows_publishing_editing_archiving_and_deleting(community):
    product = _saved(
        title="Werkervaringsplek", slug="w", community=community, status=Status.CONCEPT
    )
    assert _count("werkervaringsplek") == 0  # a draft reveals nothing
    product.status = Status.PUBLISHED
    product.published_at = timezone.now()
    product.save(update_fields=["status", "published_at"])
    assert _count("werkervaringsplek") == 1
    assert _count("plek") == 1  # its parts count too
    product.title = "Leerwerkplek"
    product.save()
    assert (_count("werkervaringsplek"), _count("leerwerkplek")) == (0, 1)
    product.status = Status.ARCHIVED
    product.save(update_fields=["status"])
    assert _count("leerwerkplek") == 0
    product.status = Status.PUBLISHED
    product.save(update_fields=["status"])
    product.delete()
    assert _count("leerwerkplek") == 0


def test_reindex_command_writes_what_a_save_writes(community):
    products = [
        _saved(
            title="Inburgeringstraject en e-learning", slug="a", community=community
        ),
        _saved(
            title="Financiële hulp",
            slug="b",
            community=community,
            visibility=KnowledgeProduct.Visibility.MEMBERS,
        ),
    ]

    def state():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, search_vector::text, search_words"
                " FROM knowledge_knowledgeproduct ORDER BY id"
            )
            vectors = cursor.fetchall()
        return vectors, sorted(SearchWord.objects.values_list("word", "documents"))

    saved = state()
    KnowledgeProduct.objects.update(search_vector=None, search_words=[])
    SearchWord.objects.all().delete()
    call_command("reindex_search", "--batch-size", "1")
    assert state() == saved
    assert len(products) == 2


@pytest.mark.parametrize(
    "q",
    [
        "inburgerring' OR 1=1 --",
        "a:* & !b <-> c",
        "x" * 5000,
        "ë" * 70,
        "\u200b\u0301\u0308",
        "e-" * 200,
        "-----",
    ],
)
def test_hostile_text_gives_a_page_and_no_correction_error(client, community, q):
    _saved(title="Inburgering", slug="i", community=community)
    assert client.get("/kennis/", {"q": q}).status_code == 200


def test_common_word_gives_the_same_results_read_along_the_newest(
    community, monkeypatch
):
    from knowledge import selectors

    for i in range(7):
        _saved(title=f"Inburgering {i}", slug=f"i{i}", community=community)
    _saved(title="Huisvesting", slug="h", community=community)
    rare = {sort: _titles_sorted("inburgering", sort) for sort in ("", "newest")}
    # Every word counts as common; chunks of two rows, so several are read.
    monkeypatch.setattr(textsearch, "COMMON_WORD_DOCUMENTS", 1)
    monkeypatch.setattr(selectors, "COMMON_CHUNK", 2)
    monkeypatch.setattr(selectors, "RANK_WINDOW", 3)
    common = {sort: _titles_sorted("inburgering", sort) for sort in ("", "newest")}
    assert common["newest"] == rare["newest"][:4]
    assert set(common[""]) == set(rare["newest"][:4])
    assert "Huisvesting" not in common[""]


def test_a_rarer_word_with_more_matches_than_the_window_lists_the_newest_in_both_orders(
    community, monkeypatch
):
    """Not common, yet more matches than the window: both orders list the
    newest RANK_WINDOW + 1 matches, and the count says there are more."""
    from knowledge import selectors

    for i in range(6):
        _saved(
            title=f"Inburgeringstraject {i}",
            slug=f"t{i}",
            community=community,
            published_at=timezone.now() - timezone.timedelta(days=10 - i),
        )
    _saved(title="Huisvesting", slug="h", community=community)
    monkeypatch.setattr(selectors, "RANK_WINDOW", 3)
    newest = [f"Inburgeringstraject {i}" for i in (5, 4, 3, 2)]
    assert _titles_sorted("inburgeringstraject", "newest") == newest
    assert sorted(_titles_sorted("inburgeringstraject", "")) == sorted(newest)
    for sort in ("", "newest"):
        listing = selectors.product_list_page(
            user=AnonymousUser(),
            filters=ProductFilters(q="inburgeringstraject", sort=sort),
            cursor=None,
            per_page=10,
        )
        assert (listing.count, listing.more) == (3, True)


def _titles_sorted(q, sort):
    products, _ = product_list(
        user=AnonymousUser(), filters=ProductFilters(q=q, sort=sort)
    )
    return [p.title for p in products]
