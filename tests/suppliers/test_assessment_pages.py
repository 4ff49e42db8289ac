"""The supplier's assessment pages under /supplier/assessment/: who may see what, answering,
evidence, submitting, and the corrective action plan."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from suppliers import assessment
from suppliers.models import (
    ActionStatus,
    Assessment,
    AssessmentQuestion,
    AssessmentSection,
    AssessmentStatus,
    Evidence,
)
from tests.suppliers.assessment_helpers import (
    answer_all,
    approved_round,
    raise_action,
    submitted_round,
)
from tests.suppliers.conftest import real_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, company):
    client.force_login(company.owner)
    return client


def section_data(section, choice="yes"):
    return {f"q{q.pk}": choice for q in section.questions.filter(is_active=True)}


def pdf(name="proof.pdf"):
    return SimpleUploadedFile(name, real_pdf())


@pytest.mark.parametrize(
    "path",
    ["/supplier/assessment/", "/supplier/assessment/environment/", "/supplier/assessment/plan/"],
)
def test_anonymous_visitors_are_sent_to_log_in(client, path):
    response = client.get(path)

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_user_without_a_company_profile_gets_404(client, supplier):
    client.force_login(supplier)

    assert client.get("/supplier/assessment/").status_code == 404
    assert client.post("/supplier/assessment/start/").status_code == 404


def test_the_page_invites_to_start_then_starting_opens_the_first_section(signed_in):
    page = signed_in.get("/supplier/assessment/").content.decode()
    assert "Start the assessment" in page

    response = signed_in.post("/supplier/assessment/start/")

    assert response.status_code == 302
    assert response["Location"] == "/supplier/assessment/environment/"
    assert Assessment.objects.get().status == AssessmentStatus.DRAFT


def test_starting_needs_post(signed_in):
    assert signed_in.get("/supplier/assessment/start/").status_code == 405
    assert signed_in.get("/supplier/assessment/submit/").status_code == 405


def test_answering_a_section_saves_and_goes_to_the_next(signed_in, company):
    signed_in.post("/supplier/assessment/start/")
    section = AssessmentSection.objects.get(code="environment")
    data = section_data(section) | {f"c{section.questions.first().pk}": "Meters read monthly."}

    response = signed_in.post("/supplier/assessment/environment/", data)

    assert response["Location"] == "/supplier/assessment/labour/"
    round_ = Assessment.objects.get()
    assert round_.answers.count() == 4
    assert round_.answers.filter(comment="Meters read monthly.").exists()


def test_a_forged_answer_is_refused_and_nothing_is_saved(signed_in):
    signed_in.post("/supplier/assessment/start/")
    section = AssessmentSection.objects.get(code="environment")
    data = section_data(section) | {f"q{section.questions.first().pk}": "maybe"}

    response = signed_in.post("/supplier/assessment/environment/", data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Assessment.objects.get().answers.exists()


def test_an_unknown_section_is_404(signed_in):
    signed_in.post("/supplier/assessment/start/")

    assert signed_in.get("/supplier/assessment/nowhere/").status_code == 404


def test_a_section_page_before_starting_sends_back_to_the_overview(signed_in):
    response = signed_in.get("/supplier/assessment/labour/")

    assert response["Location"] == "/supplier/assessment/"


def test_evidence_is_uploaded_listed_downloaded_and_deleted(signed_in, company):
    signed_in.post("/supplier/assessment/start/")
    section = AssessmentSection.objects.get(code="management")
    signed_in.post("/supplier/assessment/management/", section_data(section))
    question = AssessmentQuestion.objects.get(code="mgt-policy")

    response = signed_in.post(
        f"/supplier/assessment/management/questions/{question.pk}/evidence/",
        {"file": pdf("可持续发展政策.pdf")},
    )

    assert response["Location"] == "/supplier/assessment/management/"
    evidence = Evidence.objects.get()
    page = signed_in.get("/supplier/assessment/management/").content.decode()
    assert "可持续发展政策.pdf" in page
    download = signed_in.get(f"/supplier/assessment/evidence/{evidence.pk}/download/")
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    signed_in.post(f"/supplier/assessment/evidence/{evidence.pk}/delete/")
    assert not Evidence.objects.exists()


def test_a_file_of_another_type_is_refused_with_a_message(signed_in):
    signed_in.post("/supplier/assessment/start/")
    section = AssessmentSection.objects.get(code="management")
    signed_in.post("/supplier/assessment/management/", section_data(section))
    question = AssessmentQuestion.objects.get(code="mgt-policy")

    response = signed_in.post(
        f"/supplier/assessment/management/questions/{question.pk}/evidence/",
        {"file": SimpleUploadedFile("policy.pdf", b"<html>not a pdf</html>")},
        follow=True,
    )

    assert "Only PDF, JPEG and PNG files are accepted" in response.content.decode()
    assert not Evidence.objects.exists()


def test_another_supplier_cannot_read_or_delete_the_evidence(client, company, other_company, staff):
    round_ = answer_all(Assessment.objects.create(supplier=company))
    evidence = assessment.add_answer_evidence(
        assessment=round_, question=AssessmentQuestion.objects.first(), upload=pdf()
    )
    client.force_login(other_company.owner)

    assert client.get(f"/supplier/assessment/evidence/{evidence.pk}/download/").status_code == 404
    assert client.post(f"/supplier/assessment/evidence/{evidence.pk}/delete/").status_code == 404
    assert Evidence.objects.exists()
    client.force_login(staff)
    assert client.get(f"/supplier/assessment/evidence/{evidence.pk}/download/").status_code == 200


def test_submitting_an_incomplete_assessment_says_how_many_are_left(signed_in):
    signed_in.post("/supplier/assessment/start/")

    response = signed_in.post("/supplier/assessment/submit/", follow=True)

    assert "Answer every question before you submit (22 left)." in response.content.decode()
    assert Assessment.objects.get().status == AssessmentStatus.DRAFT


def test_a_complete_assessment_is_submitted_and_shows_its_scores_and_tips(signed_in, company):
    round_ = answer_all(
        Assessment.objects.create(supplier=company), overrides={"env-emissions": "no"}
    )

    response = signed_in.post("/supplier/assessment/submit/", follow=True)

    round_.refresh_from_db()
    assert round_.status == AssessmentStatus.SUBMITTED
    page = response.content.decode()
    assert "The program team is reviewing your assessment." in page
    assert "What would raise your score" in page
    assert "Do you calculate your greenhouse gas emissions" in page
    assert "Use the GHG Protocol" in page, "the guidance says how"
    # a submitted round cannot be edited any more
    assert signed_in.get("/supplier/assessment/environment/")["Location"] == (
        "/supplier/assessment/"
    )


def test_the_scores_are_shown_in_chinese(signed_in, company, staff):
    approved_round(company, staff)
    company.owner.language = "zh-hans"
    company.owner.save()

    page = signed_in.get("/supplier/assessment/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "可持续发展评估" in page and "劳工与人权" in page
    assert "已完成可持续发展评估" in page


def test_the_plan_shows_the_actions_and_the_supplier_reports_progress(signed_in, company, staff):
    action = raise_action(approved_round(company, staff), staff)

    page = signed_in.get("/supplier/assessment/plan/").content.decode()
    assert "Clear the fire exit and mark the floor" in page and "Zhang Wei" in page

    signed_in.post(f"/supplier/assessment/actions/{action.pk}/progress/", {"step": "start"})
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS

    response = signed_in.post(
        f"/supplier/assessment/actions/{action.pk}/progress/", {"step": "done"}, follow=True
    )
    assert "Upload evidence that the action is done" in response.content.decode()

    signed_in.post(f"/supplier/assessment/actions/{action.pk}/evidence/", {"file": pdf()})
    signed_in.post(
        f"/supplier/assessment/actions/{action.pk}/progress/", {"step": "done", "note": "Done."}
    )
    action.refresh_from_db()
    assert (action.status, action.supplier_note) == (ActionStatus.DONE, "Done.")


def test_a_missing_progress_step_is_refused(signed_in, company, staff):
    action = raise_action(approved_round(company, staff), staff)

    response = signed_in.post(
        f"/supplier/assessment/actions/{action.pk}/progress/", {}, follow=True
    )

    assert "Choose how far the action is." in response.content.decode()


def test_another_supplier_cannot_touch_the_actions(client, company, other_company, staff):
    action = raise_action(approved_round(company, staff), staff)
    client.force_login(other_company.owner)

    assert "Clear the fire exit" not in client.get("/supplier/assessment/plan/").content.decode()
    url = f"/supplier/assessment/actions/{action.pk}"
    assert client.post(f"{url}/progress/", {"step": "start"}).status_code == 404
    assert client.post(f"{url}/evidence/", {"file": pdf()}).status_code == 404
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN and not action.evidence.exists()


def test_a_submitted_round_has_no_evidence_upload(signed_in, company):
    round_ = submitted_round(company)
    question = AssessmentQuestion.objects.get(code="mgt-policy")

    response = signed_in.post(
        f"/supplier/assessment/management/questions/{question.pk}/evidence/", {"file": pdf()}
    )

    assert response["Location"] == "/supplier/assessment/"
    assert not Evidence.objects.filter(answer__assessment=round_).exists()


def test_the_overview_links_the_plan_once_there_are_actions(signed_in, company, staff):
    raise_action(approved_round(company, staff), staff)

    page = signed_in.get("/supplier/assessment/").content.decode()

    assert "0 of 1 actions verified." in page and 'href="/supplier/assessment/plan/"' in page
