"""The forms of the sustainability assessment: a section's answers and evidence for suppliers; the
inspection, findings, decision and verification of corrective actions for staff."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.bilingual import in_reader_language
from core.forms import IdChoiceField
from suppliers import action_plans, assessment
from suppliers.forms import NOTE_LENGTH, QUESTION_LABEL_CHARS, TEXT_LENGTH, document_field
from suppliers.models import AnswerChoice, AssessmentQuestion, Inspection, Severity


class SectionAnswersForm(forms.Form):
    """The questions of one section: an answer and an optional comment for each.
    Fields are named q<id> and c<id>; `rows()` pairs them with their question for the template."""

    def __init__(self, *args, questions, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            answer = answers.get(question.pk)
            self.fields[f"q{question.pk}"] = forms.ChoiceField(
                label=in_reader_language(question.text_en, question.text_zh),
                choices=AnswerChoice.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=answer.choice if answer else None,
            )
            self.fields[f"c{question.pk}"] = forms.CharField(
                label=_("Comment (optional)"),
                required=False,
                max_length=NOTE_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=answer.comment if answer else "",
            )

    def rows(self):
        return [(q, self[f"q{q.pk}"], self[f"c{q.pk}"]) for q in self.questions]

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            q.pk: (self.cleaned_data[f"q{q.pk}"], self.cleaned_data[f"c{q.pk}"])
            for q in self.questions
        }


class EvidenceForm(forms.Form):
    file = document_field(_("Evidence"))


class ActionProgressForm(forms.Form):
    step = forms.ChoiceField(
        label=_("Progress"), choices=action_plans.Progress.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note to the program team (optional)"),
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssessmentDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=assessment.Decision.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note to the supplier"),
        required=False,
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return the assessment."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == assessment.Decision.RETURN
            and not cleaned.get("note", "").strip()
        ):
            self.add_error("note", _("Say what the supplier should change."))
        return cleaned


class InspectionForm(forms.Form):
    inspected_on = forms.DateField(
        label=_("Date of the inspection"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    inspector = forms.CharField(label=_("Inspector"), max_length=200)
    summary = forms.CharField(
        label=_("Findings of the inspection"),
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_inspected_on(self):
        day = self.cleaned_data["inspected_on"]
        if day > date.today():
            raise ValidationError(_("An inspection cannot be in the future."), code="future")
        return day


class FindingForm(forms.Form):
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    question = IdChoiceField(
        label=_("Question concerned (optional)"),
        queryset=AssessmentQuestion.objects.filter(is_active=True),
        required=False,
    )
    inspection = IdChoiceField(
        label=_("Found during the inspection (optional)"),
        queryset=Inspection.objects.none(),
        required=False,
    )
    description = forms.CharField(
        label=_("Finding"), max_length=TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    action = forms.CharField(
        label=_("Corrective action required"),
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    owner = forms.CharField(
        label=_("Owner at the supplier"),
        max_length=200,
        help_text=_("The person who answers for the action."),
    )
    due_on = forms.DateField(
        label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = assessment.inspections.all()
        self.fields["question"].label_from_instance = lambda q: (
            f"{q.code}: {Truncator(in_reader_language(q.text_en, q.text_zh)).chars(QUESTION_LABEL_CHARS)}"
        )

    def clean_due_on(self):
        day = self.cleaned_data["due_on"]
        if day < date.today():
            raise ValidationError(_("The due date cannot be in the past."), code="due_in_past")
        return day


class VerifyActionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Verification"), choices=action_plans.Verification.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you send the action back."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == action_plans.Verification.REOPENED
            and not cleaned.get("note", "").strip()
        ):
            self.add_error("note", _("Say what is missing."))
        return cleaned
