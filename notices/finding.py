"""Where a term is found: the conditions of the keyword grammar (notices.keywords) on the notices'
table, for the search (notices.search, notices.filters) and the alert preview
(notices.alerts.criteria), and the full-text query a search is ranked by.

On PostgreSQL each term is one lookup in the keyword index (migration 0042): the phrase of its
English words in the weighted `search_vector`, or a Chinese term as the phrase of its character
bigrams (migrations 0009, 0018); or'ed, for a Latin term of MIN_SUBSTRING characters or more, with
its match as a part of the title (the title's words, `InTitleWords`; a phrase by the title's
trigrams) or of the reference (its trigrams). On SQLite a plain `icontains` over the same fields
stands in.
"""

from django.contrib.postgres.search import SearchQueryField
from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value

from notices import keywords
from notices.keywords import KeywordQuery, Term


def matching(
    notices: QuerySet, q: str, *, open_only: bool = False, per_row: bool = False
) -> QuerySet:
    """Notices matching the keywords of `q`, read by the keyword grammar (notices.keywords)."""
    return matching_terms(notices, keywords.parse(q), open_only=open_only, per_row=per_row)


def matching_terms(
    notices: QuerySet, terms: list[Term], *, open_only: bool = False, per_row: bool = False
) -> QuerySet:
    """Notices in which every wanted term is found and no excluded one (notices.keywords says what
    "found" is). Each term is one condition: a lookup of the search vector in the keyword index, or'ed
    for Latin terms of MIN_SUBSTRING characters or more with its match as a part of the title (the
    title's words, `InTitleWords`) or of the reference; on SQLite a plain `icontains` over the
    notice's fields stands in.

    `open_only`: the caller keeps open notices only (`with_status`). On PostgreSQL the terms are
    then looked up among the notices that may be open (`Notice.maybe_open`), in those indexes' own
    copy for them: a common word's bitmap is built over a twentieth of the table (two words or a
    phrase, 273 -> 160 ms p95 on a million notices; docs/performance.md). Only here, not in
    `with_status`: without keywords, the flag beside the deadline's range makes the planner expect a
    fiftieth of the open notices, and a category's open notices went from 18 to 63 ms.

    `per_row`: the terms are tested on each row the other filters' indexes find, never looked up
    in an index of their own (`plans.keywords_per_row` says when)."""
    if not terms:
        return notices
    if open_only and connection.vendor == "postgresql":
        notices = notices.filter(maybe_open=True)
    found = _found_in_vector if connection.vendor == "postgresql" else _found_as_substring
    condition = Q()
    for term in terms:
        condition &= ~found(term) if term.excluded else found(term)
    if per_row and connection.vendor == "postgresql":
        return notices.filter(TestedOnEachRow(condition))
    return notices.filter(condition)


class TestedOnEachRow(Func):
    """`(condition) IS TRUE`: the same rows as `condition`, which no index serves."""

    template = "(%(expressions)s) IS TRUE"
    output_field = BooleanField()


class TermQuery(KeywordQuery):
    """The full-text query of one term of what is typed (notices.keywords.KeywordQuery)."""

    def __init__(self, term: Term):
        super().__init__(Value(term.text), Value(term.chinese))


class InVector(Func):
    """`search_vector @@ query`, as a condition."""

    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = BooleanField()

    def __init__(self, query):
        super().__init__(F("search_vector"), query)


def _found_in_vector(term: Term) -> Q:
    condition = Q(InVector(TermQuery(term)))
    if keywords.as_substring(term):
        in_title = Q(title__icontains=term.text) if SPACES & set(term.text) else InTitleWords(term)
        condition |= Q(in_title) | Q(reference__icontains=term.text)
    return condition


SPACES = set(" \t\n\r\f\v")  # where the title's words are split (migration 0042)


class InTitleWords(Func):
    """A term without spaces as a part of the title: a part of one of the title's words
    (`title_words`, migration 0042), looked up among every title word (`notices_titleword`, by its
    trigrams), then in the keyword index beside the filters; the same notices as `title__icontains`,
    whose trigram lists cost tens of ms for a common word."""

    output_field = BooleanField()

    def __init__(self, term: Term):
        super().__init__(F("title_words"))
        self.text = term.text

    def as_sql(self, compiler, connection, **extra_context):
        words, params = compiler.compile(self.source_expressions[0])
        pattern = f"%{connection.ops.prep_for_like_query(self.text)}%"  # as `icontains` writes it
        among = "SELECT word FROM notices_titleword WHERE word LIKE UPPER(%s)"
        return f"({words} && ARRAY({among}))", [*params, pattern]


SUBSTRING_FIELDS = [
    "title",
    "reference",
    "description",
    "agency__acronym",
    "agency__name_en",
    "agency__name_zh",
]


def _found_as_substring(term: Term) -> Q:
    condition = Q()
    for field in SUBSTRING_FIELDS:
        condition |= Q(**{f"{field}__icontains": term.text})
    return condition


def search_query(q: str) -> Func | None:
    """All the terms of `q` as one full-text query (excluded ones negated), to rank by; None when
    nothing in `q` can be ranked that way."""
    terms = keywords.parse(q)
    if not any(not term.excluded for term in terms):
        return None
    return Func(
        *(
            Func(TermQuery(t), template="(!!%(expressions)s)") if t.excluded else TermQuery(t)
            for t in terms
        ),
        template="(%(expressions)s)",
        arg_joiner=" && ",
        output_field=SearchQueryField(),
    )
