"""Template helpers of the notice pages: the sanitised description and the amendment history."""

from datetime import datetime

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from notices import deadlines
from notices.markup import render_description
from notices.models import DocumentLanguage, Notice, NoticeType

register = template.Library()

LIST_LABELS = {
    "categories": lambda: _("UNSPSC categories"),
    "countries": lambda: _("Countries of delivery"),
    "documents": lambda: _("Documents"),
}
CHOICES = {"notice_type": NoticeType, "document_language": DocumentLanguage}


@register.simple_tag
def deadline_times(notice, format="DATETIME_FORMAT"):
    """{% deadline_times notice "SHORT_DATETIME_FORMAT" as deadline %}: see notices.deadlines."""
    return deadlines.deadline_times(notice, format=format)


@register.filter
def description_html(text: str):
    return render_description(text)


@register.filter
def lookup(mapping: dict, key):
    return mapping.get(key, "")


@register.simple_tag
def amendment_changes(amendment) -> list[dict]:
    """Each change of an amendment as {label, old, new}, formatted for reading."""
    return [
        {
            "label": field_label(change.field),
            "old": _format(change.field, change.old_value),
            "new": _format(change.field, change.new_value),
        }
        for change in amendment.changes.all()
    ]


def field_label(field: str) -> str:
    if field in LIST_LABELS:
        return LIST_LABELS[field]()
    try:
        return str(Notice._meta.get_field(field).verbose_name).capitalize()
    except Exception:  # a field removed since the amendment was recorded
        return field


def _format(field: str, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field in CHOICES:
        try:
            return str(CHOICES[field](value).label)
        except ValueError:
            return str(value)
    if field in ("deadline", "clarification_deadline"):
        moment = datetime.fromisoformat(value)
        offset = moment.strftime("%z")
        return (
            f"{formats.date_format(moment, 'SHORT_DATETIME_FORMAT')} (UTC{offset[:3]}:{offset[3:]})"
        )
    text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"
