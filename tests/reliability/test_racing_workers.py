"""Fault 4: two worker processes racing over the same pending deliveries: each is sent once."""

from collections import Counter

import pytest

from notices import tasks
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
