"""E-mails about events, sent by the worker after the change is committed."""

from smtplib import SMTPException

from celery import shared_task

from events import emails, meeting_emails, reminders
from events.models import Buyer, Certificate, Invitation, MeetingRequest, Registration

RETRY_SMTP = {
    "autoretry_for": (SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "max_retries": 8,
}


@shared_task(**RETRY_SMTP)
def notify_registration(registration_id: int) -> None:
    """The seat confirmed (with the calendar file), or the place on the waiting list."""
    emails.send_registration(
        Registration.objects.select_related("event", "user").get(pk=registration_id)
    )


@shared_task(**RETRY_SMTP)
def notify_promotion(registration_id: int) -> None:
    """A seat freed for someone on the waiting list."""
    emails.send_promotion(
        Registration.objects.select_related("event", "user").get(pk=registration_id)
    )


@shared_task(**RETRY_SMTP)
def notify_certificate(certificate_id: int) -> None:
    """A certificate issued: where to download it and how anyone can check it."""
    emails.send_certificate(
        Certificate.objects.select_related("registration__event", "registration__user").get(
            pk=certificate_id
        )
    )


@shared_task(**RETRY_SMTP)
def notify_invitation(invitation_id: int) -> None:
    """An invitation to an invitation-only event (none if it was withdrawn meanwhile)."""
    invitation = Invitation.objects.select_related("event", "invited_by").filter(pk=invitation_id)
    for found in invitation:
        emails.invitation_message(found).send()


@shared_task(**RETRY_SMTP)
def notify_meeting_requested(request_id: int) -> None:
    """A supplier asks the buyer for one of their times."""
    meeting_emails.requested_message(_meeting_request(request_id)).send()


@shared_task(**RETRY_SMTP)
def notify_meeting_decided(request_id: int) -> None:
    """The buyer's answer, to the supplier who asked."""
    meeting_emails.decision_message(_meeting_request(request_id)).send()


@shared_task(**RETRY_SMTP)
def notify_slot_withdrawn(*, registration_id: int, buyer_id: int, **time: str) -> None:
    """A time withdrawn by its buyer, to a supplier who was waiting for an answer (the slot and the
    request are deleted: `time` is its starts_at and ends_at in ISO format, and its table)."""
    meeting_emails.withdrawn_message(
        registration=Registration.objects.select_related("user", "supplier").get(
            pk=registration_id
        ),
        buyer=Buyer.objects.select_related("event", "agency", "user").get(pk=buyer_id),
        **time,
    ).send()


def _meeting_request(request_id: int) -> MeetingRequest:
    return MeetingRequest.objects.select_related(
        "slot__buyer__event",
        "slot__buyer__agency",
        "slot__buyer__user",
        "registration__user",
        "registration__supplier",
    ).get(pk=request_id)


@shared_task
def queue_event_reminders() -> int:
    """Queue the reminders now due (the beat runs it every hour); the outbox sends them."""
    return reminders.queue_due()
