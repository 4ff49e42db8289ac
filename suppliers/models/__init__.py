"""Who sells: the supplier profile, its certifications and documents, and the review's audit trail."""

import uuid
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.bilingual import in_reader_language
from core.countries import PortalCountries
from core.spreadsheets import refuse_formula_start
from suppliers.ownership import women_ownership
from suppliers.regions import PROVINCE_CHOICES
from suppliers.sizing import SizeClass, size_class


class SupplierStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    REJECTED = "rejected", _("Rejected")


class Currency(models.TextChoices):
    CNY = "CNY", _("Chinese yuan (CNY)")
    USD = "USD", _("US dollar (USD)")
    EUR = "EUR", _("Euro (EUR)")
    HKD = "HKD", _("Hong Kong dollar (HKD)")
    GBP = "GBP", _("Pound sterling (GBP)")
    CHF = "CHF", _("Swiss franc (CHF)")


class Industry(models.TextChoices):
    MANUFACTURING = "manufacturing", _("Manufacturing")
    WHOLESALE = "wholesale", _("Wholesale and trading")
    CONSTRUCTION = "construction", _("Construction and engineering")
    IT = "it", _("Information technology and telecommunications")
    HEALTH = "health", _("Medical and pharmaceutical")
    AGRICULTURE = "agriculture", _("Agriculture and food")
    TRANSPORT = "transport", _("Transport and logistics")
    ENERGY = "energy", _("Energy and environment")
    TEXTILES = "textiles", _("Textiles and apparel")
    SERVICES = "services", _("Professional services and consulting")
    OTHER = "other", _("Other")


def percentage_field(verbose_name, help_text=""):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=help_text,
    )


class Supplier(models.Model):
    """A company registered by one user, its owner, who may invite colleagues (Membership). Raw facts are stored; size class and women-owned status
    are derived from them on every save (stored too, so that the admin and the dashboard can filter)."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supplier"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SupplierStatus.choices, default=SupplierStatus.DRAFT
    )

    # Company identity
    legal_name = models.CharField(
        _("legal name (English)"), max_length=255, validators=[refuse_formula_start]
    )
    legal_name_local = models.CharField(
        _("legal name in the local language"),
        max_length=255,
        blank=True,
        validators=[refuse_formula_start],
        help_text=_("As on your business licence, e.g. in Chinese."),
    )
    trading_name = models.CharField(
        _("trading name"), max_length=255, blank=True, validators=[refuse_formula_start]
    )
    country = CountryField(_("country of registration"), countries=PortalCountries)
    registration_number = models.CharField(
        _("registration number"),
        max_length=64,
        blank=True,
        help_text=_(
            "For companies registered in China, the 18-character Unified Social Credit Code "
            "(统一社会信用代码)."
        ),
    )
    year_established = models.PositiveSmallIntegerField(
        _("year established"), null=True, blank=True
    )
    ungm_number = models.CharField(
        _("UN Global Marketplace (UNGM) number"), max_length=32, blank=True
    )
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices, blank=True)

    # Address and contacts
    # China's province-level division (suppliers.regions): given by the credit code where it names
    # one, chosen otherwise; empty for a company registered elsewhere.
    province = models.CharField(
        _("province or region"), max_length=2, choices=PROVINCE_CHOICES, blank=True
    )
    # What the free-text province said when no province of the list could be read from it.
    province_as_entered = models.CharField(
        _("province as entered before the list"), max_length=100, blank=True, editable=False
    )
    city = models.CharField(
        _("city"), max_length=100, blank=True, validators=[refuse_formula_start]
    )
    address = models.CharField(
        _("street address"), max_length=255, blank=True, validators=[refuse_formula_start]
    )
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_name = models.CharField(
        _("contact person"), max_length=150, blank=True, validators=[refuse_formula_start]
    )
    contact_role = models.CharField(
        _("contact person's role"), max_length=100, blank=True, validators=[refuse_formula_start]
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    # Size and ownership
    employees = models.PositiveIntegerField(_("number of employees"), null=True, blank=True)
    annual_turnover = models.DecimalField(
        _("annual turnover"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    total_assets = models.DecimalField(
        _("total assets"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency of the amounts"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    women_ownership_pct = percentage_field(_("women's share of ownership (%)"))
    woman_ceo = models.BooleanField(
        _("a woman is the chief executive"),
        null=True,
        blank=True,
        help_text=_("CEO, COO, president or vice-president."),
    )
    women_board_pct = percentage_field(
        _("women's share of the board (%)"), _("Of the board of directors, or of the directors.")
    )
    size_class = models.CharField(
        _("size class"), max_length=10, choices=SizeClass.choices, blank=True, editable=False
    )
    women_owned = models.BooleanField(_("women-owned (declared)"), default=False, editable=False)
    women_owned_verified_at = models.DateTimeField(
        _("women-owned status verified"), null=True, blank=True
    )
    women_owned_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # What you sell and where
    description_en = models.TextField(_("goods and services (English)"), blank=True)
    description_zh = models.TextField(_("goods and services (Chinese)"), blank=True)
    categories = models.ManyToManyField(
        "categories.Category",
        verbose_name=_("UNSPSC categories"),
        blank=True,
        related_name="suppliers",
    )
    countries_served = CountryField(
        _("countries served"), multiple=True, blank=True, countries=PortalCountries
    )
    client_references = models.TextField(
        _("client references"),
        blank=True,
        help_text=_("Up to three recent clients, with a contact person and what you supplied."),
    )

    # Declarations
    code_of_conduct_accepted_at = models.DateTimeField(
        _("UN Supplier Code of Conduct acknowledged"), null=True, blank=True
    )
    eligibility_declared_at = models.DateTimeField(_("eligibility declared"), null=True, blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "registration_number"],
                condition=~Q(registration_number=""),
                name="supplier_registration_unique_per_country",
                violation_error_message=_(
                    "A company with this registration number is already registered in this country."
                ),
            ),
            models.CheckConstraint(
                condition=Q(annual_turnover__gte=0) | Q(annual_turnover__isnull=True),
                name="supplier_turnover_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(total_assets__gte=0) | Q(total_assets__isnull=True),
                name="supplier_assets_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(women_ownership_pct__gte=0, women_ownership_pct__lte=100)
                | Q(women_ownership_pct__isnull=True),
                name="supplier_women_ownership_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=Q(women_board_pct__gte=0, women_board_pct__lte=100)
                | Q(women_board_pct__isnull=True),
                name="supplier_women_board_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=Q(year_established__gte=1800) | Q(year_established__isnull=True),
                name="supplier_year_established_plausible",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="supplier_review_queue"),
            models.Index(fields=["country", "province"], name="supplier_region"),
            # The program dashboard's figures, each an index-only scan on PostgreSQL (the included
            # columns are ignored elsewhere): the approved suppliers by province, size class and
            # women-owned status; registrations per month by status; the review times.
            models.Index(
                fields=["province"],
                include=["size_class", "women_owned", "women_owned_verified_at", "id"],
                condition=Q(status=SupplierStatus.APPROVED),
                name="supplier_approved_facts",
            ),
            models.Index(
                fields=["created_at"], include=["status", "province"], name="supplier_registered"
            ),
            # The provinces of the dashboard's filter, one probe per province (a loose index scan).
            models.Index(fields=["province"], name="supplier_province"),
            models.Index(
                fields=["decided_at"],
                include=["submitted_at", "province"],
                condition=Q(decided_at__isnull=False),
                name="supplier_decided",
            ),
        ]

    def __str__(self):
        return self.legal_name

    def save(self, *args, **kwargs):
        self.size_class = size_class(
            employees=self.employees,
            turnover=self.annual_turnover,
            currency=self.currency,
            total_assets=self.total_assets,
        )
        self.women_owned = self.women_ownership.any
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "size_class", "women_owned"}
        super().save(*args, **kwargs)

    @property
    def women_ownership(self):
        return women_ownership(
            ownership_pct=self.women_ownership_pct,
            woman_ceo=self.woman_ceo,
            board_pct=self.women_board_pct,
        )

    @property
    def women_owned_verified(self) -> bool:
        return self.women_owned_verified_at is not None

    @property
    def years_in_business(self) -> int | None:
        if not self.year_established:
            return None
        return date.today().year - self.year_established

    @property
    def is_under_review(self) -> bool:
        return self.status == SupplierStatus.SUBMITTED

    @property
    def display_name(self) -> str:
        """The company's name in the reader's language (an e-mail's: its recipient's): the local
        (Chinese) name for a Chinese reader, the English name for others, each falling back to the
        other when it is missing."""
        return in_reader_language(self.legal_name, self.legal_name_local) or self.legal_name_local


class CertificationKind(models.TextChoices):
    ISO_9001 = "iso9001", "ISO 9001"
    ISO_14001 = "iso14001", "ISO 14001"
    ISO_45001 = "iso45001", "ISO 45001"
    SA8000 = "sa8000", "SA8000"
    OTHER = "other", _("Other")


class Certification(models.Model):
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(_("certification"), max_length=10, choices=CertificationKind.choices)
    label = models.CharField(
        _("name of the certification"), max_length=120, blank=True, help_text=_("For “Other”.")
    )
    expires_on = models.DateField(_("expiry date"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "label"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="other") | ~Q(label=""), name="certification_other_has_a_label"
            ),
        ]

    def __str__(self):
        return self.label if self.kind == CertificationKind.OTHER else self.get_kind_display()


class DocumentKind(models.TextChoices):
    BUSINESS_LICENCE = "business_licence", _("Business licence or certificate of incorporation")
    CERTIFICATE = "certificate", _("Quality, environmental or other certificate")
    WOMEN_OWNED = "women_owned", _("Women-owned business certificate")
    FINANCIAL_STATEMENT = "financial_statement", _("Financial statements")


def document_path(instance, filename):
    # A generated name: the user's file name is kept only as metadata, never in a path. The caller
    # passes a name whose extension comes from the sniffed content type.
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"supplier-documents/{instance.supplier_id}/{uuid.uuid4().hex}.{extension}"


class SupplierDocument(models.Model):
    """An uploaded file. Stored under a generated name outside any public URL; read only through
    the download view, by the owner and admins."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind of document"), max_length=24, choices=DocumentKind.choices)
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), null=True, blank=True, help_text=_("For financial statements.")
    )
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


class ReviewAction(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    REJECTED = "rejected", _("Rejected")
    REOPENED = "reopened", _("Sent back for review after a change")
    WOMEN_OWNED_VERIFIED = "women_owned_verified", _("Women-owned status verified")


class RejectionReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", _("The company is not eligible for the program")
    DOCUMENTS_INVALID = "documents_invalid", _("The documents are not valid or not readable")
    DUPLICATE = "duplicate", _("The company is already registered")
    SANCTIONS = "sanctions", _("The company appears on a sanctions list")
    OTHER = "other", _("Other reason")


class ReviewEvent(models.Model):
    """The audit trail: every transition of a supplier's review, who made it, when and why."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="review_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=24, choices=ReviewAction.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=SupplierStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=SupplierStatus.choices)
    reason = models.CharField(
        _("reason"), max_length=24, choices=RejectionReason.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("review event")
        verbose_name_plural = _("review history")

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d})"


from suppliers.models.assessment import (  # noqa: E402  (they refer to the models above)
    ActionStatus,
    AnswerChoice,
    Assessment,
    AssessmentAnswer,
    AssessmentQuestion,
    AssessmentSection,
    AssessmentStatus,
    CorrectiveAction,
    Evidence,
    Finding,
    Inspection,
    RatingBand,
    Severity,
)
from suppliers.models.team import (  # noqa: E402  (they refer to the models above)
    MEMBER_ROLES,
    Invitation,
    InvitationStatus,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    ProfileChange,
    TeamRole,
)

__all__ = [
    "MEMBER_ROLES",
    "ActionStatus",
    "AnswerChoice",
    "Assessment",
    "AssessmentAnswer",
    "AssessmentQuestion",
    "AssessmentSection",
    "AssessmentStatus",
    "Certification",
    "CertificationKind",
    "CorrectiveAction",
    "Currency",
    "DocumentKind",
    "Evidence",
    "Finding",
    "Industry",
    "Inspection",
    "Invitation",
    "InvitationStatus",
    "JoinRequest",
    "JoinRequestStatus",
    "Membership",
    "ProfileChange",
    "RatingBand",
    "RejectionReason",
    "ReviewAction",
    "ReviewEvent",
    "Severity",
    "Supplier",
    "SupplierDocument",
    "SupplierStatus",
    "TeamRole",
]
