"""The e-mails of meetings at fairs, each in its recipient's language with the time in the fair's
own zone: a supplier's request to the buyer; the buyer's answer (accepted, with the time and the
table; declined, with the way to ask for another time) to the supplier."""

from django.conf import settings
from django.urls import reverse

from accounts.emails import build_message
from events.models import MeetingRequest, MeetingStatus


def requested_message(asked: MeetingRequest):
    """To the buyer: who asks for which of their times, and what they offer."""
    return build_message(
        user=asked.slot.buyer.user,
        template="meeting_requested",
        context={
            **_context(asked),
            "answer_url": settings.SITE_URL + reverse("events:my_meetings"),
        },
    )


def decision_message(asked: MeetingRequest):
    """To the supplier who asked: the buyer's answer, with the note they wrote."""
    template = "meeting_accepted" if asked.status == MeetingStatus.ACCEPTED else "meeting_declined"
    return build_message(
        user=asked.registration.user,
        template=template,
        context={
            **_context(asked),
            "meet_url": settings.SITE_URL
            + reverse("events:meet", args=[asked.slot.buyer.event_id]),
        },
    )


def _context(asked: MeetingRequest) -> dict:
    slot = asked.slot
    supplier = asked.registration.supplier
    return {
        "asked": asked,
        "slot": slot,
        "event": slot.buyer.event,
        "agency": slot.buyer.agency,
        "supplier": supplier,  # its name in the recipient's language, when the template renders
        "participant": asked.registration.participant_name,
    }
