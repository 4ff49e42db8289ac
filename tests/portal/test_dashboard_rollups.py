"""The dashboard's rollups: the notice and segment figures it reads from small recounted tables are
the figures the direct aggregates give, as of the time the page shows."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import Count
from django.db.models.functions import Substr
from django.utils import timezone

from notices.models import NoticeStatus, NoticeType
from portal import dashboard, rollups, tasks
from portal.models import NoticeMonthCount, RollupRefresh, SegmentSupplierCount
from suppliers.models import Supplier, SupplierStatus
from tests.notices.factories import AgencyFactory, DraftFactory, NoticeFactory
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture
def notices(db):
    """Notices of three agencies and several types over three years, in every status."""
    now = timezone.now()
    agencies = [AgencyFactory(acronym=acronym) for acronym in ("UNICEF", "UNDP", "WFP")]
    types = [
        NoticeType.REQUEST_FOR_QUOTATION,
        NoticeType.INVITATION_TO_BID,
        NoticeType.CONTRACT_AWARD,
    ]
    for n, days in enumerate([0.1, 1, 3, 20, 35, 40, 64, 95, 200, 330, 370, 400, 800, 1000]):
        NoticeFactory(
            agency=agencies[n % 3],
            notice_type=types[n % len(types)],
            status=[NoticeStatus.PUBLISHED, NoticeStatus.CANCELLED, NoticeStatus.AWARDED][n % 3],
            cancellation_reason="Budget withdrawn." if n % 3 == 1 else "",
            published_at=now - days * DAY,
        )
    DraftFactory(agency=agencies[0])
    return agencies


def direct_notices(filters):
    """What the dashboard counted before the rollup: every published notice of the period."""
    return dashboard._in_period(rollups.published_notices(), "published_at", filters)


def direct_months(filters) -> Counter:
    """{(YYYY-MM, type): notices} counted from the notices themselves, in the program's zone."""
    return Counter(
        (timezone.localtime(published_at, filters.zone).strftime("%Y-%m"), notice_type)
        for published_at, notice_type in direct_notices(filters).values_list(
            "published_at", "notice_type"
        )
    )


def chart_months(chart) -> Counter:
    """{(YYYY-MM, type): notices} read back from the chart's table (a column per type)."""
    labels = dict(NoticeType.choices)
    types = {label: value for value, label in labels.items()}
    counts = Counter()
    for month, *values in chart.rows:
        for header, value in zip(chart.headers[1:], values, strict=True):
            if value:
                counts[(month, types[header])] = value
    return counts


@pytest.mark.parametrize("period", list(dashboard.PERIODS))
def test_the_notice_figures_from_the_rollup_are_the_direct_counts(notices, period):
    filters = dashboard.Filters(period=period)
    rollups.refresh_rollups()

    assert dashboard.headline(filters)["published"] == direct_notices(filters).count()
    assert chart_months(dashboard.notices_by_type(filters)) == direct_months(filters)
    direct_agencies = (
        direct_notices(filters)
        .values_list("agency__acronym")
        .annotate(n=Count("id"))
        .order_by("-n", "agency__acronym")
    )
    assert dashboard.notices_by_agency(filters).rows == [list(row) for row in direct_agencies]


def test_the_rollup_holds_one_row_per_month_type_and_agency(notices):
    rollups.refresh_rollups()

    rows = NoticeMonthCount.objects.values_list("month", "notice_type", "agency_id", "notices")
    expected = Counter(
        (
            timezone.localtime(published_at, dashboard.Filters().zone).date().replace(day=1),
            notice_type,
            agency_id,
        )
        for published_at, notice_type, agency_id in rollups.published_notices().values_list(
            "published_at", "notice_type", "agency_id"
        )
    )
    assert {(month, kind, agency): n for month, kind, agency, n in rows} == expected
    assert sum(expected.values()) == 14, "the draft is not counted"


def test_months_are_the_programs_whoever_looks(settings):
    """31 January 20:00 UTC is already 1 February in Beijing: a February notice."""
    settings.DASHBOARD_TIME_ZONE = "Asia/Shanghai"
    NoticeFactory(published_at=datetime(2026, 1, 31, 20, 0, tzinfo=UTC))
    now = datetime(2026, 2, 10, tzinfo=UTC)
    rollups.refresh_rollups(now=now)

    chart = dashboard.notices_by_type(dashboard.Filters(period="3m", now=now))

    assert chart.rows == [["2026-02", 1]], "empty months have no row"
    assert NoticeMonthCount.objects.get().month.isoformat() == "2026-02-01"


def test_the_figures_are_as_of_the_last_recount(notices):
    counted_at = rollups.refresh_rollups()
    filters = dashboard.Filters(period="all")
    before = dashboard.headline(filters)["published"]

    NoticeFactory(agency=notices[0])

    assert dashboard.headline(filters)["published"] == before, "not counted until the next recount"
    assert dashboard.notices_by_agency(filters).as_of == counted_at
    assert dashboard.headline(filters)["published_as_of"] == counted_at
    later = rollups.refresh_rollups()
    assert dashboard.headline(filters)["published"] == before + 1
    assert dashboard.notices_by_type(filters).as_of == later > counted_at


def test_reading_never_counts_the_rollups(client, staff, notices):
    """A page view changes nothing: before beat's first count the page says the figures are not
    counted yet (an empty chart, no zero in the headline)."""
    client.force_login(staff)

    response = client.get("/dashboard/")

    assert not RollupRefresh.objects.exists() and not NoticeMonthCount.objects.exists()
    assert response.context["figures"]["published"] is None
    chart = dashboard.notices_by_agency(dashboard.Filters(period="all"))
    assert chart.from_rollup and chart.as_of is None and chart.rows == []
    page = response.content.decode()
    assert page.count("Not counted yet: these figures are recounted every few minutes.") == 3
    assert "not counted yet" in page


def test_a_recount_replaces_the_rows(notices):
    rollups.refresh_rollups()
    rollups.published_notices().update(status=NoticeStatus.DRAFT, published_at=None)

    rollups.refresh_rollups()

    assert not NoticeMonthCount.objects.exists()
    assert dashboard.headline(dashboard.Filters(period="all"))["published"] == 0


def approved(province, segments):
    supplier = SupplierFactory(province=province, categories=segments)
    Supplier.objects.filter(pk=supplier.pk).update(status=SupplierStatus.APPROVED)
    return supplier


def test_the_segment_figures_from_the_rollup_are_the_direct_distinct_counts(db):
    # Two categories of segment 43 count the supplier once there.
    approved("44", ["43211500", "43232104", "26111700"])
    approved("44", ["43211500"])
    approved("53", ["26111700", "39111610"])
    draft = SupplierFactory(province="53", categories=["43211500"])
    assert draft.status != SupplierStatus.APPROVED
    rollups.refresh_rollups()

    for province in ("", "44", "53", "46"):
        filters = dashboard.Filters(province=province)
        links = Supplier.categories.through.objects.filter(
            supplier__in=dashboard._approved(filters).values("pk")
        )
        direct = dict(
            links.annotate(segment=Substr("category_id", 1, 2))
            .values_list("segment")
            .annotate(n=Count("supplier_id", distinct=True))
        )
        chart = dashboard.by_segment(filters)
        assert {label.split()[0]: n for label, n in chart.rows} == direct, province
    assert SegmentSupplierCount.objects.get(province="44", segment="43").suppliers == 2


def test_beat_recounts_the_rollups(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-dashboard-rollups"]
    assert entry["task"] == "portal.tasks.refresh_dashboard_rollups"
    assert entry["schedule"] == settings.DASHBOARD_ROLLUP_SECONDS

    tasks.refresh_dashboard_rollups()

    assert RollupRefresh.objects.get(name=rollups.ROLLUPS)


def test_the_page_says_when_the_figures_were_counted(client, staff, notices):
    counted_at = rollups.refresh_rollups(now=timezone.now() - timedelta(minutes=4))
    client.force_login(staff)

    page = client.get("/dashboard/").content.decode()

    shown = timezone.localtime(counted_at, dashboard.Filters().zone).strftime("%H:%M")
    assert page.count("Figures as of ") == 3, "notices by type, by agency, suppliers by segment"
    assert shown in page
    assert "as of " in page.split("Notices published in the period")[1].split("</div>")[0]


def test_the_notes_are_in_chinese_too(client, staff, notices):
    staff.language = "zh-hans"
    staff.save()
    client.force_login(staff)

    page = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "尚未统计：这些数据每隔几分钟重新统计一次。" in page

    rollups.refresh_rollups()
    page = client.get("/dashboard/", {"period": "all"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = page.content.decode()
    assert "Figures as of" not in page and "as of" not in page
    assert "数据截至" in page and "截至 " in page


def test_the_cold_page_makes_few_queries(
    client, staff, notices, django_assert_max_num_queries, settings
):
    """Every figure computed (nothing cached, the rollups counted before): a bounded number of
    queries whatever the data, each an aggregate."""
    settings.DASHBOARD_CACHE_SECONDS = 0
    rollups.refresh_rollups()
    client.force_login(staff)
    client.get("/dashboard/")

    with django_assert_max_num_queries(47):  # the events' seven charts: one query each
        response = client.get("/dashboard/", {"period": "all"})

    assert response.context["figures"]["published"] == 14
