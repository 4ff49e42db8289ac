"""Reading one value of an imported row (CSV or OCDS): a moment, an amount, a title. Each raises
RowRefused with the reason the row is refused."""

import zoneinfo
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from notices.models import Agency, Notice

TITLE_LENGTH = Notice._meta.get_field("title").max_length


class RowRefused(Exception):
    """One notice of the file is refused, for the reason given."""


def to_datetime(text, *, what: str, zone: str = "UTC") -> datetime | None:
    if not text:
        return None
    try:
        moment = parse_datetime(str(text).strip())
    except ValueError as error:  # well formed but impossible, e.g. 30 February
        raise RowRefused(f"{what} is not a date and time: {text!r} ({error})") from error
    if moment is None:
        raise RowRefused(f"{what} is not a date and time: {text!r}")
    if not 1970 <= moment.year <= 2200:  # year 9999 overflows when moved to another time zone
        raise RowRefused(f"{what} is out of range: {text!r}")
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    return moment


def to_decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation as error:
        raise RowRefused(f"the value {value!r} is not a number") from error
    if not amount.is_finite():
        raise RowRefused(f"the value {value!r} is not a number")
    try:
        return amount.quantize(Decimal("0.01"))
    except InvalidOperation as error:  # more digits than a Decimal holds, e.g. 1e400
        raise RowRefused(f"the value {value!r} is too large") from error


def clip(text: str, length: int = TITLE_LENGTH) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def zone_for(deadline: datetime, agency: Agency, *, zone: str = "") -> str:
    """`zone` (the notice's own), else the agency's time zone, when the deadline's offset is the
    one it has then; otherwise a fixed-offset zone (Etc/GMT-4 is UTC+4), or UTC."""
    offset = deadline.utcoffset()
    for candidate in (zone, agency.time_zone):
        if candidate and deadline.astimezone(zoneinfo.ZoneInfo(candidate)).utcoffset() == offset:
            return candidate
    hours, remainder = divmod(int(offset.total_seconds()), 3600)
    if remainder or not -12 <= hours <= 14:
        return "UTC"
    return "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
