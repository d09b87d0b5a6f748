"""The B1 check: advice on how plain a Dutch text is, never a refusal
(docs/decisions/0018-plain-language-check.md).

Plain functions over text, free of Django, in time linear in the length of the
text: every step walks the words once, and the only lookups are in dicts and
sets. `check(text, jargon=...)` gives a `Report` with an overall level, the
measures behind it and the findings per paragraph; the template
`components/plain_language.html` turns the findings into translated advice.

The portal's jargon list lives in the knowledge app (the Synonym table that
moderators keep in the admin). This base module may not import it, so the
knowledge app registers a source at start-up (`register_jargon_source`) and
`portal_jargon()` asks every registered source; the reviewed list of
officialese below is always there.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

# --- Thresholds (the decision record says where they come from) -------------
LONG_SENTENCE_WORDS = 20  # a sentence with more words is advised to be split
AVERAGE_SENTENCE_OK = 15  # B1 writing guides: 10 to 15 words on average
AVERAGE_SENTENCE_NEARLY = 20
LONG_WORD_SYLLABLES = 5  # 5 or more syllables
LONG_WORD_LETTERS = 16  # or 16 or more letters
RARE_ZIPF = 3.0  # less than once in a million words of Dutch text
# A long word this frequent (10 times in a million words) is known to most
# readers however long it is: "organisatie", "verantwoordelijkheid".
FAMILIAR_ZIPF = 4.0
HARD_WORDS_OK = 0.05  # share of words that are long or rare
HARD_WORDS_NEARLY = 0.10
LONG_SENTENCES_OK = 0.10  # share of sentences that are long
LONG_SENTENCES_NEARLY = 0.25
PASSIVE_OK = 0.10  # share of sentences with a passive construction
PASSIVE_NEARLY = 0.25
# Shares are taken of at least this many words and sentences, so that one
# hard word in a short signal title does not make the text "too hard".
MIN_WORDS = 40
MIN_SENTENCES = 4
FINDINGS_PER_PARAGRAPH = 12  # more are counted, not listed
TEXT_LIMIT = 100_000  # characters the check endpoint accepts

OK, NEARLY, HARD = "ok", "nearly", "hard"
_ORDER = {OK: 0, NEARLY: 1, HARD: 2}

# Officialese and jargon of the field with the plain words to use instead,
# reviewed for the portal. Moderators add the field's abbreviations in the
# admin (Synonym); an entry here wins over one there for the same term,
# because the Synonym list is written for search, not for plain language.
PLAIN_WORDS: dict[str, str] = {
    "aangaande": "over",
    "aanvangen": "beginnen",
    "alsmede": "en",
    "conform": "volgens",
    "derhalve": "daarom",
    "dienen te": "moeten",
    "doch": "maar",
    "evalueren": "bekijken hoe het ging",
    "faciliteren": "mogelijk maken",
    "geïmplementeerd": "ingevoerd",
    "implementatie": "invoering",
    "implementeren": "invoeren",
    "in het kader van": "bij, voor",
    "indien": "als",
    "inzake": "over",
    "met betrekking tot": "over",
    "middels": "met",
    "omtrent": "over",
    "ontheffing": "vrijstelling (je hoeft het niet te doen)",
    "participatie": "meedoen",
    "reeds": "al",
    "statushouder": "nieuwkomer met een verblijfsvergunning",
    "teneinde": "om",
    "ten behoeve van": "voor",
    "trachten": "proberen",
    "verstrekken": "geven",
    "vigerend": "geldend",
    "woonachtig": "wonend",
}

# The field's own words that its readers, the expertgroep of
# (ex-)inburgeraars included, know however long or rare they are in general
# Dutch text.
KNOWN_WORDS = frozenset(
    {
        "inburgeraar",
        "inburgeraars",
        "inburgering",
        "inburgeringsexamen",
        "inburgeringsplicht",
        "inburgeringstraject",
        "nieuwkomer",
        "nieuwkomers",
        "taalniveau",
        "taalschool",
        "verblijfsvergunning",
    }
)

_sources: list[Callable[[], Iterable[tuple[str, str]]]] = []


def register_jargon_source(source: Callable[[], Iterable[tuple[str, str]]]) -> None:
    """Add a function that gives (term, plain words) pairs, asked on every
    `portal_jargon()`. Registering the same function twice has no effect."""
    if source not in _sources:
        _sources.append(source)


def portal_jargon() -> dict[str, str]:
    """Every term the portal advises against, with its plain words."""
    jargon: dict[str, str] = {}
    for source in _sources:
        jargon.update(source())
    jargon.update(PLAIN_WORDS)
    return jargon


# --- Word frequency ------------------------------------------------------------


@cache
def _word_lists() -> tuple[frozenset[str], frozenset[str]]:
    """The Dutch words at or above RARE_ZIPF and at or above FAMILIAR_ZIPF in
    wordfreq's list. wordfreq keeps its whole list (34 MB) in memory once
    read; only these words (about 29,000) are kept here and wordfreq's
    cache is emptied."""
    import wordfreq

    buckets = wordfreq.get_frequency_list("nl")
    # Bucket i holds the words of frequency 10 ** (-i / 100); Zipf = 9 + log10.
    common = frozenset(
        word for bucket in buckets[: int((9 - RARE_ZIPF) * 100) + 1] for word in bucket
    )
    familiar = frozenset(
        word
        for bucket in buckets[: int((9 - FAMILIAR_ZIPF) * 100) + 1]
        for word in bucket
    )
    wordfreq.get_frequency_list.cache_clear()
    return common, familiar


def _common_words() -> frozenset[str]:
    return _word_lists()[0]


def is_familiar(word: str) -> bool:
    return word.lower() in _word_lists()[1]


def is_common(word: str) -> bool:
    """A word many readers know: frequent in Dutch, or a compound of two
    frequent words (with a linking -s-, -e- or -en- between them), as Dutch
    writes open-ended compounds that no list holds ("taalschool")."""
    common = _common_words()
    word = word.lower()
    if word in common or len(word) > 40:
        return word in common
    for cut in range(3, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        if tail not in common:
            continue
        if head in common or (
            head[-1] in "se" and head[:-1] in common and len(head) > 3
        ):
            return True
        if head.endswith("en") and head[:-2] in common and len(head) > 4:
            return True
    return False


# --- Text into paragraphs, sentences and words ---------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:[.,]\d+)*")
_ABBREVIATION = re.compile(
    r"\b(?:(?:[a-zA-Z]\.){2,}|(?:bijv|bv|evt|enz|etc|mr|dr|nr|art|ca|incl|excl"
    r"|resp|zgn|vs|jl|blz|min|max)\.)",
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|[.!?]$")
# Neither part may hold its own opening bracket, so a run of brackets is
# scanned once, not once per bracket.
_MARKDOWN_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*\)")
_URL = re.compile(r"https?://\S+|www\.\S+")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_SYLLABLE = re.compile(r"[äëïöü][aeiouy]*|[aeiouyáéíóúàèìòùâêîôû]+", re.IGNORECASE)


def syllables(word: str) -> int:
    """Vowel groups: Dutch spelling writes one syllable per group, and a
    diaeresis starts a new one (financ-i-ë-le)."""
    return max(1, len(_SYLLABLE.findall(word)))


def paragraphs(text: str) -> list[str]:
    """Blocks between blank lines, with Markdown links and addresses reduced
    to their words."""
    text = _URL.sub(" ", _MARKDOWN_LINK.sub(r"\1", text.replace("\r\n", "\n")))
    return [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]


def sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph. A line ends a sentence when it is a heading
    or a list item, ends in a stop or colon, or the next line is a list item:
    texts without a stop after a heading would otherwise run on."""
    lines = [line for line in paragraph.split("\n") if line.strip()]
    pieces: list[str] = []
    current = ""
    for number, line in enumerate(lines):
        is_block = bool(_HEADING.match(line) or _LIST_ITEM.match(line))
        line = _LIST_ITEM.sub("", _HEADING.sub("", line)).strip()
        if is_block and current:
            pieces.append(current)
            current = ""
        current = f"{current} {line}".strip()
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if (
            is_block
            or line.endswith((".", "!", "?", ":"))
            or _LIST_ITEM.match(following)
        ):
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    result = []
    for piece in pieces:
        shielded = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), piece)
        result.extend(s.strip() for s in _SENTENCE_END.split(shielded) if s.strip())
    return [sentence for sentence in result if _TOKEN.search(sentence)]


# --- Passive ----------------------------------------------------------------------

_WORDEN = {"word", "wordt", "worden", "werd", "werden", "geworden"}
_ZIJN = {"is", "zijn", "was", "waren", "geweest"}
_PARTICIPLE_PREFIXES = ("ge", "be", "ver", "ont", "her", "er")
# Separable verbs put "ge" after their particle: opgesteld, aangevraagd.
_PARTICLES = (
    "aan", "af", "bij", "door", "in", "mee", "na", "om", "op", "over", "samen",
    "terug", "toe", "uit", "vast", "voor", "weg",
)  # fmt: skip
# Words that look like a participle but are not ("er worden gemeenten ...").
_NOT_PARTICIPLES = {
    "gebied",
    "gebieden",
    "geen",
    "gegevens",
    "geld",
    "gelden",
    "geleden",
    "gemeente",
    "gemeenten",
    "genoeg",
    "gesprek",
    "gesprekken",
    "gewend",
    "bedrijven",
    "bent",
    "bericht",
    "berichten",
    "verschillende",
    "verder",
    "vervolgens",
    "ook",
}
_PASSIVE_REACH = 8  # words after the auxiliary in which the participle is sought


def _looks_like_participle(word: str) -> bool:
    word = word.lower()
    if word in _NOT_PARTICIPLES or len(word) < 5:
        return False
    if not word.endswith(("d", "t", "en")):
        return False
    if word.startswith("ge"):
        return True
    for particle in _PARTICLES:
        if word.startswith(particle) and word.startswith("ge", len(particle)):
            return True
    return word.startswith(_PARTICIPLE_PREFIXES)


def passive_phrase(words: list[str]) -> str | None:
    """The auxiliary and participle of a passive in one sentence, or None.
    A form of "worden" with a participle after it is passive; a form of "zijn"
    with a participle counts only when "door" names the actor, as "zijn" also
    makes the perfect tense of active verbs ("hij is gegaan")."""
    lowered = [word.lower() for word in words]
    has_door = "door" in lowered
    for index, word in enumerate(lowered):
        if word in _WORDEN or (has_door and word in _ZIJN):
            for later in range(index + 1, min(index + 1 + _PASSIVE_REACH, len(words))):
                if _looks_like_participle(words[later]):
                    gap = " " if later == index + 1 else " … "
                    return f"{words[index]}{gap}{words[later]}"
    return None


# --- Jargon ---------------------------------------------------------------------


def _jargon_index(jargon: Mapping[str, str]):
    """Terms by their first word, lowered unless written in capitals (so the
    abbreviation "MAP" is found, not the word "map")."""
    index: dict[str, list[tuple[tuple[str, ...], str, str, bool]]] = {}
    for term, plain in jargon.items():
        words = tuple(_WORD.findall(term))
        if not words:
            continue
        exact = term.upper() == term and any(c.isalpha() for c in term)
        key = words[0] if exact else words[0].lower()
        index.setdefault(key, []).append((words, term, plain, exact))
    for entries in index.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return index


def _jargon_at(words, lowered, position, index):
    for key, exact in ((words[position], True), (lowered[position], False)):
        for term_words, term, plain, term_exact in index.get(key, ()):
            if term_exact != exact:
                continue
            span = words[position : position + len(term_words)]
            if exact:
                match = tuple(span) == term_words
            else:
                match = tuple(w.lower() for w in span) == tuple(
                    w.lower() for w in term_words
                )
            if match:
                return term, plain, len(term_words)
    return None


# --- The report -----------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One piece of advice. kind: long_sentence, long_word, rare_word,
    jargon or passive; text: the words it is about; plain: the words to use
    instead (jargon); words: the length of a long sentence."""

    kind: str
    text: str
    plain: str = ""
    words: int = 0


@dataclass
class Paragraph:
    number: int
    start: str  # its first words, so the author finds it
    findings: list[Finding] = field(default_factory=list)
    more: int = 0  # findings beyond FINDINGS_PER_PARAGRAPH


@dataclass(frozen=True)
class Measure:
    name: str  # average_sentence, long_sentences, hard_words, jargon, passive
    value: float
    level: str


@dataclass
class Report:
    level: str
    words: int
    sentences: int
    measures: list[Measure]
    paragraphs: list[Paragraph]  # only those with findings
    flesch_douma: float

    @property
    def reasons(self) -> list[Measure]:
        return [measure for measure in self.measures if measure.level != OK]


def _level(value: float, ok: float, nearly: float) -> str:
    if value <= ok:
        return OK
    return NEARLY if value <= nearly else HARD


def _start(paragraph: str, words: int = 6) -> str:
    found = _TOKEN.findall(paragraph)
    return " ".join(found[:words]) + (" …" if len(found) > words else "")


def check(text: str, *, jargon: Mapping[str, str] | None = None) -> Report | None:
    """The B1 report of `text`, or None when it has no words."""
    jargon = PLAIN_WORDS if jargon is None else jargon
    index = _jargon_index(jargon)
    total_words = total_sentences = total_syllables = 0
    long_sentences = passives = hard_words = jargon_uses = 0
    result: list[Paragraph] = []
    for number, block in enumerate(paragraphs(text), start=1):
        paragraph = Paragraph(number=number, start=_start(block))
        seen: set[tuple[str, str]] = set()

        def add(finding: Finding, paragraph=paragraph, seen=seen) -> None:
            key = (finding.kind, finding.text.lower())
            if key in seen:
                return
            seen.add(key)
            if len(paragraph.findings) < FINDINGS_PER_PARAGRAPH:
                paragraph.findings.append(finding)
            else:
                paragraph.more += 1

        for sentence in sentences(block):
            tokens = _TOKEN.findall(sentence)
            words = [token for token in tokens if not token[0].isdigit()]
            total_sentences += 1
            total_words += len(tokens)
            if len(tokens) > LONG_SENTENCE_WORDS:
                long_sentences += 1
                add(Finding("long_sentence", _start(sentence, 8), words=len(tokens)))
            if phrase := passive_phrase(words):
                passives += 1
                add(Finding("passive", phrase))
            lowered = [word.lower() for word in words]
            skip = 0
            for position, word in enumerate(words):
                total_syllables += syllables(word)
                if skip:
                    skip -= 1
                    continue
                if found := _jargon_at(words, lowered, position, index):
                    term, plain, length = found
                    jargon_uses += 1
                    skip = length - 1
                    add(Finding("jargon", term, plain=plain))
                    continue
                # Names (a capital inside a sentence) are not advice material.
                if (position and word[0].isupper()) or lowered[position] in KNOWN_WORDS:
                    continue
                if (
                    syllables(word) >= LONG_WORD_SYLLABLES
                    or len(word) >= LONG_WORD_LETTERS
                ) and not is_familiar(word):
                    hard_words += 1
                    add(Finding("long_word", word))
                elif len(word) > 3 and not is_common(word):
                    hard_words += 1
                    add(Finding("rare_word", word))
            total_syllables += len(tokens) - len(words)
        if paragraph.findings:
            result.append(paragraph)
    if not total_words:
        return None
    average = total_words / total_sentences
    per_word = max(total_words, MIN_WORDS)
    per_sentence = max(total_sentences, MIN_SENTENCES)
    measures = [
        Measure(
            "average_sentence",
            round(average, 1),
            _level(average, AVERAGE_SENTENCE_OK, AVERAGE_SENTENCE_NEARLY),
        ),
        Measure(
            "long_sentences",
            long_sentences,
            _level(
                long_sentences / per_sentence,
                LONG_SENTENCES_OK,
                LONG_SENTENCES_NEARLY,
            ),
        ),
        Measure(
            "hard_words",
            hard_words,
            _level(hard_words / per_word, HARD_WORDS_OK, HARD_WORDS_NEARLY),
        ),
        # Jargon alone never makes a text too hard: a term may be needed once
        # it is explained.
        Measure("jargon", jargon_uses, OK if not jargon_uses else NEARLY),
        Measure(
            "passive",
            passives,
            _level(passives / per_sentence, PASSIVE_OK, PASSIVE_NEARLY),
        ),
    ]
    level = max((measure.level for measure in measures), key=_ORDER.__getitem__)
    flesch_douma = 206.835 - 0.93 * average - 77 * (total_syllables / total_words)
    return Report(
        level=level,
        words=total_words,
        sentences=total_sentences,
        measures=measures,
        paragraphs=result,
        flesch_douma=round(max(0.0, min(100.0, flesch_douma)), 0),
    )


def check_texts(*texts: str, jargon: Mapping[str, str] | None = None) -> Report | None:
    """One report over several fields of a form, each its own paragraphs."""
    return check("\n\n".join(text for text in texts if text), jargon=jargon)
