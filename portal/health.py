"""Liveness of what the portal depends on, for `/healthz` and operators."""

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from kombu import Connection


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
