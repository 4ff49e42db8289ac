"""Certificates of attendance or completion: one per participant and event, issued by program
staff after the participant was checked in, revocable; anyone checks one at its verification
address, whose token cannot be guessed."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CertificateKind(models.TextChoices):
    ATTENDANCE = "attendance", _("Certificate of attendance")
    COMPLETION = "completion", _("Certificate of completion")


def new_token() -> str:
    """The verification token: 32 random bytes, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


class Certificate(models.Model):
    registration = models.OneToOneField(
        "events.Registration",
        on_delete=models.CASCADE,
        related_name="certificate",
        verbose_name=_("registration"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=CertificateKind.choices)
    token = models.CharField(
        _("verification token"), max_length=64, unique=True, default=new_token, editable=False
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(_("reason for the revocation"), blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CertificateKind.values), name="certificate_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""),
                name="certificate_revocation_has_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.registration_id}"

    def get_absolute_url(self):
        """The public verification page."""
        return reverse("events:certificate_verify", args=[self.token])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
