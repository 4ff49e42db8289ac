"""Liveness of what the portal depends on, for `/healthz` and operators."""

import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone
from kombu import Connection

from portal.celery import app
from portal.models import WorkerHeartbeat

HEARTBEAT = "worker"  # the row of WorkerHeartbeat
STARTED = time.monotonic()  # when this process started: a new deployment waits for its worker


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means the database does not answer
        return Check(False, f"{type(exc).__name__}: {exc}".strip()[:200])
    return Check(True, connection.vendor)


def check_broker(timeout: float = 2.0) -> Check:
    """Connect to the Celery broker (Redis, or the embedded default's folder)."""
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            connect_timeout=timeout,
            transport_options={
                **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
                "socket_connect_timeout": timeout,
                "socket_timeout": timeout,
            },
        ) as conn:
            conn.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=timeout
            )
    except Exception as exc:  # kombu raises the transport's own errors
        return Check(False, f"{type(exc).__name__}: {exc}".strip()[:200])
    return Check(True, "reachable")


def record_worker_heartbeat(*, hostname: str, now: datetime | None = None) -> WorkerHeartbeat:
    """A worker ran the heartbeat task (beat sends it every WORKER_HEARTBEAT_SECONDS): it consumes."""
    heartbeat, _created = WorkerHeartbeat.objects.update_or_create(
        name=HEARTBEAT, defaults={"seen_at": now or timezone.now(), "hostname": hostname}
    )
    return heartbeat


def check_worker(*, waiting_since: float | None = STARTED) -> Check:
    """A worker ran the heartbeat task within WORKER_SILENT_AFTER_SECONDS. Without a broker (tasks
    run in-process) there is no worker to wait for. With no heartbeat at all, a new deployment
    waits for its first one until that limit has passed since `waiting_since` (time.monotonic();
    by default this process's start; None: no wait)."""
    if app.conf.task_always_eager:
        return Check(True, "tasks run in-process")
    limit = settings.WORKER_SILENT_AFTER_SECONDS
    try:
        heartbeat = WorkerHeartbeat.objects.filter(name=HEARTBEAT).first()
    except Exception as exc:  # the database check says why
        return Check(False, f"unknown: {type(exc).__name__}"[:200])
    if heartbeat is None:
        if waiting_since is not None and time.monotonic() - waiting_since < limit:
            return Check(True, "waiting for a first heartbeat")
        return Check(False, f"no worker seen in {limit} s")
    age = (timezone.now() - heartbeat.seen_at).total_seconds()
    if age > limit:
        return Check(False, f"not seen for {age:.0f} s (last: {heartbeat.hostname})"[:200])
    return Check(True, f"seen {age:.0f} s ago ({heartbeat.hostname})"[:200])
