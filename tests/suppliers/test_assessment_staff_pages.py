"""Program staff review assessments under /staff/assessments/: the queue, the decision, inspections,
findings and verification; nobody else may."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from suppliers import action_plans
from suppliers.models import ActionStatus, AssessmentStatus, CorrectiveAction, Finding, Inspection
from tests.suppliers.assessment_helpers import approved_round, raise_action, submitted_round
from tests.suppliers.conftest import real_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(company):
    return submitted_round(company, overrides={"hs-fire": "partly"})


@pytest.fixture
def as_staff(client, staff):
    client.force_login(staff)
    return client


def finding_data(**changes):
    return {
        "severity": "critical",
        "description": "The fire exit is locked at night.",
        "action": "Keep the exit unlocked whenever anyone works.",
        "owner": "Zhang Wei",
        "due_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
    } | changes


def test_anonymous_visitors_are_sent_to_log_in(client, submitted):
    for path in ["/staff/assessments/", f"/staff/assessments/{submitted.pk}/"]:
        assert client.get(path)["Location"].startswith("/accounts/login/")


def test_suppliers_are_refused_even_their_own(client, submitted):
    client.force_login(submitted.supplier.owner)

    assert client.get("/staff/assessments/").status_code == 403
    assert client.get(f"/staff/assessments/{submitted.pk}/").status_code == 403
    response = client.post(f"/staff/assessments/{submitted.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == AssessmentStatus.SUBMITTED


def test_the_queue_lists_submitted_assessments_oldest_first(as_staff, submitted, other_company):
    newer = submitted_round(other_company)

    queue = list(as_staff.get("/staff/assessments/").context["queue"])

    assert queue == [submitted, newer]


def test_staff_see_the_answers_and_scores(as_staff, submitted):
    page = as_staff.get(f"/staff/assessments/{submitted.pk}/").content.decode()

    assert "Are fire exits unlocked and marked" in page
    assert 'class="answer answer--partly"' in page
    assert "Record the decision" in page


def test_an_unknown_assessment_is_404(as_staff):
    assert as_staff.get("/staff/assessments/999999/").status_code == 404


def test_accepting_an_assessment_emails_the_supplier(
    as_staff, submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_staff.post(
            f"/staff/assessments/{submitted.pk}/decide/", {"decision": "approve", "note": "Good."}
        )

    assert response["Location"] == f"/staff/assessments/{submitted.pk}/"
    submitted.refresh_from_db()
    assert submitted.status == AssessmentStatus.APPROVED and submitted.review_note == "Good."
    assert mail.outbox[-1].to == [submitted.supplier.owner.email]


def test_returning_needs_a_note(as_staff, submitted):
    response = as_staff.post(f"/staff/assessments/{submitted.pk}/decide/", {"decision": "return"})

    assert response.status_code == 200
    assert "Say what the supplier should change." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == AssessmentStatus.SUBMITTED


def test_a_second_decision_is_refused_with_a_message(as_staff, submitted):
    as_staff.post(f"/staff/assessments/{submitted.pk}/decide/", {"decision": "approve"})

    response = as_staff.post(
        f"/staff/assessments/{submitted.pk}/decide/",
        {"decision": "return", "note": "x"},
        follow=True,
    )

    assert "this step is not possible now" in response.content.decode()


def test_an_inspection_is_recorded(as_staff, submitted, staff):
    response = as_staff.post(
        f"/staff/assessments/{submitted.pk}/inspections/",
        {
            "inspected_on": timezone.localdate().isoformat(),
            "inspector": "Wang Lei",
            "summary": "Visited the workshop.",
        },
    )

    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert (inspection.inspector, inspection.recorded_by) == ("Wang Lei", staff)


def test_an_inspection_in_the_future_is_refused(as_staff, submitted):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = as_staff.post(
        f"/staff/assessments/{submitted.pk}/inspections/",
        {"inspected_on": tomorrow, "inspector": "W", "summary": "S"},
    )

    assert "An inspection cannot be in the future." in response.content.decode()
    assert not Inspection.objects.exists()


def test_a_finding_becomes_a_corrective_action(as_staff, submitted):
    inspection = Inspection.objects.create(
        assessment=submitted, inspected_on=timezone.localdate(), inspector="W", summary="S"
    )

    response = as_staff.post(
        f"/staff/assessments/{submitted.pk}/findings/",
        finding_data(inspection=inspection.pk),
    )

    assert response.status_code == 302
    action = CorrectiveAction.objects.get()
    assert action.finding.inspection == inspection and action.status == ActionStatus.OPEN
    page = as_staff.get(f"/staff/assessments/{submitted.pk}/").content.decode()
    assert "Keep the exit unlocked whenever anyone works." in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"due_on": "2020-01-01"}, "The due date cannot be in the past."),
        ({"severity": "catastrophic"}, "Select a valid choice."),
        ({"owner": ""}, "This field is required."),
        ({"due_on": "next week"}, "Enter a valid date."),
        # A tampered id larger than any key: a form error, not an OverflowError from the database.
        ({"question": "9" * 25}, "Select a valid choice."),
        ({"inspection": "9" * 20}, "Select a valid choice."),
        ({"inspection": "-1"}, "Select a valid choice."),
    ],
)
def test_a_bad_finding_is_refused_with_its_reason(as_staff, submitted, changes, message):
    response = as_staff.post(
        f"/staff/assessments/{submitted.pk}/findings/", finding_data(**changes)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Finding.objects.exists()


def test_a_finding_cannot_cite_another_assessments_inspection(as_staff, submitted, other_company):
    other = submitted_round(other_company)
    foreign = Inspection.objects.create(
        assessment=other, inspected_on=timezone.localdate(), inspector="W", summary="S"
    )

    response = as_staff.post(
        f"/staff/assessments/{submitted.pk}/findings/", finding_data(inspection=foreign.pk)
    )

    assert "Select a valid choice" in response.content.decode()
    assert not Finding.objects.exists()


def test_staff_verify_a_done_action_or_send_it_back(as_staff, company, staff):
    round_ = approved_round(company, staff)
    action = raise_action(round_, staff)
    action_plans.add_action_evidence(action=action, upload=SimpleUploadedFile("p.pdf", real_pdf()))
    action_plans.report_done(action=action, note="")

    response = as_staff.post(
        f"/staff/assessments/actions/{action.pk}/verify/", {"decision": "reopen"}, follow=True
    )
    assert "Say what is missing." in response.content.decode()
    as_staff.post(
        f"/staff/assessments/actions/{action.pk}/verify/",
        {"decision": "reopen", "note": "Blurred photo."},
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS

    action_plans.report_done(action=action, note="New photo.")
    response = as_staff.post(
        f"/staff/assessments/actions/{action.pk}/verify/", {"decision": "verify"}
    )
    assert response["Location"] == f"/staff/assessments/{round_.pk}/"
    action.refresh_from_db()
    assert action.status == ActionStatus.VERIFIED and action.verified_by == staff


def test_an_open_action_cannot_be_verified(as_staff, company, staff):
    action = raise_action(approved_round(company, staff), staff)

    response = as_staff.post(
        f"/staff/assessments/actions/{action.pk}/verify/", {"decision": "verify"}, follow=True
    )

    assert "this step is not possible now" in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_the_queue_shows_open_plans_and_overdue_actions(as_staff, company, staff):
    round_ = approved_round(company, staff)
    late = raise_action(round_, staff, days=0)
    CorrectiveAction.objects.filter(pk=late.pk).update(
        due_on=timezone.localdate() - timedelta(days=2)
    )

    response = as_staff.get("/staff/assessments/")

    assert list(response.context["open_plans"]) == [round_]
    assert list(response.context["overdue"]) == [late]
    assert list(response.context["reviewed"]) == [round_]


def test_the_supplier_and_the_staff_pages_need_get_or_post_as_designed(as_staff, submitted):
    assert as_staff.post("/staff/assessments/").status_code == 405
    assert as_staff.get(f"/staff/assessments/{submitted.pk}/decide/").status_code == 405
