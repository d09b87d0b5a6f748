"""Dutch full-text search of kennisproducten, on the stored, GIN-indexed
search vector. The building blocks (compounds, unaccent, spelling variants,
the query, "Did you mean") are in cop_portal.textsearch; this module adds
the portal's jargon (the Synonym list, expanded both ways) and the batch
re-index of existing products (docs/decisions/0019-dutch-search.md)."""

from collections import Counter

from django.db import connection, transaction

from cop_portal import textsearch
from cop_portal.textsearch import EMPTY, MAX_WORDS, ParsedQuery, words

__all__ = ["EMPTY", "MAX_WORDS", "ParsedQuery", "parse_query", "words"]


def _synonyms() -> list[tuple[str, str]]:
    from .models import Synonym

    synonyms = list(Synonym.objects.values_list("term", "meaning"))
    # The jargon counts as Dutch words when compounds are split.
    textsearch.add_words(w for pair in synonyms for w in textsearch.words(pair[0]))
    return synonyms


def parse_query(
    text: str, synonyms: list[tuple[str, str]] | None = None
) -> ParsedQuery:
    """User text -> a safe tsquery. Runs at most two queries (synonyms, stems)."""
    if not textsearch.tokens(text):
        return EMPTY
    if synonyms is None:
        synonyms = _synonyms()
    return textsearch.parse_query(text, synonyms)


REINDEX_BATCH = 1000

_BATCH_SQL = """
    SELECT kp.id, kp.title, kp.summary, kp.body_text,
           kp.status = 'gepubliceerd' AND kp.revision_of_id IS NULL
             AND kp.visibility = 'openbaar',
           coalesce(qa.questions, ''), coalesce(qa.answers, '')
    FROM knowledge_knowledgeproduct kp
    LEFT JOIN LATERAL (
        SELECT string_agg(question, ' ' ORDER BY position, id) AS questions,
               string_agg(answer, ' ' ORDER BY position, id) AS answers
        FROM knowledge_questionanswer WHERE product_id = kp.id
    ) qa ON true
    WHERE kp.id > %s ORDER BY kp.id LIMIT %s
"""

_UPDATE_SQL = f"""
    UPDATE knowledge_knowledgeproduct kp SET
        search_vector =
            setweight(to_tsvector('{textsearch.CONFIG}', d.a), 'A')
            || setweight(to_tsvector('{textsearch.CONFIG}', d.b), 'B')
            || setweight(to_tsvector('{textsearch.CONFIG}', d.c), 'C')
            || setweight(to_tsvector('{textsearch.CONFIG}', d.d), 'D'),
        search_words = d.words
    FROM (
        SELECT * FROM jsonb_to_recordset(%s::jsonb)
          AS x(id bigint, a text, b text, c text, d text, words varchar(60)[])
    ) d
    WHERE kp.id = d.id
"""  # noqa: S608 - a constant, no user input


def reindex_products(*, batch_size: int = REINDEX_BATCH, log=None) -> int:
    """Rewrite every product's search vector and vocabulary words, in batches
    of `batch_size` rows by id (each its own transaction when called outside
    one), then count the vocabulary afresh. Returns the number of products.
    Used by the migration that introduced compounds and by the command
    `reindex_search`; safe to run again."""
    import json

    _synonyms()
    done, last = 0, 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_BATCH_SQL, [last, batch_size])
            rows = cursor.fetchall()
            if not rows:
                break
            data = []
            for pk, title, summary, body, counted, questions, answers in rows:
                texts = {
                    "a": title,
                    "b": " ".join([summary, questions]),
                    "c": " ".join([body, answers]),
                }
                data.append(_row_texts(pk, texts, counted))
            cursor.execute(_UPDATE_SQL, [json.dumps(data)])
        done += len(rows)
        last = rows[-1][0]
        if log:
            log(f"{done} products")
    recount_vocabulary()
    return done


def _row_texts(pk, texts: dict[str, str], counted: bool) -> dict:
    """One product's texts as search_vector() builds them, for SQL."""
    row: dict = {"id": pk}
    parts: list[str] = []
    for key, text in texts.items():
        joined, found = textsearch.extras(text)
        parts.extend(found)
        row[key] = " ".join([text, *joined])
    row["d"] = " ".join(dict.fromkeys(parts))
    row["words"] = textsearch.document_words(*texts.values()) if counted else []
    return row


def recount_vocabulary() -> None:
    """Count the vocabulary afresh from the products' stored words."""
    from cop_portal.models import SearchWord

    table = SearchWord._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")  # noqa: S608
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        cursor.execute(
            f"""
            INSERT INTO {table} (word, documents)
            SELECT word, count(*) FROM knowledge_knowledgeproduct,
                   unnest(search_words) AS word
            GROUP BY word
            """  # noqa: S608 - the model's own table name
        )


def vocabulary_counts() -> Counter:
    from cop_portal.models import SearchWord

    return Counter(dict(SearchWord.objects.values_list("word", "documents")))
