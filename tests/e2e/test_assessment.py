"""The sustainability journey in a real browser, in English and in Chinese: a supplier completes the
assessment with evidence; staff accept it and raise a finding; the supplier uploads evidence and
reports the action done; staff verify it. Then the dashboard, with its charts."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from suppliers.models import ActionStatus, Assessment, AssessmentSection, CorrectiveAction
from tests.factories import PASSWORD, ProgramStaffFactory, UserFactory, totp_code
from tests.suppliers.conftest import real_pdf
from tests.suppliers.factories import SupplierFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {"submitted": "Submitted for review", "assessed": "Sustainability assessed"},
    "zh-hans": {"submitted": "已提交审核", "assessed": "已完成可持续发展评估"},
}


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))
    if "/accounts/2fa/authenticate/" in page.url:
        # Staff have a second factor: the code of their authenticator app.
        page.fill("#id_code", totp_code())
        page.click("main button[type=submit]")
        page.wait_for_url(re.compile(r"^(?!.*/accounts/2fa/).*$"))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_supplier_is_assessed_and_closes_a_corrective_action(
    page, browser, live_server, tmp_path, shoot, settings, language
):
    settings.MEDIA_ROOT = tmp_path / "media"
    text = TEXT[language]
    owner = UserFactory(email=f"wu-{language}@example.cn", language=language)
    company = SupplierFactory(owner=owner, legal_name_local="厦门竹韵家具有限公司")
    evidence = tmp_path / "政策.pdf"
    evidence.write_bytes(real_pdf())

    # The supplier answers every section; one "no" leaves room for improvement.
    sign_in(page, live_server, owner.email)
    page.goto(f"{live_server.url}/supplier/assessment/")
    page.click("form[action='/supplier/assessment/start/'] button")
    for number, section in enumerate(AssessmentSection.objects.all()):
        page.wait_for_url(re.compile(f"/supplier/assessment/{section.code}/$"))
        for radio in page.locator("#answers input[type=radio][value=yes]").all():
            radio.check()
        if section.code == "management":
            page.locator("#question-mgt-certification input[value=no]").check()
        if number == 0:
            shoot(f"{language}-assessment-section")
        page.click("#answers button[type=submit]")
    page.wait_for_url(re.compile(r"/supplier/assessment/$"))
    page.goto(f"{live_server.url}/supplier/assessment/management/")
    question = AssessmentSection.objects.get(code="management").questions.get(code="mgt-policy")
    page.set_input_files(f"#evidence-{question.pk}", str(evidence))
    page.click(f"form:has(#evidence-{question.pk}) button[type=submit]")
    assert "政策.pdf" in page.inner_text("main")
    page.goto(f"{live_server.url}/supplier/assessment/")
    page.click("form[action='/supplier/assessment/submit/'] button")
    assert text["submitted"] in page.inner_text(".status")
    shoot(f"{language}-assessment-submitted")
    assessment = Assessment.objects.get(supplier=company)
    assert assessment.band == "A" and assessment.score is not None

    # Staff accept it and raise a finding with a corrective action.
    ProgramStaffFactory(email=f"staff-{language}@example.org", language=language)
    staff = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(staff, live_server, f"staff-{language}@example.org")
    staff.goto(f"{live_server.url}/staff/assessments/")
    staff.click(f"a[href='/staff/assessments/{assessment.pk}/']")
    staff.check("input[name=decision][value=approve]")
    staff.click(f"form[action='/staff/assessments/{assessment.pk}/decide/'] button")
    staff.select_option("#id_severity", "critical")
    staff.fill("#id_description", "The second fire exit was locked.")
    staff.fill("#id_action", "Keep every fire exit unlocked during working hours.")
    staff.fill("#id_owner", "Wu Min")
    staff.fill("#id_due_on", (timezone.localdate() + timedelta(days=14)).isoformat())
    staff.click("#finding-form button[type=submit]")
    action = CorrectiveAction.objects.get()
    assert action.status == ActionStatus.OPEN

    # The supplier sees the plan, uploads evidence and reports the action done.
    page.goto(f"{live_server.url}/supplier/assessment/plan/")
    assert "Wu Min" in page.inner_text(f"#action-{action.pk}")
    photo = tmp_path / "exit.pdf"
    photo.write_bytes(real_pdf())
    page.set_input_files(f"#action-evidence-{action.pk}", str(photo))
    page.click(f"form[action='/supplier/assessment/actions/{action.pk}/evidence/'] button")
    page.check(f"#action-{action.pk} input[name=step][value=done]")
    page.click(f"form[action='/supplier/assessment/actions/{action.pk}/progress/'] button")
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    shoot(f"{language}-assessment-plan")

    # Staff verify it: the supplier is now "sustainability assessed".
    staff.goto(f"{live_server.url}/staff/assessments/{assessment.pk}/")
    staff.check(f"#action-{action.pk} input[name=decision][value=verify]")
    staff.click(f"form[action='/staff/assessments/actions/{action.pk}/verify/'] button")
    action.refresh_from_db()
    assert action.status == ActionStatus.VERIFIED
    assert text["assessed"] in staff.inner_text("main")
    page.goto(f"{live_server.url}/supplier/assessment/")
    assert text["assessed"] in page.inner_text("main")
    shoot(f"{language}-assessment-reviewed")

    # The staff member's dashboard shows the figures as charts, with their data tables.
    # (A colleague: the first one's authenticator code of this half-minute is spent, and a code
    # is accepted once.)
    ProgramStaffFactory(email=f"colleague-{language}@example.org", language=language)
    page.goto(f"{live_server.url}/accounts/logout/")
    page.click("main button[type=submit]")
    sign_in(page, live_server, f"colleague-{language}@example.org")
    page.goto(f"{live_server.url}/staff/assessments/{assessment.pk}/")
    shoot(f"{language}-assessment-staff-review")
    page.goto(f"{live_server.url}/dashboard/")
    assert page.locator("svg.chart[role=img]").count() >= 5
    page.locator("#assessment-bands summary").click()
    assert "1" in page.inner_text("#assessment-bands table")
    shoot(f"{language}-dashboard")
