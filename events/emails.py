"""The e-mails participants receive about events: one function per message, each naming its
template triplet under templates/emails/, in the recipient's language (accounts.emails)."""

from datetime import datetime
from email.mime.image import MIMEImage

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from accounts.emails import build_message, message_to, render_message
from core import qr
from events import attendance, calendar
from events import registration as registrations
from events.models import (
    Certificate,
    Event,
    EventAmendment,
    Invitation,
    Registration,
    RegistrationStatus,
)

CHECK_IN_QR_ID = "check-in-qr@un-supplier-portal"
ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
CHOICE_FIELDS = ("kind", "eligibility")


def send_registration(registration: Registration) -> None:
    """A confirmed seat (with the calendar file), or the place on the waiting list."""
    if registration.status == RegistrationStatus.CONFIRMED:
        _confirmation(registration, promoted=False).send()
    elif registration.status == RegistrationStatus.WAITING:
        place = registrations.place_in_line(registration)
        _message(registration, template="event_waiting", place_in_line=place).send()


def send_promotion(registration: Registration) -> None:
    """A seat freed for someone on the waiting list (with the calendar file)."""
    if registration.status == RegistrationStatus.CONFIRMED:
        _confirmation(registration, promoted=True).send()


def send_certificate(certificate: Certificate) -> None:
    """The participant's certificate is issued: the event's page to download it, the address
    where anyone can check it."""
    if certificate.is_revoked:
        return
    verify = settings.SITE_URL + certificate.get_absolute_url()
    _message(certificate.registration, template="event_certificate", verify_url=verify).send()


def invitation_message(invitation: Invitation):
    """The invitation, to an address that may have no account yet, in the language staff chose:
    the event, and how to register (sign in, or sign up, with this very address)."""
    event = invitation.event
    parts = render_message(
        template="event_invitation",
        context={
            "event": event,
            "invitation": invitation,
            "event_url": settings.SITE_URL + event.get_absolute_url(),
            "greeting_name": "",
        },
        language=invitation.language,
        time_zone=event.time_zone,
    )
    return message_to(invitation.email, language=invitation.language, parts=parts)


def amendment_message(registration: Registration, amendment: EventAmendment):
    """What changed in the event, to one registrant (the calendar file for a participant)."""
    context = {"amendment": amendment, "changes": changes_of(amendment)}
    return _message(
        registration, template="event_amended", with_calendar=_seated(registration), **context
    )


def cancellation_message(registration: Registration):
    """The event is cancelled, to one registrant (the calendar file for a participant)."""
    return _message(registration, template="event_cancelled", with_calendar=_seated(registration))


def reminder_message(registration: Registration, *, days: int):
    """The event is `days` away, to a participant: when (in the event's zone), where or the online
    link, their sessions, the calendar file and how to stop these reminders."""
    sessions = registration.sessions.order_by("starts_at")
    return _message(
        registration, template="event_reminder", with_calendar=True, days=days, sessions=sessions
    )


def changes_of(amendment: EventAmendment) -> list[dict]:
    """Each changed field: its label and its values before and after, as the e-mail shows them."""
    fields = {
        field.name: field for field in Event._meta.get_fields() if hasattr(field, "verbose_name")
    }
    return [
        {
            "label": fields[name].verbose_name,
            "before": _shown(fields[name], values["before"]),
            "after": _shown(fields[name], values["after"]),
        }
        for name, values in amendment.changes.items()
        if name in fields
    ]


def _shown(field, value):
    if field.get_internal_type() == "DateTimeField" and value:
        return datetime.fromisoformat(value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return gettext_lazy("yes") if value else gettext_lazy("no")
    return value


def registrants(event: Event):
    """Who hears of the event's changes: the confirmed participants and the waiting list."""
    return event.registrations.filter(status__in=ACTIVE).select_related("user", "event")


def _confirmation(registration: Registration, *, promoted: bool):
    """The seat, with the calendar file and the QR code staff scan at the door (an image the HTML
    part shows by its Content-ID, and the address it holds written out for the text part)."""
    check_in = attendance.check_in_url(registration)
    message = _message(
        registration,
        template="event_confirmed",
        with_calendar=True,
        promoted=promoted,
        check_in_code=attendance.check_in_token(registration),
    )
    image = MIMEImage(qr.png(check_in), "png")
    image.add_header("Content-ID", f"<{CHECK_IN_QR_ID}>")
    image.add_header("Content-Disposition", "inline", filename="check-in.png")
    message.attach(image)
    return message


def _message(registration: Registration, *, template: str, with_calendar: bool = False, **context):
    """The e-mail to the registrant, with the event's calendar file when asked."""
    user, event = registration.user, registration.event
    url = settings.SITE_URL + event.get_absolute_url()
    context = {"event": event, "registration": registration, "event_url": url, **context}
    if registration.for_colleague:
        message = _to_colleague(registration, template=template, context=context)
    else:
        message = build_message(user=user, template=template, context=context)
    if with_calendar:
        with translation.override(user.language):
            participant = registration.status == RegistrationStatus.CONFIRMED
            ics = calendar.ics_for(
                event,
                url=url,
                now=timezone.now(),
                online_url=event.online_url if participant else "",
            )
        message.attach(f"event-{event.pk}.ics", ics, "text/calendar; charset=utf-8; method=PUBLISH")
    return message


def _to_colleague(registration: Registration, *, template: str, context: dict):
    """To the colleague registered, in the language and zone of the participant who registered
    them (most likely their own), with that participant in copy."""
    user = registration.user
    parts = render_message(
        template=template,
        context={"user": user, "greeting_name": registration.attendee_name, **context},
        language=user.language,
        time_zone=user.time_zone,
    )
    message = message_to(registration.attendee_email, language=user.language, parts=parts)
    message.cc = [user.email]
    return message


def _seated(registration: Registration) -> bool:
    """Only a participant with a seat gets the event into their calendar."""
    return registration.status == RegistrationStatus.CONFIRMED
