"""Fault 4: two worker processes racing over the same pending deliveries: each is sent once. A
batch that a slow mail server makes last longer than a sender's lease keeps its rows (the lease is
renewed), however often the sweep runs and another worker waits: each is sent once."""

import time
from collections import Counter

import pytest
from django.db.models import Max, Min

from notices import tasks
from notices.alerts import sending
from notices.alerts.models import AlertDelivery, DeliveryStatus
from tests.reliability.conftest import fill_outbox, needs_services, record_figure, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), needs_services]

USERS, NOTICES = 60, 10  # 600 e-mails: more than one sender's batch of 500


def test_two_workers_racing_send_each_delivery_once(workers, smtp_sink):
    fill_outbox(users=USERS, notices=NOTICES, prefix="race")
    workers.start("left")
    workers.start("right")

    # Each worker takes one task and claims batches until nothing is due.
    tasks.send_instant_alerts.delay()
    tasks.send_instant_alerts.delay()

    assert wait_until(
        lambda: AlertDelivery.objects.filter(status=DeliveryStatus.SENT).count() == 600,
        timeout=90,
    )
    messages = smtp_sink.snapshot()
    received = Counter((m.to, m.subject) for m in messages)
    assert len(received) == 600 and set(received.values()) == {1}, "each sent once"
    # Both workers sent: their SMTP connections (one per batch) came from two senders at once.
    by_connection = Counter(m.peer for m in messages)
    assert len(by_connection) >= 2, by_connection
    record_figure(
        f"fault 4 (two workers racing): 600 rows, {len(messages)} messages over "
        f"{len(by_connection)} SMTP connections {sorted(by_connection.values())}, 0 duplicates"
    )


SLOW_USERS = 280  # at half a second each: 140 s, longer than the lease (120 s)


def test_a_slow_batch_renews_its_lease_and_is_not_taken_over(workers, smtp_sink):
    fill_outbox(users=SLOW_USERS, notices=1, prefix="slow")
    smtp_sink.delay = 0.5
    workers.start("slow")
    workers.start("idle")
    tasks.send_instant_alerts.delay()
    assert wait_until(lambda: smtp_sink.count() >= 1, timeout=60), "sending started"
    started = time.monotonic()

    released = 0

    def sweep_and_check() -> bool:
        # Far more often than beat (every minute): here, and by the other worker.
        nonlocal released
        released += sending.release_stuck()
        tasks.sweep_alerts.delay()
        return AlertDelivery.objects.filter(status=DeliveryStatus.SENT).count() == SLOW_USERS

    limit = SLOW_USERS * smtp_sink.delay + 90
    assert wait_until(sweep_and_check, timeout=limit, interval=5), "every row is marked sent"
    took = time.monotonic() - started
    claims = AlertDelivery.objects.aggregate(first=Min("claimed_at"), last=Max("claimed_at"))
    renewed_for = (claims["last"] - claims["first"]).total_seconds()
    received = Counter(m.to for m in smtp_sink.snapshot())
    assert len(received) == SLOW_USERS and set(received.values()) == {1}, "each sent once"
    assert released == 0, "no sweep took a row of the live batch"
    assert took > sending.LEASE.total_seconds(), "the batch outlived a lease"
    assert renewed_for > sending.LEASE.total_seconds(), "its lease was renewed while it sent"
    record_figure(
        f"fault 4b (slow batch, {smtp_sink.delay} s a message): {SLOW_USERS} messages over "
        f"{took:.0f} s (lease {sending.LEASE.total_seconds():.0f} s, renewed for "
        f"{renewed_for:.0f} s), swept every 5 s, 0 rows taken over, 0 duplicates"
    )
