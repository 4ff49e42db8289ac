"""Daily and weekly digests at 08:00 in the recipient's time zone; deadline reminders 7, 3 and 1 days
before a followed notice closes."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.test import Client

from notices import following
from notices.alerts import digests, dispatch, sending
from notices.alerts.models import AlertDelivery
from tests.factories import UserFactory
from tests.notices.factories import NoticeFactory, make_alert

pytestmark = pytest.mark.django_db

# 2026-11-23 is a Monday. 08:00 in Shanghai is 00:00 UTC.
MONDAY_0730_SHANGHAI = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
MONDAY_0800_SHANGHAI = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("frequency", "now", "expected"),
    [
        ("daily", MONDAY_0730_SHANGHAI, datetime(2026, 11, 22, 0, 0, tzinfo=UTC)),
        ("daily", MONDAY_0800_SHANGHAI, MONDAY_0800_SHANGHAI),
        ("weekly", MONDAY_0730_SHANGHAI, datetime(2026, 11, 16, 0, 0, tzinfo=UTC)),
        ("weekly", MONDAY_0800_SHANGHAI + timedelta(days=3), MONDAY_0800_SHANGHAI),
    ],
)
def test_the_digest_time_is_0800_in_the_recipients_time_zone(frequency, now, expected):
    assert digests.digest_slot(frequency, now=now, time_zone="Asia/Shanghai") == expected


@pytest.fixture
def daily_reader():
    user = UserFactory(email="daily@example.cn", time_zone="Asia/Shanghai")
    make_alert(user=user, name="Solar", keywords="solar", frequency="daily")
    make_alert(user=user, name="Pumps", keywords="pumps", frequency="daily")
    return user


def queue_at(when, **notice_fields):
    notice = NoticeFactory(**notice_fields)
    dispatch.queue_for_notice(notice)
    AlertDelivery.objects.filter(notice=notice).update(created_at=when, next_attempt_at=when)
    return notice


def test_a_daily_digest_groups_the_notices_by_alert_once_a_day(daily_reader):
    queue_at(MONDAY_0730_SHANGHAI - timedelta(hours=5), title="Solar lanterns")
    queue_at(MONDAY_0730_SHANGHAI - timedelta(hours=4), title="Solar panels")
    queue_at(MONDAY_0730_SHANGHAI - timedelta(hours=3), title="Water pumps")
    queue_at(MONDAY_0800_SHANGHAI + timedelta(minutes=5), title="Solar fridges")

    assert sending.send_pending()["sent"] == 0, "digest rows are not instant"
    assert digests.send_digests("daily", now=MONDAY_0730_SHANGHAI)["digests"] == 0, (
        "not before 08:00"
    )
    sent = digests.send_digests("daily", now=MONDAY_0800_SHANGHAI + timedelta(minutes=15))
    assert sent == {"digests": 1, "notices": 3}
    first = mail.outbox[0]
    assert first.subject == "Your daily alerts: 3 new notices"
    assert first.body.index("== Pumps ==") < first.body.index("== Solar ==")
    assert first.body.index("Solar panels") < first.body.index("Solar lanterns"), "newest first"
    assert "Solar fridges" not in first.body, "queued after 08:00: tomorrow's digest"
    later_today = MONDAY_0800_SHANGHAI + timedelta(hours=3)
    assert digests.send_digests("daily", now=later_today)["digests"] == 0

    tomorrow = digests.send_digests(
        "daily", now=MONDAY_0800_SHANGHAI + timedelta(days=1, minutes=1)
    )
    assert tomorrow == {"digests": 1, "notices": 1}
    assert "Solar fridges" in mail.outbox[1].body


def test_digests_of_many_recipients_take_a_few_queries_per_chunk_and_one_connection(
    settings, django_assert_max_num_queries, monkeypatch
):
    """Each recipient's digest at their own 08:00; the queries do not grow with the recipients
    but for the one that marks each digest sent."""
    from tests.notices.mail_backends import CountingBackend

    settings.EMAIL_BACKEND = "tests.notices.mail_backends.CountingBackend"
    CountingBackend.OPENED = 0
    monkeypatch.setattr(digests, "DIGEST_CHUNK", 4)
    zones = ["Asia/Shanghai", "Europe/Copenhagen", "America/New_York"]
    for n in range(10):
        user = UserFactory(time_zone=zones[n % 3])
        make_alert(user=user, name=f"Solar {n}", keywords="solar", frequency="daily")
    queue_at(MONDAY_0730_SHANGHAI - timedelta(hours=5), title="Solar lanterns")
    queue_at(MONDAY_0730_SHANGHAI - timedelta(hours=4), title="Solar panels")

    # 08:00 has come in Shanghai (UTC+8) and Copenhagen (UTC+1), not in New York (UTC-5).
    # The recipients, then per chunk: who is due, their rows read, their addresses checked, and
    # per digest time among them a claim (five statements in a test's transaction); then one
    # update per digest sent.
    with django_assert_max_num_queries(1 + 3 * (3 + 2 * 5) + 7):
        sent = digests.send_digests(
            "daily", now=MONDAY_0800_SHANGHAI + timedelta(hours=7, minutes=1)
        )

    assert sent == {"digests": 7, "notices": 14}
    assert len(mail.outbox) == 7 and CountingBackend.OPENED == 3, "one connection per chunk"
    assert {len(m.to) for m in mail.outbox} == {1}
    later = digests.send_digests("daily", now=MONDAY_0800_SHANGHAI + timedelta(hours=14))
    assert later == {"digests": 3, "notices": 6}, "New York's at their 08:00"


def test_a_digest_lists_at_most_the_cap_and_links_to_the_rest(daily_reader, monkeypatch):
    monkeypatch.setattr(digests, "DIGEST_CAP", 2)
    for n in range(3):
        queue_at(MONDAY_0730_SHANGHAI - timedelta(hours=n + 1), title=f"Solar {n}")

    digests.send_digests("daily", now=MONDAY_0800_SHANGHAI)

    body = mail.outbox[0].body
    assert body.count("- Solar") == 2
    assert "And 1 more" in body and "/alerts/log/" in body
    assert set(AlertDelivery.objects.values_list("status", flat=True)) == {"sent"}


def test_one_click_on_a_digest_stops_every_alert_of_that_digest(daily_reader):
    queue_at(MONDAY_0730_SHANGHAI - timedelta(hours=1), title="Solar lanterns")
    digests.send_digests("daily", now=MONDAY_0800_SHANGHAI)
    header = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = "/" + header.split("://", 1)[1].split("/", 1)[1]

    Client(enforce_csrf_checks=True).post(path)

    assert set(daily_reader.alerts.values_list("is_paused", flat=True)) == {True}


def test_followers_are_reminded_7_3_and_1_days_before_the_deadline():
    follower = UserFactory(email="f@example.com")
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    notice = NoticeFactory(title="Tents", deadline=now + timedelta(days=6, hours=23))
    following.follow(notice, user=follower)

    assert dispatch.queue_reminders(now=now) == 1
    assert dispatch.queue_reminders(now=now) == 0, "written once"
    assert dispatch.queue_reminders(now=now + timedelta(days=4)) == 1  # 2 days 23 hours left
    assert dispatch.queue_reminders(now=now + timedelta(days=6)) == 1  # 23 hours left
    assert dispatch.queue_reminders(now=now + timedelta(days=7)) == 0  # closed

    sending.send_pending()
    assert [m.subject for m in mail.outbox] == [
        "7 days left: Tents",
        "3 days left: Tents",
        "1 day left: Tents",
    ]


def test_a_notice_followed_late_gets_only_the_reminders_still_ahead():
    follower = UserFactory()
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    notice = NoticeFactory(deadline=now + timedelta(days=2))
    following.follow(notice, user=follower)

    dispatch.queue_reminders(now=now)

    assert list(AlertDelivery.objects.values_list("kind", "event")) == [("reminder", "3")]


def test_the_reminder_days_are_a_setting(settings):
    settings.ALERT_REMINDER_DAYS = [2]
    follower = UserFactory()
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    following.follow(NoticeFactory(deadline=now + timedelta(days=1)), user=follower)

    dispatch.queue_reminders(now=now)

    assert list(AlertDelivery.objects.values_list("event", flat=True)) == ["2"]
