"""Where a search chooses its own plan: the choices PostgreSQL's planner makes badly for the search,
made here from its estimates (`search.estimated_rows`) and what the search asks for, before its
statements run (docs/performance.md gives each one's before and after).

- `counted`: the count reads every match in the page's order, and the page looks its rows up by
  key, when the planner expects few matches; when it expects a great many, only the facets' sample;
- `sorts_every_match`: else, a page reads and sorts every match, or walks a date index until it has
  its rows (`walked_by`: the rows that walk passes);
- `keywords_per_row`: the first matches of a search are found from its filters' indexes alone, its
  keywords tested on each row, or with the keywords' index ANDed in.
"""

from django.db import connections, router
from django.db.models import QuerySet

from notices import search
from notices.models import Notice, NoticeStatus, PublicStatus
from notices.search import Sort

# The count reads its keys in the page's order when the planner expects at most this many matches.
IN_ORDER_ESTIMATE = 10_000
# Above this many expected matches, the count reads the facets' sample of keys alone.
BROAD_ESTIMATE = 20 * search.KEY_CAP


def counted(found: QuerySet, *, sort: str, q: str, page=1) -> search.ResultCount:
    """How many notices the search `found` has (`search.count`), read as the planner's estimate of
    its matches says (asked once, `search.estimated_rows`):

    - at most IN_ORDER_ESTIMATE, with keywords (`q`) or past the first page (at most KEY_CAP for
      the first page of filters alone): every key, up to ORDERED_CAP x KEY_CAP, in the page's order
      (`in_order_of`: newest first, which gives the relevance candidates too, or closing soonest),
      and the page looks up its own rows by key (`search.page_by_keys`), where it searched again,
      or looked every key up again, to sort them: `q=delivery&country=PK&category=41` (6,579
      matches), the count's first 5,001 keys in 69 ms and the page's search again in 85 ms;
      `category=4922&status=any&page=41` (4,874), 97 ms against 50 in order. The first page of
      filters alone with more than KEY_CAP matches walks a date index for its rows instead: the
      12,010 open notices of `category=42`, all read in order, cost 75-100 ms, the count stopping
      at 5,001 unordered 39-42;
    - above BROAD_ESTIMATE, twenty times what the count reads, only the first FACET_SAMPLE keys,
      which the facets count: the page says "about" the estimate either way, and a broad word's
      count read 5,001 keys through 40,000 rows for it (`q=term&status=any`, 228,908 expected:
      65 ms);
    - else up to KEY_CAP keys, unordered, the count exact below them."""
    estimate = search.estimated_rows(found)
    first_of_filters = not (q or "").strip() and search.page_number(page) == 1
    if estimate <= (search.KEY_CAP if first_of_filters else IN_ORDER_ESTIMATE):
        order = Sort.CLOSING if sort == Sort.CLOSING else Sort.NEWEST
        return search.count(found, in_order_of=order, estimate=estimate)
    if estimate > BROAD_ESTIMATE:
        return search.count(found, cap=search.FACET_SAMPLE, estimate=estimate)
    return search.count(found, estimate=estimate)


def sorts_every_match(
    total: search.ResultCount, *, sort: str, q: str, page, walked: QuerySet
) -> bool:
    """Whether the page fetches every match and sorts them (`search.ordered`'s `sort_all`) rather than
    walking the date or deadline index until it has the rows it needs: when the count read every
    key, or when the planner expects so few matches that reading them all costs less than the walk.
    `walked`: the notices that walk passes through (`walked_by`).

    A walk for n rows passes about n x walked / matches rows, reading them all passes the matches:
    below sqrt(n x walked) matches, reading them wins. The planner makes that sum itself, but takes
    the matches as spread evenly over the dates, and they are not: the relevance candidates of a
    word among closed notices (`q=storage&status=closed`, 1M notices, 11,863 matches) walked
    109,210 rows, the newest and open ones first: 252 ms; all the matches sorted, 46 ms. The walk's
    own rows count, not the table's: a word among UNEP's 63,509 notices (17,000 matches) found its
    1,000 newest in 3,900 of them (8 ms), where sorting them all took 90 ms."""
    if total.ids is not None:
        return True
    if search.by_relevance(sort, q):
        needed = search.RANK_CANDIDATES
    else:
        needed = min(search.page_number(page), search.MAX_PAGES) * search.PAGE_SIZE + 1
    return total.value**2 <= needed * search.estimated_rows(walked)


def walked_by(*, agencies: list[int], status: str, sort: str) -> QuerySet:
    """The notices a page's walk of a date (or deadline) index passes through: one chosen agency's
    (`notice_agency_published`), else the chosen status's (`notice_status_published`: every
    published notice for open and closed ones by date, the open ones alone by deadline), else every
    public notice."""
    notices = search.public_notices()
    if len(agencies) == 1:
        return notices.filter(agency_id=agencies[0])
    if status in (PublicStatus.OPEN, PublicStatus.CLOSED) and sort != Sort.CLOSING:
        return notices.filter(status=NoticeStatus.PUBLISHED)
    return search.with_status(notices, status)


# What a row visited costs against one entry of the keyword index read with the filters'
# (docs/performance.md, session 4: the index intersects a word's entries with the filters' as it
# reads them; at 10, as when each index gave a bitmap to AND, `q=procurement&category=27` was
# tested on 62,000 rows, 54-65 ms, where the index takes 27 ms).
ROW_VISIT = 100


def keywords_per_row(keywords: QuerySet, *, wanted: int) -> bool:
    """Whether the first `wanted` matches of a search are best found from its filters' indexes
    alone, its keywords tested on each row they find (`finding.matching`'s `per_row`), rather than
    by ANDing the filters' bitmaps with the keywords' (`keywords`: the search's keywords alone).

    Asked for a search's first matches, PostgreSQL ANDs the bitmaps of every index it can use (a
    common word's too) or scans the table; it never starts from a narrow filter alone. Finding
    `wanted` matches among the filters' rows visits wanted x filtered / matches of them, which is
    wanted x notices / keyword matches when the two are independent (as the planner takes them):
    whatever the filters, a word in k notices costs ROW_VISIT x wanted x notices / k that way, and
    k index entries the other. `q=services&country=SD`, the first 1,000 of 13,000 matches: the
    table scanned, 110,089 rows passed, 128-166 ms; Sudan's 44,914 notices, the word tested on
    each, 57 ms. Not a rarer word: `q=software&country=CN` (62,622 notices say "software")
    visited 36,746 of China's rows, 97 ms, where the bitmaps ANDed take 25 ms; nor, since the
    index intersects the keys (ROW_VISIT), `q=procurement` (116,774) in a category."""
    matches = search.estimated_rows(keywords)
    return matches * matches > ROW_VISIT * wanted * table_rows()


def table_rows() -> int:
    """How many notices the planner counts (`pg_class.reltuples`, as the last ANALYZE left it), on
    the database notices are read from; 0 elsewhere than on PostgreSQL."""
    database = connections[router.db_for_read(Notice)]
    if database.vendor != "postgresql":
        return 0
    with database.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
            [Notice._meta.db_table],
        )
        return max(cursor.fetchone()[0], 0)
