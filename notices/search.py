"""Finding notices: the public set, each filter, keyword search, sorting, counting and pages.

Everything here stays bounded as the table grows (see issue 7):
- filters are indexed equalities: a category at any level is one `prefix` of NoticeCategoryPrefix,
  countries one NoticeCountry row, both as EXISTS;
- keywords use the stored, weighted `search_vector` (GIN): `websearch_to_tsquery('english')` for
  words, and Chinese terms as phrases of character bigrams (migration 0009); or'ed with a
  trigram-indexed substring match on the title and reference for partial words; on SQLite a plain
  `icontains` over the same fields stands in;
- relevance ranks only the RANK_CANDIDATES newest matches, never every match;
- counts stop at COUNT_CAP: above it the answer is "more than" (with the planner's estimate on
  PostgreSQL), labelled as such;
- pages go no deeper than MAX_PAGES (an OFFSET of at most COUNT_CAP rows).
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from notices.categories import prefix_of, validate_code
from notices.models import (
    Notice,
    NoticeCategoryPrefix,
    NoticeCountry,
    NoticeStatus,
    PublicStatus,
)

PAGE_SIZE = 20
COUNT_CAP = 1000
MAX_PAGES = COUNT_CAP // PAGE_SIZE
RANK_CANDIDATES = 1000
ANY_STATUS = "any"

# Ideographs and the CJK punctuation/kana blocks: text in these scripts has no spaces between words.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
TERM = re.compile(r'-?"[^"]+"|\S+')


class Sort:
    NEWEST = "newest"
    CLOSING = "closing"
    RELEVANCE = "relevance"


PUBLIC_STATUSES = [NoticeStatus.PUBLISHED, NoticeStatus.CANCELLED, NoticeStatus.AWARDED]


def public_notices() -> QuerySet:
    """Every notice suppliers may see (all but drafts), with its agency."""
    return Notice.objects.filter(status__in=PUBLIC_STATUSES).select_related("agency")


def with_status(notices: QuerySet, status: str, *, now: datetime | None = None) -> QuerySet:
    """Open (published, deadline ahead), closed (published, deadline passed), cancelled, awarded;
    ANY_STATUS keeps them all."""
    now = now or timezone.now()
    if status == PublicStatus.OPEN:
        return notices.filter(status=NoticeStatus.PUBLISHED, deadline__gt=now)
    if status == PublicStatus.CLOSED:
        return notices.filter(
            Q(deadline__lte=now) | Q(deadline__isnull=True), status=NoticeStatus.PUBLISHED
        )
    if status in (PublicStatus.CANCELLED, PublicStatus.AWARDED):
        return notices.filter(status=status)
    return notices


def category_prefix(code: str) -> str:
    """The prefix a category filter matches on: a code at any level (43, 4323, 432321 or 8 digits
    such as 43230000) gives its significant digits. ValidationError for anything else."""
    code = (code or "").strip()
    if code.isdigit() and len(code) in (2, 4, 6):
        code = code.ljust(8, "0")
    return prefix_of(validate_code(code))


def in_categories(notices: QuerySet, codes: list[str]) -> QuerySet:
    """Notices classified under any of the codes, at any depth below them."""
    prefixes = sorted({category_prefix(code) for code in codes})
    return notices.filter(
        Exists(NoticeCategoryPrefix.objects.filter(notice=OuterRef("pk"), prefix__in=prefixes))
    )


def in_countries(notices: QuerySet, countries: list[str]) -> QuerySet:
    return notices.filter(
        Exists(NoticeCountry.objects.filter(notice=OuterRef("pk"), country__in=countries))
    )


def split_terms(q: str) -> tuple[list[str], list[str]]:
    """The words and "quoted phrases" of a query, and the -excluded ones, without their marks."""
    wanted, excluded = [], []
    for match in TERM.findall(q or ""):
        negative = match.startswith("-") and len(match) > 1
        term = match[1:] if negative else match
        term = term.strip('"').strip()
        if not term or term.lower() == "or":
            continue
        (excluded if negative else wanted).append(term)
    return wanted, excluded


def matching(notices: QuerySet, q: str) -> QuerySet:
    """Notices matching the keywords; the query syntax is websearch's (words, "phrases", -word)."""
    q = (q or "").strip()
    if not q:
        return notices
    if connection.vendor == "postgresql":
        return notices.filter(_postgres_match(q))
    return notices.filter(_plain_match(q))


def _substring_match(q: str) -> Q | None:
    """Every wanted term inside the title or the reference, no excluded one in the title: what finds
    a partial word ("genera" in "generators"). Used when the query has a Latin term (three
    characters or more, so that a trigram index serves it) or a single Chinese character; longer
    Chinese terms are served by the bigrams of the search vector alone."""
    wanted, excluded = split_terms(q)
    latin = [term for term in wanted if not CJK.search(term)]
    single_characters = [term for term in wanted if CJK.search(term) and len(term) == 1]
    if not (latin or single_characters) or any(len(term) < 3 for term in latin):
        return None
    condition = Q()
    for term in wanted:
        condition &= Q(title__icontains=term) | Q(reference__icontains=term)
    for term in excluded:
        condition &= ~Q(title__icontains=term)
    return condition


def _postgres_match(q: str) -> Q:
    query = _search_query(q)
    condition = Q(search_vector=query) if query is not None else Q(pk__in=[])
    substring = _substring_match(q)
    return condition | substring if substring is not None else condition


def _search_query(q: str) -> SearchQuery | None:
    """The full-text query: websearch syntax ('english') for the words, and for each run of Chinese
    characters the phrase of its overlapping bigrams ('simple'), as the search vector stores them
    (migration 0009). None when nothing in `q` can be searched that way."""
    queries = []
    latin = CJK_RUN.sub(" ", q).strip()
    if latin.strip('"- '):
        queries.append(SearchQuery(latin, search_type="websearch", config="english"))
    wanted, excluded = split_terms(q)
    for terms, negate in ((wanted, False), (excluded, True)):
        for run in (run for term in terms for run in CJK_RUN.findall(term)):
            phrase = SearchQuery(_bigram_phrase(run), search_type="raw", config="simple")
            queries.append(~phrase if negate else phrase)
    if not queries or all(isinstance(query, SearchQuery) and query.invert for query in queries):
        return None
    combined = queries[0]
    for query in queries[1:]:
        combined &= query
    return combined


def _bigram_phrase(run: str) -> str:
    """'太阳能' -> "'太阳' <-> '阳能'"; a single character is a prefix of the bigrams it starts."""
    if len(run) == 1:
        return f"'{run}':*"
    return " <-> ".join(f"'{run[i : i + 2]}'" for i in range(len(run) - 1))


def _plain_match(q: str) -> Q:
    wanted, excluded = split_terms(q)
    condition = Q()
    for term in wanted:
        condition &= (
            Q(title__icontains=term)
            | Q(reference__icontains=term)
            | Q(description__icontains=term)
            | Q(agency__acronym__icontains=term)
            | Q(agency__name_en__icontains=term)
        )
    for term in excluded:
        condition &= ~Q(title__icontains=term) & ~Q(description__icontains=term)
    return condition


def ordered(notices: QuerySet, *, sort: str, q: str = "") -> QuerySet:
    """Newest first (default), closing soonest, or by relevance when there are keywords.

    Relevance ranks the RANK_CANDIDATES newest matches only, so that a word found in most notices
    costs no more than a rare one. That is as deep as pages go anyway (MAX_PAGES x PAGE_SIZE); older
    matches are reached by narrowing the search. Count the unordered queryset, not this one.
    """
    if sort == Sort.CLOSING:
        return notices.order_by(F("deadline").asc(nulls_last=True), "id")
    if sort == Sort.RELEVANCE and (q or "").strip():
        candidates = notices.order_by("-published_at", "-id").values("pk")[:RANK_CANDIDATES]
        ranked = notices.filter(pk__in=candidates)
        query = _search_query(q) if connection.vendor == "postgresql" else None
        if query is not None:
            rank = SearchRank(F("search_vector"), query)
        else:
            rank = Case(
                When(title__icontains=q.strip(), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        return ranked.annotate(rank=rank).order_by("-rank", "-published_at", "-id")
    # Public notices always have a publication date; plain DESC keeps the index usable.
    return notices.order_by("-published_at", "-id")


@dataclass(frozen=True)
class ResultCount:
    """How many notices match. `exact` is False above COUNT_CAP: `value` is then the planner's
    estimate (PostgreSQL) or COUNT_CAP, and the page says "about" or "more than"."""

    value: int
    exact: bool

    @property
    def is_estimate(self) -> bool:
        return not self.exact and self.value > COUNT_CAP


def count(notices: QuerySet) -> ResultCount:
    """Count up to COUNT_CAP + 1 rows only (the scan stops there)."""
    found = notices.order_by().values("pk")[: COUNT_CAP + 1].count()
    if found <= COUNT_CAP:
        return ResultCount(found, exact=True)
    return ResultCount(max(_planner_estimate(notices), COUNT_CAP), exact=False)


def _planner_estimate(notices: QuerySet) -> int:
    if connection.vendor != "postgresql":
        return 0
    sql, params = notices.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


AGENCY_FIELDS = ["agency__acronym", "agency__name_en", "agency__name_zh"]
FACETS_TIMEOUT = 120


@dataclass(frozen=True)
class Facets:
    by_agency: list[dict]
    by_type: list[dict]


def facets(*, for_agencies: QuerySet, for_types: QuerySet, same: bool) -> Facets:
    """How many notices each agency and each type has, most first. `for_agencies` is the search
    without its agency filter and `for_types` without its type filter; when they are the same
    query (`same`: neither filter is set) one GROUP BY over both columns serves the two."""
    if same:
        rows = list(
            for_agencies.order_by().values(*AGENCY_FIELDS, "notice_type").annotate(n=Count("pk"))
        )
        return Facets(_totals(rows, AGENCY_FIELDS), _totals(rows, ["notice_type"]))
    by_agency = for_agencies.order_by().values(*AGENCY_FIELDS).annotate(n=Count("pk"))
    by_type = for_types.order_by().values("notice_type").annotate(n=Count("pk"))
    return Facets(_sorted(by_agency, AGENCY_FIELDS), _sorted(by_type, ["notice_type"]))


def cached_facets(key: str, compute) -> Facets:
    """Facet counts change slowly and cost a scan of the matches: kept FACETS_TIMEOUT seconds."""
    return cache.get_or_set(f"notices:facets:{key}", compute, FACETS_TIMEOUT)


def _totals(rows: list[dict], fields: list[str]) -> list[dict]:
    totals: dict[tuple, int] = {}
    for row in rows:
        key = tuple(row[field] for field in fields)
        totals[key] = totals.get(key, 0) + row["n"]
    return _sorted(
        [{**dict(zip(fields, key, strict=True)), "n": n} for key, n in totals.items()], fields
    )


def _sorted(rows, fields: list[str]) -> list[dict]:
    return sorted(rows, key=lambda row: (-row["n"], *(str(row[f]) for f in fields)))


@dataclass(frozen=True)
class ResultPage:
    notices: list
    number: int
    has_previous: bool
    has_next: bool
    last_number: int
    depth_limited: bool

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1


def page_of(notices: QuerySet, *, number, total: ResultCount) -> ResultPage:
    """One page of PAGE_SIZE. Pages stop at MAX_PAGES (`depth_limited` then says so); a page number
    that is not a number is page 1, and one past the end is the last page."""
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    available = max((min(total.value, COUNT_CAP) + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    last = min(available, MAX_PAGES)
    number = min(number, last)
    start = (number - 1) * PAGE_SIZE
    rows = list(notices[start : start + PAGE_SIZE + 1])
    return ResultPage(
        notices=rows[:PAGE_SIZE],
        number=number,
        has_previous=number > 1,
        has_next=len(rows) > PAGE_SIZE and number < MAX_PAGES,
        last_number=last,
        depth_limited=not total.exact and number == MAX_PAGES,
    )


def staff_notices(*, status: str = "", q: str = "") -> QuerySet:
    """Every notice, drafts included, for the staff area: newest change first."""
    notices = Notice.objects.select_related("agency")
    if status in NoticeStatus.values:
        notices = notices.filter(status=status)
    if q.strip():
        notices = notices.filter(Q(title__icontains=q.strip()) | Q(reference__icontains=q.strip()))
    return notices.order_by("-updated_at", "-id")
