"""Calendar files (iCalendar, RFC 5545) built with the icalendar library: events at a time in a
named time zone, with the zone's definition (VTIMEZONE) taken from the zone database for the years
around them, so that calendar applications show each time right wherever their reader is.

Generic: the apps say what an entry is (its id, times, texts); this module knows nothing of them.
"""

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import icalendar

# The zone's changes (daylight saving) are written for this long before and after each entry.
ZONE_MARGIN = timedelta(days=366)


@dataclass(frozen=True)
class CalendarEntry:
    """One VEVENT. `start` and `end` are aware; they are written in `time_zone`. `sequence` grows
    with each change, so that calendars replace what they hold by the latest."""

    uid: str
    start: datetime
    time_zone: str
    summary: str
    description: str = ""
    url: str = ""
    end: datetime | None = None
    location: str = ""
    sequence: int = 0
    cancelled: bool = False
    transparent: bool = False
    alarm_before: timedelta | None = None
    last_modified: datetime | None = None


def calendar_file(entries: Iterable[CalendarEntry], *, product_id: str, now: datetime) -> bytes:
    """The calendar file (UTF-8, CRLF, lines folded at 75 octets) of the entries, with one
    VTIMEZONE for each zone they use."""
    entries = list(entries)
    calendar = icalendar.Calendar()
    calendar.add("prodid", product_id)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    for zone in sorted({entry.time_zone for entry in entries} - {"UTC"}):
        calendar.add_component(_vtimezone(zone, [e for e in entries if e.time_zone == zone]))
    for entry in entries:
        calendar.add_component(_vevent(entry, now=now))
    return calendar.to_ical()


def _vtimezone(zone: str, entries: list[CalendarEntry]) -> icalendar.Timezone:
    first = min(entry.start for entry in entries) - ZONE_MARGIN
    last = max(entry.end or entry.start for entry in entries) + ZONE_MARGIN
    return icalendar.Timezone.from_tzinfo(
        zoneinfo.ZoneInfo(zone), tzid=zone, first_date=first.date(), last_date=last.date()
    )


def _vevent(entry: CalendarEntry, *, now: datetime) -> icalendar.Event:
    zone = zoneinfo.ZoneInfo(entry.time_zone)
    event = icalendar.Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", now.astimezone(UTC))
    event.add("last-modified", (entry.last_modified or now).astimezone(UTC))
    event.add("sequence", entry.sequence)
    event.add("dtstart", entry.start.astimezone(zone))
    if entry.end is not None:
        event.add("dtend", entry.end.astimezone(zone))
    event.add("summary", entry.summary)
    if entry.description:
        event.add("description", entry.description)
    if entry.location:
        event.add("location", entry.location)
    if entry.url:
        event.add("url", entry.url)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if entry.transparent else "OPAQUE")
    if entry.alarm_before is not None:
        event.add_component(_alarm(entry))
    return event


def _alarm(entry: CalendarEntry) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -entry.alarm_before)
    alarm.add("description", entry.summary)
    return alarm
