"""What is bought and who buys it: UNSPSC categories, agencies, notices and their history."""

import uuid
import zoneinfo

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.bilingual import in_reader_language
from portal.models import validate_time_zone


class CategoryLevel(models.TextChoices):
    SEGMENT = "segment", _("Segment")
    FAMILY = "family", _("Family")
    CLASS = "class", _("Class")
    COMMODITY = "commodity", _("Commodity")


# Significant digits of a code at each level: 43000000 -> "43", 43230000 -> "4323", ...
PREFIX_LENGTH = {
    CategoryLevel.SEGMENT: 2,
    CategoryLevel.FAMILY: 4,
    CategoryLevel.CLASS: 6,
    CategoryLevel.COMMODITY: 8,
}


class Category(models.Model):
    """A UNSPSC code: segment / family / class / commodity, 8 digits, with English and Chinese titles.

    The hierarchy is by prefix: 43232104 is under 432321, 4323 and 43.
    """

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    level = models.CharField(_("level"), max_length=10, choices=CategoryLevel.choices)
    prefix = models.CharField(
        _("prefix"), max_length=8, db_index=True, help_text=_("The code's significant digits.")
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    title_en = models.CharField(_("title (English)"), max_length=255)
    title_zh = models.CharField(_("title (Chinese)"), max_length=255, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{8}$"), name="category_code_8_digits"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        """The title in the reader's language (English where no Chinese title is known)."""
        return in_reader_language(self.title_en, self.title_zh)


# --- Agencies ---------------------------------------------------------------------------------------


class Agency(models.Model):
    """A UN agency or international organisation that issues procurement notices."""

    acronym = models.CharField(_("acronym"), max_length=32, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_(
            "Where the agency's procurement office is; deadlines are given in it by default."
        ),
    )
    website = models.URLField(_("procurement website"), blank=True)

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.acronym

    @property
    def name(self) -> str:
        """The name in the reader's language (English where no Chinese name is known)."""
        return in_reader_language(self.name_en, self.name_zh)

    @property
    def label(self) -> str:
        """How pickers name the agency: its acronym and its name in the reader's language."""
        return f"{self.acronym} · {self.name}" if self.name != self.acronym else self.acronym


# --- Notices ----------------------------------------------------------------------------------------


class NoticeType(models.TextChoices):
    REQUEST_FOR_QUOTATION = "rfq", _("Request for quotation")
    INVITATION_TO_BID = "itb", _("Invitation to bid")
    REQUEST_FOR_PROPOSAL = "rfp", _("Request for proposal")
    EXPRESSION_OF_INTEREST = "eoi", _("Expression of interest")
    REQUEST_FOR_INFORMATION = "rfi", _("Request for information")
    INDIVIDUAL_CONSULTANTS = "consultants", _("Call for individual consultants")
    IMPLEMENTING_PARTNERS = "partners", _("Call for implementing partners / grant support")
    PREQUALIFICATION = "prequalification", _("Pre-qualification")
    CONTRACT_AWARD = "award", _("Contract award")


class NoticeStatus(models.TextChoices):
    """What is stored. "Closed" is not stored: it is derived from the deadline (see PublicStatus)."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")
    AWARDED = "awarded", _("Awarded")


class PublicStatus(models.TextChoices):
    """What readers see and filter on: a published notice is open until its deadline, then closed."""

    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")
    AWARDED = "awarded", _("Awarded")


class DocumentLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    CHINESE = "zh", _("Chinese")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    ARABIC = "ar", _("Arabic")
    RUSSIAN = "ru", _("Russian")
    OTHER = "other", _("Other")


class Notice(models.Model):
    """A procurement notice issued by an agency.

    Its categories and countries live in their own tables (NoticeCategory, NoticeCategoryPrefix,
    NoticeCountry) so that filters and alert matching are indexed equality joins. Writes go through
    `notices.publishing`, which keeps those tables and the amendment history in step.
    """

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="notices", verbose_name=_("agency")
    )
    reference = models.CharField(
        _("reference"),
        max_length=100,
        help_text=_("The agency's own reference, unique per agency."),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Plain text or Markdown (headings, lists, bold, italics, links). No HTML."),
    )
    notice_type = models.CharField(_("type"), max_length=20, choices=NoticeType.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    deadline = models.DateTimeField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("When submissions close. Required to publish, except for contract awards."),
    )
    deadline_time_zone = models.CharField(
        _("deadline time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("The time zone the agency gave with the deadline, e.g. Europe/Copenhagen."),
    )
    estimated_value = models.DecimalField(
        _("estimated value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code, e.g. USD.")
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    tender_url = models.URLField(
        _("agency's tender page"), max_length=500, blank=True, help_text=_("Where suppliers bid.")
    )
    environmental_criteria = models.TextField(_("environmental criteria"), blank=True)
    social_criteria = models.TextField(_("social criteria"), blank=True)
    economic_criteria = models.TextField(_("economic criteria"), blank=True)
    sme_friendly = models.BooleanField(_("SME-friendly"), default=False)
    women_owned_preference = models.BooleanField(
        _("preference for women-owned businesses"), default=False
    )
    document_language = models.CharField(
        _("language of the documents"),
        max_length=5,
        choices=DocumentLanguage.choices,
        default=DocumentLanguage.ENGLISH,
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True)
    external_classifications = models.JSONField(
        _("other classifications"),
        default=list,
        blank=True,
        help_text=_("Codes of other schemes (e.g. CPV) given by an imported notice."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Weighted: title A, reference and agency B, description C. On PostgreSQL a trigger keeps it in
    # step on every INSERT and UPDATE (ORM, bulk, raw SQL or COPY alike; see migration 0005); on
    # SQLite it stays empty and search falls back to a plain match.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        permissions = [
            ("publish_notice", _("Can publish, amend, cancel and award notices")),
        ]
        constraints = [
            models.UniqueConstraint(
                models.F("agency"),
                Lower("reference"),
                name="notice_reference_unique_per_agency",
                violation_error_message=_("This agency already has a notice with this reference."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=NoticeStatus.values), name="notice_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(notice_type__in=NoticeType.values), name="notice_type_known"
            ),
            models.CheckConstraint(
                condition=models.Q(status=NoticeStatus.DRAFT)
                | models.Q(published_at__isnull=False),
                name="notice_published_has_a_date",
            ),
            models.CheckConstraint(
                condition=models.Q(status=NoticeStatus.DRAFT)
                | models.Q(deadline__isnull=False)
                | models.Q(notice_type=NoticeType.CONTRACT_AWARD),
                name="notice_published_has_a_deadline",
            ),
            models.CheckConstraint(
                condition=models.Q(estimated_value__isnull=True) | models.Q(estimated_value__gte=0),
                name="notice_value_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(estimated_value__isnull=True) | ~models.Q(currency=""),
                name="notice_value_has_a_currency",
                violation_error_message=_("Give the currency of the estimated value."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status=NoticeStatus.CANCELLED)
                | ~models.Q(cancellation_reason=""),
                name="notice_cancellation_has_a_reason",
            ),
        ]
        indexes = [
            # Open notices closing soonest, and the open/closed split. Covering (id, published_at):
            # at a million notices, counting the open ones of a category or a country is then an
            # index-only scan joined to the prefix index, not ten thousand random heap reads.
            models.Index(
                fields=["status", "deadline"],
                include=["id", "published_at"],
                name="notice_status_deadline",
            ),
            # Newest first within a status (the list's default order and the feed).
            models.Index(fields=["status", "-published_at", "-id"], name="notice_status_published"),
            models.Index(fields=["notice_type", "status"], name="notice_type_status"),
            # The API's harvest: last updated first, the id breaking ties (a bulk import gives many
            # notices the same time; without the id here, a page sorted every one of them).
            models.Index(fields=["-updated_at", "-id"], name="notice_updated"),
            # Newest first across statuses ("any status", the API's harvest, the feed).
            models.Index(fields=["-published_at", "-id"], name="notice_published"),
        ]

    def __str__(self):
        return f"{self.agency_id and self.agency.acronym} {self.reference}: {self.title}"

    def get_absolute_url(self):
        return reverse("notices:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        """Published and before its deadline: suppliers may still respond."""
        return (
            self.status == NoticeStatus.PUBLISHED
            and self.deadline is not None
            and self.deadline > timezone.now()
        )

    @property
    def public_status(self) -> str:
        """The status readers see: a published notice whose deadline has passed is closed."""
        if self.status == NoticeStatus.PUBLISHED:
            return PublicStatus.OPEN if self.is_open else PublicStatus.CLOSED
        return self.status

    @property
    def public_status_label(self) -> str:
        if self.status == NoticeStatus.DRAFT:
            return NoticeStatus.DRAFT.label
        return PublicStatus(self.public_status).label

    @property
    def deadline_in_agency_time(self):
        """The deadline as the agency gave it, in its own time zone."""
        if self.deadline is None:
            return None
        return self.deadline.astimezone(zoneinfo.ZoneInfo(self.deadline_time_zone))

    @property
    def is_public(self) -> bool:
        return self.status != NoticeStatus.DRAFT


class NoticeCategory(models.Model):
    """A UNSPSC code a notice is classified under, at any level. Any valid code may be used, listed in
    the Category table or not, so this is not a foreign key."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(_("UNSPSC code"), max_length=8)

    class Meta:
        ordering = ["code"]
        verbose_name = _("notice category")
        verbose_name_plural = _("notice categories")
        constraints = [
            models.UniqueConstraint(fields=["notice", "code"], name="notice_category_unique"),
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{8}$"), name="notice_category_8_digits"
            ),
        ]

    def __str__(self):
        return self.code


class NoticeCategoryPrefix(models.Model):
    """Every prefix a notice's codes fall under, one row each: 43232104 gives 43, 4323, 432321 and
    43232104. A category filter at any level, and an alert's category, is then one indexed equality
    on `prefix`, never a LIKE. Derived from NoticeCategory by `notices.publishing`."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="category_prefixes")
    prefix = models.CharField(max_length=8)

    class Meta:
        verbose_name = _("notice category prefix")
        verbose_name_plural = _("notice category prefixes")
        constraints = [
            models.UniqueConstraint(fields=["notice", "prefix"], name="notice_prefix_unique"),
            models.CheckConstraint(
                condition=models.Q(prefix__regex=r"^([0-9]{2}){1,4}$"), name="notice_prefix_digits"
            ),
        ]
        indexes = [models.Index(fields=["prefix", "notice"], name="notice_prefix_lookup")]

    def __str__(self):
        return self.prefix


class NoticeCountry(models.Model):
    """A country of delivery, one row per country, for indexed filters and alert joins."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="countries")
    country = CountryField(_("country"))

    class Meta:
        ordering = ["country"]
        verbose_name = _("country of delivery")
        verbose_name_plural = _("countries of delivery")
        constraints = [
            models.UniqueConstraint(fields=["notice", "country"], name="notice_country_unique"),
        ]
        indexes = [models.Index(fields=["country", "notice"], name="notice_country_lookup")]

    def __str__(self):
        return str(self.country)


class AmendmentSource(models.TextChoices):
    STAFF = "staff", _("Program staff")
    IMPORT = "import", _("Import from the agency's data")


class Amendment(models.Model):
    """A change to a published notice, with a note; its field-by-field changes keep the earlier values."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveIntegerField(_("number"))
    note = models.TextField(_("note"))
    source = models.CharField(
        _("source"), max_length=10, choices=AmendmentSource.choices, default=AmendmentSource.STAFF
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["notice", "-number"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            models.UniqueConstraint(fields=["notice", "number"], name="amendment_number_unique"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="amendment_number_positive"
            ),
        ]

    def __str__(self):
        return f"{self.notice_id} #{self.number}"


class AmendmentChange(models.Model):
    """One field's change: its value before and after, as JSON (dates in ISO 8601, codes as lists)."""

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(_("field"), max_length=40)
    old_value = models.JSONField(_("before"), null=True, blank=True)
    new_value = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        ordering = ["amendment", "id"]
        verbose_name = _("amended field")
        verbose_name_plural = _("amended fields")
        constraints = [
            models.UniqueConstraint(fields=["amendment", "field"], name="amendment_change_unique"),
        ]

    def __str__(self):
        return self.field


class DocumentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    WORD = "docx", "Word"
    EXCEL = "xlsx", "Excel"
    POWERPOINT = "pptx", "PowerPoint"
    OPENDOCUMENT_TEXT = "odt", "OpenDocument Text"
    OPENDOCUMENT_SHEET = "ods", "OpenDocument Spreadsheet"
    LEGACY_OFFICE = "doc", _("Office 97-2003 document")


def attachment_path(instance, filename) -> str:
    """A generated name: the uploader's file name is never used on disk."""
    return f"notices/attachments/{uuid.uuid4().hex}.{instance.kind}"


class Attachment(models.Model):
    """A tender document. Stored under a generated name in MEDIA_ROOT (never served by URL) and
    downloaded through `notices:document`, which checks that the notice is public."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=5, choices=DocumentKind.choices)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["notice", "uploaded_at", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("notices:document", args=[self.notice_id, self.pk])


class Award(models.Model):
    """The contract awarded for a notice. UN contracts go to any vendor, so the supplier is a name."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="awards")
    supplier_name = models.CharField(_("awarded supplier"), max_length=300)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    awarded_on = models.DateField(_("date of award"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["notice", "awarded_on", "id"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=0),
                name="award_value_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | ~models.Q(currency=""),
                name="award_value_has_a_currency",
                violation_error_message=_("Give the currency of the value."),
            ),
        ]

    def __str__(self):
        return self.supplier_name


class Follow(models.Model):
    """A user follows a notice (to hear of its amendments; the alerts are built on it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "notice"], name="follow_unique"),
        ]

    def __str__(self):
        return f"{self.user_id} -> {self.notice_id}"


# --- Subscriptions and alerts ------------------------------------------------------------------------


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
    country = CountryField()

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
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")

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
    """One keyword of an alert, lower-cased. `excluded` ones must not appear. A term in Chinese (or
    any term on SQLite) is matched as a substring of the notice's text; other terms by the notice's
    English search vector, so that "vehicles" finds "vehicle"."""

    # Looked up through the unique constraint, which starts with the alert.
    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, related_name="keyword_terms", db_index=False
    )
    term = models.CharField(max_length=100)
    excluded = models.BooleanField(default=False)
    as_substring = models.BooleanField(default=False)

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

    Derived data, never edited: notices.routing writes an alert's rows whenever the alert, its owner
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
            # What the matcher reads, carried in the index (PostgreSQL) so that it never reads
            # the table.
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


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Delivered")
    FAILED = "failed", _("Failed")
    SUPPRESSED = "suppressed", _("Not sent (address suppressed)")


class AlertDelivery(models.Model):
    """The outbox: one row per recipient and event, written before any e-mail is sent.

    (user, notice, kind, event) is unique, so dispatching the same event twice writes nothing.
    `event` tells events of one kind apart: the amendment's number, the reminder's days.
    A corrective action reminder (suppliers.action_plans) names an action instead of a notice,
    and is unique per action and event (the due date and the days before it).
    """

    # A notice's dispatch writes thousands of rows in one statement: their references are kept by
    # Django's on_delete rather than checked row by row by the database, which would make that write
    # far slower (docs/performance.md). The user and the notice are looked up through the indexes
    # below, which start with them.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="alert_deliveries",
        db_index=False,
        db_constraint=False,
    )
    notice = models.ForeignKey(
        Notice,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        db_index=False,
        db_constraint=False,
    )
    action = models.ForeignKey(
        "suppliers.CorrectiveAction",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=12, choices=DeliveryKind.choices)
    event = models.CharField(_("event"), max_length=20, blank=True)
    # No index either: one more index on this hot table, in random order, slows every dispatch. When
    # an alert is deleted, alerts.forget_alert clears it from its owner's rows (NoticesConfig.ready).
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
            models.CheckConstraint(
                condition=models.Q(notice__isnull=False) | models.Q(action__isnull=False),
                name="delivery_names_a_notice_or_an_action",
            ),
        ]
        indexes = [
            models.Index(
                fields=["frequency", "next_attempt_at"],
                condition=models.Q(status=DeliveryStatus.PENDING),
                name="delivery_due",
            ),
            models.Index(fields=["user", "-created_at"], name="delivery_log"),
            models.Index(
                fields=["claimed_at"],
                condition=models.Q(status=DeliveryStatus.SENDING),
                name="delivery_claimed",
            ),
            models.Index(
                fields=["action"], condition=models.Q(action__isnull=False), name="delivery_action"
            ),
            # A recipient's last digest (alerts.send_digests); written as rows are sent.
            models.Index(
                fields=["user", "frequency", "-sent_at"],
                condition=models.Q(status=DeliveryStatus.SENT),
                name="delivery_last_sent",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.notice_id or self.action_id} -> {self.user_id}"


class DispatchedEvent(models.Model):
    """A notice's event whose outbox rows are written: the sweep re-dispatches what is missing here."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="dispatched_events")
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
