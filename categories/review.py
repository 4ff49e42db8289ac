"""Program staff review the titles that the project team wrote (they are not from a published
source) and correct any title, in the admin. A correction is kept by every later load of the list
(`categories.reference_data`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from categories.models import Category, TitleSource

# An empty Chinese title (readers see the English one) has nothing to review.
EN_AWAITING = Q(title_en_source=TitleSource.AWAITING_REVIEW)
ZH_AWAITING = Q(title_zh_source=TitleSource.AWAITING_REVIEW) & ~Q(title_zh="")


def awaiting_review(categories: QuerySet) -> QuerySet:
    """The categories with a title (English or Chinese) that no staff member checked yet."""
    return categories.filter(EN_AWAITING | ZH_AWAITING)


@transaction.atomic
def mark_reviewed(categories: QuerySet, *, by) -> int:
    """The titles awaiting review among the categories become reviewed by `by`, now (published and
    corrected titles stay as they are). Returns how many categories had a title to review."""
    count = awaiting_review(categories).count()
    checked = {"titles_checked_by": by, "titles_checked_at": timezone.now()}
    categories.filter(EN_AWAITING).update(title_en_source=TitleSource.REVIEWED, **checked)
    categories.filter(ZH_AWAITING).update(title_zh_source=TitleSource.REVIEWED, **checked)
    return count


@transaction.atomic
def correct_titles(category: Category, *, title_en: str, title_zh: str, by) -> list[str]:
    """Staff's titles for the category: each one that differs from the stored title replaces it,
    corrected by `by`, now. Returns the names of the titles that changed (none: nothing saved).
    An empty Chinese title removes a wrong one (readers then see the English title); the English
    title is required."""
    if not title_en.strip():
        raise ValidationError(
            _("A category needs an English title."), code="category_title_en_required"
        )
    category = Category.objects.select_for_update().get(pk=category.pk)
    changed = []
    for field, text in (("title_en", title_en.strip()), ("title_zh", title_zh.strip())):
        if getattr(category, field) != text:
            setattr(category, field, text)
            setattr(category, f"{field}_source", TitleSource.CORRECTED)
            changed.append(field)
    if changed:
        category.titles_checked_by, category.titles_checked_at = by, timezone.now()
        category.save()  # the search's index follows (a signal, see categories.apps)
    return changed
