"""The dashboard's rollups: the figures that would read a million notices (or join every approved
supplier to its categories) are read from small tables recounted by `refresh_rollups`, every
DASHBOARD_ROLLUP_SECONDS by Celery beat. They are as of that time, which the page says."""

import zoneinfo
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, QuerySet
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from notices.models import Notice, NoticeStatus
from portal.models import NoticeMonthCount, RollupRefresh, SegmentSupplierCount
from suppliers.models import Supplier, SupplierStatus

ROLLUPS = "dashboard"


def published_notices() -> QuerySet:
    """The notices the dashboard counts, by their publication date: every notice made public (a
    cancelled or awarded one was published too); drafts are not."""
    return Notice.objects.exclude(status=NoticeStatus.DRAFT)


def approved_supplier_segments() -> QuerySet:
    """(province, segment, suppliers): approved suppliers by province and UNSPSC segment, each
    supplier counted once per segment whatever the number of its categories in it."""
    links = Supplier.categories.through.objects.filter(supplier__status=SupplierStatus.APPROVED)
    return (
        links.annotate(segment=Substr("category_id", 1, 2))
        .values_list("supplier__province", "segment")
        .annotate(n=Count("supplier_id", distinct=True))
        .order_by()
    )


@transaction.atomic
def refresh_rollups(*, now: datetime | None = None) -> datetime:
    """Recount the rollups from the notices and suppliers (one GROUP BY each) and return the time
    they are now as of. Two refreshes at once wait for each other (the refresh row is locked)."""
    now = now or timezone.now()
    zone = zoneinfo.ZoneInfo(settings.DASHBOARD_TIME_ZONE)  # months of the program's zone
    state, _created = RollupRefresh.objects.select_for_update().get_or_create(
        name=ROLLUPS, defaults={"refreshed_at": now}
    )
    notices = (
        published_notices()
        .filter(published_at__lte=now)
        .annotate(month=TruncMonth("published_at", tzinfo=zone))
        .values_list("month", "notice_type", "agency_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    NoticeMonthCount.objects.all().delete()
    NoticeMonthCount.objects.bulk_create(
        NoticeMonthCount(
            month=timezone.localtime(month, zone).date(),
            notice_type=notice_type,
            agency_id=agency_id,
            notices=n,
        )
        for month, notice_type, agency_id, n in notices
    )
    SegmentSupplierCount.objects.all().delete()
    SegmentSupplierCount.objects.bulk_create(
        SegmentSupplierCount(province=province, segment=segment, suppliers=n)
        for province, segment, n in approved_supplier_segments()
    )
    state.refreshed_at = now
    state.save(update_fields=["refreshed_at"])
    return now


def rollups_as_of() -> datetime | None:
    """When the rollups were last recounted (None: never yet, they are then empty). Reading never
    counts them: a page view changes nothing, and the first count is beat's (or the deployment's,
    `portal.tasks.refresh_dashboard_rollups`)."""
    as_of = RollupRefresh.objects.filter(name=ROLLUPS).values_list("refreshed_at", flat=True)
    return as_of.first()
