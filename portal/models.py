"""The program dashboard's rollups (filled by portal.rollups.refresh_rollups)."""

from django.db import models


class NoticeMonthCount(models.Model):
    """How many notices an agency made public in a month (of DASHBOARD_TIME_ZONE), by type: the
    dashboard's notice figures read these few thousand rows instead of a million notices."""

    month = models.DateField()
    agency = models.ForeignKey("notices.Agency", on_delete=models.CASCADE, related_name="+")
    notice_type = models.CharField(max_length=20)
    notices = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "notice_type", "agency"], name="notice_month_count_unique"
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.agency_id} {self.notice_type}: {self.notices}"


class SegmentSupplierCount(models.Model):
    """How many approved suppliers of a province sell in a UNSPSC segment (a supplier counted once
    per segment, however many of its categories fall in it)."""

    province = models.CharField(max_length=100, blank=True)
    segment = models.CharField(max_length=2)
    suppliers = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["segment", "province"], name="segment_supplier_count_unique"
            )
        ]

    def __str__(self):
        return f"{self.segment} {self.province}: {self.suppliers}"


class RollupRefresh(models.Model):
    """When the rollups were last recounted (the time the dashboard says its figures are as of;
    None: never yet), and when staff asked for a recount that is still queued or running."""

    name = models.CharField(max_length=40, primary_key=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    recount_queued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.name} as of {self.refreshed_at}"


class WorkerHeartbeat(models.Model):
    """When a Celery worker last ran the heartbeat task that beat sends every
    WORKER_HEARTBEAT_SECONDS, and which worker: `/healthz` reports a worker unseen for longer than
    WORKER_SILENT_AFTER_SECONDS (portal.health.check_worker). One row."""

    name = models.CharField(max_length=40, primary_key=True)
    seen_at = models.DateTimeField()
    hostname = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return f"{self.name}: {self.hostname} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
