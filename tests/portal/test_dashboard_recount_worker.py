"""The recount staff ask for, done by a real Celery worker on the real broker: the page shows its time
once the worker is done. Run by .ci/run (needs PostgreSQL and Redis)."""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from portal import rollups
from portal.celery import app
from tests.notices.factories import NoticeFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
        reason="needs the real Redis and PostgreSQL (run by .ci/run)",
    ),
]


@pytest.fixture
def worker():
    """A Celery worker process on the test database and the real broker (as the alert pipeline's
    test, tests/notices/test_alert_worker.py, starts one); stopped by its pid."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "PORTAL_NO_DOTENV": "1",
        "DEBUG": "true",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
    }
    app.control.purge()
    command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo"]
    process = subprocess.Popen([*command, "--loglevel=warning"], cwd=ROOT, env=env)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield process
    finally:
        app.conf.task_always_eager = eager
        process.terminate()
        process.wait(timeout=30)


def test_a_real_worker_recounts_and_the_page_shows_the_new_time(client, staff, worker):
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
