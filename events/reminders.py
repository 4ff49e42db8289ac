"""Reminders of an event to its participants, EVENT_REMINDER_DAYS before it starts (7 and 1 days by
default): queued by the beat (events.tasks) into the alert outbox, one row per registration and
reminder (the outbox's unique constraint), sent in each participant's language with the time in the
event's zone, the place or the online link, their sessions and the calendar file. A participant who
turns them off (on the event's page) gets no more."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from events import emails
from events.models import EventStatus, Registration, RegistrationStatus
from notices.alerts import reminders


def due_reminders(*, now: datetime) -> list[reminders.RegistrationMessage]:
    """The reminders due now: for each number of days, the confirmed participants (reminders on)
    of the published events that start within that many days but not within the next smaller
    number (who registers two days before gets the 1-day reminder only)."""
    days = sorted(set(settings.EVENT_REMINDER_DAYS))
    due = []
    for shorter, longer in zip([0, *days], days, strict=False):
        registrations = Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            reminders_off=False,
            event__status=EventStatus.PUBLISHED,
            event__starts_at__gt=now + timedelta(days=shorter),
            event__starts_at__lte=now + timedelta(days=longer),
        )
        due += [
            reminders.RegistrationMessage(
                user_id=user_id,
                registration_id=pk,
                kind=reminders.EVENT_REMINDER,
                event=f"{longer}d",
            )
            for pk, user_id in registrations.values_list("pk", "user_id")
        ]
    return due


@transaction.atomic
def queue_due(*, now: datetime | None = None) -> int:
    """Write the outbox rows of the reminders due (a row that exists is skipped) and have them sent
    after the commit. Returns rows written."""
    written = reminders.queue_registration_messages(due_reminders(now=now or timezone.now()))
    if written:
        transaction.on_commit(reminders.request_sending)
    return written


@transaction.atomic
def set_reminders(registration: Registration, *, on: bool) -> Registration:
    """Turn the participant's reminders of this event on or off; turned off, the reminders
    already queued and not yet sent are withdrawn."""
    registration.reminders_off = not on
    registration.save(update_fields=["reminders_off"])
    if not on:
        reminders.withdraw_registration_messages(
            registration_id=registration.pk, kind=reminders.EVENT_REMINDER
        )
    return registration


def render_reminder(delivery):
    """The e-mail of a reminder's row (its `event` is the days before: "7d")."""
    days = int(delivery.event.removesuffix("d"))
    return emails.reminder_message(delivery.registration, days=days)


def register() -> None:
    """Called by the app's ready(). The e-mail links to the event's page, where the participant
    turns reminders off: it carries no list unsubscription headers."""
    reminders.register_unlisted_renderer(reminders.EVENT_REMINDER, render_reminder)
