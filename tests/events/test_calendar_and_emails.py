"""An event as a calendar file (RFC 5545, read back with icalendar: its zone, times, place) and the
e-mails a participant gets on registering and on promotion, in their language, with the file."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail

from events import registration
from tests.events.factories import EventFactory, SessionFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
ROME = ZoneInfo("Europe/Rome")


def read(content: bytes):
    calendar = icalendar.Calendar.from_ical(content)
    return calendar, calendar.walk("VEVENT")[0]


def test_the_calendar_file_holds_the_event_in_its_own_time_zone(client):
    start = datetime(2031, 3, 29, 9, 0, tzinfo=ROME)  # the day before summer time
    event = EventFactory(
        title_en="Procurement fair; Rome, Italy",
        starts_at=start,
        ends_at=start + timedelta(days=1, hours=8),
        registration_deadline=start - timedelta(days=3),
        time_zone="Europe/Rome",
        city="Rome",
        venue="FAO headquarters",
    )
    SessionFactory(event=event, title_en="Meet the buyers", room="Plenary")

    response = client.get(f"/events/{event.pk}/calendar.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert all(len(line.encode()) <= 75 for line in response.content.decode().split("\r\n"))
    calendar, vevent = read(response.content)
    assert vevent.decoded("DTSTART") == start
    assert vevent.decoded("DTEND") == datetime(2031, 3, 30, 17, 0, tzinfo=ROME)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Rome"
    assert str(vevent["SUMMARY"]) == "Procurement fair; Rome, Italy"
    assert str(vevent["LOCATION"]) == "FAO headquarters, Rome"
    assert "Meet the buyers (Plenary)" in str(vevent["DESCRIPTION"])
    assert f"/events/{event.pk}/" in str(vevent["URL"])
    zone = calendar.walk("VTIMEZONE")[0]
    assert zone["TZID"] == "Europe/Rome"
    offsets = {o["TZOFFSETTO"].to_ical() for o in zone.subcomponents}
    assert {o.decode() if isinstance(o, bytes) else o for o in offsets} == {"+0100", "+0200"}


def test_a_zone_without_daylight_saving_in_chinese(client, workshop):
    client.cookies["django_language"] = "zh-hans"

    calendar, vevent = read(client.get(f"/events/{workshop.pk}/calendar.ics").content)

    assert vevent.decoded("DTSTART") == workshop.starts_at.astimezone(SHANGHAI)
    assert str(vevent["SUMMARY"]) == workshop.title_zh
    zone = calendar.walk("VTIMEZONE")[0]
    assert zone["TZID"] == "Asia/Shanghai"
    offsets = {o["TZOFFSETTO"].to_ical() for o in zone.subcomponents}
    assert {o.decode() if isinstance(o, bytes) else o for o in offsets} == {"+0800"}


def test_the_public_file_of_an_online_event_keeps_its_link_to_participants(client, supplier):
    webinar = EventFactory(online=True, online_url="https://meet.example.org/secret", city="")

    _calendar, vevent = read(client.get(f"/events/{webinar.pk}/calendar.ics").content)

    assert str(vevent["LOCATION"]) == "Online"
    assert "secret" not in client.get(f"/events/{webinar.pk}/calendar.ics").content.decode()


def test_a_cancelled_event_says_so_to_calendars(client):
    event = EventFactory(status="cancelled")

    _calendar, vevent = read(client.get(f"/events/{event.pk}/calendar.ics").content)

    assert vevent["STATUS"] == "CANCELLED"


def test_a_drafts_calendar_file_is_a_404_but_for_staff(client, staff):
    draft = EventFactory(status="draft")

    assert client.get(f"/events/{draft.pk}/calendar.ics").status_code == 404
    client.force_login(staff)
    assert client.get(f"/events/{draft.pk}/calendar.ics").status_code == 200


def test_the_confirmation_is_in_the_participants_language_with_the_calendar_file(
    django_capture_on_commit_callbacks,
):
    webinar = EventFactory(
        title_zh="网络研讨会", online=True, online_url="https://meet.example.org/secret", city=""
    )
    participant = UserFactory(email="li@example.cn", language="zh-hans", name="李娜")

    with django_capture_on_commit_callbacks(execute=True):
        registration.register(event=webinar, user=participant)

    (message,) = mail.outbox
    assert message.to == ["li@example.cn"]
    assert message.subject == "报名成功：网络研讨会"
    assert "李娜" in message.body and "您在网络研讨会的名额已确认。" in message.body
    assert "https://meet.example.org/secret" in message.body, "the link, for a participant"
    html = message.alternatives[0][0]
    for text in (message.body, re.sub(r"<[^>]+>", " ", html)):
        assert not re.findall(r"[\u4e00-\u9fff\uff00-\uffef] ?[:.,;?!()]", text)
    (name, content, mimetype) = message.attachments[0]
    assert name == f"event-{webinar.pk}.ics" and mimetype.startswith("text/calendar")
    _calendar, vevent = read(content)
    assert str(vevent["SUMMARY"]) == "网络研讨会"
    assert str(vevent["LOCATION"]) == "https://meet.example.org/secret"


def test_a_place_on_the_waiting_list_is_confirmed_without_a_calendar_file(
    people, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1, title_en="Workshop")
    registration.register(event=event, user=people[0])

    with django_capture_on_commit_callbacks(execute=True):
        registration.register(event=event, user=people[1])

    (message,) = mail.outbox
    assert message.subject == "On the waiting list (number 1): Workshop"
    assert "you are number 1 on the waiting list" in message.body
    assert message.attachments == []


def test_a_promotion_is_e_mailed_with_the_calendar_file(people, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1, title_en="Workshop")
    seated = registration.register(event=event, user=people[0])
    registration.register(event=event, user=people[1])

    with django_capture_on_commit_callbacks(execute=True):
        registration.cancel(seated)

    (message,) = mail.outbox
    assert message.to == [people[1].email]
    assert message.subject == "A seat is yours: Workshop"
    assert "you are off the waiting list" in message.body
    files = [a for a in message.attachments if isinstance(a, tuple)]
    assert [name for name, *_ in files] == [f"event-{event.pk}.ics"]
    assert "cid:check-in-qr@un-supplier-portal" in message.alternatives[0].content
