"""The keyword grammar: how what a user types in the search box or in an alert's keyword fields is
read. The search page (`notices.finding.matching`), the alert preview (`notices.alerts.criteria.preview`) and
the matching of alerts (`notices.alerts.criteria.save_alert`, which stores the terms, and
`notices.alerts.matching`, which looks for them in a new notice) all read keywords here, so that a preview
promises exactly the notices that will be sent.

The grammar
- Terms are separated by white space, commas (","), full-width commas (U+FF0C) and ideographic
  commas (U+3001), the separators people type in English and in Chinese.
- A "quoted phrase" is one term: its words must appear together, in that order. A quote left open
  runs to the end of the text.
- A term or phrase written with a leading minus (-diesel, -"diesel engines") is an exclusion: a
  notice that contains it does not match. A minus inside a word (SOL-1, e-mail) is part of it.
  Everything in an alert's "excluded keywords" field is an exclusion, minus or not.
- The word "or" is ignored: every term is required (there is no OR).
- Terms are lower-cased and cut at MAX_LENGTH characters; a repeated term counts once, and a term
  both wanted and excluded stays wanted only. A term with no letter or digit (a lone "-", "。") is
  nothing.
- Chinese (CJK_RANGES) has no spaces between words, so a run of Chinese characters is matched as
  written, as a substring, never as a word: where Chinese meets other letters the term is cut in two
  ("LED灯" is "led" and "灯"), and in a quoted phrase each Chinese run is a term of its own.

Which characters are Chinese: the union of the ranges the search and the matcher used to disagree
on: CJK Unified Ideographs and Extension A (U+3400-U+9FFF, which includes the I Ching hexagram
symbols U+4DC0-U+4DFF between them), the CJK Compatibility Ideographs (U+F900-U+FAFF), and the
Japanese kana (hiragana and katakana, U+3040-U+30FF, with the long-vowel mark ー). Kana are in because
Japanese written in kana has no spaces either: "ソーラーパネル" must be found by "ソーラー", which only a
substring match does. The database indexes the same ranges as character bigrams (migration 0018,
`notices_cjk_bigrams`); a test checks that both agree.

What "found" means for a term is the search's (notices.finding), which the matcher repeats for one
notice (notices.alerts.matching):
- on PostgreSQL, a word or phrase is found in the notice's English search vector (stemmed: "vehicles"
  finds "vehicle"; title, reference, agency, description), or, when it has MIN_SUBSTRING characters
  or more, as a part of the title or the reference ("genera" finds "generators"); a Chinese term is
  found as a substring of the title or the description (by their bigrams), or as a whole word of the
  rest of the vector;
- on SQLite, any term is found as a substring (ignoring ASCII case) of the title, reference,
  description or the agency's acronym and names.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQueryField
from django.db.models import Func

MAX_LENGTH = 100
# Below three characters a substring has no trigram to be looked up by (indexes of migration 0005).
MIN_SUBSTRING = 3

CJK_RANGES = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
CHINESE = re.compile(f"[{CJK_RANGES}]")
CHINESE_RUN = re.compile(f"[{CJK_RANGES}]+")
SEPARATORS = "\\s,\uff0c\u3001"
# A quoted phrase (its closing quote optional), or a run of anything but separators and quotes; both
# may start with a minus.
TOKEN = re.compile(f'(-?)(?:"([^"]*)"?|([^{SEPARATORS}"]+))')
IGNORED = {"or"}


@dataclass(frozen=True)
class Term:
    """One term: `text` lower-cased, `excluded` when it must not appear. A Latin term with a space is
    a phrase; a Chinese term is a run of Chinese characters only."""

    text: str
    excluded: bool = False

    @property
    def chinese(self) -> bool:
        return is_chinese(self.text)

    @property
    def as_phrase(self) -> str:
        """The term in the query syntax of this grammar: parsing it gives the term back."""
        text = f'"{self.text}"' if " " in self.text else self.text
        return f"-{text}" if self.excluded else text


def is_chinese(text: str) -> bool:
    """Chinese (or kana): matched as a substring, as written."""
    return bool(CHINESE.search(text))


def _pieces(text: str) -> list[str]:
    """The Chinese runs of `text` and what lies between them, each stripped, in order."""
    pieces, start = [], 0
    for run in CHINESE_RUN.finditer(text):
        pieces += [text[start : run.start()], run.group()]
        start = run.end()
    pieces.append(text[start:])
    return [" ".join(piece.split()) for piece in pieces]


def parse(text: str, *, excluded: bool = False) -> list[Term]:
    """The terms of `text`, in the order typed (see the module's docstring for the rules);
    `excluded` makes every one an exclusion (an alert's excluded keywords)."""
    wanted: dict[str, None] = {}
    unwanted: dict[str, None] = {}
    for minus, phrase, word in TOKEN.findall(text or ""):
        for piece in _pieces((phrase if phrase or not word else word).lower()):
            piece = piece[:MAX_LENGTH].strip()
            if piece in IGNORED or not any(c.isalnum() for c in piece):
                continue
            (unwanted if excluded or minus else wanted).setdefault(piece, None)
    return [Term(t) for t in wanted] + [Term(t, excluded=True) for t in unwanted if t not in wanted]


def alert_terms(keywords: str, excluded_keywords: str) -> list[Term]:
    """An alert's terms: its keywords (where a -term is an exclusion too) and its excluded ones."""
    terms = parse(keywords)
    wanted = {term.text for term in terms if not term.excluded}
    seen = {term.text for term in terms}
    for term in parse(excluded_keywords, excluded=True):
        if term.text not in seen and term.text not in wanted:
            terms.append(term)
            seen.add(term.text)
    return terms


def as_substring(term: Term) -> bool:
    """Whether a Latin term may also be found as a part of a word of the title or the reference."""
    return not term.chinese and len(term.text) >= MIN_SUBSTRING


class KeywordQuery(Func):
    """A term's full-text query on PostgreSQL (`notices_keyword_tsquery`, migration 0019), from two
    expressions: the term, and whether it is Chinese (the phrase of its stemmed English words, or of
    its character bigrams as the search vector stores them; a single character: the prefix of the
    bigrams it starts). The search builds it for what is typed (notices.finding.TermQuery); an alert
    keyword keeps its own (AlertKeyword.query). SQLite finds terms as substrings: NULL there."""

    function = "notices_keyword_tsquery"
    output_field = SearchQueryField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []
