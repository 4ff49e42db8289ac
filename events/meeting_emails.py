"""The e-mails of meetings at fairs, each in its recipient's language with the time in the fair's
own zone: a supplier's request to the buyer; the buyer's answer (accepted, with the time and the
table; declined, with the way to ask for another time) to the supplier."""

from datetime import datetime

from django.conf import settings
from django.urls import reverse

from accounts.emails import build_message
from events.models import Buyer, MeetingRequest, MeetingSlot, MeetingStatus, Registration


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
    return _to_supplier(asked, template=template)


def withdrawn_message(*, registration: Registration, buyer: Buyer, **time: str):
    """To a supplier who was waiting for an answer: the buyer withdrew the time (its `starts_at`
    and `ends_at` in ISO format and its `table`, the slot being deleted). The declined e-mail,
    saying so, with the way to ask for another time."""
    slot = MeetingSlot(
        buyer=buyer,
        starts_at=datetime.fromisoformat(time["starts_at"]),
        ends_at=datetime.fromisoformat(time["ends_at"]),
        table=time["table"],
    )
    asked = MeetingRequest(slot=slot, registration=registration, status=MeetingStatus.DECLINED)
    return _to_supplier(asked, template="meeting_declined", withdrawn=True)


def _to_supplier(asked: MeetingRequest, *, template: str, **extra):
    return build_message(
        user=asked.registration.user,
        template=template,
        context={
            **_context(asked),
            **extra,
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
