"""suppliers.assessment: the questionnaire's data, answering, submitting and reviewing a round."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from suppliers import action_plans, assessment
from suppliers.models import (
    Assessment,
    AssessmentQuestion,
    AssessmentSection,
    AssessmentStatus,
    Evidence,
    Supplier,
)
from tests.suppliers.assessment_helpers import (
    answer_all,
    approved_round,
    raise_action,
    submitted_round,
)
from tests.suppliers.conftest import real_pdf

pytestmark = pytest.mark.django_db


def test_the_seeded_questionnaire_has_five_weighted_sections_in_english_and_chinese():
    sections = list(assessment.questionnaire())

    assert [s.code for s in sections] == [
        "environment",
        "labour",
        "health_safety",
        "ethics",
        "management",
    ]
    questions = AssessmentQuestion.objects.all()
    assert questions.count() == 22
    assert all(q.text_en and q.text_zh and q.guidance_en and q.guidance_zh for q in questions)
    assert set(questions.filter(critical=True).values_list("code", flat=True)) == {
        "env-hazardous",
        "lab-child",
        "lab-forced",
        "hs-fire",
        "eth-corruption",
        "eth-sanctions",
    }


def test_a_retired_question_is_no_longer_asked():
    AssessmentQuestion.objects.filter(code="env-waste").update(is_active=False)

    codes = [q.code for s in assessment.questionnaire() for q in s.questions.all()]

    assert "env-waste" not in codes and len(codes) == 21


def test_starting_twice_gives_the_same_open_round(company):
    first = assessment.start(supplier=company)

    assert assessment.start(supplier=company) == first
    assert Assessment.objects.count() == 1


def test_the_database_refuses_a_second_open_round(company):
    assessment.start(supplier=company)

    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(supplier=company)


def test_answers_are_saved_changed_and_cleared(company):
    round_ = assessment.start(supplier=company)
    question = AssessmentQuestion.objects.get(code="env-energy")

    assessment.save_answers(assessment=round_, answers={question.pk: ("partly", " meters ")})
    assessment.save_answers(assessment=round_, answers={question.pk: ("yes", "all meters")})
    answer = round_.answers.get()
    assert (answer.choice, answer.comment) == ("yes", "all meters")

    assert assessment.save_answers(assessment=round_, answers={question.pk: ("", "")}) == 0


def test_an_unknown_answer_is_refused(company):
    round_ = assessment.start(supplier=company)
    question = AssessmentQuestion.objects.first()

    with pytest.raises(ValidationError, match="Choose one of the answers"):
        assessment.save_answers(assessment=round_, answers={question.pk: ("maybe", "")})


def test_an_incomplete_round_cannot_be_submitted(company):
    round_ = assessment.start(supplier=company)
    answer_all(round_)
    round_.answers.filter(question__code="lab-wages").delete()

    with pytest.raises(
        ValidationError, match=r"Answer every question before you submit \(1 left\)"
    ):
        assessment.submit(assessment=round_)
    round_.refresh_from_db()
    assert round_.status == AssessmentStatus.DRAFT


def test_submitting_scores_the_round_and_freezes_its_answers(company):
    round_ = submitted_round(company, overrides={"mgt-certification": "no"})

    assert round_.status == AssessmentStatus.SUBMITTED and round_.submitted_at
    # management: 5 of 7 weight units (71.4); overall ((3+3+2+2) * 100 + 2 * 71.4) / 12
    assert round_.score == Decimal("95.2") and round_.band == "A"
    with pytest.raises(ValidationError, match="cannot be changed now"):
        answer_all(round_, choice="no")


def test_a_critical_no_puts_the_round_in_band_d(company):
    round_ = submitted_round(company, overrides={"lab-child": "no"})

    assert round_.band == "D" and round_.score > 80


def test_evidence_backs_an_answered_question_and_is_checked_like_profile_documents(company):
    round_ = assessment.start(supplier=company)
    question = AssessmentQuestion.objects.get(code="mgt-policy")

    with pytest.raises(ValidationError, match="Answer the question before"):
        assessment.add_answer_evidence(
            assessment=round_, question=question, upload=SimpleUploadedFile("p.pdf", real_pdf())
        )
    answer_all(round_)
    with pytest.raises(ValidationError, match="Only PDF, JPEG and PNG"):
        assessment.add_answer_evidence(
            assessment=round_,
            question=question,
            upload=SimpleUploadedFile("policy.pdf", b"MZ\x90\x00 not a pdf"),
        )
    evidence = assessment.add_answer_evidence(
        assessment=round_, question=question, upload=SimpleUploadedFile("政策.pdf", real_pdf())
    )
    assert evidence.original_name == "政策.pdf" and evidence.content_type == "application/pdf"
    assert evidence.file.name.startswith(f"assessment-evidence/{company.pk}/")
    assert "政策" not in evidence.file.name


def test_evidence_cannot_be_deleted_once_submitted(company):
    round_ = answer_all(assessment.start(supplier=company))
    evidence = assessment.add_answer_evidence(
        assessment=round_,
        question=AssessmentQuestion.objects.get(code="mgt-policy"),
        upload=SimpleUploadedFile("p.pdf", real_pdf()),
    )
    assessment.submit(assessment=round_)

    with pytest.raises(ValidationError):
        assessment.delete_answer_evidence(evidence=Evidence.objects.get(pk=evidence.pk))
    assert Evidence.objects.count() == 1


def test_approving_puts_the_round_in_force_and_emails_the_supplier(
    company, staff, django_capture_on_commit_callbacks
):
    round_ = submitted_round(company)

    with django_capture_on_commit_callbacks(execute=True):
        approved = assessment.approve(assessment=round_, by=staff, note="Well done.")

    assert approved.status == AssessmentStatus.APPROVED and approved.reviewed_by == staff
    assert assessment.in_force(company) == approved
    message = mail.outbox[-1]
    assert message.to == [company.owner.email]
    assert message.subject == "Your sustainability assessment is reviewed: band A"
    assert "its score is 100.0 out of 100 (band A: leading)" in message.body
    assert "Well done." in message.body and "/supplier/assessment/" in message.body


def test_a_returned_round_needs_a_note_and_can_be_changed_and_submitted_again(
    company, staff, django_capture_on_commit_callbacks
):
    round_ = submitted_round(company)
    with pytest.raises(ValidationError, match="Say what the supplier should change"):
        assessment.return_for_changes(assessment=round_, by=staff, note="  ")

    with django_capture_on_commit_callbacks(execute=True):
        returned = assessment.return_for_changes(assessment=round_, by=staff, note="Add evidence.")

    assert returned.status == AssessmentStatus.RETURNED
    assert mail.outbox[-1].subject == "Please update your sustainability assessment"
    assert "Add evidence." in mail.outbox[-1].body
    answer_all(returned, choice="partly")
    assert assessment.submit(assessment=returned).score == Decimal("50.0")


def test_a_new_round_starts_from_the_answers_in_force_and_supersedes_it_when_approved(
    company, staff
):
    first = approved_round(company, staff, overrides={"env-waste": "no"})

    second = assessment.start(supplier=company)
    assert second.answers.count() == 22
    assert second.answers.get(question__code="env-waste").choice == "no"
    answer_all(second)
    assessment.approve(assessment=assessment.submit(assessment=second), by=staff)

    first.refresh_from_db()
    assert first.status == AssessmentStatus.SUPERSEDED
    assert assessment.in_force(company) == second


def test_only_a_submitted_round_can_be_reviewed(company, staff):
    round_ = assessment.start(supplier=company)

    with pytest.raises(ValidationError, match="this step is not possible now"):
        assessment.approve(assessment=round_, by=staff)


def test_the_assessed_mark_needs_a_reviewed_round_and_no_open_critical_action(company, staff):
    assert not assessment.is_assessed(company)
    round_ = submitted_round(company)
    assert not assessment.is_assessed(company), "submitted is not reviewed"
    round_ = assessment.approve(assessment=round_, by=staff)
    assert assessment.is_assessed(company)

    raise_action(round_, staff, severity="major")
    assert assessment.is_assessed(company), "a major finding does not take the mark away"
    critical = raise_action(round_, staff, severity="critical")
    assert not assessment.is_assessed(company)

    action_plans.add_action_evidence(
        action=critical, upload=SimpleUploadedFile("photo.pdf", real_pdf())
    )
    action_plans.report_done(action=critical, note="")
    assert not assessment.is_assessed(company), "done is not verified"
    action_plans.verify(action=critical, by=staff)
    assert assessment.is_assessed(company)


def test_suppliers_in_a_band_are_those_whose_round_in_force_reached_it(
    company, other_company, staff
):
    approved_round(company, staff)
    approved_round(other_company, staff, overrides={"lab-forced": "no"})

    suppliers = Supplier.objects.all()
    assert list(assessment.in_band(suppliers, "A")) == [company]
    assert list(assessment.in_band(suppliers, "D")) == [other_company]
    assert list(assessment.in_band(suppliers, "B")) == []


def test_sections_and_questions_need_a_positive_weight():
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentSection.objects.filter(code="ethics").update(weight=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentQuestion.objects.filter(code="lab-child").update(weight=0)
