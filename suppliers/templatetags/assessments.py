"""The questionnaire's texts in the reader's language: {{ section|local:"title" }} reads title_zh in
Chinese (when there is one) and title_en otherwise."""

from django import template

from suppliers.assessment import localized

register = template.Library()


@register.filter
def local(obj, field: str) -> str:
    return localized(getattr(obj, f"{field}_en"), getattr(obj, f"{field}_zh"))
