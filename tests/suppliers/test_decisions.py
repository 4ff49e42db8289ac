"""The one domain call behind each decision form: assessment.decide, action_plans.record_progress
and action_plans.record_verification."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from suppliers import action_plans, assessment
from suppliers.action_plans import Progress, Verification
from suppliers.assessment import Decision
from suppliers.models import ActionStatus, AssessmentStatus
from tests.suppliers.assessment_helpers import approved_round, raise_action, submitted_round
from tests.suppliers.conftest import real_pdf

pytestmark = pytest.mark.django_db


def test_staff_approve_a_submitted_round(company, staff):
    decided = assessment.decide(
        assessment=submitted_round(company), by=staff, decision=Decision.APPROVE, note=" Good "
    )
    assert (decided.status, decided.reviewed_by, decided.review_note) == (
        AssessmentStatus.APPROVED,
        staff,
        "Good",
    )


def test_staff_return_a_submitted_round_only_with_a_note(company, staff):
    round_ = submitted_round(company)
    with pytest.raises(ValidationError, match="Say what the supplier should change"):
        assessment.decide(assessment=round_, by=staff, decision=Decision.RETURN, note=" ")
    decided = assessment.decide(
        assessment=round_, by=staff, decision=Decision.RETURN, note="Add the policy."
    )
    assert decided.status == AssessmentStatus.RETURNED


def test_the_supplier_starts_an_action_then_reports_it_done_with_evidence(company, staff):
    action = raise_action(approved_round(company, staff), staff)

    started = action_plans.record_progress(action=action, step=Progress.STARTED, note="On it")
    assert (started.status, started.supplier_note) == (ActionStatus.IN_PROGRESS, "On it")
    with pytest.raises(ValidationError, match="Upload evidence"):
        action_plans.record_progress(action=action, step=Progress.DONE, note="")
    action_plans.add_action_evidence(action=action, upload=SimpleUploadedFile("p.pdf", real_pdf()))
    done = action_plans.record_progress(action=action, step=Progress.DONE, note="")
    assert done.status == ActionStatus.DONE


@pytest.fixture
def done_action(company, staff):
    action = raise_action(approved_round(company, staff), staff)
    action_plans.add_action_evidence(action=action, upload=SimpleUploadedFile("p.pdf", real_pdf()))
    return action_plans.record_progress(action=action, step=Progress.DONE, note="")


def test_staff_verify_a_done_action(done_action, staff):
    verified = action_plans.record_verification(
        action=done_action, by=staff, decision=Verification.VERIFIED, note=""
    )
    assert (verified.status, verified.verified_by) == (ActionStatus.VERIFIED, staff)


def test_staff_send_a_done_action_back_only_with_a_note(done_action, staff):
    with pytest.raises(ValidationError, match="Say what is missing"):
        action_plans.record_verification(
            action=done_action, by=staff, decision=Verification.REOPENED, note=""
        )
    reopened = action_plans.record_verification(
        action=done_action, by=staff, decision=Verification.REOPENED, note="Photo is blurred."
    )
    assert (reopened.status, reopened.verification_note) == (
        ActionStatus.IN_PROGRESS,
        "Photo is blurred.",
    )
