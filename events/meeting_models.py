"""Meetings with buyers at procurement fairs: the UN agencies' buyers at a fair (staff accounts,
each for one agency), the slots they publish (a time and a table) and the suppliers' requests for
them. A slot holds one meeting: the database refuses a second accepted request (events.meetings
decides them with the slot locked). `events.models` imports this module so that Django finds them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Buyer(models.Model):
    """A buyer of agency X at fair Y: a staff account who meets suppliers there."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="buyers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fair_buyers"
    )
    agency = models.ForeignKey("notices.Agency", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("buyer at a fair")
        verbose_name_plural = _("buyers at fairs")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="buyer_once_per_fair"),
        ]

    def __str__(self):
        return f"{self.user_id} ({self.agency_id}) @ {self.event_id}"


class MeetingSlot(models.Model):
    """A time at a table when the buyer meets one supplier."""

    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    table = models.CharField(_("table"), max_length=40)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("meeting slot")
        verbose_name_plural = _("meeting slots")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_slot_ends_after_start"
            ),
            models.UniqueConstraint(fields=["buyer", "starts_at"], name="meeting_slot_once"),
        ]

    def __str__(self):
        return f"{self.buyer_id} {self.starts_at:%Y-%m-%d %H:%M} {self.table}"


class MeetingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class MeetingRequest(models.Model):
    """A registered supplier asks for a buyer's slot, saying what they offer."""

    slot = models.ForeignKey(MeetingSlot, on_delete=models.CASCADE, related_name="requests")
    registration = models.ForeignKey(
        "events.Registration", on_delete=models.CASCADE, related_name="meeting_requests"
    )
    offer = models.TextField(_("what you offer"), max_length=2000)
    categories = models.ManyToManyField(
        "categories.Category", blank=True, related_name="+", verbose_name=_("categories")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.REQUESTED
    )
    note = models.TextField(_("note from the buyer"), blank=True)
    no_show = models.BooleanField(_("did not come"), default=False)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(status=MeetingStatus.ACCEPTED),
                name="one_accepted_meeting_per_slot",
            ),
            models.UniqueConstraint(
                fields=["slot", "registration"], name="meeting_request_once_per_slot"
            ),
            models.CheckConstraint(
                condition=Q(no_show=False) | Q(status=MeetingStatus.ACCEPTED),
                name="meeting_no_show_only_if_accepted",
            ),
        ]

    def __str__(self):
        return f"{self.registration_id} -> {self.slot_id} ({self.status})"
