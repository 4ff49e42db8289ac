"""The registration review: every transition of a supplier's status, in one place.

    draft ──submit──▶ submitted ──approve──────────▶ approved ──(material change)──▶ submitted
                          │ ──request_changes──▶ changes requested ──submit──▶ submitted
                          └──reject───────────▶ rejected

Each transition runs in a transaction, locks the supplier's row, writes an audit row (who, when,
from, to, reason or note) and, once committed, e-mails the supplier in their language.
"""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suppliers import profile
from suppliers.models import (
    DocumentKind,
    RejectionReason,
    ReviewAction,
    ReviewEvent,
    Supplier,
    SupplierStatus,
)

S = SupplierStatus
# action: (statuses it may start from, status it leads to)
TRANSITIONS = {
    ReviewAction.SUBMITTED: ({S.DRAFT, S.CHANGES_REQUESTED}, S.SUBMITTED),
    ReviewAction.APPROVED: ({S.SUBMITTED}, S.APPROVED),
    ReviewAction.CHANGES_REQUESTED: ({S.SUBMITTED}, S.CHANGES_REQUESTED),
    ReviewAction.REJECTED: ({S.SUBMITTED}, S.REJECTED),
    ReviewAction.REOPENED: ({S.APPROVED}, S.SUBMITTED),
}


def can_submit(supplier: Supplier) -> bool:
    """Whether the supplier's status lets them submit the profile (a draft, or changes requested)."""
    sources, _target = TRANSITIONS[ReviewAction.SUBMITTED]
    return supplier.status in sources


DECISIONS = [ReviewAction.APPROVED, ReviewAction.CHANGES_REQUESTED, ReviewAction.REJECTED]


def awaits_decision(supplier: Supplier) -> bool:
    """Whether a reviewer may decide on the profile now (approve, request changes or reject)."""
    return all(supplier.status in TRANSITIONS[action][0] for action in DECISIONS)


class TransitionNotAllowed(ValidationError):
    """The supplier is not in a status from which this step can be taken."""


def _transition(
    supplier: Supplier, *, action: str, by, note: str = "", reason: str = ""
) -> ReviewEvent:
    locked = Supplier.objects.select_for_update().get(pk=supplier.pk)
    sources, target = TRANSITIONS[action]
    if locked.status not in sources:
        raise TransitionNotAllowed(
            _("This profile is “%(status)s”; it cannot be “%(action)s” now."),
            code="transition_not_allowed",
            params={"status": locked.get_status_display(), "action": ReviewAction(action).label},
        )
    now = timezone.now()
    event = ReviewEvent.objects.create(
        supplier=locked,
        actor=by,
        action=action,
        from_status=locked.status,
        to_status=target,
        note=note.strip(),
        reason=reason,
    )
    locked.status = target
    if target == S.SUBMITTED:
        locked.submitted_at = now
    elif target in {S.APPROVED, S.REJECTED, S.CHANGES_REQUESTED}:
        locked.decided_at = now
    locked.save(update_fields=["status", "submitted_at", "decided_at", "updated_at"])
    supplier.status, supplier.submitted_at, supplier.decided_at = (
        locked.status,
        locked.submitted_at,
        locked.decided_at,
    )
    _notify_on_commit(event)
    return event


def _notify_on_commit(event: ReviewEvent) -> None:
    from suppliers.tasks import notify_review_event

    transaction.on_commit(partial(notify_review_event.delay, event.pk))


@transaction.atomic
def submit(supplier: Supplier, *, by) -> ReviewEvent:
    """The supplier asks for review; only a complete profile can be submitted."""
    missing = profile.missing_items(supplier)
    if missing:
        raise ValidationError(
            _("Your profile is not complete yet. Still missing: %(items)s."),
            code="profile_incomplete",
            params={"items": "; ".join(item.label for item in missing)},
        )
    return _transition(supplier, action=ReviewAction.SUBMITTED, by=by)


@transaction.atomic
def approve(supplier: Supplier, *, by, note: str = "") -> ReviewEvent:
    return _transition(supplier, action=ReviewAction.APPROVED, by=by, note=note)


@transaction.atomic
def request_changes(supplier: Supplier, *, by, note: str) -> ReviewEvent:
    if not note.strip():
        raise ValidationError(
            _("Tell the supplier what to change: the note is required."), code="note_required"
        )
    return _transition(supplier, action=ReviewAction.CHANGES_REQUESTED, by=by, note=note)


@transaction.atomic
def reject(supplier: Supplier, *, by, reason: str, note: str = "") -> ReviewEvent:
    if reason not in RejectionReason.values:
        raise ValidationError(_("Choose a reason for the rejection."), code="reason_required")
    if reason == RejectionReason.OTHER and not note.strip():
        raise ValidationError(
            _("Explain the reason in the note when you choose “Other reason”."),
            code="note_required",
        )
    return _transition(supplier, action=ReviewAction.REJECTED, by=by, reason=reason, note=note)


@transaction.atomic
def reopen(supplier: Supplier, *, by, changed_fields: list[str]) -> ReviewEvent:
    """An approved profile whose material facts changed goes back to review."""
    labels = [str(Supplier._meta.get_field(name).verbose_name) for name in changed_fields]
    return _transition(supplier, action=ReviewAction.REOPENED, by=by, note=", ".join(labels))


@transaction.atomic
def verify_women_owned(supplier: Supplier, *, by) -> ReviewEvent:
    """An admin confirms the declared women-owned status against the uploaded certificate."""
    locked = Supplier.objects.select_for_update().get(pk=supplier.pk)
    if not locked.women_owned:
        raise ValidationError(
            _("The ownership facts do not meet a women-owned definition; nothing to verify."),
            code="not_women_owned",
        )
    if not locked.documents.filter(kind=DocumentKind.WOMEN_OWNED).exists():
        raise ValidationError(
            _("Upload of a women-owned business certificate is needed before verifying."),
            code="certificate_missing",
        )
    locked.women_owned_verified_at = timezone.now()
    locked.women_owned_verified_by = by
    locked.save(update_fields=["women_owned_verified_at", "women_owned_verified_by", "updated_at"])
    supplier.women_owned_verified_at = locked.women_owned_verified_at
    event = ReviewEvent.objects.create(
        supplier=locked,
        actor=by,
        action=ReviewAction.WOMEN_OWNED_VERIFIED,
        from_status=locked.status,
        to_status=locked.status,
    )
    _notify_on_commit(event)
    return event


def history(supplier: Supplier):
    """The supplier's review events, newest first, with who acted."""
    return supplier.review_events.select_related("actor")


def latest_decision(supplier: Supplier) -> ReviewEvent | None:
    """The most recent reviewer's decision, whose note the supplier should read."""
    return (
        supplier.review_events.filter(
            action__in=[
                ReviewAction.CHANGES_REQUESTED,
                ReviewAction.REJECTED,
                ReviewAction.APPROVED,
            ]
        )
        .select_related("actor")
        .first()
    )
