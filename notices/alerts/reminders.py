"""What another app uses to send its own reminders through the alert pipeline, and all it imports of
the pipeline: the suppliers' corrective-action reminders register how their e-mail is rendered (in
their AppConfig.ready), queue the reminders they find due, and ask for them to be sent. They then
travel like every alert: a row in the outbox first, retried, suppressed for refused addresses,
listed in the supplier's e-mail log, and with a one-click unsubscription (RFC 8058).

The portal's contact page sends its messages to program staff the same way (a row first, retried,
listed in the recipient's log), without unsubscription: `queue_contact_message` and
`register_unlisted_renderer`. The events app sends a registrant the changes, the cancellation
and the reminders of their event the same way: `queue_registration_messages`."""

from notices.alerts.dispatch import (
    PersonalReminder,
    RegistrationMessage,
    queue_contact_message,
    queue_personal_reminders,
    queue_registration_messages,
    withdraw_registration_messages,
)
from notices.alerts.emails import register_renderer, register_unlisted_renderer
from notices.alerts.models import DeliveryKind

ACTION_REMINDER = DeliveryKind.ACTION_REMINDER
CONTACT_MESSAGE = DeliveryKind.CONTACT_MESSAGE
EVENT_AMENDMENT = DeliveryKind.EVENT_AMENDMENT
EVENT_CANCELLATION = DeliveryKind.EVENT_CANCELLATION
EVENT_REMINDER = DeliveryKind.EVENT_REMINDER

__all__ = [
    "ACTION_REMINDER",
    "CONTACT_MESSAGE",
    "EVENT_AMENDMENT",
    "EVENT_CANCELLATION",
    "EVENT_REMINDER",
    "PersonalReminder",
    "RegistrationMessage",
    "queue_contact_message",
    "queue_personal_reminders",
    "queue_registration_messages",
    "register_renderer",
    "register_unlisted_renderer",
    "request_sending",
    "withdraw_registration_messages",
]


def request_sending() -> None:
    """Have the due rows sent now rather than at the sender's next beat."""
    from notices.tasks import send_instant_alerts  # the tasks import the pipeline: not at load

    send_instant_alerts.delay()
