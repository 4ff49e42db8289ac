"""A notice's deadline as an iCalendar event (RFC 5545), in the time zone the agency gave.

Written by hand (a few lines of text) rather than with a library: the event is the deadline in its
own zone, with a VTIMEZONE built from the zone database for the year around it, so that calendar
applications show it right wherever the reader is.
"""

import zoneinfo
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from notices.deadlines import deadline_times
from notices.models import Notice, NoticeStatus

PRODUCT_ID = "-//UN Supplier Portal//Procurement notices//EN"


def ics_for(notice: Notice, *, url: str, now: datetime) -> str:
    """The calendar file of a notice that has a deadline: one event at the deadline, with a reminder
    a day before. SEQUENCE is the number of amendments, so that calendars take the latest."""
    zone = zoneinfo.ZoneInfo(notice.deadline_time_zone)
    local = notice.deadline.astimezone(zone)
    host = urlsplit(url).hostname or "localhost"
    summary = _("Deadline: %(title)s") % {"title": notice.title}
    description = "\n".join(
        [f"{notice.agency.acronym} {notice.reference}", *_deadline_lines(notice), url]
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *_vtimezone(zone, notice.deadline_time_zone, local),
        "BEGIN:VEVENT",
        f"UID:notice-{notice.pk}-deadline@{host}",
        f"DTSTAMP:{_utc(now)}",
        f"LAST-MODIFIED:{_utc(notice.updated_at or now)}",
        f"SEQUENCE:{notice.amendments.count()}",
        f"DTSTART;TZID={notice.deadline_time_zone}:{local:%Y%m%dT%H%M%S}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description)}",
        f"URL:{url}",
        "STATUS:" + ("CANCELLED" if notice.status == NoticeStatus.CANCELLED else "CONFIRMED"),
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-P1D",
        f"DESCRIPTION:{_escape(summary)}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(_fold(line) + "\r\n" for line in lines)


def _deadline_lines(notice: Notice) -> list[str]:
    """The deadline in the reader's time zone (the active one) and as the agency gave it: calendar
    applications show the event in their own zone, which may be neither."""
    times = deadline_times(notice)
    lines = [_("Deadline: %(when)s (%(zone)s)") % {"when": times.reader, "zone": times.reader_zone}]
    if not times.same_zone:
        lines.append(
            _("Agency's time: %(when)s, %(zone)s")
            % {"when": times.agency, "zone": times.agency_zone}
        )
    return lines


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    """TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and newlines are escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space, never inside a
    multi-byte character (RFC 5545 3.1)."""
    encoded, parts, limit = line.encode(), [], 75
    while len(encoded) > limit:
        cut = limit
        while cut > 0 and (encoded[cut] & 0xC0) == 0x80:
            cut -= 1
        parts.append(encoded[:cut].decode())
        encoded, limit = encoded[cut:], 74
    parts.append(encoded.decode())
    return "\r\n ".join(parts)


def _offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _vtimezone(zone, name: str, around: datetime) -> list[str]:
    """The zone's observances from a year before the event to a year after: the offset in force at
    the start, then each change (daylight saving) with its onset in local time."""
    start = around.astimezone(UTC) - timedelta(days=366)
    end = around.astimezone(UTC) + timedelta(days=366)
    first = start.astimezone(zone)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{name}"]
    lines += _observance(first, first.utcoffset(), first.utcoffset(), start + first.utcoffset())
    for moment, before, after in _transitions(zone, start, end):
        lines += _observance(moment.astimezone(zone), before, after, moment + before)
    lines.append("END:VTIMEZONE")
    return lines


def _observance(local: datetime, offset_from, offset_to, onset) -> list[str]:
    kind = "DAYLIGHT" if local.dst() else "STANDARD"
    return [
        f"BEGIN:{kind}",
        f"DTSTART:{onset.replace(tzinfo=None):%Y%m%dT%H%M%S}",
        f"TZOFFSETFROM:{_offset(offset_from)}",
        f"TZOFFSETTO:{_offset(offset_to)}",
        f"TZNAME:{_escape(local.tzname() or '')}",
        f"END:{kind}",
    ]


def _transitions(zone, start: datetime, end: datetime):
    """(instant in UTC, offset before, offset after) of each change of offset, to the minute."""
    day, moment = timedelta(days=1), start
    before = moment.astimezone(zone).utcoffset()
    while moment < end:
        following = moment + day
        after = following.astimezone(zone).utcoffset()
        if after != before:
            low, high = moment, following
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if middle.astimezone(zone).utcoffset() == before:
                    low = middle
                else:
                    high = middle
            yield high.replace(second=0, microsecond=0), before, after
            before = after
        moment = following
