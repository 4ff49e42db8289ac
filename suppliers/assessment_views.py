"""The supplier's sustainability assessment under /supplier/assessment/: answering it section by
section with evidence, the scores and what would raise them, and the corrective action plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.downloads import private_download
from core.forms import error_text
from suppliers import access, action_plans, assessment
from suppliers.assessment_forms import ActionProgressForm, EvidenceForm, SectionAnswersForm
from suppliers.models import AssessmentQuestion, AssessmentSection


def score_context(current, sections) -> dict:
    """Scores by section (with the section's title), overall, band and the tips, for a template."""
    result = assessment.score_of(current, sections)
    by_code = {section.code: section for section in sections}
    questions = {q.code: q for section in sections for q in section.questions.all()}
    return {
        "score": result,
        "section_scores": [(by_code[s.code], s) for s in result.sections],
        "tips": [(questions[tip.question], tip) for tip in result.tips],
        "critical_gaps": [questions[code] for code in result.critical_gaps],
    }


@login_required
@require_GET
def overview(request):
    supplier = access.supplier_or_404(request.user)
    current = assessment.current_round(supplier)
    context = {"supplier": supplier, "assessment": current, "can_edit": access.may_edit(supplier)}
    if current is not None:
        sections = list(assessment.questionnaire())
        context |= score_context(current, sections)
        context["progress"] = action_plans.plan_progress(current)
        context["assessed"] = assessment.is_assessed(supplier)
    return render(request, "suppliers/assessment/overview.html", context)


@login_required
@require_POST
def start(request):
    supplier = access.editable_supplier_or_404(request.user)
    assessment.start(supplier=supplier)
    first = AssessmentSection.objects.first()
    return (
        redirect("suppliers:assessment-section", first.code)
        if first
        else redirect("suppliers:assessment")
    )


def _editable_round_or_redirect(request, supplier):
    current = assessment.open_round(supplier)
    if current is None or not current.is_editable:
        messages.info(request, _("This assessment cannot be changed now."))
        return None, redirect("suppliers:assessment")
    return current, None


@login_required
@require_http_methods(["GET", "POST"])
def section(request, code):
    supplier = access.editable_supplier_or_404(request.user)
    sections = list(assessment.questionnaire())
    current_section = next((s for s in sections if s.code == code), None)
    if current_section is None:
        raise Http404
    current, refused = _editable_round_or_redirect(request, supplier)
    if refused:
        return refused
    answers = assessment.answers_of(current)
    questions = current_section.questions.all()
    form = SectionAnswersForm(request.POST or None, questions=questions, answers=answers)
    if request.method == "POST" and form.is_valid():
        assessment.save_answers(assessment=current, answers=form.answers())
        messages.success(request, _("Your answers are saved."))
        index = sections.index(current_section)
        if index + 1 < len(sections):
            return redirect("suppliers:assessment-section", sections[index + 1].code)
        return redirect("suppliers:assessment")
    context = {
        "assessment": current,
        "sections": sections,
        "section": current_section,
        "form": form,
        "evidence_rows": [(q, answers[q.pk]) for q in questions if q.pk in answers],
    }
    return render(request, "suppliers/assessment/section.html", context)


@login_required
@require_POST
def add_evidence(request, code, question_pk):
    supplier = access.editable_supplier_or_404(request.user)
    question = get_object_or_404(
        AssessmentQuestion, pk=question_pk, section__code=code, is_active=True
    )
    current, refused = _editable_round_or_redirect(request, supplier)
    if refused:
        return refused
    form = EvidenceForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["file"])
        assessment.add_answer_evidence(
            assessment=current, question=question, upload=form.cleaned_data["file"]
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The evidence is uploaded."))
    return redirect("suppliers:assessment-section", code)


@login_required
@require_POST
def delete_evidence(request, pk):
    evidence = access.editable_answer_evidence_or_404(request.user, pk)
    code = evidence.answer.question.section.code
    try:
        assessment.delete_answer_evidence(evidence=evidence)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The evidence is deleted."))
    return redirect("suppliers:assessment-section", code)


@login_required
@require_GET
def evidence_download(request, pk):
    evidence = access.evidence_or_404(request.user, pk)
    return private_download(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )


@login_required
@require_POST
def submit(request):
    supplier = access.editable_supplier_or_404(request.user)
    current = assessment.open_round(supplier)
    if current is None:
        raise Http404
    try:
        assessment.submit(assessment=current)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("Your assessment is submitted. The program team will review it.")
        )
    return redirect("suppliers:assessment")


@login_required
@require_GET
def plan(request):
    supplier = access.supplier_or_404(request.user)
    actions = action_plans.plan_of_supplier(supplier)
    context = {
        "supplier": supplier,
        "can_edit": access.may_edit(supplier),
        "actions": actions,
        "today": timezone.localdate(),
    }
    return render(request, "suppliers/assessment/plan.html", context)


@login_required
@require_POST
def action_progress(request, pk):
    action = access.editable_action_or_404(request.user, pk)
    form = ActionProgressForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose how far the action is."))
        action_plans.record_progress(action=action, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The action is updated."))
    return redirect("suppliers:assessment-plan")


@login_required
@require_POST
def action_evidence(request, pk):
    action = access.editable_action_or_404(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["file"])
        action_plans.add_action_evidence(action=action, upload=form.cleaned_data["file"])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The evidence is uploaded."))
    return redirect("suppliers:assessment-plan")
