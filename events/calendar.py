"""An event as a calendar file: from its start to its end, in its own time zone, with its place
(or its link, for those who registered) and its sessions. Written by core.calendars."""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from core.calendars import CalendarEntry, calendar_file
from events.models import Event, EventStatus

PRODUCT_ID = "-//UN Supplier Portal//Events//EN"


def ics_for(event: Event, *, url: str, now: datetime, online_url: str = "") -> bytes:
    """The event's calendar file. `online_url` is given only to participants: the public file
    says "Online" without the link. SEQUENCE counts amendments, so calendars take the latest."""
    host = urlsplit(url).hostname or "localhost"
    entry = CalendarEntry(
        uid=f"event-{event.pk}@{host}",
        start=event.starts_at,
        end=event.ends_at,
        time_zone=event.time_zone,
        summary=event.title,
        description="\n".join(filter(None, [event.description, *_session_lines(event), url])),
        location=_location(event, online_url=online_url),
        url=url,
        sequence=event.amendments.count(),
        cancelled=event.status == EventStatus.CANCELLED,
        alarm_before=timedelta(days=1),
        last_modified=event.updated_at,
    )
    return calendar_file([entry], product_id=PRODUCT_ID, now=now)


def _location(event: Event, *, online_url: str) -> str:
    if event.online:
        return online_url or _("Online")
    return ", ".join(part for part in (event.venue, event.city) if part)


def _session_lines(event: Event) -> list[str]:
    lines = []
    for session in event.sessions.all():
        start = session.starts_at.astimezone(event.zone)
        end = session.ends_at.astimezone(event.zone)
        room = f" ({session.room})" if session.room else ""
        lines.append(f"{start:%H:%M}-{end:%H:%M} {session.title}{room}")
    return lines
