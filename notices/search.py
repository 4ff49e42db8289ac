"""Finding notices: the public set, each filter, keyword search, sorting, counting and pages.

Everything here stays bounded as the table grows (docs/performance.md):
- filters are indexed: a category at any level is one `prefix` of NoticeCategoryPrefix, a country
  one NoticeCountry row; on PostgreSQL both are read from their copies on the notice's row
  (`prefix_codes`, `country_codes`), keys of the keyword index beside the agency and the type
  (migration 0042), which intersects them with the keywords as it reads them; elsewhere as EXISTS;
- keywords are read by the keyword grammar (notices.keywords, shared with alerts), each term one
  condition of notices.finding;
- relevance ranks only the RANK_CANDIDATES newest matches, never every match;
- a page walks the date (or deadline) index for the rows it needs unless the matches are few enough
  that reading and sorting them all costs less (`plans.sorts_every_match`);
- counts read the keys of at most KEY_CAP matches (the scan stops there): up to it the count is
  exact and the page, the ranking and the facets look the matches up by key; above it the answer
  is "more than" (with the planner's estimate on PostgreSQL), labelled as such; when the planner
  expects few matches, the count reads them all in the page's order and the page looks up only its
  own rows (`plans.counted`, `page_by_keys`);
- pages go no deeper than MAX_PAGES (an OFFSET of at most COUNT_CAP rows);
- on PostgreSQL a search's statements run with the planner settings of PLANNER_SETTINGS
  (`planned_for_search`).
"""

import json
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchRank
from django.db import connection, connections, router, transaction
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    Lookup,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from categories.unspsc import prefix_of, validate_code
from notices import finding
from notices.models import (
    Notice,
    NoticeCategoryPrefix,
    NoticeCountry,
    NoticeStatus,
    PublicStatus,
)

PAGE_SIZE = 20
# How many matches pages reach, and how many keys a count reads before it says "more than".
COUNT_CAP = 1000
KEY_CAP = 5 * COUNT_CAP
# A count in a page's order reads up to ORDERED_CAP x KEY_CAP keys (plans.counted).
ORDERED_CAP = 4
MAX_PAGES = COUNT_CAP // PAGE_SIZE
RANK_CANDIDATES = 1000
ANY_STATUS = "any"


class Sort:
    NEWEST = "newest"
    CLOSING = "closing"
    RELEVANCE = "relevance"


PUBLIC_STATUSES = [NoticeStatus.PUBLISHED, NoticeStatus.CANCELLED, NoticeStatus.AWARDED]

# The planner settings of a search's statements, for its transaction only (docs/performance.md,
# "2026-12-05 (late)"). A GIN bitmap costs the planner the index pages it reads, and a common word's
# 300,000 entries fit in fifty of them, so it ANDs that bitmap with the filters' although decoding
# it is what costs (27-77 ms a broad bitmap): a tenfold cost per index entry makes it leave the broad
# ones out. With 4 MB, two broad bitmaps ANDed go lossy and every row of their pages is tested
# again (`Rows Removed by Index Recheck: 121950`); the table is read from memory, not from a disk.
PLANNER_SETTINGS = {
    "cpu_index_tuple_cost": "0.05",
    "work_mem": "16MB",
    "random_page_cost": "1.1",
}


_SET_PLANNER_SETTINGS = "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(PLANNER_SETTINGS))


@contextmanager
def planned_for_search():
    """Run the enclosed search's statements with PLANNER_SETTINGS, in one transaction on the
    database notices are read from (the replica when there is one); elsewhere, as they are. Never
    in a caller's transaction: the settings would outlast the search there."""
    alias = router.db_for_read(Notice)
    if connections[alias].vendor != "postgresql" or connections[alias].in_atomic_block:
        yield
        return
    values = [value for setting in PLANNER_SETTINGS.items() for value in setting]
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        cursor.execute(_SET_PLANNER_SETTINGS, values)
        yield


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


def clear_closed_flags(*, now: datetime | None = None) -> int:
    """The closing sweep: clear `maybe_open` on the notices whose deadline has passed since they were
    written, so that the open notices' keyword indexes hold hardly more than the open notices.
    Returns how many were cleared. (The flag implies a published notice: the trigger clears it
    when the status changes.)"""
    now = now or timezone.now()
    return Notice.objects.filter(maybe_open=True, deadline__lte=now).update(maybe_open=False)


def category_prefix(code: str) -> str:
    """The prefix a category filter matches on: a code at any level (43, 4323, 432321 or 8 digits
    such as 43230000) gives its significant digits. ValidationError for anything else."""
    code = (code or "").strip()
    if code.isdigit() and len(code) in (2, 4, 6):
        code = code.ljust(8, "0")
    return prefix_of(validate_code(code))


def in_categories(notices: QuerySet, codes: list[str]) -> QuerySet:
    """Notices classified under any of the codes, at any depth below them. On PostgreSQL, one GIN
    bitmap of the prefixes on the notice's row (`prefix_codes`), which the planner ANDs with the
    other filters'; elsewhere an EXISTS on NoticeCategoryPrefix, the rows they are derived from."""
    prefixes = sorted({category_prefix(code) for code in codes})
    if connection.vendor == "postgresql":
        return notices.filter(prefix_codes__overlaps=prefixes)
    return notices.filter(
        Exists(NoticeCategoryPrefix.objects.filter(notice=OuterRef("pk"), prefix__in=prefixes))
    )


def in_agencies(notices: QuerySet, keys: list[int]) -> QuerySet:
    """Notices of any of the agencies (their keys): on PostgreSQL as AmongKeys, a key that the
    keyword indexes hold beside the other filters' (migration 0042)."""
    if connection.vendor == "postgresql":
        return notices.filter(AmongKeys(F("agency_id"), keys))
    return notices.filter(agency_id__in=keys)


def in_countries(notices: QuerySet, countries) -> QuerySet:
    """Notices delivered to any of the countries: a list of codes (as in_categories, read on the
    notice's row on PostgreSQL), or a query of them (an alert's), joined to NoticeCountry."""
    if connection.vendor == "postgresql" and isinstance(countries, list | tuple):
        return notices.filter(country_codes__overlaps=sorted(countries))
    return notices.filter(
        Exists(NoticeCountry.objects.filter(notice=OuterRef("pk"), country__in=countries))
    )


def by_relevance(sort: str, q: str) -> bool:
    """Whether a search is ranked by relevance: asked for, with keywords to rank by."""
    return sort == Sort.RELEVANCE and bool((q or "").strip())


def order_of(sort: str, *, sort_all: bool = False) -> tuple:
    """The order of a sort: newest first, or closing soonest (relevance ranks the newest matches).
    `sort_all`: the same values, as expressions that no index serves (`ordered`)."""
    published, deadline = F("published_at"), F("deadline")
    if sort_all:
        published, deadline = Coalesce(published, published), Coalesce(deadline, deadline)
    if sort == Sort.CLOSING:
        return (deadline.asc(nulls_last=True), F("id").asc())
    # Public notices always have a publication date; plain DESC keeps the index usable.
    return (published.desc(), F("id").desc())


def ordered(
    notices: QuerySet, *, sort: str, q: str = "", sort_all: bool = False, candidates=None
) -> QuerySet:
    """Newest first (default), closing soonest, or by relevance when there are keywords.

    Relevance ranks the RANK_CANDIDATES newest matches only, so that a word found in most notices
    costs no more than a rare one. That is as deep as pages go anyway (MAX_PAGES x PAGE_SIZE); older
    matches are reached by narrowing the search. Count the unordered queryset, not this one.
    `candidates`: their keys, when the count has read them (`page_by_keys`).

    `sort_all` (`plans.sorts_every_match`): every match is fetched and sorted, never found by
    walking the date or deadline index (the 21 earliest deadlines among 5,000 keys: 1.8 s walked,
    the 5,000 sorted in a few ms)."""
    if by_relevance(sort, q):
        newest = order_of(Sort.NEWEST, sort_all=sort_all)
        if candidates is None:
            candidates = notices.order_by(*newest).values("pk")[:RANK_CANDIDATES]
        # The candidates match already: looked up by key, not searched again (with the matches
        # given by key, the planner read them all to join the candidates).
        by_key = isinstance(candidates, list)
        ranked = public_notices().filter(with_keys(candidates) if by_key else Q(pk__in=candidates))
        query = finding.search_query(q) if connection.vendor == "postgresql" else None
        if query is not None:
            rank = SearchRank(F("search_vector"), query)
        else:
            rank = Case(
                When(title__icontains=q.strip(), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        return ranked.annotate(rank=rank).order_by("-rank", *newest)
    return notices.order_by(*order_of(sort, sort_all=sort_all))


@dataclass(frozen=True)
class ResultCount:
    """How many notices match. `exact` is False above the keys the count reads: `value` is then the
    planner's estimate (PostgreSQL) or that cap, and the page says "about" or "more than". `ids`:
    every match's key when exact (in the order of `in_order_of`, a Sort, when sorted); `first`: the
    first FACET_SAMPLE keys read, which the facets count."""

    value: int
    exact: bool
    ids: tuple[int, ...] | None = None
    first: tuple[int, ...] = ()
    in_order_of: str | None = None
    read: int = 0  # the keys read before the count stopped (KEY_CAP when not given)

    @property
    def is_estimate(self) -> bool:
        return not self.exact and self.value > (self.read or KEY_CAP)


def count(
    notices: QuerySet,
    *,
    in_order_of: str | None = None,
    cap: int | None = None,
    estimate: int | None = None,
) -> ResultCount:
    """Count up to `cap` + 1 rows only (the scan stops there; KEY_CAP unless given). The keys are
    read rather than counted (at most five thousand integers): when they are all the matches, the
    page, the ranking and the facets look them up by key instead of searching again (`matches_of`).
    Above the cap: the planner's `estimate`. `in_order_of` (a Sort; `plans.counted`): every match,
    up to ORDERED_CAP x KEY_CAP, sorted, so that a page looks up its own rows by key (`page_by_keys`).

    Five thousand, not the thousand pages reach: `veterinary` (2,158 of a million notices) counted
    to 1,001 was "about 20,330", and its page walked the date index through 454,000 notices for
    its newest matches (0.8 s); its 2,158 keys cost 9 ms."""
    keys = notices.order_by(*(order_of(in_order_of, sort_all=True) if in_order_of else ()))
    cap = cap or (ORDERED_CAP * KEY_CAP if in_order_of else KEY_CAP)
    ids = tuple(keys.values_list("pk", flat=True)[: cap + 1])
    first = ids[:FACET_SAMPLE]
    if len(ids) <= cap:
        return ResultCount(len(ids), exact=True, ids=ids, first=first, in_order_of=in_order_of)
    estimate = estimated_rows(notices) if estimate is None else estimate
    return ResultCount(max(estimate, cap), exact=False, first=first, read=cap)


def first_of(total: ResultCount) -> QuerySet:
    """The first FACET_SAMPLE matches the count read (the newest when it read them in order), by
    key, for the facets to count without searching again."""
    return public_notices().filter(with_keys(total.first))


def matches_of(notices: QuerySet, total: ResultCount) -> QuerySet:
    """The search `notices` to order and page: when `total` found every match, the same notices
    looked up by their keys. A selective search (a rare phrase, a keyword with a country) otherwise
    runs twice, and its page, asked for 20 rows in date order, can lead the planner to walk the
    date index through most of the table for matches that are few or none (2.9 s for a phrase
    found nowhere on 1M notices, against a key look-up of no rows)."""
    if total.ids is None:
        return notices
    return public_notices().filter(with_keys(total.ids))


class AmongKeys(Lookup):
    """`key = ANY(%s::bigint[])`: the keys as one array parameter of the column's own type (one key:
    `key = %s::bigint`, which a B-tree starting with the key walks in the order after it). Up to
    KEY_CAP keys as `pk__in` cost Django a parameter each to prepare (a few ms of a page, for each
    of its statements that look matches up by key); a list of integers alone is an `integer[]`,
    which a GIN index's bigint key does not match (`in_agencies`)."""

    prepare_rhs = False  # the keys go to the database as they are, one list

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        cast = f"::{self.lhs.output_field.db_type(connection)}"
        if len(self.rhs) == 1:  # an equality, which a B-tree can walk in order after it
            return f"{lhs} = %s{cast}", [*params, *self.rhs]
        return f"{lhs} = ANY(%s{cast}[])", [*params, list(self.rhs)]


def with_keys(keys) -> Q:
    """The notices whose primary key is among `keys` (on PostgreSQL as AmongKeys). No keys: no
    statement at all (Django answers an empty `pk__in` itself)."""
    if keys and connection.vendor == "postgresql":
        return Q(AmongKeys(F("pk"), keys))
    return Q(pk__in=keys)


def estimated_rows(notices: QuerySet) -> int:
    """How many rows the planner expects `notices` to have (0 elsewhere than on PostgreSQL), asked
    of the database they are read from (the replica when there is one)."""
    keys = notices.order_by().values("pk")
    database = connections[keys.db]
    if database.vendor != "postgresql":
        return 0
    sql, params = keys.query.get_compiler(using=keys.db).as_sql()
    with database.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


# Facets (notices.facets) count the first FACET_SAMPLE matches, as `count` does: above it, the
# page says so.
FACET_SAMPLE = COUNT_CAP


def page_number(number) -> int:
    """A page's number as asked for: anything but a positive number is page 1."""
    try:
        return max(int(number), 1)
    except (TypeError, ValueError):
        return 1


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
    number, last, start = _bounds(number, total)
    return _page(list(notices[start : start + PAGE_SIZE + 1]), number, last, total)


def page_by_keys(total: ResultCount, *, sort: str, q: str, number) -> ResultPage:
    """The page of a count that read every match in order (`count`'s `in_order_of`): its rows, or
    the relevance candidates (the newest RANK_CANDIDATES), looked up by key alone."""
    if by_relevance(sort, q):
        ranked = ordered(None, sort=sort, q=q, candidates=list(total.ids[:RANK_CANDIDATES]))
        return page_of(ranked.defer(*CARD_DEFERRED), number=number, total=total)
    number, last, start = _bounds(number, total)
    return _page(_cards(total.ids[start : start + PAGE_SIZE + 1]), number, last, total)


def page_of_sorted_keys(notices: QuerySet, *, number, total: ResultCount) -> ResultPage:
    """`page_of` for a search that reads and sorts every match (`ordered`'s `sort_all`): the sort
    carries their keys alone, then the page's rows are looked up by key. Sorting the cards' rows
    themselves cost a fifth more (`category=31&status=any&page=50`, 31,499 matches: 105 -> 79 ms)."""
    number, last, start = _bounds(number, total)
    keys = list(notices.values_list("pk", flat=True)[start : start + PAGE_SIZE + 1])
    return _page(_cards(keys), number, last, total)


def _cards(keys) -> list:
    """The notices of `keys`, in that order, with what their cards show."""
    found = {n.pk: n for n in public_notices().filter(with_keys(keys)).defer(*CARD_DEFERRED)}
    return [found[key] for key in keys if key in found]


# What a page's cards never show.
CARD_DEFERRED = ("search_vector", "description", "title_words")


def _bounds(number, total: ResultCount) -> tuple[int, int, int]:
    number = page_number(number)
    available = max((min(total.value, COUNT_CAP) + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    last = min(available, MAX_PAGES)
    number = min(number, last)
    return number, last, (number - 1) * PAGE_SIZE


def _page(rows: list, number: int, last: int, total: ResultCount) -> ResultPage:
    return ResultPage(
        notices=rows[:PAGE_SIZE],
        number=number,
        has_previous=number > 1,
        has_next=len(rows) > PAGE_SIZE and number < MAX_PAGES,
        last_number=last,
        depth_limited=total.value > COUNT_CAP and number == MAX_PAGES,
    )
