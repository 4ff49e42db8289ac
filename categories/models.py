"""UNSPSC categories: the shared reference data that suppliers sell in, notices are classified under,
and alerts watch. The rules of the codes are in `categories.unspsc`, the loading of the shipped list
in `categories.reference_data`, the staff's review of its titles in `categories.review`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.bilingual import in_reader_language


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


class TitleSource(models.TextChoices):
    """Where a title comes from. The file a shipped title is read from says whether it was published
    (unspsc.csv) or written by the project team (unspsc_extra.csv, unspsc_zh.csv); staff then review
    or correct the team's titles in the admin. A Chinese title that is empty (most classes and
    commodities have none yet: readers see the English one) awaits nothing: its source says nothing."""

    PUBLISHED = "published", _("published source")
    AWAITING_REVIEW = "awaiting_review", _("written by the project team, awaiting review")
    REVIEWED = "reviewed", _("reviewed by staff")
    CORRECTED = "corrected", _("corrected by staff")


# The sources that say that staff checked a title: who and when is recorded with them.
CHECKED = [TitleSource.REVIEWED, TitleSource.CORRECTED]


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
    title_en_source = models.CharField(
        _("source of the English title"),
        max_length=20,
        choices=TitleSource.choices,
        default=TitleSource.AWAITING_REVIEW,
    )
    title_zh_source = models.CharField(
        _("source of the Chinese title"),
        max_length=20,
        choices=TitleSource.choices,
        default=TitleSource.AWAITING_REVIEW,
    )
    titles_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("titles checked by"),
    )
    titles_checked_at = models.DateTimeField(_("titles checked on"), null=True, blank=True)
    retired_at = models.DateTimeField(
        _("retired on"),
        null=True,
        blank=True,
        help_text=_(
            "When the shipped list stopped having this code. A retired code stays where it is "
            "used, and cannot be chosen again."
        ),
    )

    class Meta:
        # The table kept the name it had when categories lived in the notices app.
        db_table = "notices_category"
        ordering = ["code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{8}$"), name="category_code_8_digits"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    title_en_source__in=TitleSource.values, title_zh_source__in=TitleSource.values
                ),
                name="category_title_sources_known",
            ),
            # A title reviewed or corrected by staff says when.
            models.CheckConstraint(
                condition=models.Q(titles_checked_at__isnull=False)
                | ~(models.Q(title_en_source__in=CHECKED) | models.Q(title_zh_source__in=CHECKED)),
                name="category_checked_titles_have_a_time",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def awaits_review(self) -> bool:
        """Either title was written by the project team and no staff member checked it yet."""
        return self.title_en_source == TitleSource.AWAITING_REVIEW or bool(
            self.title_zh and self.title_zh_source == TitleSource.AWAITING_REVIEW
        )

    @property
    def title(self) -> str:
        """The title in the reader's language (English where no Chinese title is known)."""
        return in_reader_language(self.title_en, self.title_zh)
