"""A notice's deadline as an iCalendar event (RFC 5545), in the time zone the agency gave, with a
reminder a day before. The file itself is written by core.calendars."""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from core.calendars import CalendarEntry, calendar_file
from notices.deadlines import deadline_times
from notices.models import Notice, NoticeStatus

PRODUCT_ID = "-//UN Supplier Portal//Procurement notices//EN"


def ics_for(notice: Notice, *, url: str, now: datetime) -> str:
    """The calendar file of a notice that has a deadline: one event at the deadline, with a reminder
    a day before. SEQUENCE is the number of amendments, so that calendars take the latest."""
    host = urlsplit(url).hostname or "localhost"
    summary = _("Deadline: %(title)s") % {"title": notice.title}
    entry = CalendarEntry(
        uid=f"notice-{notice.pk}-deadline@{host}",
        start=notice.deadline,
        time_zone=notice.deadline_time_zone,
        summary=summary,
        description="\n".join(
            [f"{notice.agency.acronym} {notice.reference}", *_deadline_lines(notice), url]
        ),
        url=url,
        sequence=notice.amendments.count(),
        cancelled=notice.status == NoticeStatus.CANCELLED,
        transparent=True,
        alarm_before=timedelta(days=1),
        last_modified=notice.updated_at,
    )
    return calendar_file([entry], product_id=PRODUCT_ID, now=now).decode()


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
