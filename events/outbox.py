"""An event's change and cancellation travel the alert outbox (notices.alerts.reminders): one row
per registrant, written in the transaction that records the change, before any e-mail is sent; a
second dispatch writes nothing (the outbox's unique constraint); the sender claims, retries and logs
them like every alert. The e-mails themselves are built by events.emails."""

from django.db import transaction

from events import emails
from events.models import Event, EventAmendment
from notices.alerts import reminders


def queue_amendment(amendment: EventAmendment) -> int:
    """The amendment's rows, one per registrant (confirmed or waiting); sent after the commit."""
    rows = [
        reminders.RegistrationMessage(
            user_id=registration.user_id,
            registration_id=registration.pk,
            kind=reminders.EVENT_AMENDMENT,
            event=str(amendment.pk),
        )
        for registration in emails.registrants(amendment.event)
    ]
    return _queued(reminders.queue_registration_messages(rows))


def queue_cancellation(event: Event) -> int:
    """The cancellation's rows, one per registrant (confirmed or waiting); sent after the commit."""
    rows = [
        reminders.RegistrationMessage(
            user_id=registration.user_id,
            registration_id=registration.pk,
            kind=reminders.EVENT_CANCELLATION,
        )
        for registration in emails.registrants(event)
    ]
    return _queued(reminders.queue_registration_messages(rows))


def render_amendment(delivery):
    """The e-mail of an amendment's row (its `event` is the amendment's id)."""
    amendment = EventAmendment.objects.select_related("event").get(pk=int(delivery.event))
    return emails.amendment_message(delivery.registration, amendment)


def render_cancellation(delivery):
    return emails.cancellation_message(delivery.registration)


def register() -> None:
    """Called by the app's ready(): how the pipeline renders the events' rows. They are messages
    about one's own registration, not a list to leave: sent without unsubscription headers."""
    reminders.register_unlisted_renderer(reminders.EVENT_AMENDMENT, render_amendment)
    reminders.register_unlisted_renderer(reminders.EVENT_CANCELLATION, render_cancellation)


def _queued(written: int) -> int:
    if written:
        transaction.on_commit(reminders.request_sending)
    return written
