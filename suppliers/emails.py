"""The e-mails a supplier receives about their registration: one function per message."""

from portal.emails import build_message
from suppliers.models import ReviewAction, ReviewEvent

TEMPLATES = {
    ReviewAction.SUBMITTED: "supplier_submitted",
    ReviewAction.APPROVED: "supplier_approved",
    ReviewAction.CHANGES_REQUESTED: "supplier_changes_requested",
    ReviewAction.REJECTED: "supplier_rejected",
    ReviewAction.REOPENED: "supplier_reopened",
    ReviewAction.WOMEN_OWNED_VERIFIED: "supplier_women_owned_verified",
}


def review_event_message(event: ReviewEvent):
    """The message telling the supplier's owner about a step of their review."""
    supplier = event.supplier
    return build_message(
        user=supplier.owner,
        template=TEMPLATES[event.action],
        context={"supplier": supplier, "event": event},
    )


def send_review_event(event: ReviewEvent) -> None:
    review_event_message(event).send()
