"""Capacity building: events (procurement fairs, workshops, trainings, webinars), their sessions,
registrations and the history of their amendments.

Every time is stored in UTC and shown in the event's own time zone (`time_zone`), which the pages
name beside it: a workshop in Shanghai starts at 09:00 Shanghai time wherever the reader is.
"""

import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import validate_time_zone
from core.bilingual import in_reader_language


class EventKind(models.TextChoices):
    FAIR = "fair", _("Procurement fair")
    WORKSHOP = "workshop", _("Workshop")
    TRAINING = "training", _("Training")
    WEBINAR = "webinar", _("Webinar")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Eligibility(models.TextChoices):
    """Who may register. By invitation: those whose confirmed e-mail address staff invited
    (events.invitations)."""

    SIGNED_IN = "signed_in", _("Anyone signed in")
    SUPPLIERS = "suppliers", _("Suppliers with a company profile")
    APPROVED_SUPPLIERS = "approved_suppliers", _("Approved suppliers")
    INVITATION = "invitation", _("By invitation")


class Event(models.Model):
    kind = models.CharField(_("kind of event"), max_length=12, choices=EventKind.choices)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Shown only to registered participants."),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Asia/Shanghai",
        validators=[validate_time_zone],
        help_text=_("Where the event takes place; its times are given and shown in this zone."),
    )
    capacity = models.PositiveIntegerField(_("seats"))
    registration_deadline = models.DateTimeField(_("registration deadline"))
    eligibility = models.CharField(
        _("who may register"),
        max_length=20,
        choices=Eligibility.choices,
        default=Eligibility.SIGNED_IN,
    )
    colleagues_allowed = models.BooleanField(
        _("participants may register colleagues"),
        default=False,
        help_text=_("A participant may also register colleagues by name and e-mail address."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    cancellation_reason = models.TextField(_("reason for the cancellation"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = pgettext_lazy("capacity building", "event")
        verbose_name_plural = pgettext_lazy("capacity building", "events")
        indexes = [models.Index(fields=["status", "starts_at"], name="event_status_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__lte=F("starts_at")),
                name="event_registration_closes_before_start",
                violation_error_message=_("Registration must close before the event starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="event_capacity_positive",
                violation_error_message=_("An event has at least one seat."),
            ),
            models.CheckConstraint(
                condition=Q(online=True) | ~Q(city=""),
                name="event_has_a_city_or_is_online",
                violation_error_message=_("Give the city, or say that the event is online."),
            ),
            models.CheckConstraint(
                condition=Q(online=False) | ~Q(online_url=""),
                name="event_online_has_a_link",
                violation_error_message=_("An online event needs its link."),
            ),
        ]

    def __str__(self):
        return self.title_en

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def title(self) -> str:
        return in_reader_language(self.title_en, self.title_zh)

    @property
    def description(self) -> str:
        return in_reader_language(self.description_en, self.description_zh)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_public(self) -> bool:
        return self.status != EventStatus.DRAFT


class Session(models.Model):
    """A part of an event; sessions that overlap in time are parallel (a participant picks one)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    speakers = models.TextField(_("speakers"), blank=True, help_text=_("One per line."))
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Empty: as many as the event.")
    )

    class Meta:
        ordering = ["starts_at", "room", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("The session must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="session_capacity_positive",
                violation_error_message=_("A session has at least one seat."),
            ),
        ]

    def __str__(self):
        return self.title_en

    @property
    def title(self) -> str:
        return in_reader_language(self.title_en, self.title_zh)

    @property
    def speaker_list(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]

    def overlaps(self, other: "Session") -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """A user's place at an event: a seat (confirmed) or a place on the waiting list, in the order
    of `position`. A cancelled registration stays as history; the user may register again.

    A registration for a colleague (where the event allows it) is made by `user`, who manages it,
    for the person named by `attendee_name` and `attendee_email`, to whom its e-mails go."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    position = models.PositiveIntegerField(_("place on the waiting list"), null=True, blank=True)
    sessions = models.ManyToManyField(
        Session, blank=True, related_name="registrations", verbose_name=_("sessions")
    )
    attendee_name = models.CharField(_("colleague's name"), max_length=150, blank=True)
    attendee_email = models.EmailField(_("colleague's e-mail address"), blank=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    # Set by the participant (from the event's page, linked from every reminder): no more
    # reminders of this event are queued for them (events.reminders).
    reminders_off = models.BooleanField(_("no reminders"), default=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # Attendance, recorded at the door by staff (the check-in page): who came, when, who let them
    # in. The program's figures count attendance from here.
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["event", "status"], name="registration_event_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="cancelled") & Q(attendee_email=""),
                name="one_active_registration_per_user",
            ),
            models.UniqueConstraint(
                fields=["event", "attendee_email"],
                condition=~Q(status="cancelled") & ~Q(attendee_email=""),
                name="one_active_registration_per_colleague",
            ),
            models.CheckConstraint(
                condition=Q(attendee_email="") | ~Q(attendee_name=""),
                name="colleague_registration_has_a_name",
            ),
            models.CheckConstraint(
                condition=Q(status="waiting", position__isnull=False) | ~Q(status="waiting"),
                name="waiting_registration_has_a_position",
            ),
            models.CheckConstraint(
                condition=Q(attended_at__isnull=True) | Q(status="confirmed"),
                name="only_a_seat_is_attended",
            ),
        ]

    def __str__(self):
        return f"{self.event_id} · {self.user_id} · {self.status}"

    @property
    def is_active(self) -> bool:
        return self.status != RegistrationStatus.CANCELLED

    @property
    def for_colleague(self) -> bool:
        return bool(self.attendee_email)

    @property
    def participant_name(self) -> str:
        """Who takes the seat: the colleague named, or the user (their name, else their e-mail)."""
        if self.for_colleague:
            return self.attendee_name
        return self.user.name or self.user.email

    @property
    def participant_email(self) -> str:
        return self.attendee_email or self.user.email


class Invitation(models.Model):
    """An address staff invited to an invitation-only event: whoever has confirmed it on their
    account may register (events.invitations). The e-mail is written in `language`."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language of the e-mail"), max_length=10)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)

    class Meta:
        ordering = ["event", "email"]
        verbose_name = _("invitation to an event")
        verbose_name_plural = _("invitations to events")
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="invitation_once_per_address"),
        ]

    def __str__(self):
        return f"{self.event_id} · {self.email}"


class EventAmendment(models.Model):
    """A change to a published event: each changed field's value before and after, with a note."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="amendments")
    changes = models.JSONField(_("changes"), default=dict)
    note = models.TextField(_("note"))
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["event", "-created_at", "-pk"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def __str__(self):
        return f"{self.event_id} · {self.created_at:%Y-%m-%d %H:%M}"


# Meetings with buyers at fairs live in their own module.
from events.certificate_models import Certificate, CertificateKind  # noqa: E402, F401
from events.meeting_models import (  # noqa: E402, F401
    Buyer,
    MeetingRequest,
    MeetingSlot,
    MeetingStatus,
)
