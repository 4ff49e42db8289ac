"""Corrective action plans: inspections and findings recorded by staff, the actions that put each
finding right, the supplier's evidence, staff verification, and reminders before the due date.

    open ──start──▶ in progress ──report_done (with evidence)──▶ done ──verify──▶ verified
                                                                  └──reopen (with a note)──▶ in progress

Reminders travel the alert outbox (notices.alerts.reminders, kind "action"): a row per action,
due date and reminder day, written before anything is sent and sent by the alert senders, with
their retries, suppression of refused addresses and the recipient's delivery log.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notices.alerts import reminders
from suppliers import documents
from suppliers.models import (
    ActionStatus,
    Assessment,
    AssessmentQuestion,
    AssessmentStatus,
    CorrectiveAction,
    Evidence,
    Finding,
    Inspection,
)

REVIEWABLE = {AssessmentStatus.SUBMITTED, AssessmentStatus.APPROVED}
OPEN = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS]
NOT_VERIFIED = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE]
# Reminders are queued from a stream of due actions read in chunks, and written in batches.
READ_CHUNK = 2000  # due actions read from the database at a time


def _require_reviewable(assessment: Assessment) -> None:
    if assessment.status not in REVIEWABLE:
        raise ValidationError(
            _("Findings and inspections are recorded on a submitted or reviewed assessment."),
            code="not_reviewable",
        )


@transaction.atomic
def record_inspection(
    *, assessment: Assessment, inspected_on: date, inspector: str, summary: str, by
) -> Inspection:
    _require_reviewable(assessment)
    if inspected_on > timezone.localdate():
        raise ValidationError(_("An inspection cannot be in the future."), code="future")
    return Inspection.objects.create(
        assessment=assessment,
        inspected_on=inspected_on,
        inspector=inspector.strip(),
        summary=summary.strip(),
        recorded_by=by,
    )


@transaction.atomic
def raise_finding(
    *,
    assessment: Assessment,
    severity: str,
    description: str,
    action: str,
    owner: str,
    due_on: date,
    by,
    question: AssessmentQuestion | None = None,
    inspection: Inspection | None = None,
) -> CorrectiveAction:
    """Record a finding and the corrective action that puts it right; returns the action."""
    _require_reviewable(assessment)
    if due_on < timezone.localdate():
        raise ValidationError(_("The due date cannot be in the past."), code="due_in_past")
    if inspection is not None and inspection.assessment_id != assessment.pk:
        raise ValidationError(_("That inspection belongs to another assessment."), code="other")
    finding = Finding.objects.create(
        assessment=assessment,
        inspection=inspection,
        question=question,
        severity=severity,
        description=description.strip(),
        raised_by=by,
    )
    return CorrectiveAction.objects.create(
        finding=finding, description=action.strip(), owner=owner.strip(), due_on=due_on
    )


def _locked(action: CorrectiveAction, *, allowed: set) -> CorrectiveAction:
    locked = CorrectiveAction.objects.select_for_update().get(pk=action.pk)
    if locked.status not in allowed:
        raise ValidationError(
            _("This action is “%(status)s”; this step is not possible now."),
            code="transition_not_allowed",
            params={"status": locked.get_status_display()},
        )
    return locked


@transaction.atomic
def start_action(*, action: CorrectiveAction, note: str = "") -> CorrectiveAction:
    """The supplier says work on the action has begun."""
    locked = _locked(action, allowed={ActionStatus.OPEN})
    locked.status = ActionStatus.IN_PROGRESS
    if note.strip():
        locked.supplier_note = note.strip()
    locked.save(update_fields=["status", "supplier_note"])
    return locked


@transaction.atomic
def add_action_evidence(*, action: CorrectiveAction, upload) -> Evidence:
    """The supplier's proof that the action is done (checked like the profile's documents)."""
    _locked(action, allowed=set(OPEN))
    supplier = action.finding.assessment.supplier
    return documents.store_checked(Evidence(supplier=supplier, action=action), upload)


@transaction.atomic
def report_done(*, action: CorrectiveAction, note: str) -> CorrectiveAction:
    """The supplier reports the action done; staff then verify it. Evidence is required."""
    locked = _locked(action, allowed=set(OPEN))
    if not locked.evidence.exists():
        raise ValidationError(
            _("Upload evidence that the action is done before you report it done."),
            code="evidence_required",
        )
    locked.status, locked.done_at = ActionStatus.DONE, timezone.now()
    if note.strip():
        locked.supplier_note = note.strip()
    locked.save(update_fields=["status", "done_at", "supplier_note"])
    return locked


@transaction.atomic
def verify(*, action: CorrectiveAction, by, note: str = "") -> CorrectiveAction:
    """Staff confirm the evidence: the action is closed."""
    locked = _locked(action, allowed={ActionStatus.DONE})
    locked.status, locked.verified_at, locked.verified_by = (
        ActionStatus.VERIFIED,
        timezone.now(),
        by,
    )
    locked.verification_note = note.strip()
    locked.save(update_fields=["status", "verified_at", "verified_by", "verification_note"])
    return locked


@transaction.atomic
def reopen(*, action: CorrectiveAction, by, note: str) -> CorrectiveAction:
    """Staff find the evidence insufficient: the action goes back to the supplier with a note."""
    if not note.strip():
        raise ValidationError(_("Say what is missing."), code="note_required")
    locked = _locked(action, allowed={ActionStatus.DONE})
    locked.status, locked.done_at = ActionStatus.IN_PROGRESS, None
    locked.verification_note, locked.verified_by = note.strip(), by
    locked.save(update_fields=["status", "done_at", "verification_note", "verified_by"])
    return locked


class Progress(TextChoices):
    """How far the supplier says an action is."""

    STARTED = "start", _("Work has started")
    DONE = "done", _("The action is done")


def record_progress(*, action: CorrectiveAction, step: Progress, note: str) -> CorrectiveAction:
    """The supplier's report on an action: work has started, or it is done."""
    if step == Progress.STARTED:
        return start_action(action=action, note=note)
    return report_done(action=action, note=note)


class Verification(TextChoices):
    """What staff make of a done action's evidence."""

    VERIFIED = "verify", _("The evidence is sufficient: verified")
    REOPENED = "reopen", _("Not sufficient: send it back")


def record_verification(
    *, action: CorrectiveAction, by, decision: Verification, note: str
) -> CorrectiveAction:
    """Staff's verification of a done action: closed, or sent back to the supplier with a note."""
    if decision == Verification.VERIFIED:
        return verify(action=action, by=by, note=note)
    return reopen(action=action, by=by, note=note)


# --- Reading ----------------------------------------------------------------------------------------


def plan_of(assessment: Assessment) -> QuerySet:
    """The round's corrective actions with their finding and evidence, soonest due first."""
    return (
        CorrectiveAction.objects.filter(finding__assessment=assessment)
        .select_related("finding__question", "finding__inspection")
        .prefetch_related("evidence")
        .order_by("due_on", "id")
    )


def plan_of_supplier(supplier) -> QuerySet:
    """All the supplier's corrective actions, those still to verify first, soonest due first."""
    return (
        CorrectiveAction.objects.filter(finding__assessment__supplier=supplier)
        .select_related("finding__question")
        .prefetch_related("evidence")
        .annotate(closed=ExpressionWrapper(Q(status=ActionStatus.VERIFIED), BooleanField()))
        .order_by("closed", "due_on", "id")
    )


def open_actions_of(supplier) -> QuerySet:
    """The supplier's actions that are theirs to close (open or in progress), with their finding,
    soonest due first: an overdue action comes before one still on time."""
    return (
        CorrectiveAction.objects.filter(finding__assessment__supplier=supplier, status__in=OPEN)
        .select_related("finding")
        .order_by("due_on", "id")
    )


def plan_progress(assessment: Assessment) -> dict:
    """Counts of the round's actions by status, and the share verified (percent)."""
    counts = CorrectiveAction.objects.filter(finding__assessment=assessment).aggregate(
        total=Count("id"),
        **{status: Count("id", filter=Q(status=status)) for status in ActionStatus.values},
    )
    counts["percent"] = (
        round(100 * counts[ActionStatus.VERIFIED] / counts["total"]) if counts["total"] else 0
    )
    return counts


def overdue_actions(*, today: date | None = None) -> QuerySet:
    """Actions not done by their due date (open or in progress), most overdue first."""
    today = today or timezone.localdate()
    return (
        CorrectiveAction.objects.filter(status__in=OPEN, due_on__lt=today)
        .select_related("finding__assessment__supplier")
        .order_by("due_on", "id")
    )


# --- Reminders through the alert outbox ----------------------------------------------------------------


def reminder_event(due_on: date, day: int) -> str:
    """The outbox's event for a reminder: the due date and the days before it (a changed due date
    brings new reminders)."""
    return f"{due_on:%Y-%m-%d}/{day}"


def queue_action_reminders(*, now: datetime | None = None) -> int:
    """Owners of suppliers with an action open or in progress hear ACTION_REMINDER_DAYS days before
    its due date (an action raised late gets only the reminders still ahead), through the alert
    outbox (which leaves out the owners it may not e-mail). A reminder queued already is skipped,
    so this may run as often as the beat likes. Returns rows written."""
    today = timezone.localdate(now or timezone.now())
    days = sorted(settings.ACTION_REMINDER_DAYS)
    due_reminders = []
    for index, day in enumerate(days):
        closer = days[index - 1] if index else -1
        due = CorrectiveAction.objects.filter(
            status__in=OPEN,
            due_on__gt=today + timedelta(days=closer),
            due_on__lte=today + timedelta(days=day),
        ).values_list("pk", "due_on", "finding__assessment__supplier__owner_id")
        due_reminders += [
            reminders.PersonalReminder(
                user_id=owner_id, action_id=action_id, event=reminder_event(due_on, day)
            )
            for action_id, due_on, owner_id in due.iterator(chunk_size=READ_CHUNK)
        ]
    return reminders.queue_personal_reminders(due_reminders)
