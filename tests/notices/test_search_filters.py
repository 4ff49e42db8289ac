"""Each filter of /notices/ and their combinations, through the FilterSet that the list, the feed and
the alerts share (notices.filters), on either database."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.http import QueryDict
from django.utils import timezone

from notices import plans, search
from notices.filters import NoticeFilter
from notices.models import NoticeStatus, NoticeType
from tests.notices.factories import AgencyFactory, DraftFactory, NoticeFactory

pytestmark = pytest.mark.django_db


def found(query: str = "") -> list[str]:
    """References of the notices the filters keep, in the order shown."""
    filterset = NoticeFilter(QueryDict(query), queryset=search.public_notices())
    return [notice.reference for notice in filterset.results]


@pytest.fixture
def catalogue():
    """A small, varied set of notices."""
    undp, wfp = AgencyFactory(acronym="UNDP"), AgencyFactory(acronym="WFP")
    now = timezone.now()
    return {
        "laptops": NoticeFactory(
            agency=undp,
            reference="LAPTOPS",
            title="Laptops for country offices",
            categories=["43211503"],
            countries=["CN"],
            notice_type=NoticeType.REQUEST_FOR_QUOTATION,
            sme_friendly=True,
            published_at=now - timedelta(days=1),
            deadline=now + timedelta(days=10),
        ),
        "software": NoticeFactory(
            agency=undp,
            reference="SOFTWARE",
            title="Case management software",
            categories=["43232104"],
            countries=["KE"],
            notice_type=NoticeType.REQUEST_FOR_PROPOSAL,
            women_owned_preference=True,
            published_at=now - timedelta(days=2),
            deadline=now + timedelta(days=3),
        ),
        "food": NoticeFactory(
            agency=wfp,
            reference="FOOD",
            title="Fortified wheat flour",
            categories=["50220000"],
            countries=["ET", "KE"],
            notice_type=NoticeType.INVITATION_TO_BID,
            sme_friendly=True,
            women_owned_preference=True,
            published_at=now - timedelta(days=30),
            deadline=now + timedelta(days=40),
        ),
        "closed": NoticeFactory(
            agency=wfp,
            reference="CLOSED",
            title="Trucks",
            categories=["25101500"],
            published_at=now - timedelta(days=60),
            deadline=now - timedelta(days=5),
        ),
        "cancelled": NoticeFactory(
            agency=undp,
            reference="CANCELLED",
            title="Printers",
            status=NoticeStatus.CANCELLED,
            cancellation_reason="Budget",
            categories=["44101500"],
        ),
        "awarded": NoticeFactory(
            agency=wfp,
            reference="AWARDED",
            title="Tents",
            status=NoticeStatus.AWARDED,
            deadline=now - timedelta(days=20),
            categories=["24110000"],
        ),
        "draft": DraftFactory(agency=undp, reference="DRAFT", categories=["43211503"]),
    }


def test_open_notices_newest_first_by_default(catalogue):
    assert found() == ["LAPTOPS", "SOFTWARE", "FOOD"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("open", {"LAPTOPS", "SOFTWARE", "FOOD"}),
        ("closed", {"CLOSED"}),
        ("cancelled", {"CANCELLED"}),
        ("awarded", {"AWARDED"}),
        ("any", {"LAPTOPS", "SOFTWARE", "FOOD", "CLOSED", "CANCELLED", "AWARDED"}),
    ],
)
def test_the_status_filter_never_shows_drafts(catalogue, status, expected):
    assert set(found(f"status={status}")) == expected


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("43000000", {"LAPTOPS", "SOFTWARE"}),  # segment
        ("43", {"LAPTOPS", "SOFTWARE"}),  # the same segment, by its prefix
        ("43210000", {"LAPTOPS"}),  # family
        ("43211500", {"LAPTOPS"}),  # class
        ("43211503", {"LAPTOPS"}),  # commodity
        ("43211504", set()),  # a sibling commodity
        ("43230000", {"SOFTWARE"}),
        ("50000000", {"FOOD"}),
        ("43211503,50220000", {"LAPTOPS", "FOOD"}),  # any of several
    ],
)
def test_a_category_at_any_level_matches_everything_below_it(catalogue, category, expected):
    assert set(found(f"category={category}")) == expected


def test_countries_agencies_and_types(catalogue):
    assert set(found("country=KE")) == {"SOFTWARE", "FOOD"}
    assert set(found("country=KE&country=CN")) == {"LAPTOPS", "SOFTWARE", "FOOD"}
    assert set(found("agency=WFP")) == {"FOOD"}
    assert set(found("agency=WFP&agency=UNDP")) == {"LAPTOPS", "SOFTWARE", "FOOD"}
    assert set(found("type=rfp")) == {"SOFTWARE"}
    assert set(found("type=rfp&type=itb")) == {"SOFTWARE", "FOOD"}


def test_a_country_is_checked_against_the_codes_and_offered_by_name(catalogue, client):
    """The country field holds no choices of its own (its widget has them, for the page): a code
    that is no country is refused, and the page offers every country by name."""
    refused = NoticeFilter(QueryDict("country=XX"), queryset=search.public_notices())
    assert "country" in refused.errors
    assert not NoticeFilter(QueryDict("country=KE"), queryset=search.public_notices()).errors

    page = client.get("/notices/?country=KE").content.decode()
    assert '<option value="KE" selected>Kenya</option>' in page
    assert '<option value="CN">China</option>' in page


def test_an_agency_is_filtered_on_the_notices_own_column(catalogue):
    """The acronym chosen is read as the agency's key: no join for the database to test after the
    keywords on each row (docs/performance.md)."""
    wfp = catalogue["food"].agency
    filterset = NoticeFilter(QueryDict("agency=WFP"), queryset=search.public_notices())
    sql = str(filterset.qs.values("pk").query)

    assert "notices_agency" not in sql
    assert f'"agency_id" = {wfp.pk}::bigint' in sql or f'"agency_id" IN ({wfp.pk})' in sql
    assert NoticeFilter(QueryDict("agency=NOBODY"), queryset=search.public_notices()).errors


def test_the_sme_and_women_owned_flags(catalogue):
    assert set(found("sme_friendly=on")) == {"LAPTOPS", "FOOD"}
    assert set(found("women_owned=on")) == {"SOFTWARE", "FOOD"}
    assert set(found("sme_friendly=on&women_owned=on")) == {"FOOD"}
    assert set(found("sme_friendly=")) == {"LAPTOPS", "SOFTWARE", "FOOD"}, "unticked is no filter"


def test_deadline_and_publication_dates_are_days_in_the_readers_time_zone(catalogue):
    in_four_days = (timezone.localdate() + timedelta(days=4)).isoformat()
    a_week_ago = (timezone.localdate() - timedelta(days=7)).isoformat()

    assert set(found(f"deadline_before={in_four_days}")) == {"SOFTWARE"}
    assert set(found(f"deadline_after={in_four_days}")) == {"LAPTOPS", "FOOD"}
    assert set(found(f"published_after={a_week_ago}")) == {"LAPTOPS", "SOFTWARE"}


@pytest.mark.parametrize("path", ["/notices/", "/notices/feed/"])
@pytest.mark.parametrize("parameter", ["deadline_before", "deadline_after", "published_after"])
def test_the_last_day_of_the_calendar_is_a_date_like_any_other(client, catalogue, path, parameter):
    response = client.get(path, {parameter: "9999-12-31", "status": "any"})

    assert response.status_code == 200
    if path == "/notices/" and parameter == "deadline_before":
        assert "SOFTWARE" in response.text and "LAPTOPS" in response.text


def test_a_deadline_late_in_the_day_counts_for_that_day_in_shanghai():
    notice = NoticeFactory(deadline=datetime(2030, 1, 10, 23, 30, tzinfo=ZoneInfo("Asia/Shanghai")))

    with timezone.override(ZoneInfo("Asia/Shanghai")):
        assert found("deadline_before=2030-01-10") == [notice.reference]
        assert found("deadline_after=2030-01-11") == []


def test_filters_combine(catalogue):
    assert found("category=43&country=KE&agency=UNDP&type=rfp&women_owned=on") == ["SOFTWARE"]
    assert found("category=43&country=ET") == []
    assert found("q=wheat&agency=WFP&sme_friendly=on") == ["FOOD"]
    assert found("q=wheat&agency=UNDP") == []


def test_keywords_match_title_reference_and_description(catalogue):
    assert found("q=laptops") == ["LAPTOPS"]
    assert found("q=software") == ["SOFTWARE"]
    assert found("q=flour -wheat") == []
    assert set(found("q=country")) >= {"LAPTOPS"}


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["LAPTOPS", "SOFTWARE", "FOOD"]),
        ("closing", ["SOFTWARE", "LAPTOPS", "FOOD"]),
        ("relevance", ["LAPTOPS", "SOFTWARE", "FOOD"]),  # without keywords: newest
    ],
)
def test_sorting(catalogue, sort, expected):
    assert found(f"sort={sort}") == expected


def test_invalid_values_are_reported_and_ignored(catalogue):
    filterset = NoticeFilter(
        QueryDict("status=nonsense&deadline_after=yesterday&type=xyz&category=4321150&agency=NOPE"),
        queryset=search.public_notices(),
    )

    assert set(filterset.results.values_list("reference", flat=True)) == {
        "LAPTOPS",
        "SOFTWARE",
        "FOOD",
    }
    assert set(filterset.form.errors) == {"status", "deadline_after", "type", "category", "agency"}
    assert "8 digits" in str(filterset.form.errors["category"])


def test_counts_stop_at_the_cap(monkeypatch):
    NoticeFactory.create_batch(6)
    monkeypatch.setattr(search, "KEY_CAP", 5)

    total = search.count(search.public_notices())

    assert not total.exact and total.value >= 5


def test_pages_are_bounded(monkeypatch):
    NoticeFactory.create_batch(7)
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    monkeypatch.setattr(search, "MAX_PAGES", 3)
    monkeypatch.setattr(search, "COUNT_CAP", 6)
    notices = search.ordered(search.public_notices(), sort="newest")
    total = search.count(notices)

    third = search.page_of(notices, number="3", total=total)
    beyond = search.page_of(notices, number="99", total=total)
    nonsense = search.page_of(notices, number="x", total=total)

    assert (third.number, len(third.notices), third.has_next, third.depth_limited) == (
        3,
        2,
        False,
        True,
    )
    assert beyond.number == 3
    assert nonsense.number == 1 and nonsense.has_next


def test_relevance_ranks_a_bounded_set_but_counts_every_match(monkeypatch):
    NoticeFactory.create_batch(3, title="Tractors")
    monkeypatch.setattr(search, "RANK_CANDIDATES", 2)
    filterset = NoticeFilter(
        QueryDict("q=tractors&sort=relevance"), queryset=search.public_notices()
    )

    assert search.count(filterset.qs).value == 3
    assert len(filterset.results) == 2


# Notices looked up by key: `IN (...)`, or on PostgreSQL one array of keys (search.AmongKeys).
BY_KEY = r'"id" (IN \(|= ANY\(ARRAY\[)\d'


def _searches(sql: str) -> bool:
    """A statement that reads notices (not the planner's estimate of one)."""
    return "notices_notice" in sql and not sql.startswith("EXPLAIN")


def test_a_search_its_count_found_whole_is_searched_once_then_read_by_key():
    for title in ("Solar pumps", "Solar lanterns", "Tractors"):
        NoticeFactory(title=title)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notices.filters import search_results

    with CaptureQueriesContext(connection) as searched:
        results = search_results(QueryDict("q=solar"), page=1)
    with CaptureQueriesContext(connection) as nowhere:
        empty = search_results(QueryDict("q=submarines"), page=1)

    assert results.total.value == 2 and results.total.exact
    assert sorted(n.title for n in results.page.notices) == ["Solar lanterns", "Solar pumps"]
    assert sum(n for n in (row["n"] for row in results.by_type)) == 2
    # The keyword is looked for by the count alone; the page and the facets look up its keys.
    statements = [q["sql"] for q in searched.captured_queries if _searches(q["sql"])]
    assert f"LIMIT {search.ORDERED_CAP * search.KEY_CAP + 1}" in statements[0]
    assert len(statements) == 3
    assert all(re.search(BY_KEY, sql) for sql in statements[1:])
    # Nothing found: no page and no facets to ask the database for.
    assert empty.total.value == 0 and empty.page.notices == []
    assert sum(_searches(q["sql"]) for q in nowhere.captured_queries) == 1


def test_a_count_past_the_pages_but_within_the_keys_is_exact_and_still_bounded(monkeypatch):
    """More matches than pages reach (COUNT_CAP) but no more than KEY_CAP: the count is exact, the
    page says that only the first ones can be browsed, and the pages come from the keys."""
    NoticeFactory.create_batch(7, title="Solar pumps")
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    monkeypatch.setattr(search, "MAX_PAGES", 3)
    monkeypatch.setattr(search, "COUNT_CAP", 6)
    monkeypatch.setattr(search, "KEY_CAP", 10)
    from notices.filters import search_results

    results = search_results(QueryDict("q=solar&page=3"), page=3)

    assert (results.total.value, results.total.exact, len(results.total.ids)) == (7, True, 7)
    assert (results.page.number, results.page.has_next, results.page.depth_limited) == (
        3,
        False,
        True,
    )
    newest = search.ordered(search.public_notices(), sort="newest")
    assert [n.pk for n in results.page.notices] == [n.pk for n in newest[4:6]]


def test_a_facet_whose_filter_is_not_set_counts_the_matches_the_count_found():
    """With a type chosen and no agency, the agency facet is the search itself: its keys are looked
    up, the keyword is not searched again; the type facet ignores the type filter and searches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notices.filters import search_results

    undp, wfp = AgencyFactory(acronym="UNDP"), AgencyFactory(acronym="WFP")
    NoticeFactory(title="Solar pumps", agency=undp, notice_type=NoticeType.REQUEST_FOR_QUOTATION)
    NoticeFactory(title="Solar lanterns", agency=wfp, notice_type=NoticeType.REQUEST_FOR_QUOTATION)
    NoticeFactory(title="Solar panels", agency=wfp, notice_type=NoticeType.INVITATION_TO_BID)

    with CaptureQueriesContext(connection) as queries:
        results = search_results(QueryDict("q=solar&type=rfq"), page=1)

    assert {row["agency__acronym"]: row["n"] for row in results.by_agency} == {"UNDP": 1, "WFP": 1}
    assert {row["notice_type"]: row["n"] for row in results.by_type} == {"rfq": 2, "itb": 1}
    facets = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    by_agency = next(sql for sql in facets if '"agency__acronym"' in sql)
    by_type = next(sql for sql in facets if '"agency__acronym"' not in sql)
    assert "LIKE" not in by_agency.upper() and re.search(BY_KEY, by_agency)
    assert "LIKE" in by_type.upper(), "the type facet searches without the type filter"


def test_facets_count_the_first_keys_the_count_met_even_past_its_cap(monkeypatch):
    """The count stopped at its cap: the facets still count the first keys it met, by key, and do
    not search the table a second time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notices.filters import search_results

    for title in ("Solar pumps", "Solar lanterns", "Solar panels", "Solar fridges"):
        NoticeFactory(title=title)
    monkeypatch.setattr(search, "KEY_CAP", 3)
    monkeypatch.setattr(search, "ORDERED_CAP", 1)  # a count in order stops at KEY_CAP too
    monkeypatch.setattr(search, "FACET_SAMPLE", 2)

    with CaptureQueriesContext(connection) as queries:
        results = search_results(QueryDict("q=solar"), page=1)

    assert not results.total.exact and len(results.total.first) == 2
    assert sum(row["n"] for row in results.by_type) == 2 and results.facets_sampled
    facets = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert facets and all("LIKE" not in sql.upper() for sql in facets)


@pytest.mark.parametrize(
    ("matches", "exact", "sort", "page", "walked", "sorted_all"),
    [
        (2_000, True, "newest", 1, 1_000_000, True),  # every key read: sorted as fetched
        (20_000, False, "relevance", 1, 1_000_000, True),  # 1,000 candidates: a walk passes ~50,000
        (
            200_000,
            False,
            "relevance",
            1,
            1_000_000,
            False,
        ),  # a broad word: its newest 1,000 are near
        (20_000, False, "newest", 1, 1_000_000, False),  # 21 rows: a walk passes ~1,000
        (20_000, False, "newest", 50, 1_000_000, True),  # the last page, 1,001 rows
        (20_000, False, "newest", "x", 1_000_000, False),  # not a page number: page 1
        (17_000, False, "relevance", 1, 63_509, False),  # one agency's: a walk passes ~3,700
    ],
)
def test_a_page_sorts_every_match_when_they_are_fewer_than_a_walk_would_pass(
    monkeypatch, matches, exact, sort, page, walked, sorted_all
):
    monkeypatch.setattr(search, "estimated_rows", lambda notices: walked)
    total = search.ResultCount(matches, exact=exact, ids=(1,) * matches if exact else None)

    sorts_all = plans.sorts_every_match(
        total, sort=sort, q="radio", page=page, walked=search.public_notices()
    )
    assert sorts_all is sorted_all


@pytest.mark.parametrize(
    ("query", "walked"),
    [
        ("agency=UNDP&status=any", {"undp open", "undp closed"}),  # notice_agency_published
        ("agency=UNDP&agency=WFP&status=any", {"undp open", "undp closed", "wfp cancelled"}),
        ("status=open", {"undp open", "undp closed"}),  # notice_status_published: all published
        ("status=closed", {"undp open", "undp closed"}),
        ("status=open&sort=closing", {"undp open"}),  # by deadline, the open ones alone
        ("status=cancelled", {"wfp cancelled"}),
        ("status=any", {"undp open", "undp closed", "wfp cancelled"}),
    ],
)
def test_the_walk_of_a_search_passes_the_notices_of_its_indexed_filters(query, walked):
    undp, wfp = AgencyFactory(acronym="UNDP"), AgencyFactory(acronym="WFP")
    NoticeFactory(agency=undp, title="undp open")
    NoticeFactory(agency=undp, title="undp closed", deadline=timezone.now() - timedelta(days=1))
    NoticeFactory(
        agency=wfp,
        title="wfp cancelled",
        status=NoticeStatus.CANCELLED,
        cancellation_reason="Budget",
    )
    NoticeFactory(agency=wfp, title="wfp draft", status=NoticeStatus.DRAFT)

    filterset = NoticeFilter(QueryDict(f"q=anything&{query}"), queryset=search.public_notices())

    assert {notice.title for notice in filterset.walked} == walked


@pytest.mark.parametrize(
    ("keyword_matches", "per_row"),
    [
        (475_932, True),  # a common word: 1,000 matches within ~2,100 of any filter's rows
        (116_774, False),  # a rarer one: ~8,600 rows to visit cost more than its index entries
        (62_622, False),
        (0, False),
    ],
)
def test_keywords_are_tested_per_row_when_the_filters_rows_to_visit_cost_less(
    monkeypatch, keyword_matches, per_row
):
    monkeypatch.setattr(search, "estimated_rows", lambda notices: keyword_matches)
    monkeypatch.setattr(plans, "table_rows", lambda: 1_000_000)
    decided = plans.keywords_per_row(search.public_notices(), wanted=1_000)
    assert decided is per_row


@pytest.mark.parametrize(
    "query",
    [
        "q=pumps&status=any",  # by relevance
        "q=pumps&status=any&sort=newest&page=2",
        "q=pumps&status=any&sort=closing",
        "q=pumps&status=any&sort=closing&page=2",
    ],
)
def test_a_page_is_the_same_counted_in_order_or_not(monkeypatch, query):
    """The page a count in order looks up by key (plans.counted) is the page the search
    orders itself when its count is not in order."""
    from notices.filters import search_results

    now = timezone.now()
    for n in range(7):
        NoticeFactory(
            title=f"Solar pumps {n}" if n % 2 else f"Water pumps {n}",
            published_at=now - timedelta(days=n),
            deadline=now + timedelta(days=30 - 3 * n),
        )
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    params = QueryDict(query)

    in_order = search_results(params, page=params.get("page"))
    monkeypatch.setattr(plans, "IN_ORDER_ESTIMATE", -1)
    searched = search_results(params, page=params.get("page"))

    assert in_order.total.in_order_of and not searched.total.in_order_of
    assert [n.pk for n in in_order.page.notices] == [n.pk for n in searched.page.notices]
    assert in_order.page.notices and in_order.page.has_next == searched.page.has_next


def test_a_count_in_order_that_finds_more_than_it_reads_says_more_than(monkeypatch, client):
    """The planner expected few matches but the count in order met more than it reads: the page
    says "more than" the keys it read, not an estimate."""
    for n in range(6):
        NoticeFactory(title=f"Solar pumps {n}")
    monkeypatch.setattr(search, "KEY_CAP", 2)
    monkeypatch.setattr(search, "ORDERED_CAP", 2)

    page = client.get("/notices/?q=solar").content.decode()

    assert "More than 4 notices" in page and "estimate" not in page


def test_a_search_expected_to_have_a_great_many_matches_reads_only_the_facets_sample(
    monkeypatch, client
):
    """A broad word (the planner expects more than BROAD_ESTIMATE matches): the count reads the
    first FACET_SAMPLE keys alone, which the facets count, and the page says "about" the estimate;
    below it, the count reads up to KEY_CAP keys as before."""
    for n in range(5):
        NoticeFactory(title=f"Solar pumps {n}")
    monkeypatch.setattr(search, "FACET_SAMPLE", 2)
    monkeypatch.setattr(search, "estimated_rows", lambda notices: plans.BROAD_ESTIMATE + 1)

    from notices.filters import search_results

    total = search_results(QueryDict("q=solar"), page=1).total
    page = client.get("/notices/?q=solar").content.decode()

    assert not total.exact and total.read == 2 and len(total.first) == 2
    assert f"About {plans.BROAD_ESTIMATE + 1:,} notices (an estimate)" in page
    assert page.count('<li class="notice-card">') == 5

    monkeypatch.setattr(search, "estimated_rows", lambda notices: plans.BROAD_ESTIMATE)
    assert search_results(QueryDict("q=solar"), page=1).total.value == 5


def test_the_first_page_of_filters_alone_is_counted_in_order_only_below_the_keys_read(
    monkeypatch,
):
    """The first page of filters alone expected to have more than KEY_CAP matches: the count reads
    its keys unordered, stopping there, and the page walks a date index for its rows; past it, or
    with keywords, or with fewer matches, the count reads them all in order (plans.counted)."""
    from notices.filters import search_results

    NoticeFactory.create_batch(3, title="Water pumps")
    first, second = QueryDict("status=any&sort=closing"), QueryDict("status=any&page=2")
    monkeypatch.setattr(search, "estimated_rows", lambda notices: search.KEY_CAP + 1)

    assert search_results(first, page=1).total.in_order_of is None
    assert search_results(second, page="2").total.in_order_of == search.Sort.NEWEST
    assert search_results(QueryDict("q=pumps&status=any"), page=1).total.in_order_of
    monkeypatch.setattr(search, "estimated_rows", lambda notices: search.KEY_CAP)
    assert search_results(first, page=1).total.in_order_of == search.Sort.CLOSING


@pytest.mark.parametrize(
    "query", ["status=any&page=2", "status=any&sort=closing&page=3", "q=pumps&sort=newest"]
)
def test_a_page_that_sorts_every_match_sorts_their_keys_and_is_the_same_page(monkeypatch, query):
    """Every match read and sorted (plans.sorts_every_match): the sort carries the keys alone and
    the page's rows are looked up by key; the page is the one the walk of a date index gives."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notices.filters import search_results

    now = timezone.now()
    for n in range(7):
        NoticeFactory(
            title=f"Solar pumps {n}",
            published_at=now - timedelta(days=n),
            deadline=now + timedelta(days=30 - 3 * n),
        )
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    monkeypatch.setattr(search, "KEY_CAP", 3)  # more matches than the count reads: no keys
    monkeypatch.setattr(plans, "IN_ORDER_ESTIMATE", -1)
    params = QueryDict(query)

    monkeypatch.setattr(plans, "sorts_every_match", lambda total, **kwargs: False)
    walked = search_results(params, page=params.get("page"))
    monkeypatch.setattr(plans, "sorts_every_match", lambda total, **kwargs: True)
    with CaptureQueriesContext(connection) as statements:
        sorted_keys = search_results(params, page=params.get("page"))

    assert [n.pk for n in sorted_keys.page.notices] == [n.pk for n in walked.page.notices]
    assert sorted_keys.page.notices and sorted_keys.page.has_next == walked.page.has_next
    sorting = [s["sql"] for s in statements if "ORDER BY COALESCE" in s["sql"]]
    assert sorting and all(
        s.startswith('SELECT "notices_notice"."id" AS "pk" FROM') for s in sorting
    )
