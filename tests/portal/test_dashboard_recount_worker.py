"""The recount staff ask for, done by a real Celery worker on the real broker: the page shows its time
once the worker is done. Run by .ci/run (needs PostgreSQL and Redis)."""

import os
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from portal import rollups
from tests.notices.factories import NoticeFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
        reason="needs the real Redis and PostgreSQL (run by .ci/run)",
    ),
]


def test_a_real_worker_recounts_and_the_page_shows_the_new_time(client, staff, real_worker):
    NoticeFactory()
    before = rollups.refresh_rollups(now=timezone.now() - timedelta(hours=2))
    client.force_login(staff)

    client.post("/dashboard/recount/")
    again = client.post("/dashboard/recount/", follow=True)
    assert "already queued or running" in again.content.decode() or (
        rollups.status().recount_queued_at is None  # the worker was quicker than the second click
    )

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and rollups.status().as_of == before:
        time.sleep(0.5)
    page = client.get("/dashboard/")
    status = page.context["rollups"]
    assert status.as_of > before and status.recount_queued_at is None
    assert page.context["figures"]["published_as_of"] == status.as_of
    assert "Recount now" in page.content.decode()
