"""Reminders 7 and 1 days before an event: queued once per registration and reminder by the beat's
task, sent by the alert sender in the participant's language with the time in the event's zone,
the place, their sessions and the calendar file; a participant turns them off on the event page."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from events import registration, reminders
from events.tasks import queue_event_reminders
from notices.alerts import sending
from notices.alerts.models import AlertDelivery
from tests.events.factories import EventFactory, SessionFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 0, 0, tzinfo=ZoneInfo("UTC"))


def event_in(days: float, **values):
    start = NOW + timedelta(days=days)
    return EventFactory(
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        registration_deadline=start - timedelta(hours=1),
        **values,
    )


def seated(event, user):
    made = registration.register(event=event, user=user, now=NOW)
    assert made.status == "confirmed"
    return made


def test_the_reminder_due_is_queued_once(people):
    in_six_days, tomorrow, in_ten_days = event_in(6.5), event_in(0.5), event_in(10)
    for event in (in_six_days, tomorrow, in_ten_days):
        seated(event, people[0])

    assert reminders.queue_due(now=NOW) == 2
    assert reminders.queue_due(now=NOW) == 0, "a second run writes nothing"

    queued = {(r.registration.event_id, r.event) for r in AlertDelivery.objects.all()}
    assert queued == {(in_six_days.pk, "7d"), (tomorrow.pk, "1d")}
    assert set(AlertDelivery.objects.values_list("kind", flat=True)) == {"event_remind"}


def test_the_day_before_the_second_reminder_follows(people):
    event = event_in(6.5)
    seated(event, people[0])
    reminders.queue_due(now=NOW)

    assert reminders.queue_due(now=NOW + timedelta(days=6)) == 1
    assert sorted(AlertDelivery.objects.values_list("event", flat=True)) == ["1d", "7d"]


def test_the_days_come_from_the_setting(settings, people):
    settings.EVENT_REMINDER_DAYS = [3]
    seated(event_in(6.5), people[0])
    assert reminders.queue_due(now=NOW) == 0
    seated(event_in(2.5), people[0])
    assert reminders.queue_due(now=NOW) == 1
    assert AlertDelivery.objects.get().event == "3d"


def test_the_waiting_list_cancelled_and_past_events_get_none(people):
    full = event_in(6.5, capacity=1)
    seated(full, people[0])
    assert registration.register(event=full, user=people[1], now=NOW).status == "waiting"
    left = event_in(6.5)
    registration.cancel(seated(left, people[2]), now=NOW)
    cancelled = event_in(6.5)
    seated(cancelled, people[3])
    cancelled.status = "cancelled"
    cancelled.save()

    reminders.queue_due(now=NOW)

    assert list(AlertDelivery.objects.values_list("user_id", flat=True)) == [people[0].pk]


def test_the_reminder_is_in_the_participants_language_and_the_events_zone():
    event = event_in(0.5, title_zh="采购博览会", time_zone="Asia/Shanghai", venue="Hall 3")
    session = SessionFactory(event=event, title_zh="如何投标", room="Room 7")
    chinese = UserFactory(email="wang@example.cn", language="zh-hans")
    registration.choose_sessions(seated(event, chinese), sessions=[session])
    reminders.queue_due(now=NOW)

    assert sending.send_pending() == {"sent": 1, "retry": 0, "failed": 0}

    (message,) = mail.outbox
    assert message.subject == "明天：采购博览会"
    body = message.body
    local = event.starts_at.astimezone(ZoneInfo("Asia/Shanghai"))
    assert f"{local.hour}:{local.minute:02d}" in body, "the time is in the event's zone"
    utc = event.starts_at.astimezone(ZoneInfo("UTC"))
    assert f"{utc.hour}:{utc.minute:02d}" not in body
    assert "（中国（上海）时间）" in body
    assert "Hall 3" in body and "如何投标" in body and "Room 7" in body
    assert "关闭提醒" in body
    assert [name for name, *_ in message.attachments] == [f"event-{event.pk}.ics"]


def test_an_online_event_gives_its_link(people):
    event = event_in(
        6.5, online=True, online_url="https://meet.example.org/fair", venue="", city=""
    )
    seated(event, people[0])
    reminders.queue_due(now=NOW)
    sending.send_pending()
    assert "https://meet.example.org/fair" in mail.outbox[0].body


def test_a_participant_turns_reminders_off_from_the_event_page(client, people):
    event = event_in(6.5)
    mine = seated(event, people[0])
    reminders.queue_due(now=NOW)
    client.force_login(people[0])
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert 'id="reminders"' in page and "Turn reminders off" in page

    response = client.post(f"/events/{event.pk}/reminders/", {"on": "0"}, follow=True)

    assert "You will receive no more reminders of this event." in response.content.decode()
    mine.refresh_from_db()
    assert mine.reminders_off
    assert AlertDelivery.objects.get().status == "withdrawn", "the queued one is not sent"
    assert sending.send_pending()["sent"] == 0 and mail.outbox == []
    assert reminders.queue_due(now=NOW + timedelta(days=6)) == 0, "nor a later one queued"

    client.post(f"/events/{event.pk}/reminders/", {"on": "1"})
    mine.refresh_from_db()
    assert not mine.reminders_off
    assert reminders.queue_due(now=NOW + timedelta(days=6)) == 1


def test_only_a_seated_participant_turns_reminders_off(client, people):
    event = event_in(6.5, capacity=1)
    seated(event, people[0])
    waiting = registration.register(event=event, user=people[1], now=NOW)
    client.force_login(people[1])
    response = client.post(f"/events/{event.pk}/reminders/", {"on": "0"}, follow=True)
    assert "Only a participant with a seat receives reminders." in response.content.decode()
    waiting.refresh_from_db()
    assert not waiting.reminders_off
    client.force_login(people[2])
    client.post(f"/events/{event.pk}/reminders/", {"on": "0"})
    assert not any(r.reminders_off for r in event.registrations.all())


def test_the_page_refuses_get_and_sends_visitors_to_sign_in(client, people):
    event = event_in(6.5)
    anonymous = client.post(f"/events/{event.pk}/reminders/", {"on": "0"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url
    client.force_login(people[0])
    assert client.get(f"/events/{event.pk}/reminders/").status_code == 405
    draft = event_in(6.5, status="draft")
    assert client.post(f"/events/{draft.pk}/reminders/", {"on": "0"}).status_code == 404


def test_the_beat_task_queues_the_reminders(people):
    event = EventFactory(starts_at=timezone.now() + timedelta(days=6, hours=12))
    registration.register(event=event, user=people[0])
    assert queue_event_reminders.apply().get() == 1
