"""The dashboard's rollups: the figures that would read a million notices (or join every approved
supplier to its categories) are read from small tables recounted by `refresh_rollups`, every
DASHBOARD_ROLLUP_SECONDS by Celery beat, or when staff ask for it (`queue_recount`). They are as of
that time, which the page says."""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from notices.models import Notice, NoticeStatus
from portal.models import NoticeMonthCount, RollupRefresh, SegmentSupplierCount
from suppliers.models import Supplier, SupplierStatus

ROLLUPS = "dashboard"
# The time of the last recount, in the cache: the dashboard's cached figures are keyed by it, so
# that a recount shows at once.
VERSION_KEY = "dashboard:rollups-version"
# A recount asked for this long ago and still not done (its message lost with the broker) no longer
# holds the next one back: well over the tasks' time limit (CELERY_TASK_TIME_LIMIT).
RECOUNT_LOST_AFTER = timedelta(minutes=15)


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
    if state.recount_queued_at is not None and state.recount_queued_at <= now:
        state.recount_queued_at = None  # the recount staff asked for is this one
    state.save(update_fields=["refreshed_at", "recount_queued_at"])
    transaction.on_commit(lambda: cache.set(VERSION_KEY, f"{now.timestamp():.6f}", None))
    return now


def rollups_as_of() -> datetime | None:
    """When the rollups were last recounted (None: never yet, they are then empty). Reading never
    counts them: a page view changes nothing, and the first count is beat's (or the deployment's,
    `portal.tasks.refresh_dashboard_rollups`)."""
    as_of = RollupRefresh.objects.filter(name=ROLLUPS).values_list("refreshed_at", flat=True)
    return as_of.first()


def version() -> str:
    """The time of the last recount, as the cache knows it (empty: not known)."""
    return cache.get(VERSION_KEY, "")


@dataclass(frozen=True)
class RollupStatus:
    as_of: datetime | None  # when the rollups were last recounted (None: never yet)
    recount_queued_at: datetime | None  # when staff asked for the recount still to come, if any


def _still_pending(queued_at: datetime | None, now: datetime) -> bool:
    return queued_at is not None and queued_at >= now - RECOUNT_LOST_AFTER


def status(*, now: datetime | None = None) -> RollupStatus:
    """When the rollups were counted, and whether a recount staff asked for is queued or running
    (one query)."""
    now = now or timezone.now()
    row = (
        RollupRefresh.objects.filter(name=ROLLUPS)
        .values_list("refreshed_at", "recount_queued_at")
        .first()
    )
    as_of, queued_at = row or (None, None)
    pending = _still_pending(queued_at, now)
    return RollupStatus(as_of=as_of, recount_queued_at=queued_at if pending else None)


@transaction.atomic
def queue_recount(*, now: datetime | None = None) -> bool:
    """Queue a recount of the rollups for the worker (portal.tasks.refresh_dashboard_rollups, once
    committed), unless one staff asked for is still queued or running: True when this call queued
    it, False when it left the one already there."""
    now = now or timezone.now()
    RollupRefresh.objects.get_or_create(name=ROLLUPS)
    not_pending = Q(recount_queued_at__isnull=True) | Q(
        recount_queued_at__lt=now - RECOUNT_LOST_AFTER
    )
    queued = RollupRefresh.objects.filter(not_pending, name=ROLLUPS).update(recount_queued_at=now)
    if queued:
        transaction.on_commit(_enqueue_recount)
    return bool(queued)


def _enqueue_recount() -> None:
    from portal.tasks import refresh_dashboard_rollups  # the tasks call this module

    refresh_dashboard_rollups.delay()
