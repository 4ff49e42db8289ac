"""Program staff review assessments under /staff/assessments/: the queue, one assessment with its
answers and evidence, the decision, inspections, findings and the verification of actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import program_staff_required
from core.forms import error_text
from suppliers import action_plans, assessment
from suppliers.assessment_forms import (
    AssessmentDecisionForm,
    FindingForm,
    InspectionForm,
    VerifyActionForm,
)
from suppliers.assessment_views import score_context
from suppliers.models import Assessment, AssessmentStatus, CorrectiveAction

# How many rows each list of the queue page shows.
OPEN_PLANS_LISTED = 100
OVERDUE_LISTED = 50
RECENT_LISTED = 30
DECIDED = {
    assessment.Decision.APPROVE: gettext_lazy("The assessment is accepted."),
    assessment.Decision.RETURN: gettext_lazy("The assessment is returned to the supplier."),
}


@program_staff_required
@require_GET
def queue(request):
    context = {
        "queue": assessment.review_queue(),
        "open_plans": assessment.with_open_actions()
        .select_related("supplier")
        .order_by("supplier__legal_name")[:OPEN_PLANS_LISTED],
        "overdue": action_plans.overdue_actions()[:OVERDUE_LISTED],
        "reviewed": Assessment.objects.filter(status=AssessmentStatus.APPROVED)
        .select_related("supplier")
        .order_by("-reviewed_at")[:RECENT_LISTED],
    }
    return render(request, "suppliers/staff/queue.html", context)


def detail_context(current: Assessment, **forms) -> dict:
    sections = list(assessment.questionnaire())
    answers = assessment.answers_of(current)
    return {
        "assessment": current,
        "supplier": current.supplier,
        "assessed": assessment.is_assessed(current.supplier),
        "sections": [
            (section, [(q, answers.get(q.pk)) for q in section.questions.all()])
            for section in sections
        ],
        "inspections": current.inspections.all(),
        "actions": action_plans.plan_of(current),
        "progress": action_plans.plan_progress(current),
        "decision_form": forms.get("decision_form") or AssessmentDecisionForm(),
        "inspection_form": forms.get("inspection_form") or InspectionForm(),
        "finding_form": forms.get("finding_form") or FindingForm(assessment=current),
        "today": timezone.localdate(),
        **score_context(current, sections),
    }


def _assessment_or_404(pk) -> Assessment:
    return get_object_or_404(Assessment.objects.select_related("supplier__owner"), pk=pk)


@program_staff_required
@require_GET
def detail(request, pk):
    current = _assessment_or_404(pk)
    return render(request, "suppliers/staff/detail.html", detail_context(current))


def _rerender(request, current, **forms):
    return render(request, "suppliers/staff/detail.html", detail_context(current, **forms))


@program_staff_required
@require_POST
def decide(request, pk):
    current = _assessment_or_404(pk)
    form = AssessmentDecisionForm(request.POST)
    if not form.is_valid():
        return _rerender(request, current, decision_form=form)
    decision = form.cleaned_data["decision"]
    try:
        assessment.decide(
            assessment=current, by=request.user, decision=decision, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, DECIDED[decision])
    return redirect("assessments:detail", current.pk)


@program_staff_required
@require_POST
def inspection(request, pk):
    current = _assessment_or_404(pk)
    form = InspectionForm(request.POST)
    if form.is_valid():
        try:
            action_plans.record_inspection(assessment=current, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The inspection is recorded."))
            return redirect("assessments:detail", current.pk)
    return _rerender(request, current, inspection_form=form)


@program_staff_required
@require_POST
def finding(request, pk):
    current = _assessment_or_404(pk)
    form = FindingForm(request.POST, assessment=current)
    if form.is_valid():
        try:
            action_plans.raise_finding(assessment=current, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The finding and its corrective action are recorded."))
            return redirect("assessments:detail", current.pk)
    return _rerender(request, current, finding_form=form)


@program_staff_required
@require_POST
def verify(request, pk):
    action = get_object_or_404(CorrectiveAction.objects.select_related("finding"), pk=pk)
    form = VerifyActionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        action_plans.record_verification(action=action, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The action is updated."))
    return redirect("assessments:detail", action.finding.assessment_id)
