"""The program dashboard's rollups (filled by portal.rollups.refresh_rollups) and the messages of the
contact page."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


class ContactTopic(models.TextChoices):
    REGISTRATION = "registration", _("Registering my company and its review")
    NOTICES = "notices", _("Procurement notices and alerts")
    ACCOUNT = "account", _("My account, signing in or e-mails")
    ACCESSIBILITY = "accessibility", _("Accessibility of the portal")
    PRIVACY = "privacy", _("My data and privacy")
    OTHER = "other", _("Something else")


class ContactMessage(models.Model):
    """A message written on the contact page, stored before it is e-mailed to program staff
    (portal.contact.receive; the e-mails are rows of the alert outbox, kind "contact"). Staff mark
    it handled in the admin once they have answered."""

    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"))
    topic = models.CharField(_("topic"), max_length=20, choices=ContactTopic.choices)
    message = models.TextField(_("message"), max_length=5000)
    # The account that wrote it, if signed in (kept when the account is deleted: the message is
    # the sender's own words to the program, and staff may still have to answer it).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_messages",
        verbose_name=_("account"),
    )
    language = models.CharField(_("language of the page"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    handled = models.BooleanField(_("handled"), default=False)
    handled_at = models.DateTimeField(_("handled on"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    class Meta:
        ordering = ["handled", "-created_at", "-id"]
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        indexes = [models.Index(fields=["handled", "-created_at"], name="contact_message_queue")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(handled=False) | models.Q(handled_at__isnull=False),
                name="contact_message_handled_has_a_time",
            )
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>: {self.get_topic_display()}"
