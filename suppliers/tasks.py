from smtplib import SMTPException

from celery import shared_task

from notices.alerts import reminders
from suppliers import action_plans
from suppliers.emails import (
    join_request_message,
    send_assessment_reviewed,
    send_pending_invitation,
    send_review_event,
)
from suppliers.models import Assessment, Invitation, JoinRequest, ReviewEvent

RETRY_SMTP = {
    "autoretry_for": (SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "max_retries": 8,
}


@shared_task(**RETRY_SMTP)
def notify_review_event(event_id: int) -> None:
    """E-mail the supplier about a step of their review (after the step is committed)."""
    event = ReviewEvent.objects.select_related("supplier__owner", "actor").get(pk=event_id)
    send_review_event(event)


@shared_task(**RETRY_SMTP)
def notify_assessment_reviewed(assessment_id: int) -> None:
    """E-mail the supplier the outcome of staff's review of their assessment."""
    assessment = Assessment.objects.select_related("supplier__owner").get(pk=assessment_id)
    send_assessment_reviewed(assessment)


@shared_task(acks_late=True)
def queue_action_reminders() -> int:
    """Every hour: reminders of corrective actions due soon, into the alert outbox, then sent."""
    written = action_plans.queue_action_reminders()
    if written:
        reminders.request_sending()
    return written


@shared_task(**RETRY_SMTP)
def send_invitation(invitation_id: int) -> None:
    """E-mail an invitation to join a company, with its newest link (nothing once it is accepted
    or withdrawn)."""
    invitation = Invitation.objects.select_related("supplier", "invited_by").get(pk=invitation_id)
    send_pending_invitation(invitation)


@shared_task(**RETRY_SMTP)
def send_join_request(join_request_id: int) -> None:
    """E-mail a company's owner that someone asks for an invitation."""
    join_request = JoinRequest.objects.select_related("supplier__owner", "user").get(
        pk=join_request_id
    )
    join_request_message(join_request).send()
