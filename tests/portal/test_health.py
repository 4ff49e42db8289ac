"""/healthz: 200 when the database and the broker answer and a worker was seen lately (when tasks
go to workers), 503 otherwise."""

import socket
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from portal import health
from portal.celery import app

pytestmark = pytest.mark.django_db


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_is_ok_when_everything_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["database"]["detail"] == connection.vendor
    assert body["broker"]["ok"] is True


def test_healthz_is_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{unused_port()}/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["broker"]["ok"] is False
    assert body["database"]["ok"] is True


def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    from django.db import OperationalError

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == {
        "ok": False,
        "detail": "OperationalError: connection refused",
    }


def test_healthz_is_not_cached(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


@pytest.fixture
def tasks_go_to_workers():
    """As in production: tasks are sent to the broker for a worker, not run in-process."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


def test_healthz_says_the_worker_is_seen_after_a_recent_heartbeat(client, tasks_go_to_workers):
    health.record_worker_heartbeat(hostname="celery@worker-1")

    response = client.get("/healthz")

    assert response.status_code == 200
    worker = response.json()["worker"]
    assert worker["ok"] is True and "celery@worker-1" in worker["detail"]


def test_healthz_is_503_when_no_worker_was_seen_lately(client, settings, tasks_go_to_workers):
    long_ago = timezone.now() - timedelta(seconds=settings.WORKER_SILENT_AFTER_SECONDS + 1)
    health.record_worker_heartbeat(hostname="celery@worker-1", now=long_ago)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"]["ok"] is True and body["broker"]["ok"] is True
    assert body["worker"]["ok"] is False
    assert body["worker"]["detail"].startswith("not seen for ")


def test_a_new_deployment_waits_for_its_first_heartbeat(settings, tasks_go_to_workers):
    settings.WORKER_SILENT_AFTER_SECONDS = 10**6
    assert health.check_worker().ok, "a process younger than the limit waits"
    settings.WORKER_SILENT_AFTER_SECONDS = 0
    check = health.check_worker()
    assert not check.ok and check.detail == "no worker seen in 0 s"


def test_without_a_broker_no_worker_is_needed(client):
    assert client.get("/healthz").json()["worker"] == {"ok": True, "detail": "tasks run in-process"}


def test_check_worker_exits_1_without_a_recent_heartbeat(settings, tasks_go_to_workers):
    with pytest.raises(CommandError, match="no worker seen"):
        call_command("check_worker")
    health.record_worker_heartbeat(hostname="celery@worker-1")
    out = StringIO()
    call_command("check_worker", stdout=out)
    assert out.getvalue().startswith("worker: seen 0 s ago (celery@worker-1)")
