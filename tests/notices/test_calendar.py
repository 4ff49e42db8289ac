"""The deadline as an iCalendar event (RFC 5545, with its time zone), read with icalendar."""

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from notices import publishing
from tests.notices.factories import NoticeFactory

pytestmark = pytest.mark.django_db


def test_the_calendar_file_holds_the_deadline_in_the_agencys_time_zone(client):
    deadline = datetime(2031, 3, 28, 17, 0, tzinfo=ZoneInfo("Europe/Rome"))
    notice = NoticeFactory(
        title="Fortified flour; lots 1, 2 and 3",
        deadline=deadline,
        deadline_time_zone="Europe/Rome",
    )

    response = client.get(f"/notices/{notice.pk}/calendar.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert all(len(line.encode()) <= 75 for line in response.content.decode().split("\r\n"))
    calendar = icalendar.Calendar.from_ical(response.content)
    event = calendar.walk("VEVENT")[0]
    start = event.decoded("DTSTART")
    assert start == deadline and str(start.tzinfo) in {"Europe/Rome", "CET", "CEST"}
    assert event["DTSTART"].params["TZID"] == "Europe/Rome"
    assert str(event["SUMMARY"]) == "Deadline: Fortified flour; lots 1, 2 and 3"
    assert f"/notices/{notice.pk}/" in str(event["URL"])
    timezone_component = calendar.walk("VTIMEZONE")[0]
    assert timezone_component["TZID"] == "Europe/Rome"
    offsets = {o["TZOFFSETTO"].to_ical() for o in timezone_component.subcomponents}
    offsets = {o.decode() if isinstance(o, bytes) else o for o in offsets}
    assert offsets == {"+0100", "+0200"}, "winter and summer time around the event"


def test_a_zone_without_daylight_saving_and_chinese_text(client):
    deadline = datetime(2031, 7, 1, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    notice = NoticeFactory(
        title="太阳能光伏发电系统采购及安装" * 3,
        deadline=deadline,
        deadline_time_zone="Asia/Shanghai",
    )

    calendar = icalendar.Calendar.from_ical(
        client.get(f"/notices/{notice.pk}/calendar.ics").content
    )

    event = calendar.walk("VEVENT")[0]
    assert event.decoded("DTSTART") == deadline
    assert str(event["SUMMARY"]).endswith("太阳能光伏发电系统采购及安装")


def test_an_amendment_raises_the_sequence(client, staff):
    notice = NoticeFactory()
    publishing.amend(notice, changes={"title": "Changed"}, note="n", by=staff)

    calendar = icalendar.Calendar.from_ical(
        client.get(f"/notices/{notice.pk}/calendar.ics").content
    )

    assert calendar.walk("VEVENT")[0]["SEQUENCE"] == 1
