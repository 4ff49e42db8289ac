"""Fault 6: a notice amended while its alerts are being sent. The amendment e-mail follows to every
recipient, and no e-mail put together after the amendment shows the old deadline as current."""

import zoneinfo
from collections import defaultdict
from datetime import timedelta

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation

from accounts.time_zones import zone_name
from notices import publishing
from notices.alerts.models import AlertDelivery, DeliveryStatus
from tests.factories import ProgramStaffFactory
from tests.notices.factories import DraftFactory
from tests.reliability.conftest import needs_services, record_figure, subscribers, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), needs_services]

RECIPIENTS = 100
HOLD_AT = 30  # the sink holds the 30th message until the amendment is committed


def deadline_line(text: str) -> str:
    """The line of an alert e-mail that gives the notice's current deadline, in the recipient's
    time zone (the agency's own time follows it on the line)."""
    line = next(line for line in text.splitlines() if line.startswith("Deadline:"))
    return line.split(" — ")[0]


def shown(deadline, time_zone: str) -> str:
    with translation.override("en"):
        local = timezone.localtime(deadline, zoneinfo.ZoneInfo(time_zone))
        return f"Deadline: {date_filter(local, 'DATETIME_FORMAT')} ({zone_name(time_zone)})"


def test_an_amendment_during_sending_follows_and_nobody_gets_the_old_deadline_after_it(
    workers, smtp_sink
):
    users = subscribers(RECIPIENTS, prefix="amended")
    staff = ProgramStaffFactory()
    old_deadline = (timezone.now() + timedelta(days=14)).replace(microsecond=0)
    new_deadline = old_deadline + timedelta(days=10)
    notice = DraftFactory(title="Solar lanterns for 30 schools", deadline=old_deadline)
    smtp_sink.hold_at = HOLD_AT
    workers.start("amend")

    publishing.publish(notice, by=staff)
    assert smtp_sink.holding.wait(60), "sending started"
    notice.refresh_from_db()
    publishing.amend(
        notice, changes={"deadline": new_deadline}, note="Ten more days to answer.", by=staff
    )
    smtp_sink.release.set()

    assert wait_until(lambda: smtp_sink.count() >= 2 * RECIPIENTS, timeout=90)
    assert wait_until(
        lambda: not AlertDelivery.objects.exclude(status=DeliveryStatus.SENT).exists(), timeout=10
    )
    messages = smtp_sink.snapshot()
    zone = users[0].time_zone
    old, new = shown(old_deadline, zone), shown(new_deadline, zone)
    assert old != new
    by_recipient = defaultdict(list)
    for number, message in enumerate(messages, start=1):
        by_recipient[message.to].append((number, message))
    assert len(messages) == 2 * RECIPIENTS
    for user in users:
        received = by_recipient[user.email]
        kinds = [m.subject.split(":")[0] for _n, m in received]
        assert kinds == ["New tender", "Amendment 1"], (user.email, kinds)
        assert deadline_line(received[-1][1].text) == new, "the last word is the new deadline"
    stale = [n for n, m in enumerate(messages, start=1) if deadline_line(m.text) == old]
    # Only messages put together before the amendment (up to the one the sink held) may show it.
    assert stale and max(stale) <= HOLD_AT, f"old deadline after the amendment: {stale}"
    record_figure(
        f"fault 6 (amended mid-send): {len(messages)} messages to {RECIPIENTS} recipients, "
        f"{len(stale)} with the old deadline (all before the amendment), every amendment followed"
    )
