"""The e-mails a supplier receives about their registration: one function per message."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.emails import build_message
from suppliers import action_plans
from suppliers.models import Assessment, AssessmentStatus, ReviewAction, ReviewEvent

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


def send_assessment_reviewed(assessment: Assessment) -> None:
    """The outcome of staff's review of an assessment: reviewed (with the score) or returned."""
    template = (
        "assessment_reviewed"
        if assessment.status == AssessmentStatus.APPROVED
        else "assessment_returned"
    )
    build_message(
        user=assessment.supplier.owner,
        template=template,
        context={
            "supplier": assessment.supplier,
            "assessment": assessment,
            "progress": action_plans.plan_progress(assessment),
            "assessment_url": settings.SITE_URL + reverse("suppliers:assessment"),
        },
    ).send()


def action_reminder_message(delivery):
    """A reminder from the alert outbox (kind "action") that a corrective action is due soon."""
    action = delivery.action
    return build_message(
        user=delivery.user,
        template="action_reminder",
        context={
            "action": action,
            "days": (action.due_on - timezone.localdate()).days,
            "plan_url": settings.SITE_URL + reverse("suppliers:assessment-plan"),
        },
    )
