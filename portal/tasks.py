"""Celery tasks of the portal: thin, they call the functions that hold the rules."""

from celery import shared_task

from portal import rollups


@shared_task(acks_late=True)
def refresh_dashboard_rollups() -> str:
    """Recount the dashboard's rollups (every DASHBOARD_ROLLUP_SECONDS by beat, and when staff ask
    for it: portal.rollups.queue_recount); a second run only recounts again."""
    return rollups.refresh_rollups().isoformat()
