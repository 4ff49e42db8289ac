"""The whole road on the real services: staff publish, a real Celery worker on the real Redis
dispatches and sends, and the e-mail arrives. Run by .ci/run (needs PostgreSQL and Redis)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from notices import publishing
from portal.celery import app
from tests.factories import ProgramStaffFactory, UserFactory
from tests.notices.factories import DraftFactory, make_alert

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
        reason="needs the real Redis and PostgreSQL (run by .ci/run)",
    ),
]


@pytest.fixture
def worker(tmp_path):
    """A Celery worker process on the test database and the real broker, writing e-mails as files."""
    db = connection.settings_dict
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "PORTAL_NO_DOTENV": "1",
        "DEBUG": "true",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "EMAIL_URL": f"filemail://{mail_dir}",
    }
    app.control.purge()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=solo",
            "--loglevel=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield mail_dir
    finally:
        app.conf.task_always_eager = eager
        process.terminate()
        process.wait(timeout=30)


def test_a_real_worker_delivers_the_alert_within_a_minute(worker):
    subscriber = UserFactory(email="worker-test@example.cn")
    make_alert(user=subscriber, categories=["43"], name="Software")
    notice = DraftFactory(title="Accounting software for 40 offices")

    publishing.publish(notice, by=ProgramStaffFactory())

    deadline = time.monotonic() + 60
    messages = []
    while time.monotonic() < deadline:
        time.sleep(0.5)
        # One .eml file per message (core/mailfiles.py); wait until it is whole.
        messages = [p.read_text() for p in worker.glob("*.eml")] if worker.exists() else []
        if messages and all("Accounting software for 40 offices" in m for m in messages):
            break
    assert len(messages) == 1, "the alert e-mail arrived, once"
    assert "worker-test@example.cn" in messages[0]
    assert "Accounting software for 40 offices" in messages[0]
