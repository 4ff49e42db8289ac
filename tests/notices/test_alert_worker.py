"""The whole road on the real services: staff publish, a real Celery worker on the real Redis
dispatches and sends, and the e-mail arrives. Run by .ci/run (needs PostgreSQL and Redis)."""

import os
import time

import pytest
from django.db import connection

from notices import publishing
from tests.factories import ProgramStaffFactory, UserFactory
from tests.notices.factories import DraftFactory, make_alert

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
        reason="needs the real Redis and PostgreSQL (run by .ci/run)",
    ),
]


def test_a_real_worker_delivers_the_alert_within_a_minute(real_worker):
    subscriber = UserFactory(email="worker-test@example.cn")
    make_alert(user=subscriber, categories=["43"], name="Software")
    notice = DraftFactory(title="Accounting software for 40 offices")

    publishing.publish(notice, by=ProgramStaffFactory())

    deadline = time.monotonic() + 60
    messages = []
    while time.monotonic() < deadline:
        time.sleep(0.5)
        # One .eml file per message (core/mailfiles.py); wait until it is whole.
        messages = (
            [p.read_text() for p in real_worker.glob("*.eml")] if real_worker.exists() else []
        )
        if messages and all("Accounting software for 40 offices" in m for m in messages):
            break
    assert len(messages) == 1, "the alert e-mail arrived, once"
    assert "worker-test@example.cn" in messages[0]
    assert "Accounting software for 40 offices" in messages[0]
