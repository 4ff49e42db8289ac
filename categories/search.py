"""The category search: what a supplier types, in English or Chinese, against the titles of the
UNSPSC categories.

English is matched by whole words and their stems ("panel" finds "panels", "light" finds
"lighting"; "led" no longer finds "Ledger paper"), Chinese by characters within the Chinese titles
(they have no spaces to split on), and both through the synonyms of `data/synonyms.toml` ("PPE",
"laptop", "口罩"), which also carry Chinese queries to the English titles of the codes that have no
Chinese title yet. A query of digits finds the codes that start with them.

The titles are indexed in memory once per process (about 5,400 rows: a few megabytes, built in a
fraction of a second) and the index is rebuilt when a category changes: any save or deletion through
the ORM, and every migration, bumps a version in the cache that each search compares with its own.
Code that changes titles in bulk (`QuerySet.update`, `bulk_update`) calls `forget_search_index()`.
"""

import re
import threading
import time
import tomllib
import unicodedata
import uuid
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import cache as memoised
from itertools import islice, product
from typing import NamedTuple

import snowballstemmer
from django.core.cache import cache
from django.db import transaction

from categories.models import PREFIX_LENGTH, Category
from categories.unspsc import DATA_DIR, ancestor_prefixes
from core.bilingual import reads_chinese

SYNONYMS_FILE = DATA_DIR / "synonyms.toml"
VERSION_KEY = "categories:search-index"
# When the cache cannot say (Redis down), an index is trusted for this long (seconds).
UNCHECKED_FOR = 300
# Words that say nothing of what is sold: "Tires and tire tubes" is about tires and tubes.
STOPWORDS = frozenset(
    "a an and by for from in its of on or other the their to with without".split()  # noqa: SIM905
)
ENGLISH_WORD = re.compile(r"[a-z0-9]+")
CHINESE_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
LEVEL_RANK = {level: rank for rank, level in enumerate(PREFIX_LENGTH)}
# A query's word shorter than this is matched whole (or with a plural "s"), not by its stem.
SHORT_WORD = 4
# How many rewritten queries one query may give (synonyms of several of its words multiply).
MAX_READINGS = 24


class PathStep(NamedTuple):
    """One category above a result, as the picker shows it: its title in the reader's language
    where it has one, and that language (for the `lang` attribute)."""

    title: str
    language: str


class Rank:
    """How a category matched a query, best first. Equal ranks go by the synonym's phrase that the
    file lists first, then broader level first (a family covers its commodities), then shorter
    titles, then by code."""

    EXACT = 0  # the title is the query (the same words, or their plurals, in either language)
    ALL_WORDS = 1  # every word of the query begins a title word of its stem: "light", "lighting"
    STEMS = 2  # every word, by its stem only: "light" for "lighting", "generation" for "generator"
    SYNONYM = 3  # every word, once a synonym replaced what the supplier typed
    SOME_WORDS = 4  # only when nothing matched every word: the titles with the most words


_stem = snowballstemmer.stemmer("english").stemWord


@memoised
def stem(word: str) -> str:
    return _stem(word)


def normalise(text: str) -> str:
    """Full-width letters and digits as ASCII, lower case: what the index and the queries compare."""
    return unicodedata.normalize("NFKC", text or "").casefold().strip()


def title_words(text: str) -> tuple[str, ...]:
    """What a synonym's phrase is compared by: its English words as they are written, each marked
    with "=" ("=lighting" finds "Area lighting", not "Light weapons", which "light" would), and its
    runs of Chinese characters."""
    text = normalise(text)
    english = CHINESE_RUN.sub(" ", text)
    words = [f"={word}" for word in ENGLISH_WORD.findall(english) if word not in STOPWORDS]
    return tuple(words + CHINESE_RUN.findall(text))


def terms_of(text: str) -> tuple[str, ...]:
    """What a text is compared by: the stems of its English words (stopwords left out) and its runs
    of Chinese characters, in order. "Notebook computers" -> ("notebook", "comput")."""
    text = normalise(text)
    english = CHINESE_RUN.sub(" ", text)
    stems = [stem(word) for word in ENGLISH_WORD.findall(english) if word not in STOPWORDS]
    return tuple(stems + CHINESE_RUN.findall(text))


def query_terms(text: str) -> tuple[str, ...]:
    """What a query is compared by: `terms_of`, except that a word of fewer than four letters is
    kept whole, marked "~" (its stem would find too much: "ups" -> "up", "it" -> "its")."""
    text = normalise(text)
    english = CHINESE_RUN.sub(" ", text)
    words = [word for word in ENGLISH_WORD.findall(english) if word not in STOPWORDS]
    terms = [f"~{word}" if len(word) < SHORT_WORD else stem(word) for word in words]
    return tuple(terms + CHINESE_RUN.findall(text))


@dataclass(frozen=True)
class Entry:
    code: str
    level_rank: int
    title_en: str
    title_zh: str  # normalised, to compare
    title_zh_as_written: str
    stems: frozenset
    words: frozenset  # its English words as written, marked as `title_words` marks them
    words_by_stem: dict  # its English words as written (unmarked), by stem
    key_en: tuple  # the title's stems, sorted: equal to a query's means the same words
    extra_words: int  # the title's words a query of one word leaves unmatched, for ties

    def has_words(self, words) -> bool:
        """Whether each of the words (stopwords and short words aside) begins a word of the title
        that has its stem: "panel" and "panels", "light" and "lighting", not "lighting" and "light"."""
        return all(
            word in STOPWORDS
            or len(word) < SHORT_WORD
            or any(w.startswith(word) for w in self.words_by_stem.get(stem(word), ()))
            for word in words
        )


def _entry(category) -> Entry:
    stems = [term for term in terms_of(category["title_en"]) if not CHINESE_RUN.fullmatch(term)]
    return Entry(
        code=category["code"],
        level_rank=LEVEL_RANK[category["level"]],
        title_en=category["title_en"],
        title_zh=normalise(category["title_zh"]),
        title_zh_as_written=category["title_zh"],
        stems=frozenset(stems),
        words=frozenset(t for t in title_words(category["title_en"]) if t.startswith("=")),
        words_by_stem=_words_by_stem(category["title_en"]),
        key_en=tuple(sorted(set(stems))),
        extra_words=len(set(stems)),
    )


def _words_by_stem(title: str) -> dict[str, set[str]]:
    words = {}
    for word in ENGLISH_WORD.findall(normalise(title)):
        words.setdefault(stem(word), set()).add(word)
    return words


def _as_stem(term: str) -> str:
    return stem(term[1:]) if term.startswith("~") else term


def _synonyms() -> dict[tuple, list[tuple]]:
    """data/synonyms.toml: what is typed as terms, the phrases as title words:
    ("led",) -> [("=light", "=emitting", "=diode"), ("=lamps",), ("=lighting",)]."""
    table = tomllib.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))["synonyms"]
    return {
        query_terms(typed): [title_words(phrase) for phrase in phrases]
        for typed, phrases in table.items()
    }


class SearchIndex:
    """The categories' titles by term, built once from the database."""

    def __init__(self, *, version: str, rows):
        self.version = version
        self.built_at = time.monotonic()
        self.entries = {row["code"]: _entry(row) for row in rows}
        self.codes = sorted(self.entries)
        self.by_term: dict[str, set[str]] = {}  # stems and marked words
        for entry in self.entries.values():
            for term in entry.stems | entry.words:
                self.by_term.setdefault(term, set()).add(entry.code)
        self.chinese = [(e.title_zh, e.code) for e in self.entries.values() if e.title_zh]
        self.synonyms = _synonyms()
        self.longest_synonym = max(len(typed) for typed in self.synonyms)
        # The Chinese phrases, longest first, to find them inside a run of Chinese characters.
        self.chinese_synonyms = sorted(
            (
                typed[0]
                for typed in self.synonyms
                if len(typed) == 1 and CHINESE_RUN.fullmatch(typed[0])
            ),
            key=len,
            reverse=True,
        )

    def codes_starting(self, digits: str, *, limit: int) -> list[str]:
        """Codes that start with the digits: broader levels first, then by code."""
        start = bisect_left(self.codes, digits)
        found = []
        for code in self.codes[start:]:
            if not code.startswith(digits):
                break
            found.append(code)
        return sorted(found, key=lambda code: (self.entries[code].level_rank, code))[:limit]

    def matching(self, term: str) -> set[str]:
        """The codes whose title has the term: a stem of its English words, one of its words
        (marked "="), or Chinese characters within its Chinese title."""
        if CHINESE_RUN.fullmatch(term):
            return {code for title, code in self.chinese if term in title}
        if term.startswith("~"):
            word = term[1:]
            return self.by_term.get(f"={word}", set()) | self.by_term.get(f"={word}s", set())
        return self.by_term.get(term, set())

    def readings(self, terms: tuple) -> list[tuple[tuple, int]]:
        """The query rewritten by the synonyms of the phrases it contains (the longest phrase at
        each place first), every combination of them, each with its order: 0 when it takes the
        first phrase of every synonym, the file's best. The query itself is not among them."""
        terms = self._split_chinese(terms)
        choices, place = [], 0
        while place < len(terms):
            for length in range(min(self.longest_synonym, len(terms) - place), 0, -1):
                if phrases := self.synonyms.get(terms[place : place + length]):
                    choices.append(list(enumerate(phrases)))
                    place += length
                    break
            else:
                choices.append([(0, terms[place : place + 1])])
                place += 1
        combinations = islice(product(*choices), MAX_READINGS)
        readings = {}
        for combination in combinations:
            reading = tuple(term for _, phrase in combination for term in phrase)
            order = sum(position for position, _ in combination)
            readings[reading] = min(order, readings.get(reading, order))
        readings.pop(terms, None)
        readings.pop((), None)
        return list(readings.items())

    def _split_chinese(self, terms: tuple) -> tuple:
        """Runs of Chinese characters cut around the Chinese phrases of the synonyms: "医用口罩"
        -> "医用", "口罩" (Chinese is written without spaces)."""
        split = []
        for term in terms:
            if not CHINESE_RUN.fullmatch(term) or (term,) in self.synonyms:
                split.append(term)
                continue
            for key in self.chinese_synonyms:
                if key in term:
                    before, _, after = term.partition(key)
                    split += [*self._split_chinese((before,) if before else ()), key]
                    split += self._split_chinese((after,) if after else ())
                    break
            else:
                split.append(term)
        return tuple(split)

    def rank(self, query: str) -> dict[str, tuple]:
        """Every category matching the query, with its sort key (smaller is better)."""
        terms = query_terms(query)
        ranked = self._score(terms, full=Rank.STEMS, exact=True)
        typed = ENGLISH_WORD.findall(CHINESE_RUN.sub(" ", normalise(query)))
        for code, key in ranked.items():
            if key[0] == Rank.STEMS and self.entries[code].has_words(typed):
                ranked[code] = (Rank.ALL_WORDS, *key[1:])
        for reading, order in self.readings(terms):
            scored = self._score(reading, full=Rank.SYNONYM, exact=False, order=order)
            for code, key in scored.items():
                ranked[code] = min(key, ranked.get(code, key))
        if not any(key[0] < Rank.SOME_WORDS for key in ranked.values()):
            return ranked
        return {code: key for code, key in ranked.items() if key[0] < Rank.SOME_WORDS}

    def _score(self, terms: tuple, *, full: int, exact: bool, order: int = 0) -> dict[str, tuple]:
        hits = Counter()
        for term in set(terms):
            hits.update(self.matching(term))
        wanted = len(set(terms))
        english_key = tuple(sorted({_as_stem(t) for t in terms if not CHINESE_RUN.fullmatch(t)}))
        scored = {}
        for code, count in hits.items():
            entry = self.entries[code]
            if count < wanted:
                rank = Rank.SOME_WORDS
            elif exact and (entry.key_en == english_key or entry.title_zh == "".join(terms)):
                rank = Rank.EXACT
            else:
                rank = full
            # Among partial matches, the titles with more of the query's words come first.
            words = -count if rank == Rank.SOME_WORDS else 0
            scored[code] = (rank, words, order, entry.level_rank, entry.extra_words, code)
        return scored

    def path(self, code: str) -> list[PathStep]:
        """The categories listed above the code, segment first, titled in the reader's language."""
        above = [prefix.ljust(8, "0") for prefix in ancestor_prefixes(code)[:-1]]
        chinese = reads_chinese()
        steps = []
        for entry in (self.entries[c] for c in above if c in self.entries):
            if chinese and entry.title_zh_as_written:
                steps.append(PathStep(entry.title_zh_as_written, "zh-Hans"))
            else:
                steps.append(PathStep(entry.title_en, "en"))
        return steps


_index: SearchIndex | None = None
_building = threading.Lock()


def index_version() -> str | None:
    """The version of the categories the cache holds (a new one when it held none); None when the
    cache does not answer."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def search_index() -> SearchIndex:
    """This process's index of the categories, rebuilt when the version in the cache moved on."""
    global _index
    version = index_version()
    index = _index
    if index is not None and _still_current(index, version):
        return index
    with _building:
        if _index is None or not _still_current(_index, version):
            # Retired codes are not offered for new choices (categories.reference_data).
            rows = Category.objects.filter(retired_at__isnull=True).values(
                "code", "level", "title_en", "title_zh"
            )
            _index = SearchIndex(version=version or uuid.uuid4().hex, rows=rows)
        return _index


def _still_current(index: SearchIndex, version: str | None) -> bool:
    if version is None:
        return time.monotonic() - index.built_at < UNCHECKED_FOR
    return index.version == version


def forget_search_index(**kwargs) -> None:
    """Every process rebuilds its index at its next search (a signal receiver, and the call to
    make after changing categories in bulk). The version moves now, for this transaction's own
    next search, and again when it commits: a process that rebuilt in between read the rows as
    they were before the commit."""
    _new_version()
    transaction.on_commit(_new_version)


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def search_categories(term: str, *, limit: int = 20) -> list[Category]:
    """The current (not retired) categories a supplier means by `term`, best first, at most
    `limit`: a term of digits
    gives the codes that start with it (broader levels first); words give the categories whose
    title has them, ranked as `Rank` says. Each category carries `path`: the titles of the
    categories above it, segment first, as `PathStep`s in the reader's language (empty for a
    segment). An empty term (every picker shown before a search) finds nothing, without the index."""
    if not (term or "").strip():
        return []
    index = search_index()
    digits = term.replace(" ", "")
    if digits.isdigit():
        codes = index.codes_starting(digits, limit=limit)
    else:
        ranked = index.rank(term)
        codes = sorted(ranked, key=ranked.__getitem__)[:limit]
    found = Category.objects.in_bulk(codes)
    results = [found[code] for code in codes if code in found]
    for category in results:
        category.path = index.path(category.code)
    return results
