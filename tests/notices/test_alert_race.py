"""Two senders racing over the same pending rows on PostgreSQL: each row is sent exactly once."""

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from notices.alerts import dispatch, sending
from notices.alerts.models import AlertDelivery
from tests.factories import UserFactory
from tests.notices.factories import NoticeFactory, make_alert

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
]


def test_two_senders_send_each_row_once():
    for n in range(4):
        make_alert(user=UserFactory(email=f"racer{n}@example.com"), name="everything")
    for _ in range(15):
        dispatch.queue_for_notice(NoticeFactory())
    assert AlertDelivery.objects.count() == 60
    start = threading.Barrier(2)
    outcomes = []

    def sender():
        try:
            start.wait()
            outcomes.append(sending.send_pending(limit=7))
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    sent = Counter((m.to[0], m.subject) for m in mail.outbox)
    assert len(sent) == 60 and set(sent.values()) == {1}, "every row once, none twice"
    assert sum(outcome["sent"] for outcome in outcomes) == 60
    assert set(AlertDelivery.objects.values_list("status", flat=True)) == {"sent"}
