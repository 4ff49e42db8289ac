"""The category picker's form field, shared by the company profile and the alert form; the
picker itself is templates/categories/picker.html, filled by categories.picker.picker_context."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from categories.models import Category
from categories.picker import normalise, valid_codes

# Typed lists are split at commas (also the Chinese ones), semicolons and spaces.
SEPARATORS = re.compile(r"[\s,;\uff0c\u3001]+")


class CategoryPicker(forms.Widget):
    """The ticked boxes of the picker (templates/categories/picker.html renders them)."""

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])

    def value_omitted_from_data(self, data, files, name):
        # No box ticked is an answer (no category), not a field left out of the form.
        return False


class CategoryPickerField(forms.Field):
    """The chosen categories, as 8-digit codes in code order. A code may be given at any level
    (43, 4323) and several may be typed in one value. Any valid code is accepted (a notice may use
    one we do not list); `listed_only` refuses those we do not list, for a form that stores
    Category rows."""

    widget = CategoryPicker

    def to_python(self, value) -> list[str]:
        values = [value] if isinstance(value, str) else list(value or [])
        typed = [code for item in values for code in SEPARATORS.split(str(item)) if code]
        bad = []
        for code in typed:
            try:
                normalise(code)
            except ValidationError:
                bad.append(code)
        if bad:
            raise ValidationError(
                _(
                    "%(codes)s: a category is 2, 4, 6 or 8 digits of a UNSPSC code, e.g. 43 or 43232104."
                ),
                code="category_code",
                params={"codes": ", ".join(bad[:5])},
            )
        return sorted(valid_codes(typed))

    @staticmethod
    def listed_only(codes: list[str]) -> list[str]:
        """The codes, or a ValidationError naming those that are not listed."""
        listed = set(Category.objects.filter(code__in=codes).values_list("code", flat=True))
        if unknown := [code for code in codes if code not in listed]:
            raise ValidationError(
                _(
                    "%(codes)s: we do not list this category. Search or browse for it, and "
                    "choose the nearest one."
                ),
                code="category_unknown",
                params={"codes": ", ".join(unknown[:5])},
            )
        return codes

    def has_changed(self, initial, data) -> bool:
        try:
            return set(valid_codes(initial or [])) != set(self.to_python(data))
        except ValidationError:
            return True
