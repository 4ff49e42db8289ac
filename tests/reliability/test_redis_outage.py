"""Fault 2: Redis (the broker and the cache) stopped while staff publish notices, then restarted.
While it is down the pages answer, publishing works and /healthz says the broker is down; once it
is back, beat's sweep dispatches what was missed and every alert is sent, once."""

import time
from collections import Counter

import pytest

from notices import tasks
from notices.alerts.models import AlertDelivery, DeliveryStatus
from notices.models import Notice, NoticeStatus
from portal import tasks as portal_tasks
from portal.models import WorkerHeartbeat
from tests.factories import ProgramStaffFactory
from tests.notices.factories import DraftFactory
from tests.reliability.conftest import needs_services, record_figure, subscribers, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), needs_services]

RECIPIENTS = 20


def all_sent(expected: int) -> bool:
    return AlertDelivery.objects.filter(status=DeliveryStatus.SENT).count() == expected


def worker_is_seen(client) -> bool:
    """A heartbeat (what beat sends every 30 s) goes through the broker to a worker, which records
    it, and /healthz then answers 200 with the worker seen."""
    WorkerHeartbeat.objects.all().delete()
    portal_tasks.record_worker_heartbeat.delay()
    if not wait_until(WorkerHeartbeat.objects.exists, timeout=30):
        return False
    response = client.get("/healthz")
    return response.status_code == 200 and response.json()["worker"]["ok"]


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
    assert worker_is_seen(client), "/healthz: the worker consumes again"
    tasks.sweep_alerts.delay()  # what beat runs every minute

    assert wait_until(lambda: all_sent(3 * RECIPIENTS), timeout=90), "everything sent once back"
    received = Counter((m.to, m.subject) for m in smtp_sink.snapshot())
    assert len(received) == 3 * RECIPIENTS and set(received.values()) == {1}
    record_figure(
        f"fault 2 (Redis down while publishing): 2 notices published during the outage, "
        f"{3 * RECIPIENTS} alerts sent once after it, pages and publishing answered throughout"
    )


def test_a_worker_survives_redis_stopping_while_it_sends(
    redis_of_our_own, workers, smtp_sink, client
):
    """Redis stopped for 8 s while a prefork worker is sending a batch: the worker lives on, the
    batch is finished, and a notice published after Redis is back reaches all its subscribers."""
    redis = redis_of_our_own
    subscribers(RECIPIENTS, prefix="mid-send")
    client.force_login(ProgramStaffFactory())
    smtp_sink.delay = 0.3  # about 6 s for the batch: Redis goes while it is being sent
    worker = workers.start("mid-send", REDIS_URL=redis.url, REDIS_CACHE_URL=redis.url)
    before = DraftFactory(title="Sent while Redis stops")
    assert client.post(f"/staff/notices/{before.pk}/publish/").status_code == 302
    assert wait_until(lambda: smtp_sink.count() >= 3, timeout=60), "sending started"

    redis.stop()
    time.sleep(8)
    redis.start()
    back = time.monotonic()
    smtp_sink.delay = 0.0

    after = DraftFactory(title="Published once Redis is back")
    assert client.post(f"/staff/notices/{after.pk}/publish/").status_code == 302
    alerted = wait_until(
        lambda: sum(m.subject.endswith(after.title) for m in smtp_sink.snapshot()) == RECIPIENTS,
        timeout=90,
    )
    assert worker.poll() is None, "the worker died:\n" + workers.log("mid-send")[-3000:]
    assert alerted, "the notice published after the outage reached every subscriber"
    assert worker_is_seen(client), "/healthz: the worker consumes"
    first_after = min(m.at for m in smtp_sink.snapshot() if m.subject.endswith(after.title))
    tasks.sweep_alerts.delay()  # what beat runs every minute: anything the outage held up
    assert wait_until(lambda: all_sent(2 * RECIPIENTS), timeout=90), "the batch was finished"
    received = Counter((m.to, m.subject) for m in smtp_sink.snapshot())
    assert len(received) == 2 * RECIPIENTS and set(received.values()) == {1}, "each sent once"
    record_figure(
        f"fault 2b (Redis stopped 8 s while a prefork worker sends): worker alive, first alert "
        f"of a new notice {first_after - back:.1f} s after Redis was back, "
        f"{2 * RECIPIENTS} alerts sent once"
    )
