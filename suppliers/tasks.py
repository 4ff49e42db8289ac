from smtplib import SMTPException

from celery import shared_task

from suppliers.emails import send_review_event
from suppliers.models import ReviewEvent


@shared_task(
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=8,
)
def notify_review_event(event_id: int) -> None:
    """E-mail the supplier about a step of their review (after the step is committed)."""
    event = ReviewEvent.objects.select_related("supplier__owner", "actor").get(pk=event_id)
    send_review_event(event)
