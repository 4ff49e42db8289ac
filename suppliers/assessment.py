"""The sustainability self-assessment (DRiVE-style): answering, scoring and reviewing a round.

    draft ──submit──▶ submitted ──approve──▶ approved (in force) ──(a newer round approved)──▶ superseded
                          └──return_for_changes──▶ returned ──submit──▶ submitted

Scoring: an answer is worth 1 (yes), ½ (partly) or 0 (no), times the question's weight; "not
applicable" leaves the question out. A section's score is the share of its applicable weight that is
met, in percent; the overall score is the sections' scores averaged by the sections' weights. The
band follows from the overall score (BANDS), except that a "no" to a critical question keeps the
supplier in band D until it is put right.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suppliers import documents
from suppliers.models import (
    ActionStatus,
    AnswerChoice,
    Assessment,
    AssessmentAnswer,
    AssessmentQuestion,
    AssessmentSection,
    AssessmentStatus,
    CorrectiveAction,
    Evidence,
    RatingBand,
    Severity,
    Supplier,
)

VALUES = {AnswerChoice.YES: Decimal(1), AnswerChoice.PARTLY: Decimal("0.5"), AnswerChoice.NO: 0}
# (lowest score of the band, band), best first
BANDS = [(Decimal(85), RatingBand.A), (Decimal(70), RatingBand.B), (Decimal(50), RatingBand.C)]
OPEN_STATUSES = [AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED, AssessmentStatus.RETURNED]
RAISE_TIPS = 5  # how many "what would raise it" suggestions are shown


def band_for(score: Decimal | None, *, critical_gap: bool = False) -> str:
    """The rating band of an overall score ("" without a score); a critical gap means band D."""
    if score is None:
        return ""
    if critical_gap:
        return RatingBand.D
    for lowest, band in BANDS:
        if score >= lowest:
            return band
    return RatingBand.D


def _percent(value: Decimal) -> Decimal:
    return (value * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- Scoring (pure: plain rows in, numbers out) ---------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One question of the questionnaire with the supplier's answer ("" when unanswered)."""

    section: str
    section_weight: int
    question: str
    weight: int
    choice: str = ""
    critical: bool = False


@dataclass
class SectionScore:
    code: str
    weight: int
    score: Decimal | None
    answered: int
    questions: int


@dataclass
class Tip:
    """A question whose better answer would raise the overall score by `gain` points."""

    question: str
    gain: Decimal
    critical: bool


@dataclass
class Score:
    sections: list[SectionScore]
    overall: Decimal | None
    band: str
    complete: bool
    critical_gaps: list[str] = field(default_factory=list)
    tips: list[Tip] = field(default_factory=list)


def score_rows(rows: list[Row]) -> Score:
    """Section and overall scores, band, critical gaps and the best ways to raise the score."""
    sections: dict[str, list[Row]] = {}
    for row in rows:
        sections.setdefault(row.section, []).append(row)
    results, met_share = [], {}
    for code, section_rows in sections.items():
        applicable = [r for r in section_rows if r.choice in VALUES]
        total = sum(r.weight for r in applicable)
        met = sum(r.weight * VALUES[r.choice] for r in applicable)
        results.append(
            SectionScore(
                code=code,
                weight=section_rows[0].section_weight,
                score=_percent(Decimal(met) / total) if total else None,
                answered=sum(1 for r in section_rows if r.choice),
                questions=len(section_rows),
            )
        )
        met_share[code] = total
    scored = [s for s in results if s.score is not None]
    weights = sum(s.weight for s in scored)
    overall = (
        (sum(s.weight * s.score for s in scored) / weights).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        if weights
        else None
    )
    critical_gaps = [r.question for r in rows if r.critical and r.choice == AnswerChoice.NO]
    tips = []
    for row in rows:
        total = met_share[row.section]
        if row.choice not in (AnswerChoice.NO, AnswerChoice.PARTLY) or not total or not weights:
            continue
        missing = 1 - Decimal(VALUES[row.choice])
        gain = Decimal(100) * row.section_weight / weights * row.weight / total * missing
        tips.append(Tip(row.question, gain.quantize(Decimal("0.1")), row.critical))
    tips.sort(key=lambda tip: (not tip.critical, -tip.gain, tip.question))
    return Score(
        sections=results,
        overall=overall,
        band=band_for(overall, critical_gap=bool(critical_gaps)),
        complete=all(r.choice for r in rows),
        critical_gaps=critical_gaps,
        tips=tips[:RAISE_TIPS],
    )


# --- Reading ----------------------------------------------------------------------------------------


def questionnaire() -> QuerySet:
    """The sections in order, each with its active questions (prefetched, in order)."""
    return AssessmentSection.objects.prefetch_related(
        Prefetch("questions", queryset=AssessmentQuestion.objects.filter(is_active=True))
    )


def answers_of(assessment: Assessment) -> dict[int, AssessmentAnswer]:
    """The round's answers by question id, with their evidence."""
    answers = assessment.answers.prefetch_related("evidence")
    return {answer.question_id: answer for answer in answers}


def rows_of(assessment: Assessment, sections=None) -> list[Row]:
    """The questionnaire's active questions with this round's answers, as scoring rows."""
    sections = questionnaire() if sections is None else sections
    choices = dict(assessment.answers.values_list("question_id", "choice"))
    return [
        Row(
            section=section.code,
            section_weight=section.weight,
            question=question.code,
            weight=question.weight,
            choice=choices.get(question.pk, ""),
            critical=question.critical,
        )
        for section in sections
        for question in section.questions.all()
    ]


def score_of(assessment: Assessment, sections=None) -> Score:
    return score_rows(rows_of(assessment, sections))


def open_round(supplier: Supplier) -> Assessment | None:
    """The round being answered or reviewed, if any."""
    return supplier.assessments.filter(status__in=OPEN_STATUSES).first()


def in_force(supplier: Supplier) -> Assessment | None:
    """The latest reviewed round, if any."""
    return supplier.assessments.filter(status=AssessmentStatus.APPROVED).first()


def current_round(supplier: Supplier) -> Assessment | None:
    """What the supplier sees first: the open round, else the round in force."""
    return open_round(supplier) or in_force(supplier)


def open_critical_actions():
    """Corrective actions of critical findings that are not verified yet."""
    return CorrectiveAction.objects.filter(finding__severity=Severity.CRITICAL).exclude(
        status=ActionStatus.VERIFIED
    )


def with_assessed_mark(suppliers: QuerySet) -> QuerySet:
    """Annotate `sustainability_assessed`: a reviewed round in force and no open critical action."""
    reviewed = Assessment.objects.filter(supplier=OuterRef("pk"), status=AssessmentStatus.APPROVED)
    critical = open_critical_actions().filter(finding__assessment__supplier=OuterRef("pk"))
    return suppliers.annotate(sustainability_assessed=Exists(reviewed) & ~Exists(critical))


def is_assessed(supplier: Supplier) -> bool:
    return with_assessed_mark(Supplier.objects.filter(pk=supplier.pk)).get().sustainability_assessed


def in_band(suppliers: QuerySet, band: str) -> QuerySet:
    """Suppliers whose round in force is in the band."""
    return suppliers.filter(
        Exists(
            Assessment.objects.filter(
                supplier=OuterRef("pk"), status=AssessmentStatus.APPROVED, band=band
            )
        )
    )


# --- Answering --------------------------------------------------------------------------------------


class NotEditable(ValidationError):
    """The round is submitted or reviewed; its answers cannot change."""


def _require_editable(assessment: Assessment) -> None:
    if not assessment.is_editable:
        raise NotEditable(
            _("This assessment is “%(status)s”; its answers cannot be changed now."),
            code="not_editable",
            params={"status": assessment.get_status_display()},
        )


@transaction.atomic
def start(*, supplier: Supplier) -> Assessment:
    """Open a new round (or return the open one). A new round starts from the answers of the round
    in force, so that a yearly update only changes what changed."""
    Supplier.objects.select_for_update().get(pk=supplier.pk)
    if existing := open_round(supplier):
        return existing
    assessment = Assessment.objects.create(supplier=supplier)
    if previous := in_force(supplier):
        AssessmentAnswer.objects.bulk_create(
            AssessmentAnswer(
                assessment=assessment,
                question_id=answer.question_id,
                choice=answer.choice,
                comment=answer.comment,
            )
            for answer in previous.answers.filter(question__is_active=True)
        )
    return assessment


@transaction.atomic
def save_answers(*, assessment: Assessment, answers: dict[int, tuple[str, str]]) -> int:
    """Record answers as {question id: (choice, comment)}; an empty choice clears the answer.
    Returns how many answers the round now has."""
    _require_editable(assessment)
    for question_id, (choice, comment) in answers.items():
        if not choice:
            AssessmentAnswer.objects.filter(assessment=assessment, question_id=question_id).delete()
            continue
        if choice not in AnswerChoice.values:
            raise ValidationError(_("Choose one of the answers."), code="invalid_choice")
        AssessmentAnswer.objects.update_or_create(
            assessment=assessment,
            question_id=question_id,
            defaults={"choice": choice, "comment": comment.strip()},
        )
    return assessment.answers.count()


@transaction.atomic
def add_answer_evidence(
    *, assessment: Assessment, question: AssessmentQuestion, upload
) -> Evidence:
    """Attach a document to the answer of a question (the question must be answered first)."""
    _require_editable(assessment)
    answer = AssessmentAnswer.objects.filter(assessment=assessment, question=question).first()
    if answer is None:
        raise ValidationError(
            _("Answer the question before you add evidence to it."), code="unanswered"
        )
    return documents.store_checked(Evidence(supplier=assessment.supplier, answer=answer), upload)


@transaction.atomic
def delete_answer_evidence(*, evidence: Evidence) -> None:
    _require_editable(evidence.answer.assessment)
    documents.delete_stored(evidence)


# --- Submitting and reviewing -------------------------------------------------------------------------


def _locked(assessment: Assessment, *, allowed: set) -> Assessment:
    locked = Assessment.objects.select_for_update().select_related("supplier").get(pk=assessment.pk)
    if locked.status not in allowed:
        raise ValidationError(
            _("This assessment is “%(status)s”; this step is not possible now."),
            code="transition_not_allowed",
            params={"status": locked.get_status_display()},
        )
    return locked


@transaction.atomic
def submit(*, assessment: Assessment) -> Assessment:
    """Send the round to the program team; every active question must be answered."""
    locked = _locked(assessment, allowed={AssessmentStatus.DRAFT, AssessmentStatus.RETURNED})
    result = score_of(locked)
    if not result.complete:
        unanswered = sum(s.questions - s.answered for s in result.sections)
        raise ValidationError(
            _("Answer every question before you submit (%(count)d left)."),
            code="incomplete",
            params={"count": unanswered},
        )
    locked.status = AssessmentStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.score, locked.band = result.overall, result.band
    locked.save(update_fields=["status", "submitted_at", "score", "band"])
    return locked


def _notify(assessment: Assessment) -> None:
    from suppliers.tasks import notify_assessment_reviewed

    transaction.on_commit(lambda: notify_assessment_reviewed.delay(assessment.pk))


@transaction.atomic
def approve(*, assessment: Assessment, by, note: str = "") -> Assessment:
    """Staff accept the round: it comes into force (the previous one is superseded), with its score."""
    locked = _locked(assessment, allowed={AssessmentStatus.SUBMITTED})
    Assessment.objects.filter(supplier=locked.supplier, status=AssessmentStatus.APPROVED).update(
        status=AssessmentStatus.SUPERSEDED
    )
    result = score_of(locked)
    locked.status = AssessmentStatus.APPROVED
    locked.score, locked.band = result.overall, result.band
    locked.reviewed_at, locked.reviewed_by, locked.review_note = timezone.now(), by, note.strip()
    locked.save(
        update_fields=["status", "score", "band", "reviewed_at", "reviewed_by", "review_note"]
    )
    _notify(locked)
    return locked


@transaction.atomic
def return_for_changes(*, assessment: Assessment, by, note: str) -> Assessment:
    """Staff send the round back with a note saying what to change."""
    if not note.strip():
        raise ValidationError(_("Say what the supplier should change."), code="note_required")
    locked = _locked(assessment, allowed={AssessmentStatus.SUBMITTED})
    locked.status = AssessmentStatus.RETURNED
    locked.reviewed_at, locked.reviewed_by, locked.review_note = timezone.now(), by, note.strip()
    locked.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note"])
    _notify(locked)
    return locked


class Decision(TextChoices):
    """What staff decide about a submitted round."""

    APPROVE = "approve", _("Accept the assessment")
    RETURN = "return", _("Return it for changes")


def decide(*, assessment: Assessment, by, decision: Decision, note: str) -> Assessment:
    """Staff's decision on a submitted round: approve it, or return it with a note."""
    if decision == Decision.APPROVE:
        return approve(assessment=assessment, by=by, note=note)
    return return_for_changes(assessment=assessment, by=by, note=note)


def review_queue() -> QuerySet:
    """Rounds waiting for staff, oldest submission first."""
    return (
        Assessment.objects.filter(status=AssessmentStatus.SUBMITTED)
        .select_related("supplier")
        .order_by("submitted_at", "id")
    )


def with_open_actions() -> QuerySet:
    """Rounds with a corrective action not verified yet (the open plans)."""
    return Assessment.objects.filter(
        Exists(
            CorrectiveAction.objects.filter(finding__assessment=OuterRef("pk")).filter(
                ~Q(status=ActionStatus.VERIFIED)
            )
        )
    )
