"""Fault 1: a worker killed with SIGKILL while 1,000 alert e-mails are mid-send. A new worker and
beat (whose sweep, every minute, returns the rows of a sender whose lease ran out) finish the job,
on the real clock: every recipient gets one e-mail per notice, except at most one duplicate per
message the sink accepted before the dead worker could mark its row sent (counted and reported),
and the time that took is measured."""

import time
from collections import Counter

import pytest
from django.conf import settings

from notices import tasks
from notices.alerts import sending
from notices.alerts.models import AlertDelivery, DeliveryStatus
from tests.reliability.conftest import fill_outbox, needs_services, record_figure, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), needs_services]

USERS, NOTICES = 100, 10  # 1,000 e-mails
SWEEP_EVERY = settings.CELERY_BEAT_SCHEDULE["sweep-alerts"]["schedule"]


def test_a_worker_killed_mid_send_loses_nothing_and_duplicates_at_most_one(workers, smtp_sink):
    fill_outbox(users=USERS, notices=NOTICES, prefix="killed")
    assert AlertDelivery.objects.filter(status=DeliveryStatus.PENDING).count() == 1000

    first = workers.start("first")
    workers.start_beat()
    tasks.send_instant_alerts.delay()
    assert wait_until(lambda: smtp_sink.count() >= 250, timeout=60), "sending started"
    workers.kill(first)
    killed = time.monotonic()
    accepted_before_kill = smtp_sink.count()
    statuses = Counter(AlertDelivery.objects.values_list("status", flat=True))
    assert statuses[DeliveryStatus.SENT] < 1000, "killed mid-send"
    assert statuses[DeliveryStatus.SENDING] > 0, "the dead worker left claimed rows"

    workers.start("second")
    # Nothing else: beat's sweep hands the rows back once the dead sender's lease has run out.
    bound = sending.LEASE.total_seconds() + SWEEP_EVERY + 60
    assert wait_until(
        lambda: AlertDelivery.objects.filter(status=DeliveryStatus.SENT).count() == 1000,
        timeout=bound,
        interval=1,
    ), "every row is marked sent"
    recovered = time.monotonic() - killed
    messages = smtp_sink.snapshot()
    received = Counter((m.to, m.subject) for m in messages)
    expected = {
        (f"killed{u:04d}@example.org", f"New tender: killed notice {n:03d}")
        for u in range(USERS)
        for n in range(NOTICES)
    }
    assert set(received) == expected, "every recipient got every notice"
    duplicates = sum(count - 1 for count in received.values())
    record_figure(
        f"fault 1 (SIGKILL mid-send): 1000 rows, {accepted_before_kill} accepted before the kill, "
        f"{len(messages)} messages received, {duplicates} duplicate(s), 0 lost; every row sent "
        f"{recovered:.0f} s after the kill (lease {sending.LEASE.total_seconds():.0f} s, "
        f"sweep every {SWEEP_EVERY:.0f} s, no clock moved)"
    )
    assert duplicates <= 1, "at most the one message in flight when the worker died"
    assert recovered <= sending.LEASE.total_seconds() + SWEEP_EVERY + 30, (
        "no later than a sweep after the lease"
    )
