"""A deadline as readers see it: in their own time zone (the active one: their setting, or the
portal's default for visitors) and, beside it, as the agency gave it in its own time zone."""

from dataclasses import dataclass

from django.utils import formats, timezone

from accounts.time_zones import zone_name
from notices.models import Notice


@dataclass(frozen=True)
class DeadlineTimes:
    reader: str  # "2026年12月1日 17:00"
    reader_zone: str  # CLDR's name: "China (Shanghai) Time", in Chinese for a Chinese reader
    agency: str  # "2026年12月1日 10:00"
    agency_zone: str  # "意大利时间"
    same_zone: bool  # the agency gave it in the reader's own zone: say it once


def deadline_times(notice: Notice, *, format: str = "DATETIME_FORMAT") -> DeadlineTimes | None:
    """The notice's deadline formatted (a named format such as SHORT_DATETIME_FORMAT, or a format
    string) in the active language and time zone, and in the agency's; None without a deadline."""
    if notice.deadline is None:
        return None
    reader_zone = timezone.get_current_timezone_name()
    return DeadlineTimes(
        reader=formats.date_format(timezone.localtime(notice.deadline), format),
        reader_zone=zone_name(reader_zone),
        agency=formats.date_format(notice.deadline_in_agency_time, format),
        agency_zone=zone_name(notice.deadline_time_zone),
        same_zone=reader_zone == notice.deadline_time_zone,
    )
