"""The e-mails a supplier receives about their registration: one function per message."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.emails import build_message, message_to, render_message
from suppliers import action_plans, team
from suppliers.models import (
    Assessment,
    AssessmentStatus,
    Invitation,
    InvitationStatus,
    JoinRequest,
    ReviewAction,
    ReviewEvent,
)

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


def invitation_message(invitation: Invitation):
    """The invitation to join a company, to an address that may have no account yet, in the
    language its inviter chose, with the link that accepts it (suppliers.team)."""
    inviter = invitation.invited_by
    parts = render_message(
        template="team_invitation",
        context={
            "supplier": invitation.supplier,
            "invitation": invitation,
            "inviter": (inviter.name or inviter.email) if inviter else "",
            "join_url": settings.SITE_URL
            + reverse("suppliers:team-join", args=[team.token_of(invitation)]),
            "greeting_name": "",
        },
        language=invitation.language,
        time_zone=inviter.time_zone if inviter else settings.DEFAULT_USER_TIME_ZONE,
    )
    return message_to(invitation.email, language=invitation.language, parts=parts)


def send_pending_invitation(invitation: Invitation) -> None:
    """Send the invitation if it still waits (one accepted or withdrawn meanwhile sends nothing)."""
    if invitation.status == InvitationStatus.PENDING:
        invitation_message(invitation).send()


def join_request_message(join_request: JoinRequest):
    """To the company's owner, in their language: someone asks for an invitation."""
    return build_message(
        user=join_request.supplier.owner,
        template="team_join_request",
        context={
            "supplier": join_request.supplier,
            "requester": join_request.user,
            "team_url": settings.SITE_URL + reverse("suppliers:team"),
        },
    )
