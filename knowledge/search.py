"""Dutch full-text search on the stored, GIN-indexed search vector.

The stock `dutch` snowball stemmer gives "leerbaarheidstoets" the lexeme
"leerbaarheidstoet" and "leerbaarheidstoetsen" the lexeme "leerbaarheidstoets".
So each query word is looked up in the stemmer once and then once more (the
stem of the stem) and both lexemes are matched as prefixes: either form of
the word then finds the other, through the same GIN index. The query is built
from letters and digits only, so no input can form tsquery syntax.

Jargon from the Synonym list is expanded both ways: "PIP" also looks for
"persoonlijk plan inburgering en participatie" and the other way round.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db import connection

from .models import SEARCH_CONFIG, Synonym

MAX_WORDS = 24
MAX_WORD_LENGTH = 60
# Shorter stems match exactly: a prefix of three letters would match too much.
PREFIX_MIN_LENGTH = 4

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    return [w.lower()[:MAX_WORD_LENGTH] for w in _WORD.findall(text or "")]


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # tsquery source for to_tsquery('simple', ...), or "" for none
    terms: tuple[str, ...]  # the words searched for, for display

    def __bool__(self):
        return bool(self.text)

    def as_search_query(self) -> SearchQuery:
        # 'simple' only lower-cases: the lexemes are already Dutch stems.
        return SearchQuery(self.text, search_type="raw", config="simple")


def _stems(all_words: set[str]) -> dict[str, tuple[str, ...]]:
    """word -> its stem and the stem of its stem (empty for a stop word)."""
    if not all_words:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT w, s1.stem, (ts_lexize('{SEARCH_CONFIG}_stem', s1.stem))[1]
            FROM unnest(%s::text[]) AS w,
                 LATERAL (SELECT (ts_lexize('{SEARCH_CONFIG}_stem', w))[1] AS stem) s1
            """,  # noqa: S608 - a constant, no user input
            [sorted(all_words)],
        )
        result = {}
        for word, first, second in cursor.fetchall():
            result[word] = tuple(dict.fromkeys(s for s in (first, second) if s))
        return result


def _lexeme(stem: str) -> str:
    quoted = "'" + stem.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + (":*" if len(stem) >= PREFIX_MIN_LENGTH else "")


def _word_term(word: str, stems) -> str | None:
    lexemes = stems.get(word) or ()
    if not lexemes:
        return None
    return "(" + " | ".join(_lexeme(s) for s in lexemes) + ")"


def _phrase_term(phrase: list[str], stems) -> str | None:
    parts = [t for t in (_word_term(w, stems) for w in phrase) if t]
    return "(" + " & ".join(parts) + ")" if parts else None


def _find(sequence: list[str], needle: list[str]) -> int:
    if not needle:
        return -1
    for start in range(len(sequence) - len(needle) + 1):
        if sequence[start : start + len(needle)] == needle:
            return start
    return -1


def parse_query(
    text: str, synonyms: list[tuple[str, str]] | None = None
) -> ParsedQuery:
    """User text -> a safe tsquery. Runs at most two queries (synonyms, stems)."""
    query_words = words(text)[:MAX_WORDS]
    if not query_words:
        return ParsedQuery("", ())
    if synonyms is None:
        synonyms = list(Synonym.objects.values_list("term", "meaning"))
    # Each group: the query words it covers and its alternatives (word lists).
    remaining = list(query_words)
    groups: list[list[list[str]]] = []
    for term, meaning in synonyms:
        sides = [words(term), words(meaning)]
        for side, other in (sides, sides[::-1]):
            start = _find(remaining, side)
            if start >= 0:
                groups.append([side, other])
                # Blank out the covered words so they are not searched twice.
                remaining[start : start + len(side)] = [""] * len(side)
    groups.extend([[w]] for w in remaining if w)
    needed = {w for group in groups for alternative in group for w in alternative}
    stems = _stems(needed)
    clauses = []
    for group in groups:
        alternatives = [t for t in (_phrase_term(a, stems) for a in group) if t]
        if alternatives:
            clauses.append("(" + " | ".join(alternatives) + ")")
    return ParsedQuery(" & ".join(clauses), tuple(query_words))
