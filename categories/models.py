"""UNSPSC categories: the shared reference data that suppliers sell in, notices are classified under,
and alerts watch. The rules of the codes are in `categories.unspsc`."""

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
        # The table kept the name it had when categories lived in the notices app.
        db_table = "notices_category"
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
