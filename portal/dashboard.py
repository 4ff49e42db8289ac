"""The program dashboard's figures: each one aggregate query (or two), never a loop over rows.

Every chart function takes the filters (a period and a province) and returns a `charts.Chart`
whose rows are also the CSV export. The province narrows the figures about suppliers (and their
assessments); notices, alerts and subscriptions have no province and ignore it. Months are counted
in DASHBOARD_TIME_ZONE, the program's, whoever looks.

Fast uncached, on the scale data set (250,000 suppliers, 1,000,000 notices: the page computed cold
in under 300 ms, docs/performance.md):

- the supplier figures are index-only scans of covering indexes (the approved suppliers' facts,
  the registration and decision dates); the account figures (accounts.figures) plain filtered counts;
- the provinces of the filter are a loose index scan (PROVINCES_SQL), one probe per province;
- the figures that would read every notice (per month, type and agency, and the notices of the
  period) or join every approved supplier to its categories (per segment) are read from two small
  rollup tables, `portal.rollups.refresh_rollups()`, recounted every DASHBOARD_ROLLUP_SECONDS by Celery beat. They
  are as of that recount, and the page says so (`Chart.as_of`, the headline's `published_as_of`);
  a page view never counts them.

On top of that the page reads the figures through the cache (`chart()`, `figures()`): computed once
per filters and language every DASHBOARD_CACHE_SECONDS, shared by all staff and by the CSV exports.
"""

import hashlib
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F, Min, Q, QuerySet, Sum
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts import figures as account_counts
from categories.models import Category, CategoryLevel
from core.bilingual import in_reader_language
from notices import search
from notices.alerts.models import (
    AlertCategory,
    AlertDelivery,
    DeliveryKind,
    DeliveryStatus,
    SuppressedAddress,
)
from notices.models import Award, Notice, NoticeType, PublicStatus
from portal import award_figures, charts, event_figures, rollups
from portal.models import NoticeMonthCount, SegmentSupplierCount
from suppliers import action_plans, assessment
from suppliers.models import (
    Assessment,
    AssessmentStatus,
    RatingBand,
    Supplier,
    SupplierStatus,
)
from suppliers.regions import province_name
from suppliers.sizing import ORDER as SIZE_ORDER
from suppliers.sizing import SizeClass

PERIODS = {"3m": 3, "12m": 12, "24m": 24, "all": None}
DEFAULT_PERIOD = "12m"
# The charts counted over the period (the others describe today, whatever the period).
OVER_THE_PERIOD = {
    "registrations",
    "notices",
    "agencies",
    "alerts",
    *award_figures.CHARTS,
    *event_figures.CHARTS,
}
TOP = 15  # bars shown for provinces, segments, agencies
SME = [SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM]


@dataclass(frozen=True)
class Filters:
    period: str = DEFAULT_PERIOD
    province: str = ""
    now: datetime | None = None

    @property
    def end(self) -> datetime:
        return self.now or timezone.now()

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The time zone months are counted in: the program's (DASHBOARD_TIME_ZONE), whoever looks,
        since every member of staff shares the same cached figures."""
        return zoneinfo.ZoneInfo(settings.DASHBOARD_TIME_ZONE)

    @property
    def start(self) -> datetime | None:
        """The first day of the period's first month (None: since the beginning)."""
        months = PERIODS[self.period]
        if months is None:
            return None
        first = timezone.localtime(self.end, self.zone).replace(
            day=1, hour=0, minute=0, second=0, microsecond=0
        )
        for _month in range(months - 1):
            first = (first - timedelta(days=1)).replace(day=1)
        return first


# Each province the next one up from the last, by the index supplier_province: one probe of the
# index per province (a loose index scan), where SELECT DISTINCT would read every supplier. Runs as
# it is on PostgreSQL and SQLite; MIN follows the column's collation, as ORDER BY would.
PROVINCES_SQL = """
WITH RECURSIVE provinces (province) AS (
    SELECT MIN(province) FROM {table} WHERE province > %s
    UNION ALL
    SELECT (SELECT MIN(s.province) FROM {table} s WHERE s.province > provinces.province)
    FROM provinces WHERE provinces.province IS NOT NULL
)
SELECT province FROM provinces WHERE province IS NOT NULL
"""


def provinces() -> list[str]:
    """The provinces suppliers gave, in order, for the filter (one query, through the cache)."""

    def compute():
        with connection.cursor() as cursor:
            cursor.execute(PROVINCES_SQL.format(table=Supplier._meta.db_table), [""])
            return [province for (province,) in cursor.fetchall()]

    return cache.get_or_set("dashboard:1:provinces", compute, settings.DASHBOARD_CACHE_SECONDS)


def _in_period(queryset: QuerySet, field: str, filters: Filters) -> QuerySet:
    queryset = queryset.filter(**{f"{field}__lte": filters.end})
    if filters.start is not None:
        queryset = queryset.filter(**{f"{field}__gte": filters.start})
    return queryset


def _suppliers(filters: Filters) -> QuerySet:
    suppliers = Supplier.objects.all()
    if filters.province:
        suppliers = suppliers.filter(province=filters.province)
    return suppliers


def _approved(filters: Filters) -> QuerySet:
    return _suppliers(filters).filter(status=SupplierStatus.APPROVED)


def _monthly_series(rows, key: str, names: dict, filters: Filters, first_seen) -> tuple:
    """(periods, series) for charts.columns from rows of {month, key, n}."""
    counts = {(row["month"].strftime("%Y-%m"), row[key]): row["n"] for row in rows}
    start = filters.start or first_seen
    start = timezone.localtime(start, filters.zone).date() if isinstance(start, datetime) else start
    periods = charts.month_labels(start, timezone.localtime(filters.end, filters.zone).date())
    series = [
        (label, [counts.get((period, value), 0) for period in periods])
        for value, label in names.items()
        if any(counts.get((period, value)) for period in periods)
    ]
    return periods, series


# --- Charts ------------------------------------------------------------------------------------------


def registrations(filters: Filters) -> charts.Chart:
    suppliers = _in_period(_suppliers(filters), "created_at", filters)
    rows = (
        suppliers.annotate(month=TruncMonth("created_at", tzinfo=filters.zone))
        .values("month", "status")
        .annotate(n=Count("*"))
        .order_by("month")
    )
    rows = list(rows)
    first = min((row["month"] for row in rows), default=None)
    periods, series = _monthly_series(rows, "status", dict(SupplierStatus.choices), filters, first)
    return charts.columns(
        slug="registrations",
        title=_("Registrations per month, by status today"),
        description=_("Supplier profiles created each month, stacked by their current status."),
        periods=periods,
        series=series,
        period_header=_("Month"),
    )


def size_classes(filters: Filters) -> charts.Chart:
    counts = dict(_approved(filters).values_list("size_class").annotate(n=Count("*")).order_by())
    rows = [(SizeClass(value).label, counts.get(value, 0)) for value in SIZE_ORDER]
    if counts.get(""):
        rows.append((_("Not known"), counts[""]))
    return charts.bars(
        slug="size-classes",
        title=_("Approved suppliers by size class"),
        description=_("Micro, small, medium and large enterprises (IFC definitions)."),
        rows=rows,
        headers=[_("Size class"), _("Suppliers")],
    )


def women_owned(filters: Filters) -> charts.Chart:
    counts = _approved(filters).aggregate(
        verified=Count("id", filter=Q(women_owned_verified_at__isnull=False)),
        declared=Count("id", filter=Q(women_owned=True, women_owned_verified_at__isnull=True)),
        other=Count("id", filter=Q(women_owned=False, women_owned_verified_at__isnull=True)),
    )
    return charts.bars(
        slug="women-owned",
        title=_("Approved suppliers by women-owned status"),
        description=_("Women-owned businesses, verified by the program or self-declared."),
        rows=[
            (_("Women-owned, verified"), counts["verified"]),
            (_("Women-owned, self-declared"), counts["declared"]),
            (_("Not women-owned"), counts["other"]),
        ],
        headers=[_("Women-owned status"), _("Suppliers")],
    )


def by_province(filters: Filters) -> charts.Chart:
    rows = (
        _approved(filters)
        .values_list("province")
        .annotate(n=Count("*"))
        .order_by("-n", "province")[:TOP]
    )
    return charts.bars(
        slug="provinces",
        title=_("Approved suppliers by province (largest %(count)d)") % {"count": TOP},
        description=_("Where approved suppliers are registered."),
        rows=[(province_name(province) or _("Not given"), n) for province, n in rows],
        headers=[_("Province"), _("Suppliers")],
    )


def _segment_titles(prefixes) -> dict[str, str]:
    segments = Category.objects.filter(level=CategoryLevel.SEGMENT, prefix__in=list(prefixes))
    return {
        segment.prefix: f"{segment.prefix} {in_reader_language(segment.title_en, segment.title_zh)}"
        for segment in segments
    }


def by_segment(filters: Filters) -> charts.Chart:
    as_of = rollups.rollups_as_of()
    counts = SegmentSupplierCount.objects.all()
    if filters.province:
        counts = counts.filter(province=filters.province)
    rows = list(
        counts.values_list("segment").annotate(n=Sum("suppliers")).order_by("-n", "segment")[:TOP]
    )
    titles = _segment_titles(segment for segment, _n in rows)
    chart = charts.bars(
        slug="segments",
        title=_("Approved suppliers by category segment (largest %(count)d)") % {"count": TOP},
        description=_(
            "UNSPSC segments that approved suppliers sell in; a supplier may sell in several."
        ),
        rows=[(titles.get(segment, segment), n) for segment, n in rows],
        headers=[_("Segment"), _("Suppliers")],
    )
    return _counted(chart, as_of)


def notices_by_type(filters: Filters) -> charts.Chart:
    as_of = rollups.rollups_as_of()
    rows = list(
        _notice_months(filters).values("month", "notice_type").annotate(n=Sum("notices")).order_by()
    )
    first = min((row["month"] for row in rows), default=None)
    periods, series = _monthly_series(rows, "notice_type", dict(NoticeType.choices), filters, first)
    chart = charts.columns(
        slug="notices",
        title=_("Notices published per month, by type"),
        description=_("Procurement notices released each month, stacked by type of notice."),
        periods=periods,
        series=series,
        period_header=_("Month"),
    )
    return _counted(chart, as_of)


def notices_by_agency(filters: Filters) -> charts.Chart:
    as_of = rollups.rollups_as_of()
    rows = (
        _notice_months(filters)
        .values_list("agency__acronym")
        .annotate(n=Sum("notices"))
        .order_by("-n", "agency__acronym")[:TOP]
    )
    chart = charts.bars(
        slug="agencies",
        title=_("Notices published by agency (largest %(count)d)") % {"count": TOP},
        description=_("Procurement notices released in the period, by publishing agency."),
        rows=list(rows),
        headers=[_("Agency"), _("Notices")],
    )
    return _counted(chart, as_of)


def deliveries(filters: Filters) -> charts.Chart:
    counts = dict(
        # The contact page's messages to staff travel the same outbox, but are no alert.
        _in_period(
            AlertDelivery.objects.exclude(kind=DeliveryKind.CONTACT_MESSAGE), "created_at", filters
        )
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return charts.bars(
        slug="alerts",
        title=_("Alert e-mails by outcome"),
        description=_(
            "Alerts, reminders and digests queued in the period: sent, failed, suppressed or waiting."
        ),
        rows=[(label, counts.get(value, 0)) for value, label in DeliveryStatus.choices],
        headers=[_("Outcome"), _("E-mails")],
    )


def subscribers(filters: Filters) -> charts.Chart:
    rows = list(
        AlertCategory.objects.filter(alert__is_paused=False)
        .annotate(segment=Substr("prefix", 1, 2))
        .values_list("segment")
        .annotate(n=Count("alert__user_id", distinct=True))
        .order_by("-n", "segment")[:TOP]
    )
    titles = _segment_titles(segment for segment, _n in rows)
    return charts.bars(
        slug="subscribers",
        title=_("Subscribers by category segment (largest %(count)d)") % {"count": TOP},
        description=_("Users with an active alert on a category of the segment."),
        rows=[(titles.get(segment, segment), n) for segment, n in rows],
        headers=[_("Segment"), _("Subscribers")],
    )


def bands(filters: Filters) -> charts.Chart:
    rounds = Assessment.objects.filter(status=AssessmentStatus.APPROVED)
    if filters.province:
        rounds = rounds.filter(supplier__province=filters.province)
    counts = dict(rounds.values_list("band").annotate(n=Count("id")).order_by())
    return charts.bars(
        slug="assessment-bands",
        title=_("Suppliers by sustainability rating band"),
        description=_("Reviewed assessments in force, by rating band (A is best)."),
        rows=[(label, counts.get(value, 0)) for value, label in RatingBand.choices],
        headers=[_("Band"), _("Suppliers")],
    )


CHARTS = {
    "registrations": registrations,
    "size-classes": size_classes,
    "women-owned": women_owned,
    "provinces": by_province,
    "segments": by_segment,
    "notices": notices_by_type,
    "agencies": notices_by_agency,
    "alerts": deliveries,
    "subscribers": subscribers,
    "assessment-bands": bands,
    **award_figures.CHARTS,  # the orders the program's suppliers won
    **event_figures.CHARTS,  # the events: who came, who was reached, meetings and orders
}


def _counted(chart: charts.Chart, as_of: datetime | None) -> charts.Chart:
    chart.from_rollup, chart.as_of = True, as_of
    return chart


def _notice_months(filters: Filters) -> QuerySet:
    """The rollup's rows of the period's months (the period starts on the first of a month)."""
    months = NoticeMonthCount.objects.filter(
        month__lte=timezone.localtime(filters.end, filters.zone).date()
    )
    if filters.start is not None:
        months = months.filter(month__gte=timezone.localtime(filters.start, filters.zone).date())
    return months


# --- Through the cache ---------------------------------------------------------------------------------


def _cache_key(name: str, filters: Filters) -> str:
    province = hashlib.sha256(filters.province.encode()).hexdigest()[:16]
    # The rollups' last recount in the key: a recount shows at once, not after the cache's timeout.
    return f"dashboard:1:{name}:{filters.period}:{province}:{get_language()}:{rollups.version()}"


def chart(slug: str, filters: Filters) -> charts.Chart:
    """The chart `slug` (a key of CHARTS) for the filters, from the cache when it is fresh."""
    return cache.get_or_set(
        _cache_key(slug, filters), lambda: CHARTS[slug](filters), settings.DASHBOARD_CACHE_SECONDS
    )


def figures(filters: Filters) -> dict:
    """The headline figures for the filters, from the cache when they are fresh."""
    return cache.get_or_set(
        _cache_key("headline", filters), lambda: headline(filters), settings.DASHBOARD_CACHE_SECONDS
    )


def account_figures() -> dict:
    """accounts.figures.account_figures(), through the cache (it counts every account)."""
    return cache.get_or_set(
        "dashboard:1:accounts", account_counts.account_figures, settings.DASHBOARD_CACHE_SECONDS
    )


# --- Headline figures ---------------------------------------------------------------------------------


def median_review_days(filters: Filters) -> float | None:
    """The median time from (last) submission to decision, in days, of profiles decided in the
    period: a count, then the middle row(s) in order (two small queries, on any database)."""
    decided = _in_period(_suppliers(filters), "decided_at", filters).filter(
        submitted_at__isnull=False, decided_at__gte=F("submitted_at")
    )
    durations = decided.annotate(
        took=ExpressionWrapper(F("decided_at") - F("submitted_at"), output_field=DurationField())
    ).order_by("took")
    count = decided.count()
    if not count:
        return None
    middle = list(durations.values_list("took", flat=True)[(count - 1) // 2 : count // 2 + 1])
    seconds = sum(d.total_seconds() for d in middle) / len(middle)
    return round(seconds / 86400, 1)


def headline(filters: Filters) -> dict:
    """The figures at the top of the dashboard."""
    # Two aggregates, each over the index of its own suppliers (the approved ones: an index-only scan
    # of supplier_approved_facts; the queue: supplier_review_queue), not one pass over every supplier.
    suppliers = _approved(filters).aggregate(
        approved=Count("*"),
        smes=Count("id", filter=Q(size_class__in=SME)),
        women_owned=Count("id", filter=Q(women_owned=True)),
    ) | _suppliers(filters).filter(status=SupplierStatus.SUBMITTED).aggregate(
        queue=Count("*"), oldest=Min("submitted_at")
    )
    registered = _in_period(_suppliers(filters), "created_at", filters).count()
    published_as_of = rollups.rollups_as_of()
    published = _notice_months(filters).aggregate(n=Sum("notices"))["n"] or 0
    if published_as_of is None:
        published = None  # not counted yet, rather than a zero
    oldest = suppliers.pop("oldest")
    return suppliers | {
        "registered": registered,
        "published": published,
        "published_as_of": published_as_of,
        "open_notices": search.with_status(
            Notice.objects.all(), PublicStatus.OPEN, now=filters.end
        ).count(),
        "awards": _in_period(Award.objects.all(), "awarded_on", filters).count(),
        "suppressed": SuppressedAddress.objects.count(),
        "oldest_waiting_days": (filters.end - oldest).days if oldest else None,
        "median_review_days": median_review_days(filters),
        "open_plans": _open_plans(filters).count(),
        "overdue_actions": _overdue(filters).count(),
    }


def _open_plans(filters: Filters) -> QuerySet:
    open_plans = assessment.with_open_actions()
    if filters.province:
        open_plans = open_plans.filter(supplier__province=filters.province)
    return open_plans


def _overdue(filters: Filters) -> QuerySet:
    overdue = action_plans.overdue_actions(today=timezone.localtime(filters.end).date())
    if filters.province:
        overdue = overdue.filter(finding__assessment__supplier__province=filters.province)
    return overdue


OVERDUE_LISTED = 20


def plans(filters: Filters) -> dict:
    """Open plans and the most overdue actions, for the dashboard's lists."""
    return {
        "open_plans": _open_plans(filters)
        .select_related("supplier")
        .order_by("supplier__legal_name")[:OVERDUE_LISTED],
        "overdue": _overdue(filters)[:OVERDUE_LISTED],
    }
