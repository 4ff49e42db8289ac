"""The portal's user: e-mail is the login; each user keeps a preferred language and time zone."""

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a known time zone, e.g. Asia/Shanghai."),
            code="unknown_time_zone",
            params={"value": value},
        )


class UserManager(DjangoUserManager):
    """Creates users from an e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    CHINESE = "zh-hans", "简体中文"


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text=_("Pages and e-mails are shown in this language."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=settings.DEFAULT_USER_TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_("Deadlines and dates are shown in this time zone."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_case_insensitive_unique"),
            models.CheckConstraint(
                condition=models.Q(language__in=[code for code, _label in Language.choices]),
                name="user_language_known",
            ),
        ]

    def __str__(self):
        return self.email

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return self.name or self.email.split("@")[0]


# --- The program dashboard's rollups (filled by portal.dashboard.refresh_rollups) ---------------------


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
    """When the rollups were last recounted: the time the dashboard says its figures are as of."""

    name = models.CharField(max_length=40, primary_key=True)
    refreshed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} as of {self.refreshed_at:%Y-%m-%d %H:%M:%S}"
