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

from accounts.models import validate_time_zone
from core.bilingual import in_reader_language
from core.countries import PortalCountries
from core.fields import TextArray
from core.spreadsheets import refuse_formula_start
from notices.interest_models import DIALOGUE_CONSTRAINTS, NoticeDialogueFields

# --- Agencies ---------------------------------------------------------------------------------------


class Agency(models.Model):
    """A UN agency or organisation issuing notices; buyers that imports create start unlisted."""

    acronym = models.CharField(
        _("acronym"), max_length=32, unique=True, validators=[refuse_formula_start]
    )
    name_en = models.CharField(
        _("name (English)"), max_length=200, validators=[refuse_formula_start]
    )
    name_zh = models.CharField(
        _("name (Chinese)"), max_length=200, blank=True, validators=[refuse_formula_start]
    )
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
    listed = models.BooleanField(
        _("listed"),
        default=True,
        help_text=_("Offered to suppliers in the alert form and the search filters."),
    )

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


class Notice(NoticeDialogueFields, models.Model):
    """A procurement notice issued by an agency.

    Its categories and countries live in their own tables (NoticeCategory, NoticeCategoryPrefix,
    NoticeCountry) so that filters and alert matching are indexed equality joins. Writes go through
    `notices.publishing`, which keeps those tables and the amendment history in step.
    """

    agency = models.ForeignKey(  # indexed by notice_agency_published, which starts with it
        Agency, models.PROTECT, related_name="notices", verbose_name=_("agency"), db_index=False
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
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Weighted: title A, reference and agency B, description C. On PostgreSQL a trigger keeps it in
    # step on every write (ORM, bulk, raw SQL or COPY; migration 0005); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    # True for every open notice (published, deadline ahead) and, until the closing sweep clears it
    # (search.clear_closed_flags, every quarter of an hour), for those that closed since; never False
    # for an open one. On PostgreSQL a trigger sets it on every write of the status or deadline
    # (migration 0035), and the keyword indexes have a copy for these notices alone, a twentieth of
    # the table, which a keyword search of open notices reads. Unused on SQLite.
    maybe_open = models.BooleanField(default=False, editable=False)
    # Keys of the keyword index (migration 0042), kept on the row by triggers on PostgreSQL: the
    # codes of its NoticeCountry and NoticeCategoryPrefix rows (migration 0036; search.in_countries,
    # in_categories) and the title's words, upper-cased (finding.InTitleWords); unused on SQLite.
    country_codes = TextArray()
    prefix_codes = TextArray()
    title_words = TextArray()

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
            *DIALOGUE_CONSTRAINTS,
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
            # An agency's notices newest first: a search with an agency walks them alone, not every
            # notice (a keyword and an agency, 120 -> 35 ms at 1M notices).
            models.Index(fields=["agency", "-published_at", "-id"], name="notice_agency_published"),
            # Closing soonest across statuses (sort=closing with any status): without it a page
            # sorts the whole table (0.6-1.2 s at 1M notices). PostgreSQL's ascending index keeps
            # NULLs last, as the sort asks.
            models.Index(fields=["deadline", "id"], name="notice_closing"),
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

    def get_notice_type_display(self) -> str:
        """The type's name. Django's own translates every type's name on each call (ten a card)."""
        if self.notice_type in NoticeType.values:
            return str(NoticeType(self.notice_type).label)
        return self.notice_type

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
    country = CountryField(_("country"), countries=PortalCountries)

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
    # An imported amendment's own identity (its OCDS id, or its date when the publisher gave none),
    # so that importing it again records nothing.
    source_key = models.CharField(_("identifier at the source"), max_length=100, blank=True)
    # False for an amendment that changed nothing alert e-mails show (e.g. a publisher's history):
    # it is recorded and shown on the notice, and e-mailed to nobody.
    announced = models.BooleanField(_("announced by e-mail"), default=True)

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


# Awards and contracts, and the alert pipeline's tables (follows, alerts, routes, the outbox), are
# defined in their own modules; importing them here registers them with this app (and keeps
# `from notices.models import Award` working). They come last: they read this module.
from notices.alerts import models as alert_models  # noqa: E402, F401
from notices.award_models import Award, AwardStatus, Contract  # noqa: E402, F401
