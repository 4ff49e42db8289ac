"""Fault 5: the mail server answers 421 (try again later), then 250: the alert is delivered on
retry; it answers 550 (no such user): the row fails, the address is suppressed, and the supplier's
delivery log says so. The other recipients of the same batch are not held up by either."""

import pytest
from django.utils import timezone

from notices import tasks
from notices.alerts import dispatch
from notices.alerts.models import AlertDelivery, DeliveryStatus, SuppressedAddress
from tests.notices.factories import NoticeFactory
from tests.reliability.conftest import needs_services, subscribers, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), needs_services]


def settled() -> bool:
    return not AlertDelivery.objects.filter(status=DeliveryStatus.SENDING).exists() and (
        not AlertDelivery.objects.filter(status=DeliveryStatus.PENDING, attempts=0).exists()
    )


def test_a_transient_refusal_is_retried_and_a_permanent_one_suppressed(workers, smtp_sink, client):
    # Rows are sent in the order of their recipients: the refusals come first in the batch.
    flaky, gone = subscribers(1, prefix="a-flaky") + subscribers(1, prefix="b-gone")
    others = subscribers(5, prefix="c-fine")
    smtp_sink.answers[flaky.email] = ["421 4.7.0 Try again later"]
    smtp_sink.answers[gone.email] = ["550 5.1.1 No such mailbox"] * 5
    notice = NoticeFactory(title="Water pumps for 12 villages")
    dispatch.queue_for_notice(notice)
    workers.start("smtp")

    tasks.send_instant_alerts.delay()
    assert wait_until(settled, timeout=60)

    rows = {row.user_id: row for row in AlertDelivery.objects.all()}
    assert rows[flaky.pk].status == DeliveryStatus.PENDING, "421: tried again later"
    assert rows[flaky.pk].next_attempt_at > timezone.now()
    assert "421" in rows[flaky.pk].last_error
    assert rows[gone.pk].status == DeliveryStatus.FAILED, "550: given up"
    assert "550" in rows[gone.pk].last_error
    assert SuppressedAddress.objects.filter(email=gone.email).exists()
    assert all(rows[user.pk].status == DeliveryStatus.SENT for user in others), (
        "a refusal for one recipient does not hold up the others: "
        + str([(rows[u.pk].status, rows[u.pk].last_error) for u in others])
    )

    # A minute later (the first retry delay), the server accepts.
    AlertDelivery.objects.filter(pk=rows[flaky.pk].pk).update(next_attempt_at=timezone.now())
    tasks.send_instant_alerts.delay()
    assert wait_until(
        lambda: AlertDelivery.objects.get(user=flaky).status == DeliveryStatus.SENT, timeout=30
    )

    delivered = sorted(m.to for m in smtp_sink.snapshot())
    assert delivered == sorted([flaky.email] + [u.email for u in others]), "each once; none to 550"
    client.force_login(gone)
    log = client.get("/alerts/log/").content.decode()
    assert "Water pumps for 12 villages" in log
    assert "Failed" in log and "550" in log
    assert "refused our e-mails" in log
