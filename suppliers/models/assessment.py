"""The sustainability self-assessment (DRiVE-style): the questionnaire, a supplier's rounds of answers,
staff's inspections and findings, and the corrective actions with their evidence.

The questionnaire itself (sections, questions, weights) is data that staff edit in the admin; the
scoring rules live in suppliers.assessment and the corrective action plans in suppliers.action_plans.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AssessmentSection(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, help_text=_("The section's share of the overall score.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("assessment section")
        verbose_name_plural = _("assessment sections")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="section_weight_positive"),
        ]

    def __str__(self):
        return self.title_en


class AssessmentQuestion(models.Model):
    section = models.ForeignKey(
        AssessmentSection, on_delete=models.PROTECT, related_name="questions"
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    text_en = models.TextField(_("question (English)"))
    text_zh = models.TextField(_("question (Chinese)"))
    guidance_en = models.TextField(_("how to improve (English)"), blank=True)
    guidance_zh = models.TextField(_("how to improve (Chinese)"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    critical = models.BooleanField(
        _("critical"),
        default=False,
        help_text=_("A “no” here is a critical gap (e.g. child labour, bribery)."),
    )
    evidence_expected = models.BooleanField(_("evidence expected"), default=False)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Retired questions keep their past answers.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["section__position", "position", "code"]
        verbose_name = _("assessment question")
        verbose_name_plural = _("assessment questions")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="question_weight_positive"),
        ]

    def __str__(self):
        return self.code


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Being answered")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Reviewed")
    SUPERSEDED = "superseded", _("Replaced by a newer assessment")


class RatingBand(models.TextChoices):
    A = "A", _("A: leading")
    B = "B", _("B: good")
    C = "C", _("C: developing")
    D = "D", _("D: needs improvement")


class Assessment(models.Model):
    """One round of a supplier's self-assessment: answered, submitted, reviewed by staff.
    A supplier has at most one open round and at most one reviewed round in force."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="assessments"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=1, null=True, blank=True, editable=False
    )
    band = models.CharField(
        _("rating band"), max_length=1, choices=RatingBand.choices, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_note = models.TextField(_("reviewer's note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("sustainability assessment")
        verbose_name_plural = _("sustainability assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["supplier"],
                condition=Q(
                    status__in=[
                        AssessmentStatus.DRAFT,
                        AssessmentStatus.SUBMITTED,
                        AssessmentStatus.RETURNED,
                    ]
                ),
                name="assessment_one_open_per_supplier",
            ),
            models.UniqueConstraint(
                fields=["supplier"],
                condition=Q(status=AssessmentStatus.APPROVED),
                name="assessment_one_in_force_per_supplier",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="assessment_score_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[AssessmentStatus.SUBMITTED, AssessmentStatus.APPROVED])
                | Q(submitted_at__isnull=False),
                name="assessment_submitted_has_a_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "band"], name="assessment_band")]

    def __str__(self):
        return f"{self.supplier} ({self.created_at:%Y-%m-%d})"

    @property
    def is_editable(self) -> bool:
        return self.status in {AssessmentStatus.DRAFT, AssessmentStatus.RETURNED}


class AnswerChoice(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    NOT_APPLICABLE = "na", _("Not applicable")


class AssessmentAnswer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        AssessmentQuestion, on_delete=models.PROTECT, related_name="answers"
    )
    choice = models.CharField(_("answer"), max_length=6, choices=AnswerChoice.choices)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="answer_once_per_question"
            ),
        ]

    def __str__(self):
        return f"{self.question.code}: {self.choice}"


class Inspection(models.Model):
    """A visit or remote inspection recorded by staff during the review."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="inspections")
    inspected_on = models.DateField(_("date of the inspection"))
    inspector = models.CharField(_("inspector"), max_length=200)
    summary = models.TextField(_("findings of the inspection"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-inspected_on", "-id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self):
        return f"{self.inspector} ({self.inspected_on})"


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MAJOR = "major", _("Major")
    CRITICAL = "critical", _("Critical")


class Finding(models.Model):
    """Something staff found wrong; it is put right by a corrective action."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="findings")
    inspection = models.ForeignKey(
        Inspection, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings"
    )
    question = models.ForeignKey(
        AssessmentQuestion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    description = models.TextField(_("finding"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("raised"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self):
        return f"{self.get_severity_display()}: {self.description[:60]}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done, waiting for verification")
    VERIFIED = "verified", _("Verified")


class CorrectiveAction(models.Model):
    """What the supplier must do about a finding, by when, and who at the supplier answers for it."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("action required"))
    owner = models.CharField(
        _("owner"), max_length=200, help_text=_("The person at the supplier who answers for it.")
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    supplier_note = models.TextField(_("supplier's note"), blank=True)
    done_at = models.DateTimeField(_("reported done"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verification_note = models.TextField(_("verification note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.VERIFIED) | Q(verified_at__isnull=False),
                name="action_verified_has_a_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[ActionStatus.DONE, ActionStatus.VERIFIED])
                | Q(done_at__isnull=False),
                name="action_done_has_a_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="action_due")]

    def __str__(self):
        return self.description[:80]

    @property
    def is_closed(self) -> bool:
        return self.status == ActionStatus.VERIFIED


def evidence_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"assessment-evidence/{instance.supplier_id}/{uuid.uuid4().hex}.{extension}"


class Evidence(models.Model):
    """A document backing an answer or a corrective action, checked like the profile's documents
    (suppliers.documents) and read only by its owner and program staff."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="evidence"
    )
    answer = models.ForeignKey(
        AssessmentAnswer, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    action = models.ForeignKey(
        CorrectiveAction, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=Q(answer__isnull=False, action__isnull=True)
                | Q(answer__isnull=True, action__isnull=False),
                name="evidence_backs_an_answer_or_an_action",
            ),
        ]

    def __str__(self):
        return self.original_name
