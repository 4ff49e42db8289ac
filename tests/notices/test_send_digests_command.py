"""`manage.py send_digests`: what beat does every quarter of an hour, and `--now` for whoever does
not want to wait for 08:00 (the README tells a newcomer to use it after `make run`)."""

import pytest
from django.core import mail
from django.core.management import call_command

from notices.alerts import dispatch
from tests.factories import UserFactory
from tests.notices.factories import NoticeFactory, make_alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_for_a_daily_reader():
    reader = UserFactory(email="daily@example.cn", time_zone="Asia/Shanghai")
    make_alert(user=reader, name="Solar", keywords="solar", frequency="daily")
    dispatch.queue_for_notice(NoticeFactory(title="Solar lanterns"))
    dispatch.queue_for_notice(NoticeFactory(title="Solar panels"))
    return reader


def test_without_now_a_digest_waits_for_the_readers_0800(queued_for_a_daily_reader, capsys):
    call_command("send_digests", "daily")

    assert mail.outbox == [], "queued after today's 08:00: tomorrow's digest"
    assert "Digests sent: 0, with 0 notices in all." in capsys.readouterr().out


def test_with_now_every_waiting_digest_goes_now_and_once(queued_for_a_daily_reader, capsys):
    call_command("send_digests", "daily", "--now")
    call_command("send_digests", "daily", "--now")

    assert [message.to for message in mail.outbox] == [["daily@example.cn"]]
    assert "Solar lanterns" in mail.outbox[0].body and "Solar panels" in mail.outbox[0].body
    output = capsys.readouterr().out
    assert "Digests sent: 1, with 2 notices in all." in output
    assert "Digests sent: 0, with 0 notices in all." in output


def test_a_weekly_digest_is_not_a_daily_one(queued_for_a_daily_reader):
    call_command("send_digests", "weekly", "--now")

    assert mail.outbox == []
