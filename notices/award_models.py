"""Awards and contracts of a notice: recorded by staff, or imported with a publisher's OCDS awards
and contracts (then carrying their OCDS ids, so that importing them again changes nothing)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardStatus(models.TextChoices):
    """The OCDS awardStatus codelist (and contractStatus, whose codes it shares but for two)."""

    PENDING = "pending", _("Pending")
    ACTIVE = "active", _("Active")
    CANCELLED = "cancelled", _("Cancelled")
    UNSUCCESSFUL = "unsuccessful", _("Unsuccessful")


class ContractStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACTIVE = "active", _("Active")
    CANCELLED = "cancelled", _("Cancelled")
    TERMINATED = "terminated", _("Terminated")


class Award(models.Model):
    """The contract awarded for a notice. UN contracts go to any vendor, so the supplier is a name;
    when the vendor is one of the program's registered suppliers, the award also names it
    (`supplier`, by model name: the notices app does not import the suppliers app)."""

    notice = models.ForeignKey("notices.Notice", on_delete=models.CASCADE, related_name="awards")
    supplier_name = models.CharField(_("awarded supplier"), max_length=300)
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("registered supplier"),
        help_text=_("The program's registered supplier that won the award, if it is one."),
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    awarded_on = models.DateField(_("date of award"))
    status = models.CharField(
        _("status"), max_length=12, choices=AwardStatus.choices, default=AwardStatus.ACTIVE
    )
    ocds_id = models.CharField(
        _("OCDS id"), max_length=200, blank=True, help_text=_("The award's id at its publisher.")
    )
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
            models.CheckConstraint(
                condition=models.Q(status__in=AwardStatus.values), name="award_status_known"
            ),
            models.UniqueConstraint(
                fields=["notice", "ocds_id"],
                condition=~models.Q(ocds_id=""),
                name="award_ocds_id_unique_per_notice",
            ),
        ]

    def __str__(self):
        return self.supplier_name


class Contract(models.Model):
    """A contract signed for an award (OCDS `contracts`), as its publisher gave it."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="contracts")
    ocds_id = models.CharField(_("OCDS id"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=ContractStatus.choices, blank=True
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    signed_on = models.DateField(_("date signed"), null=True, blank=True)

    class Meta:
        ordering = ["award", "id"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.UniqueConstraint(fields=["award", "ocds_id"], name="contract_ocds_id_unique"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=0),
                name="contract_value_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | ~models.Q(currency=""),
                name="contract_value_has_a_currency",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[*ContractStatus.values, ""]),
                name="contract_status_known",
            ),
        ]

    def __str__(self):
        return self.ocds_id
