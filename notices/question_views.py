"""Program staff's side of clarification questions (`/staff/notices/<id>/questions/`): every
question on a notice, and the answer to one, published with the question or sent to the asker
alone (notices.questions). Anonymous visitors are sent to log in; other users get 403."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import program_staff_required
from core.forms import add_domain_error
from notices import questions
from notices.forms import AnswerForm, AnswerHow
from notices.interest_models import Question
from notices.models import Notice


def _page(request, notice, *, failed: Question | None = None, form=None, status=200):
    rows = [
        (question, form if question == failed else _form(question))
        for question in questions.questions_for_staff(notice)
    ]
    context = {"notice": notice, "rows": rows}
    return render(request, "notices/staff/questions.html", context, status=status)


def _form(question: Question, data=None) -> AnswerForm:
    """The answer form of one question (prefixed: the page holds one per question)."""
    initial = {"how": AnswerHow.PUBLISH, "published_text": question.text}
    return AnswerForm(data, initial=initial, prefix=f"q{question.pk}")


@program_staff_required
@require_GET
def staff_questions(request, pk):
    notice = get_object_or_404(Notice.objects.select_related("agency"), pk=pk)
    return _page(request, notice)


@program_staff_required
@require_POST
def staff_answer(request, pk, question_pk):
    question = get_object_or_404(
        Question.objects.select_related("notice"), pk=question_pk, notice=pk
    )
    form = _form(question, request.POST)
    if form.is_valid():
        try:
            _answer(question, form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The answer is sent."))
            return redirect("notices:staff_questions", pk=pk)
    return _page(request, question.notice, failed=question, form=form, status=400)


def _answer(question: Question, data: dict, *, by) -> Question:
    if data["how"] == AnswerHow.PUBLISH:
        return questions.publish_answer(
            question, published_text=data["published_text"], answer=data["answer"], by=by
        )
    return questions.answer_asker(question, answer=data["answer"], by=by)
