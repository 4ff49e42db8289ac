"""Fault 2: Redis (the broker and the cache) stopped while staff publish notices, then restarted.
While it is down the pages answer, publishing works and /healthz says the broker is down; once it
is back, beat's sweep dispatches what was missed and every alert is sent, once."""

from collections import Counter

import pytest

from notices import tasks
from notices.alerts.models import AlertDelivery, DeliveryStatus
from notices.models import Notice, NoticeStatus
from tests.factories import ProgramStaffFactory
from tests.notices.factories import DraftFactory
from tests.reliability.conftest import needs_services, record_figure, subscribers, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), needs_services]

RECIPIENTS = 20


def all_sent(expected: int) -> bool:
    return AlertDelivery.objects.filter(status=DeliveryStatus.SENT).count() == expected


def test_notices_published_while_redis_is_down_are_alerted_once_it_is_back(
    redis_of_our_own, workers, smtp_sink, client
):
    redis = redis_of_our_own
    subscribers(RECIPIENTS, prefix="outage")
    client.force_login(ProgramStaffFactory())
    workers.start("outage", REDIS_URL=redis.url, REDIS_CACHE_URL=redis.url)
    before = DraftFactory(title="Published before the outage")
    assert client.post(f"/staff/notices/{before.pk}/publish/").status_code == 302
    assert wait_until(lambda: all_sent(RECIPIENTS), timeout=60), "the road works"

    redis.stop()
    during = [DraftFactory(title=f"Published during the outage {n}") for n in range(2)]
    for notice in during:
        response = client.post(f"/staff/notices/{notice.pk}/publish/", follow=True)
        assert response.status_code == 200
        assert "The notice is published." in response.content.decode()
    assert set(Notice.objects.values_list("status", flat=True)) == {NoticeStatus.PUBLISHED}
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["database"]["ok"] and not health.json()["broker"]["ok"]
    for url in ["/", "/notices/", f"/notices/{before.pk}/", "/notices/feed/", "/api/notices/"]:
        assert client.get(url).status_code == 200, url
    assert client.get("/notices/?q=outage&category=43").status_code == 200

    redis.start()
    assert client.get("/healthz").status_code == 200
    tasks.sweep_alerts.delay()  # what beat runs every minute

    assert wait_until(lambda: all_sent(3 * RECIPIENTS), timeout=90), "everything sent once back"
    received = Counter((m.to, m.subject) for m in smtp_sink.snapshot())
    assert len(received) == 3 * RECIPIENTS and set(received.values()) == {1}
    record_figure(
        f"fault 2 (Redis down while publishing): 2 notices published during the outage, "
        f"{3 * RECIPIENTS} alerts sent once after it, pages and publishing answered throughout"
    )
