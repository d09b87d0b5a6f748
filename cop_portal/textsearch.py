"""Dutch full-text search building blocks, shared by every searchable model
(docs/decisions/0019-dutch-search.md).

Write time: `search_vector()` turns weighted texts into a tsvector expression
in the `dutch_unaccent` configuration (unaccent, then the Dutch snowball
stemmer; made by a migration, so no files on the server). Two things the
configuration cannot do are done here in Python and stored with the vector:
compound parts ("inburgeringstraject" also indexes "inburgering" and
"traject", at the lowest weight D) and the joined form of hyphenated words
("e-learning" also indexes "elearning").

Query time: `parse_query()` builds a tsquery from letters and digits only, so
no input can form tsquery syntax; `correction()` proposes a spelling from the
portal's own vocabulary (`SearchWord`, kept up to date at write time by
`vocabulary_change()`).
"""

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection, transaction
from django.db.models import FloatField, Value
from django.db.models.expressions import RawSQL

CONFIG = "dutch_unaccent"  # made by cop_portal migration 0006
STEMMER = "dutch_stem"

MAX_WORDS = 24
MAX_WORD_LENGTH = 60
# Shorter stems match exactly: a prefix of three letters would match too much.
PREFIX_MIN_LENGTH = 4

# A word of letters and digits, with hyphenated parts kept together.
_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case without diacritics: "Financiële" -> "financiele"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    return [w[:MAX_WORD_LENGTH] for w in _WORD.findall(fold(text))]


def tokens(text: str) -> list[str]:
    """Like words(), but "e-learning" stays one token."""
    return [t[: MAX_WORD_LENGTH * 2] for t in _TOKEN.findall(fold(text))]


# --- Compounds --------------------------------------------------------------

# A compound is split only when it is this long, and only into parts of at
# least these lengths: "ont" + "heffing" or "ge" + "meente" are no compounds.
COMPOUND_MIN_LENGTH = 7
MODIFIER_MIN_LENGTH = 4
HEAD_MIN_LENGTH = 4
MAX_COMPOUND_LENGTH = 40
# A part must be this common in Dutch (Zipf scale: 3 is once per million
# words); rarer strings ("having", "trai") are mostly accidents of splitting.
MIN_ZIPF = 3.0
# Linking sounds between the parts: inburgering-s-traject, boek-en-kast.
_LINKS = ("s", "en", "e")


@cache
def _dutch_words() -> dict[str, float]:
    """Dutch words with their Zipf frequency, from wordfreq's word list."""
    from wordfreq import get_frequency_dict

    words_ = {}
    for word, frequency in get_frequency_dict("nl").items():
        zipf = math.log10(frequency) + 9
        if zipf >= MIN_ZIPF and word.isalpha():
            words_[fold(word)] = max(zipf, words_.get(fold(word), 0))
    return words_


@cache
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="nl_NL")


def load_word_lists() -> None:
    """Read the word list and the hyphenation patterns now: a web worker
    does it at start-up (cop_portal/wsgi.py), so its first search does not
    wait 0.7 s for them."""
    _dutch_words()
    _hyphenator()


# Words of the portal itself (its jargon) that wordfreq does not know well
# enough; set by the apps (knowledge: the synonym list) through add_words(),
# which replaces them each time it reads the list, so every process splits by
# what the database holds now, never by what it once read.
_extra_words: frozenset[str] = frozenset()


def add_words(extra: Iterable[str]) -> None:
    global _extra_words
    current = frozenset(w for w in (fold(x) for x in extra) if w.isalpha())
    if current != _extra_words:
        _extra_words = current
        _split.cache_clear()


def _frequency(word: str) -> float:
    if word in _extra_words:
        return max(MIN_ZIPF, _dutch_words().get(word, 0))
    return _dutch_words().get(word, 0)


def _modifier(left: str) -> tuple[str, float] | None:
    """The left part as a word, without its linking sound if it has one."""
    candidates = [left] + [left[: -len(s)] for s in _LINKS if left.endswith(s)]
    best = None
    for candidate in candidates:
        if len(candidate) < MODIFIER_MIN_LENGTH:
            continue
        zipf = _frequency(candidate)
        if zipf and (best is None or zipf > best[1]):
            best = (candidate, zipf)
    return best


@lru_cache(maxsize=200_000)
def _split(word: str) -> tuple[tuple[str, ...], float]:
    """(parts, weakest part's frequency) of the best split, or ((), 0)."""
    if len(word) < COMPOUND_MIN_LENGTH or not word.isalpha():
        return (), 0.0
    hyphenation_points = set(_hyphenator().positions(word))
    best: tuple[tuple[str, ...], float, int] | None = None
    for i in range(MODIFIER_MIN_LENGTH, len(word) - HEAD_MIN_LENGTH + 1):
        modifier = _modifier(word[:i])
        if modifier is None:
            continue
        head = word[i:]
        head_zipf = _frequency(head) if len(head) >= HEAD_MIN_LENGTH else 0
        head_parts, head_split_zipf = _split(head)
        if head_zipf:
            parts, zipf = (head,), head_zipf
        elif head_parts:
            parts, zipf = head_parts, head_split_zipf
        else:
            continue
        candidate = (
            (modifier[0], *parts),
            min(modifier[1], zipf),
            # Prefer a split at a hyphenation point, then the commonest parts.
            int(i in hyphenation_points),
        )
        if best is None or (candidate[2], candidate[1]) > (best[2], best[1]):
            best = candidate
    if best is None:
        return (), 0.0
    return best[0], best[1]


def compound_parts(word: str) -> tuple[str, ...]:
    """The parts of a Dutch compound, without linking sounds; () if none.
    "inburgeringstraject" -> ("inburgering", "traject"). A part that is a
    Dutch word stays whole ("onderwijs-route", not "onder-wijs-route")."""
    word = fold(word)
    if len(word) > MAX_COMPOUND_LENGTH:
        return ()
    return _split(word)[0]


def index_parts(word: str) -> tuple[str, ...]:
    """compound_parts and, for the index, the parts of those parts too:
    "werkervaringsplek" -> werkervaring, plek, werk, ervaring."""
    found: dict[str, None] = {}
    todo = list(compound_parts(word))
    while todo:
        part = todo.pop(0)
        if part not in found:
            found[part] = None
            todo.extend(compound_parts(part))
    return tuple(found)


def _joined(token: str) -> str | None:
    return token.replace("-", "") if "-" in token else None


# --- Write time -------------------------------------------------------------


def extras(text: str) -> tuple[list[str], list[str]]:
    """(joined forms of hyphenated words, compound parts) of a text."""
    joined, parts = [], []
    for token in dict.fromkeys(tokens(text)):
        if (whole := _joined(token)) is not None:
            joined.append(whole)
        for word in token.split("-"):
            parts.extend(index_parts(word))
    return joined, parts


def search_vector(*weighted: tuple[str, str]):
    """A tsvector expression for texts with their weights (A, B, C); the
    joined forms of hyphenated words keep their text's weight, compound
    parts all get weight D, below any whole word."""
    vector = None
    all_parts: list[str] = []
    for text, weight in weighted:
        joined, parts = extras(text)
        all_parts.extend(parts)
        piece = SearchVector(
            Value(" ".join([text, *joined])), weight=weight, config=CONFIG
        )
        vector = piece if vector is None else vector + piece
    parts_vector = SearchVector(
        Value(" ".join(dict.fromkeys(all_parts))), weight="D", config=CONFIG
    )
    return parts_vector if vector is None else vector + parts_vector


VOCABULARY_MIN_LENGTH = 3


def document_words(*texts: str) -> list[str]:
    """The distinct words a document adds to the vocabulary: its words,
    their compound parts and joined hyphenated forms, without digits-only
    words, sorted (the order rows are locked in)."""
    found = set()
    for text in texts:
        joined, parts = extras(text)
        found.update(words(text), joined, parts)
    return sorted(
        w
        for w in found
        if VOCABULARY_MIN_LENGTH <= len(w) <= MAX_WORD_LENGTH and not w.isdigit()
    )


def vocabulary_change(*, old: Iterable[str], new: Iterable[str]) -> None:
    """Count a document's words in the vocabulary: `new` replaces `old`."""
    old, new = Counter(set(old)), Counter(set(new))
    vocabulary_apply(new - old, old - new)


def vocabulary_apply(added: Counter, removed: Counter) -> None:
    """Add and subtract document counts (word -> number of documents)."""
    from .models import SearchWord

    table = SearchWord._meta.db_table
    with connection.cursor() as cursor:
        if added:
            up = sorted(added.items())
            cursor.execute(
                f"""
                INSERT INTO {table} (word, documents)
                SELECT w, n FROM unnest(%s::text[], %s::int[]) AS d(w, n)
                ON CONFLICT (word)
                DO UPDATE SET documents = {table}.documents + excluded.documents
                """,  # noqa: S608 - the model's own table name
                [[w for w, _ in up], [n for _, n in up]],
            )
        if removed:
            down = sorted(removed.items())
            cursor.execute(
                f"""
                UPDATE {table} SET documents = greatest(documents - d.n, 0)
                FROM unnest(%s::text[], %s::int[]) AS d(w, n)
                WHERE {table}.word = d.w
                """,  # noqa: S608 - the model's own table name
                [[w for w, _ in down], [n for _, n in down]],
            )


# --- Query time -------------------------------------------------------------


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # tsquery source for to_tsquery('simple', ...), or "" for none
    terms: tuple[str, ...]  # the words searched for, for display
    # The same without compound parts: a product that has the typed word
    # itself ranks above one that only has its parts.
    exact: str = ""

    def __bool__(self):
        return bool(self.text)

    def as_search_query(self) -> SearchQuery:
        # 'simple' only lower-cases: the lexemes are already Dutch stems.
        return SearchQuery(self.text, search_type="raw", config="simple")

    def as_exact_query(self) -> SearchQuery:
        return SearchQuery(self.exact or self.text, search_type="raw", config="simple")


EMPTY = ParsedQuery("", ())


def stems(all_words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """word -> its stem and the stem of its stem (empty for a stop word).

    The stock Dutch stemmer gives "leerbaarheidstoets" the stem
    "leerbaarheidstoet" but "leerbaarheidstoetsen" "leerbaarheidstoets":
    matching both as prefixes lets either form find the other."""
    all_words = sorted(set(all_words))
    if not all_words:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT w, s1.stem, (ts_lexize('{STEMMER}', s1.stem))[1]
            FROM unnest(%s::text[]) AS w,
                 LATERAL (SELECT (ts_lexize('{STEMMER}', w))[1] AS stem) s1
            """,  # noqa: S608 - a constant, no user input
            [all_words],
        )
        return {
            word: tuple(dict.fromkeys(s for s in (first, second) if s))
            for word, first, second in cursor.fetchall()
        }


def _lexeme(stem: str) -> str:
    quoted = "'" + stem.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + (":*" if len(stem) >= PREFIX_MIN_LENGTH else "")


def _word_term(word: str, stems_) -> str | None:
    lexemes = stems_.get(word) or ()
    if not lexemes:
        return None
    return "(" + " | ".join(_lexeme(s) for s in lexemes) + ")"


def _all_of(phrase: list[str], stems_) -> str | None:
    parts = [t for t in (_word_term(w, stems_) for w in phrase) if t]
    return "(" + " & ".join(parts) + ")" if parts else None


def _find(sequence: list[str], needle: list[str]) -> int:
    if not needle:
        return -1
    for start in range(len(sequence) - len(needle) + 1):
        if sequence[start : start + len(needle)] == needle:
            return start
    return -1


# Words a part of a synonym phrase may not begin or end with.
_LINK_WORDS = frozenset({"de", "het", "een", "en", "of", "van", "op", "in", "voor"})


def _find_phrase(
    sequence: list[str], side: list[str], *, whole: bool
) -> tuple[int, list[str]]:
    """Where `side` occurs in `sequence` (whole), or else (not whole) two or
    more of its words in a row, for a phrase of three words or more:
    "taalniveau B1" of "leerroute taalniveau B1"; and the words found."""
    if whole:
        start = _find(sequence, side)
        return (start, side) if start >= 0 else (-1, [])
    for length in range(len(side) - 1, 1, -1):
        for begin in range(len(side) - length + 1):
            piece = side[begin : begin + length]
            if piece[0] in _LINK_WORDS or piece[-1] in _LINK_WORDS:
                continue
            if (start := _find(sequence, piece)) >= 0:
                return start, piece
    return -1, []


def _alternatives(token: str) -> list[list[str]]:
    # The first alternative is the token itself (the exact query keeps it).
    """What one typed token may match: itself, its joined form and its
    parts ("e-learning": elearning, or e and learning), its compound parts
    all together ("taalniveau": taalniveau, or taal and niveau)."""
    pieces = token.split("-")
    result = [["".join(pieces)]]
    if len(pieces) > 1:
        result.append(pieces)
    else:
        parts = list(compound_parts(token))
        if parts:
            result.append(parts)
    return result


def parse_query(text: str, synonyms: list[tuple[str, str]] = ()) -> ParsedQuery:
    """User text -> a safe tsquery. Runs one query (the stems).

    Jargon from `synonyms` (term, meaning) is expanded both ways: "PIP" also
    looks for "persoonlijk plan inburgering en participatie" and back."""
    query_tokens = tokens(text)[:MAX_WORDS]
    if not query_tokens:
        return EMPTY
    # Each group: the alternatives (lists of words that must all match) for
    # one token or one synonym phrase.
    remaining = list(query_tokens)
    groups: list[list[list[str]]] = []
    # Whole phrases first, so a part of one synonym ("en participatie")
    # cannot take words another synonym needs whole.
    for whole in (True, False):
        for term, meaning in synonyms:
            sides = [tokens(term), tokens(meaning)]
            for side, other in (sides, sides[::-1]):
                start, typed = _find_phrase(remaining, side, whole=whole)
                if start >= 0:
                    groups.append([typed, other])
                    # Blank out the covered words: they are not searched twice.
                    remaining[start : start + len(typed)] = [""] * len(typed)
    token_groups = [False] * len(groups)
    for token in remaining:
        if token:
            groups.append(_alternatives(token))
            token_groups.append(True)
    # A synonym side may hold hyphenated or compound words too.
    groups = [
        [
            alternative
            if len(alternative) == 1 and "-" not in alternative[0]
            else [p for w in alternative for p in w.split("-")]
            for alternative in group
        ]
        for group in groups
    ]
    stems_ = stems(w for group in groups for alt in group for w in alt)
    clauses, exact = [], []
    for group, is_token in zip(groups, token_groups, strict=True):
        terms = [t for t in (_all_of(a, stems_) for a in group) if t]
        if terms:
            clauses.append("(" + " | ".join(dict.fromkeys(terms)) + ")")
            exact.append(terms[0] if is_token else clauses[-1])
    return ParsedQuery(
        " & ".join(clauses), tuple(query_tokens), exact=" | ".join(exact)
    )


# The portal's jargon (term, meaning), kept by the knowledge app, which sets
# the source at start-up: the shared base imports no app, yet every list's
# search box expands the same jargon as the kennis search.
_synonym_source: Callable[[], list[tuple[str, str]]] | None = None


def register_synonym_source(source: Callable[[], list[tuple[str, str]]]) -> None:
    global _synonym_source
    _synonym_source = source


def parse_with_synonyms(text: str) -> ParsedQuery:
    """parse_query with the registered jargon: what the kennis search, the
    portal search and the session and signal lists all search for."""
    if not tokens(text):
        return EMPTY
    return parse_query(text, _synonym_source() if _synonym_source else ())


# --- Common words -----------------------------------------------------------

# From this many documents on, a word is common: its matches are found faster
# by reading the newest rows until enough match than through the GIN index
# (which yields every match, all of them then sorted). PostgreSQL's estimate
# for a prefix query is far too low to see this itself.
COMMON_WORD_DOCUMENTS = 20_000
# In a smaller corpus a word is common sooner: in a fifth of its documents
# (the newest rows then fill the window quickly), but never below a few
# thousand, whose index matches cost little. "inburgering" in 13,400 of
# 20,000 products read all its matches through the index: 70 ms, against
# 20-30 ms for the newest rows.
COMMON_WORD_SHARE = 0.2
COMMON_WORD_LEAST = 2_000


def is_common(text: str, *, corpus=None) -> bool:
    """Whether every word of the query is common (so their combination is
    likely common too): in COMMON_WORD_DOCUMENTS documents, or with `corpus`
    (the model whose texts the vocabulary counts), in a share of its rows
    as PostgreSQL's statistics estimate them. One indexed read of the
    vocabulary."""
    from .models import SearchWord

    query_words = [w for w in words(text)[:MAX_WORDS] if len(w) >= 3]
    if not query_words:
        return False
    found = SearchWord.objects.filter(word__in=query_words)
    if corpus is not None:
        found = found.annotate(
            # The planner's row estimate, from the catalogue: no count.
            corpus_rows=RawSQL(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
                (corpus._meta.db_table,),
                output_field=FloatField(),
            )
        )
    columns = ["word", "documents"] + (["corpus_rows"] if corpus is not None else [])
    rows = list(found.values(*columns))
    counts = {row["word"]: row["documents"] for row in rows}
    threshold = common_threshold(rows[0].get("corpus_rows") if rows else None)
    return min(counts.get(w, 0) for w in query_words) >= threshold


def common_threshold(corpus_rows: float | None) -> float:
    """How many documents make a word common in a corpus of about this many
    rows (None, or -1 for a table never analysed: not known)."""
    if not corpus_rows or corpus_rows <= 0:
        return COMMON_WORD_DOCUMENTS
    return min(
        COMMON_WORD_DOCUMENTS, max(COMMON_WORD_LEAST, COMMON_WORD_SHARE * corpus_rows)
    )


# --- Did you mean -----------------------------------------------------------

# Trigram similarity a correction needs (pg_trgm's own default is 0.3; one
# wrong letter in a word of ten gives about 0.6).
CORRECTION_THRESHOLD = 0.45
# How much more common a word must be to beat a closer one: each tenfold
# of documents counts as this much similarity.
FREQUENCY_WEIGHT = 0.03


def correction(text: str) -> str | None:
    """The query with each word the portal does not know replaced by the
    closest word it does know (trigram similarity, then how many documents
    use it), or None when every word is known or has no close match.
    Reads the vocabulary only, through its indexes, never a content table:
    one query when every word is known.

    A word is known when the vocabulary has it, or a word that starts with
    its stem (a plural the texts do not use); stop words are known."""
    from .models import SearchWord

    query_words = list(dict.fromkeys(words(text)[:MAX_WORDS]))
    candidates = [
        w for w in query_words if len(w) >= VOCABULARY_MIN_LENGTH and not w.isdigit()
    ]
    if not candidates:
        return None
    table = SearchWord._meta.db_table
    with connection.cursor() as cursor:
        # Stems hold letters and digits only: nothing LIKE would read.
        cursor.execute(
            f"""
            SELECT w FROM unnest(%s::text[]) AS w,
                LATERAL (SELECT (ts_lexize('{STEMMER}', w))[1] AS stem) s
            WHERE s.stem IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM {table}
                WHERE documents > 0
                  AND (word = w OR (length(s.stem) >= %s AND word LIKE s.stem || '%%'))
            )
            """,  # noqa: S608 - the model's own table name, constants
            [candidates, PREFIX_MIN_LENGTH],
        )
        unknown = [row[0] for row in cursor.fetchall()]
    if not unknown:
        return None
    replacements = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
            [str(CORRECTION_THRESHOLD)],
        )
        for word in unknown:
            cursor.execute(
                f"""
                SELECT word FROM {table}
                WHERE word %% %s AND documents > 0
                ORDER BY similarity(word, %s) + %s * log(documents + 1) DESC,
                         word
                LIMIT 1
                """,  # noqa: S608 - the model's own table name
                [word, word, FREQUENCY_WEIGHT],
            )
            row = cursor.fetchone()
            if row and row[0] != word:
                replacements[word] = row[0]
    if not replacements:
        return None
    return " ".join(replacements.get(w, w) for w in words(text)[:MAX_WORDS])
