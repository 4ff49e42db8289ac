"""Celery tasks of the portal: thin, they call the functions that hold the rules."""

from celery import shared_task

from portal import health, rollups


@shared_task(acks_late=True)
def refresh_dashboard_rollups() -> str:
    """Recount the dashboard's rollups (every DASHBOARD_ROLLUP_SECONDS by beat, and when staff ask
    for it: portal.rollups.queue_recount); a second run only recounts again."""
    return rollups.refresh_rollups().isoformat()


@shared_task(bind=True, acks_late=True, ignore_result=True)
def record_worker_heartbeat(self) -> None:
    """Every WORKER_HEARTBEAT_SECONDS (beat): a worker is consuming; /healthz reads it."""
    health.record_worker_heartbeat(hostname=self.request.hostname or "")
