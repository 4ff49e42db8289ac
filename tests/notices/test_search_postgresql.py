"""Full-text and substring search on PostgreSQL: stemming, phrases, exclusions, Chinese substrings,
partial words, and the search vector kept in step by the database. `.ci/run` always runs these."""

from datetime import timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notices import plans, search
from notices.filters import NoticeFilter, search_results
from notices.models import Notice
from tests.notices.factories import AgencyFactory, NoticeFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def found(q: str, **params) -> list[str]:
    query = QueryDict(mutable=True)
    query.update({"q": q, **params})
    return [n.reference for n in NoticeFilter(query, queryset=search.public_notices()).results]


@pytest.fixture
def notices():
    return {
        "vehicle": NoticeFactory(
            reference="VEH-1",
            title="Supply of one armoured vehicle",
            description="Right-hand drive.",
        ),
        "generators": NoticeFactory(
            reference="GEN-1",
            title="Diesel generators for field offices",
            description="Generators of 20 kVA with automatic transfer switches.",
        ),
        "solar": NoticeFactory(
            reference="SOL-1",
            title="Solar panels and batteries",
            description="Solar panels without diesel backup.",
        ),
        "chinese": NoticeFactory(
            reference="CN-1",
            title="太阳能光伏发电系统采购及安装",
            description="为县级医院采购离网太阳能光伏发电系统。",
        ),
        "masks": NoticeFactory(reference="CN-2", title="医用防护口罩框架协议"),
    }


def test_english_stemming_finds_plural_and_singular(notices):
    assert found("vehicles") == ["VEH-1"]
    assert found("generator") == ["GEN-1"]


def test_a_quoted_phrase_must_appear_as_a_phrase(notices):
    assert found('"solar panels"') == ["SOL-1"]
    assert found('"panels solar"') == []


def test_a_minus_word_excludes(notices):
    assert set(found("diesel")) == {"GEN-1", "SOL-1"}
    assert found("diesel -solar") == ["GEN-1"]


def test_the_description_and_the_reference_are_searched(notices):
    assert found("transfer switches") == ["GEN-1"]
    assert found("SOL-1") == ["SOL-1"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("太阳能", ["CN-1"]),  # three characters
        ("光伏", ["CN-1"]),  # two characters, in the middle of the title
        ("口罩", ["CN-2"]),
        ("发电 安装", ["CN-1"]),  # two substrings, both required
        ("能光", ["CN-1"]),  # across what would be two words
        ("医院", ["CN-1"]),  # in the description
        ("口罩 -框架", []),  # excluded
        ("口罩 -医院", ["CN-2"]),
        ("罩", ["CN-2"]),  # a single character, by substring of the title
        ("电脑", []),
    ],
)
def test_a_chinese_title_is_found_by_a_two_or_three_character_substring(notices, q, expected):
    assert found(q) == expected


def test_chinese_and_english_terms_combine(notices):
    NoticeFactory(reference="MIX", title="Solar 太阳能 pumps")

    assert found("solar 太阳能") == ["MIX"]
    assert found("pumps 口罩") == []


def test_a_partial_word_finds_the_title(notices):
    assert found("genera") == ["GEN-1"]
    assert found("armour") == ["VEH-1"]


def test_relevance_puts_title_matches_first_even_when_older():
    now = timezone.now()
    NoticeFactory(
        reference="BODY",
        title="Office supplies",
        description="Includes a tractor.",
        published_at=now - timedelta(hours=1),
    )
    NoticeFactory(
        reference="TITLE",
        title="Tractor for the farm",
        description="Farm use.",
        published_at=now - timedelta(days=5),
    )

    assert found("tractor", sort="relevance") == ["TITLE", "BODY"]
    assert found("tractor", sort="newest") == ["BODY", "TITLE"]


def test_the_search_vector_follows_every_write_including_bulk_and_renames():
    agency = AgencyFactory(acronym="UNOPS", name_en="Project Services")
    notice = NoticeFactory(agency=agency, title="Boats")

    Notice.objects.filter(pk=notice.pk).update(title="Bicycles")  # a raw UPDATE
    assert found("bicycle") == [notice.reference]
    assert found("boats") == []

    agency.name_en = "Office for Hydrology"
    agency.save()
    assert found("hydrology") == [notice.reference], "an agency's rename reaches its notices"


def test_the_count_above_the_cap_is_the_planners_estimate(monkeypatch):
    NoticeFactory.create_batch(4)
    monkeypatch.setattr(search, "KEY_CAP", 2)

    total = search.count(search.public_notices())

    assert not total.exact and total.value >= 2


def test_matches_read_by_key_are_sorted_as_fetched_never_by_walking_an_index():
    """The page of a search whose keys the count found sorts those rows: even when sorting is
    made as costly as PostgreSQL can make it, no date or deadline index provides the order (a
    walk from the oldest deadline through the table looking for the keys took 1.8 s at 1M)."""
    notices = NoticeFactory.create_batch(3)
    keyed = search.public_notices().filter(pk__in=[n.pk for n in notices])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        for sort in ("newest", "closing", "relevance"):
            query = search.ordered(keyed, sort=sort, q="supply", sort_all=True)
            plan = "\n".join(row[0] for row in _explain(cursor, query[:21]))
            assert "Sort" in plan and "notice_closing" not in plan, plan
            assert "notice_published" not in plan, plan
        walked = "\n".join(
            row[0] for row in _explain(cursor, search.ordered(keyed, sort="closing")[:21])
        )
        assert "notice_closing" in walked, "without sort_all the index serves the order"


def _explain(cursor, queryset):
    sql, params = queryset.query.sql_with_params()
    cursor.execute("EXPLAIN " + sql, params)
    return cursor.fetchall()


def test_the_newest_notices_of_an_agency_are_read_in_order_from_its_own_index():
    """A search with an agency walks that agency's notices newest first (`notice_agency_published`),
    not every notice's, testing the agency on each (at 1M notices, a keyword and an agency: 120 ->
    35 ms); the order then needs no sort."""
    wfp = AgencyFactory(acronym="WFP")
    NoticeFactory.create_batch(3, agency=wfp)
    NoticeFactory.create_batch(3)
    searched = NoticeFilter(
        QueryDict("q=supply&agency=WFP&status=any"), queryset=search.public_notices()
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        plan = "\n".join(
            row[0] for row in _explain(cursor, search.ordered(searched.qs, sort="newest")[:21])
        )
    assert "notice_agency_published" in plan and "Sort" not in plan, plan


@pytest.mark.parametrize(("notices_counted", "sorted_all"), [(None, True), (0, False)])
def test_a_search_of_few_matches_more_than_the_keys_read_sorts_them_all(
    monkeypatch, notices_counted, sorted_all
):
    """Above KEY_CAP the count has no keys; when the planner expects few matches against the size of
    the table, the relevance candidates are all the matches sorted, not a walk of the date index
    (`plans.sorts_every_match`)."""
    NoticeFactory.create_batch(4, title="Radio transceivers")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE notices_notice")
    monkeypatch.setattr(search, "KEY_CAP", 2)
    monkeypatch.setattr(plans, "IN_ORDER_ESTIMATE", -1)  # the count unordered, stopping at KEY_CAP
    if notices_counted is not None:
        monkeypatch.setattr(search, "estimated_rows", lambda notices: notices_counted)
    with CaptureQueriesContext(connection) as statements:
        results = search_results(QueryDict("q=radio&sort=relevance"), page=1)

    assert not results.total.exact and len(results.page.notices) == 4
    sorted_by_value = any(
        'COALESCE("notices_notice"."published_at"' in s["sql"] for s in statements
    )
    assert sorted_by_value is sorted_all


@pytest.mark.parametrize(("common", "per_row"), [(60, True), (2, False)])
def test_a_facet_of_a_common_word_in_a_narrow_filter_tests_the_word_on_the_filters_rows(
    monkeypatch, common, per_row
):
    """The agency facet of a search with an agency counts the search without it; when the filter
    (one country) is narrow against the word, its first matches are found from the country's index,
    the word tested on each row (`plans.keywords_per_row`), and counted the same."""
    undp, wfp = AgencyFactory(acronym="UNDP"), AgencyFactory(acronym="WFP")
    NoticeFactory.create_batch(common, title="Cleaning services", agency=undp, countries=["KE"])
    NoticeFactory.create_batch(3, title="Cleaning services", agency=wfp, countries=["SD"])
    NoticeFactory.create_batch(60, title="Solar panels", agency=undp, countries=["ET"])
    NoticeFactory(title="Solar panels", agency=undp, countries=["SD"])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE notices_notice")
    monkeypatch.setattr(search, "FACET_SAMPLE", 2)
    monkeypatch.setattr(plans, "ROW_VISIT", 10)  # a common word among a hundred notices
    with CaptureQueriesContext(connection) as statements:
        results = search_results(QueryDict("q=services&country=SD&agency=UNDP&status=any"), page=1)

    by_agency = next(s["sql"] for s in statements if 'COUNT("notices_notice"."id")' in s["sql"])
    assert (" IS TRUE" in by_agency) is per_row, by_agency
    assert [(row["agency__acronym"], row["n"]) for row in results.by_agency] == [("WFP", 2)]


def test_the_relevance_candidates_are_ranked_by_key_not_searched_again():
    """The page ranks the newest matches (the candidates) looked up by their keys: its outer query
    does not search the matches again, which led the planner to read every match to join them."""
    NoticeFactory.create_batch(3, title="Radio transceivers")
    with CaptureQueriesContext(connection) as statements:
        results = search_results(QueryDict("q=radio&status=any"), page=1)

    assert len(results.page.notices) == 3
    ranking = next(s["sql"] for s in statements if "ts_rank" in s["sql"])
    assert ranking.count("= ANY(") == 1, ranking


def test_a_search_the_planner_expects_few_matches_of_is_counted_in_order_and_paged_by_key(
    monkeypatch,
):
    """Few matches expected: the count reads them all, newest first (past KEY_CAP, up to
    ORDERED_CAP x KEY_CAP), and the page looks up its own rows by key; the search runs once."""
    for day in range(6):
        NoticeFactory(
            title=f"Radio transceivers {day}", published_at=timezone.now() - timedelta(days=day)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE notices_notice")
    monkeypatch.setattr(search, "KEY_CAP", 2)
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    with CaptureQueriesContext(connection) as statements:
        results = search_results(QueryDict("q=radio&status=any&sort=newest&page=2"), page="2")

    assert results.total.exact and results.total.value == 6
    assert [n.title for n in results.page.notices] == [
        "Radio transceivers 2",
        "Radio transceivers 3",
    ]
    searches = [s["sql"] for s in statements if "@@" in s["sql"] and "EXPLAIN" not in s["sql"]]
    assert len(searches) == 1 and "LIMIT 9" in searches[0], searches


DROP_BTREES = """
DO $$ DECLARE found record; BEGIN
    FOR found IN SELECT i.indexrelid::regclass AS name FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
        WHERE i.indrelid = 'notices_notice'::regclass AND a.amname = 'btree'
        AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = i.indexrelid)
    LOOP EXECUTE 'DROP INDEX ' || found.name; END LOOP;
END $$"""


def test_the_filters_are_keys_of_the_keyword_indexes_read_together():
    """The category, the country, the agency and the type are keys of the keyword indexes (migration
    0042, beside the search vector or the title's trigrams): one GIN scan intersects them as it
    reads them, where each filter's index gave a bitmap of its own to AND (a keyword with an agency
    and a category at 1M notices: 68 -> 39 ms). The agency's key is compared as a bigint, which the
    index's key is (an integer does not match it)."""
    wfp = AgencyFactory(acronym="WFP")
    NoticeFactory.create_batch(3, title="Cleaning services", agency=wfp, countries=["KE"])
    # Each filter alone (the agency, the country) has many notices; together, few.
    NoticeFactory.create_batch(300, title="Solar panels", agency=wfp, countries=["ET"])
    NoticeFactory.create_batch(300, title="Diesel generators", countries=["KE"])
    searched = NoticeFilter(
        QueryDict("agency=WFP&country=KE&category=72&type=rfq&status=any"),
        queryset=search.public_notices(),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE notices_notice")
        for setting, value in search.PLANNER_SETTINGS.items():
            cursor.execute("SELECT set_config(%s, %s, true)", [setting, value])
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        # Within the test's transaction: the notices' B-trees, one of which (the agency's, the
        # type's) a table this small reads rather than any GIN index, are not there to be chosen.
        cursor.execute(DROP_BTREES)
        plan = "\n".join(row[0] for row in _explain(cursor, searched.qs.values("pk")))

    scans = [line for line in plan.splitlines() if "Bitmap Index Scan" in line]
    assert len(scans) == 1 and "notice_search_gin" in scans[0], plan
    condition = plan[plan.index("Index Cond:") :].splitlines()[0]
    for key in ("prefix_codes &&", "country_codes &&", "agency_id = ", "notice_type"):
        assert key in condition, plan


def test_a_part_of_a_title_word_is_found_through_the_titles_words_kept_by_the_database():
    """A word without spaces is a part of the title when it is a part of one of the title's words
    (`title_words`, kept by a trigger on every write, and every word in `notices_titleword`): found
    from the keyword index, not the title's trigrams; a phrase (with a space) still is."""
    generators = NoticeFactory(reference="GEN-1", title="Diesel generators, 20 kVA")
    pumps = NoticeFactory.build(reference="PUMP-1", title="Solar pumps", agency=AgencyFactory())
    Notice.objects.bulk_create([pumps])
    assert found("enerator") == ["GEN-1"] and found("KVA") == ["GEN-1"]
    assert found('"sel gen"') == ["GEN-1"] and found('"lar pu"') == ["PUMP-1"]
    assert found("olarpu") == [] and found("lar") == ["PUMP-1"]

    generators.title = "Wind turbines"
    generators.save()
    assert found("enerator") == [] and found("urbine") == ["GEN-1"]

    searched = NoticeFilter(QueryDict("q=urbine&status=any"), queryset=search.public_notices())
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = "\n".join(row[0] for row in _explain(cursor, searched.qs.values("pk")))
    assert "title_words &&" in plan and "notice_title_trgm" not in plan, plan
