"""The questionnaire's texts in the reader's language: {{ section|local:"title" }} reads title_zh in
Chinese (when there is one) and title_en otherwise."""

from django import template

from core.bilingual import in_reader_language

register = template.Library()


@register.filter
def local(obj, field: str) -> str:
    return in_reader_language(getattr(obj, f"{field}_en"), getattr(obj, f"{field}_zh"))
