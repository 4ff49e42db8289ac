"""The alert pipeline's tables: the notices a user follows, a supplier's alerts and their criteria, the routes the matcher reads,
and the outbox (one row per recipient and event, written before any e-mail is sent).

They belong to the `notices` app (its migrations create them); `notices.models` imports this module
so that Django finds them.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchQueryField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.countries import PortalCountries
from notices.keywords import KeywordQuery
from notices.models import NoticeType


class Follow(models.Model):
    """A user follows a notice (to hear of its amendments; the alerts are built on it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    notice = models.ForeignKey("notices.Notice", on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "notice"], name="follow_unique"),
        ]

    def __str__(self):
        return f"{self.user_id} -> {self.notice_id}"


class Frequency(models.TextChoices):
    INSTANT = "instant", _("As soon as a notice is published")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")


class Alert(models.Model):
    """A supplier's saved search: every criterion that is set must hold; an empty one is "any".

    The criteria that are lists live in their own tables (one row per category prefix, country,
    agency, type, keyword), which the form edits; the matcher reads them through AlertRoute.
    The `any_*` flags say which lists are empty.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts"
    )
    name = models.CharField(_("name of the alert"), max_length=120)
    keywords = models.CharField(
        _("keywords"), max_length=300, blank=True, help_text=_("All of them must appear.")
    )
    excluded_keywords = models.CharField(
        _("excluded keywords"),
        max_length=300,
        blank=True,
        help_text=_("A notice with any of them is left out."),
    )
    sme_friendly = models.BooleanField(_("only SME-friendly notices"), default=False)
    women_owned_preference = models.BooleanField(
        _("only notices that prefer women-owned businesses"), default=False
    )
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.INSTANT
    )
    is_paused = models.BooleanField(_("paused"), default=False)
    # Set when its owner deletes it: it stops matching at once and can be restored for a while
    # (notices.alerts.criteria.UNDO_WINDOW), then it is purged.
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)
    # The outbox rows that deleting it cleared of it (AlertDelivery ids), which restoring it
    # gives back to it, exactly those.
    detached_deliveries = models.JSONField(default=list, blank=True, editable=False)
    any_category = models.BooleanField(default=True, editable=False)
    any_country = models.BooleanField(default=True, editable=False)
    any_agency = models.BooleanField(default=True, editable=False)
    any_type = models.BooleanField(default=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        indexes = [
            # The purge's lookup: the few deleted alerts among all.
            models.Index(
                fields=["deleted_at"],
                condition=models.Q(deleted_at__isnull=False),
                name="alert_deleted",
            )
        ]

    def __str__(self):
        return self.name


class AlertCategory(models.Model):
    """A category the alert covers, as its code prefix (2, 4, 6 or 8 digits): "4323" covers 43232104."""

    # Looked up through the unique constraint, which starts with the alert.
    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, related_name="category_prefixes", db_index=False
    )
    prefix = models.CharField(max_length=8)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "prefix"], name="alert_prefix_unique"),
        ]
        indexes = [models.Index(fields=["prefix", "alert"], name="alert_prefix_lookup")]

    def __str__(self):
        return self.prefix


class AlertCountry(models.Model):
    # Looked up through the unique constraint, which starts with the alert.
    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, related_name="countries", db_index=False
    )
    country = CountryField(countries=PortalCountries)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "country"], name="alert_country_unique"),
        ]

    def __str__(self):
        return str(self.country)


class AlertAgency(models.Model):
    # Looked up through the unique constraint, which starts with the alert.
    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, related_name="agencies", db_index=False
    )
    agency = models.ForeignKey("notices.Agency", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "agency"], name="alert_agency_unique"),
        ]

    def __str__(self):
        return str(self.agency_id)


class AlertNoticeType(models.Model):
    # Looked up through the unique constraint, which starts with the alert.
    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, related_name="notice_types", db_index=False
    )
    notice_type = models.CharField(max_length=20, choices=NoticeType.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "notice_type"], name="alert_type_unique"),
        ]

    def __str__(self):
        return self.notice_type


class AlertKeyword(models.Model):
    """One keyword of an alert, a term of the keyword grammar (notices.keywords), lower-cased.
    `excluded` ones must not appear. `as_substring`: the term is Chinese (or any term on SQLite),
    matched as written rather than by its English words ("vehicles" finds "vehicle")."""

    # Looked up through the unique constraint, which starts with the alert.
    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, related_name="keyword_terms", db_index=False
    )
    term = models.CharField(max_length=100)
    excluded = models.BooleanField(default=False)
    as_substring = models.BooleanField(default=False)
    # The term's full-text query, computed when written, for the matcher (docs/performance.md). To
    # recompute it: `UPDATE notices_alertkeyword SET term = term`.
    query = models.GeneratedField(
        expression=KeywordQuery("term", "as_substring"),
        output_field=SearchQueryField(null=True),
        db_persist=True,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "term", "excluded"], name="alert_keyword_unique"
            ),
        ]

    def __str__(self):
        return f"-{self.term}" if self.excluded else self.term


class AlertRoute(models.Model):
    """Where the matcher looks first: one row per category prefix ("" for an alert without
    categories) of every alert that may be sent now (not paused; its owner active, with a confirmed
    address that is not suppressed), carrying the alert's other criteria, so that the alerts that fit
    a notice come out of one index range without touching another table.

    Derived data, never edited: notices.alerts.routes writes an alert's rows whenever the alert, its owner
    or their address changes, and rewrites them all every night. The lists are stored as text
    between commas (",CN,KE,"; "" is "any"), which both databases search with one string function.
    """

    prefix = models.CharField(max_length=8)
    # The alert's rows are found through the unique constraint, which starts with the alert.
    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, related_name="routes", db_index=False
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    countries = models.TextField(blank=True)
    agencies = models.TextField(blank=True)
    notice_types = models.TextField(blank=True)
    has_keywords = models.BooleanField(default=False)
    sme_friendly = models.BooleanField(default=False)
    women_owned_preference = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "prefix"], name="alert_route_once"),
        ]
        indexes = [
            # What the matcher reads, carried in the index (PostgreSQL): it never reads the table.
            models.Index(
                fields=["prefix"],
                include=[
                    "alert",
                    "user",
                    "frequency",
                    "countries",
                    "agencies",
                    "notice_types",
                    "has_keywords",
                    "sme_friendly",
                    "women_owned_preference",
                ],
                name="alert_route_lookup",
            )
        ]

    def __str__(self):
        return f"{self.prefix or '*'} -> {self.alert_id}"


class DeliveryKind(models.TextChoices):
    NEW_NOTICE = "new", _("New notice")
    AMENDMENT = "amendment", _("Amendment")
    CANCELLATION = "cancellation", _("Cancellation")
    REMINDER = "reminder", _("Deadline reminder")
    ACTION_REMINDER = "action", _("Corrective action reminder")
    CONTACT_MESSAGE = "contact", _("Message from the contact page")
    # About a notice; `event` names the question (notices.questions) or the staff's message.
    ANSWER = "answer", _("Answer to a clarification question")
    REPLY = "reply", _("Answer to your question")
    INTERESTED = "interested", _("Message to interested suppliers")
    # About an event one registered for; `registration` names the registration (events app).
    EVENT_AMENDMENT = "event_amend", _("Event changed")
    EVENT_CANCELLATION = "event_cancel", _("Event cancelled")
    EVENT_REMINDER = "event_remind", _("Event reminder")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Delivered")
    FAILED = "failed", _("Failed")
    SUPPRESSED = "suppressed", _("Not sent (address suppressed)")
    # Waiting when its alert was deleted: held back while the alert can be restored, never sent after.
    WITHDRAWN = "withdrawn", _("Not sent (alert deleted)")


# A row not sent yet. A user's rows are indexed in two parts (Meta.indexes): the waiting rows (few,
# in memory while a dispatch writes thousands) and the rest (written as e-mails go out).
WAITING_STATUSES = [DeliveryStatus.PENDING, DeliveryStatus.SENDING]
IS_WAITING = models.Q(status__in=WAITING_STATUSES)
# Always true: lets PostgreSQL read a user's rows of any status through both indexes (a BitmapOr),
# for reads bounded otherwise (a date range, an alert); history.latest_deliveries merges instead.
ANY_STATUS = IS_WAITING | ~IS_WAITING


def _reference(to: str, *, related_name: str) -> models.ForeignKey:
    """What an outbox row may be about (a notice, an action, a message, a registration): kept by
    Django's on_delete, never a foreign key in the database; indexed only as Meta.indexes say."""
    return models.ForeignKey(
        to,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name=related_name,
        db_index=False,
        db_constraint=False,
    )


class AlertDelivery(models.Model):
    """The outbox: one row per recipient and event, written before any e-mail is sent.

        (user, notice, kind, event) is unique, so dispatching the same event twice writes nothing.
        `event` tells events of one kind apart: the amendment's number, the reminder's days.
        A corrective action reminder (suppliers.action_plans) names an action instead of a notice,
        and is unique per action and event (the due date and the days before it). A message written on
        the contact page (portal.contact) names that message, and reaches each of its staff recipients once.
    An event's change or cancellation (events.outbox) names the registration it is sent for, once per
    registration, kind and event (the amendment's id).
    """

    # A dispatch writes thousands of rows in one statement: every reference is kept by Django's
    # on_delete, not checked by the database, which checks each row for each foreign key at commit,
    # even one the row leaves empty (docs/performance.md). A user's rows and a notice's are read
    # through the indexes below that start with them.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="alert_deliveries",
        db_index=False,
        db_constraint=False,
    )
    notice = _reference("notices.Notice", related_name="deliveries")
    action = _reference("suppliers.CorrectiveAction", related_name="reminders")
    contact_message = _reference("portal.ContactMessage", related_name="deliveries")
    # An event's message to one registrant (events.outbox): a few hundred rows per change.
    registration = _reference("events.Registration", related_name="deliveries")
    kind = models.CharField(_("kind"), max_length=12, choices=DeliveryKind.choices)
    event = models.CharField(_("event"), max_length=20, blank=True)
    # No index either: one more index on this hot table, in random order, slows every dispatch. When
    # an alert is deleted, criteria.delete_alert clears it from its owner's rows.
    alert = models.ForeignKey(
        Alert,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="deliveries",
        db_index=False,
        db_constraint=False,
    )
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.INSTANT
    )
    matched_prefix = models.CharField(_("matched category"), max_length=8, blank=True)
    matched_country = models.CharField(_("matched country"), max_length=2, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("alert delivery")
        verbose_name_plural = _("alert deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "user", "kind", "event"], name="delivery_once_per_event"
            ),
            models.UniqueConstraint(
                fields=["user", "action", "event"],
                condition=models.Q(action__isnull=False),
                name="delivery_once_per_action_reminder",
            ),
            models.UniqueConstraint(
                fields=["user", "contact_message"],
                condition=models.Q(contact_message__isnull=False),
                name="delivery_once_per_contact_message",
            ),
            models.UniqueConstraint(
                fields=["user", "registration", "kind", "event"],
                condition=models.Q(registration__isnull=False),
                name="delivery_once_per_registration",
            ),
            models.CheckConstraint(
                condition=models.Q(notice__isnull=False)
                | models.Q(action__isnull=False)
                | models.Q(contact_message__isnull=False)
                | models.Q(registration__isnull=False),
                name="delivery_names_what_it_is_about",
            ),
        ]
        indexes = [
            models.Index(
                fields=["frequency", "next_attempt_at"],
                condition=models.Q(status=DeliveryStatus.PENDING),
                name="delivery_due",
            ),
            # A user's rows in two parts (see WAITING_STATUSES): a dispatch writes the small one, by
            # user alone, which PostgreSQL keeps as one entry per user: a dispatch's rows cost half
            # as much to add (docs/performance.md); a user's few waiting rows are sorted when read.
            models.Index(fields=["user"], condition=IS_WAITING, name="delivery_waiting"),
            models.Index(
                fields=["user", "-created_at"], condition=~IS_WAITING, name="delivery_log"
            ),
            models.Index(
                fields=["claimed_at"],
                condition=models.Q(status=DeliveryStatus.SENDING),
                name="delivery_claimed",
            ),
            models.Index(
                fields=["action"], condition=models.Q(action__isnull=False), name="delivery_action"
            ),
            models.Index(
                fields=["contact_message"],
                condition=models.Q(contact_message__isnull=False),
                name="delivery_contact_message",
            ),
            models.Index(
                fields=["registration"],
                condition=models.Q(registration__isnull=False),
                name="delivery_registration",
            ),
            # A recipient's last digest (digests.send_digests); written as rows are sent.
            models.Index(
                fields=["user", "frequency", "-sent_at"],
                condition=models.Q(status=DeliveryStatus.SENT),
                name="delivery_last_sent",
            ),
        ]

    def __str__(self):
        about = self.notice_id or self.action_id or self.contact_message_id or self.registration_id
        return f"{self.get_kind_display()} {about} -> {self.user_id}"


class DispatchedEvent(models.Model):
    """A notice's event whose outbox rows are written: the sweep re-dispatches what is missing here."""

    notice = models.ForeignKey(
        "notices.Notice", on_delete=models.CASCADE, related_name="dispatched_events"
    )
    kind = models.CharField(max_length=12, choices=DeliveryKind.choices)
    event = models.CharField(max_length=20, blank=True)
    dispatched_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "kind", "event"], name="dispatched_event_once"
            ),
        ]

    def __str__(self):
        return f"{self.notice_id} {self.kind} {self.event}".strip()


class SuppressedAddress(models.Model):
    """An address that refused our mail permanently (SMTP 5xx): nothing more is sent to it until
    its owner confirms it again."""

    email = models.EmailField(_("e-mail address"), unique=True)
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")

    def __str__(self):
        return self.email


class ReminderOptOut(models.Model):
    """A user stopped a kind of reminder that is not about a notice (corrective-action reminders)
    with the one-click link of one of them: no more are queued for them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_opt_outs"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=DeliveryKind.choices)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("stopped reminders")
        verbose_name_plural = _("stopped reminders")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="reminder_opt_out_once"),
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind}"
