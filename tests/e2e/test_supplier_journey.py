"""A new supplier's whole way through the portal, in a real browser, in English and in Chinese,
starting at the home page and clicking: sign up, confirm the address from the e-mail, register the
company, submit it; an admin approves it; the supplier answers the sustainability assessment, saves
an alert from a search, hears of a new notice, follows it, hears of its amendment, finds it in the
workspace, and closes a corrective action with evidence that staff verify."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from core.bilingual import in_reader_language
from suppliers.forms import ContactsForm, IdentityForm, OfferForm, SizeForm, StartForm
from suppliers.models import (
    ActionStatus,
    AssessmentQuestion,
    AssessmentSection,
    CorrectiveAction,
    Supplier,
    SupplierStatus,
)
from tests.e2e.conftest import VIEWPORTS, check_accessibility
from tests.e2e.steps import amend_from_the_notice_page, publish_from_the_staff_area
from tests.e2e.walking import (
    click_nav,
    field,
    follow_link_in,
    labelled,
    last_mail_to,
    sign_in,
    start,
    words,
)
from tests.factories import AdminFactory, ProgramStaffFactory
from tests.notices.factories import AgencyFactory
from tests.suppliers.conftest import real_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-pass-phrase-7"


def sign_up_and_confirm(page, live_server, *, email, language, shoot):
    say = words(language)
    start(page, live_server, language)
    page.get_by_role("banner").get_by_role("link", name=say("Register"), exact=True).click()
    page.get_by_label(say("Email"), exact=True).fill(email)
    page.get_by_label(say("Password"), exact=True).fill(PASSWORD)
    page.get_by_label(say("Password (again)"), exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name=say("Sign Up")).click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    shoot(f"{language}-journey-check-your-e-mail")

    follow_link_in(page, last_mail_to(email), r"/accounts/confirm-email/")
    shoot(f"{language}-journey-confirm-e-mail")
    page.get_by_role("button", name=say("Confirm my e-mail address")).click()


def register_the_company(page, *, language, tmp_path, shoot):
    say = words(language)
    on = {"language": language}
    field(page, StartForm, "legal_name", **on).fill("Fuzhou Bamboo Co., Ltd.")
    field(page, StartForm, "legal_name_local", **on).fill("福州竹业有限公司")
    field(page, StartForm, "country", **on).select_option("CN")
    field(page, StartForm, "registration_number", **on).fill("91350100M000100Y43")
    page.get_by_role("button", name=say("Create the profile")).click()
    page.wait_for_url(re.compile(r"/supplier/identity/$"))
    assert "福建省" in page.inner_text("main"), "the region the credit code names"
    field(page, IdentityForm, "year_established", **on).fill("2012")
    page.get_by_role("button", name=say("Save and continue")).click()
    page.wait_for_url(re.compile(r"/supplier/contacts/$"))
    # The province is the credit code's (35, Fujian), shown and not to be chosen.
    assert page.is_disabled("#id_province") and page.input_value("#id_province") == "35"
    for name, value in {
        "city": "Fuzhou",
        "address": "8 Bamboo Road",
        "phone": "+86 591 8888 0000",
        "contact_name": "Li Na",
        "contact_email": "li@example.cn",
    }.items():
        field(page, ContactsForm, name, **on).fill(value)
    page.get_by_role("button", name=say("Save and continue")).click()
    page.wait_for_url(re.compile(r"/supplier/size/$"))
    field(page, SizeForm, "employees", **on).fill("35")
    field(page, SizeForm, "annual_turnover", **on).fill("9000000")
    shoot(f"{language}-journey-profile-size")
    page.get_by_role("button", name=say("Save and continue")).click()
    page.wait_for_url(re.compile(r"/supplier/offer/$"))
    field(page, OfferForm, "description_zh", **on).fill("竹制家具和临时住所")
    choose_categories(page, language=language, query="furniture", code="56000000")
    shoot(f"{language}-journey-profile-offer")
    page.get_by_role("button", name=say("Save and continue")).click()
    page.wait_for_url(re.compile(r"/supplier/certifications/$"))

    sections = page.get_by_role("navigation", name=say("Sections of the company profile"))
    sections.get_by_role("link", name=say("Documents")).click()
    licence = tmp_path / "营业执照.pdf"
    licence.write_bytes(real_pdf())
    page.get_by_label(labelled(say("Kind of document"))).select_option("business_licence")
    page.get_by_label(labelled(say("File"))).set_input_files(str(licence))
    page.get_by_role("button", name=say("Upload")).click()
    assert "营业执照.pdf" in page.inner_text("main table")
    shoot(f"{language}-journey-profile-documents")
    page.get_by_role("link", name=say("Continue to the declarations")).click()
    for checkbox in page.get_by_role("main").get_by_role("checkbox").all():
        checkbox.check()
    page.get_by_role("button", name=say("Save declarations")).click()


def choose_categories(page, *, language, query, code):
    """The category picker: search, then tick the result."""
    say = words(language)
    page.wait_for_load_state("load")
    page.get_by_label(say("Find a category")).fill(query)
    page.get_by_role("checkbox", name=re.compile(f"^{code}")).click()
    chosen = page.get_by_role("list", name=say("Chosen categories"))
    assert chosen.get_by_role("checkbox", name=re.compile(f"^{code}")).is_checked()


def admin_approves(browser, live_server, *, company, language):
    """An admin, in a browser of their own: the home page, sign in, Admin, Suppliers, the company,
    "Approve"."""
    say = words(language)
    admin = AdminFactory(email=f"admin-{language}@example.org", language=language)
    page = browser.new_context(viewport=VIEWPORTS["desktop"]).new_page()
    start(page, live_server, language)
    sign_in(page, email=admin.email, language=language)
    click_nav(page, say("Admin"))
    main = page.get_by_role("main")
    main.get_by_role("rowheader", name=say("Suppliers"), exact=True).get_by_role("link").click()
    main.get_by_role("link", name=company.legal_name, exact=True).click()
    decisions = page.get_by_role("region", name=say("Review decision"))
    decisions.get_by_role("button", name=say("Approve"), exact=True).click()
    page.wait_for_selector(".messagelist .success")
    page.context.close()


def answer_the_assessment(page, *, language, tmp_path, shoot):
    """From the assessment's page: start, answer every section (one "no"), add evidence, submit."""
    say = words(language)
    page.get_by_role("button", name=say("Start the assessment")).click()
    for number, section in enumerate(AssessmentSection.objects.all()):
        page.wait_for_url(re.compile(f"/supplier/assessment/{section.code}/$"))
        for question in page.get_by_role("main").get_by_role("group").all():
            question.get_by_label(say("Yes"), exact=True).check()
        if section.code == "management":
            certification = section.questions.get(code="mgt-certification")
            with translation.override(language):
                text = in_reader_language(certification.text_en, certification.text_zh)
            page.get_by_role("group", name=text).get_by_label(say("No"), exact=True).check()
        if number == 0:
            shoot(f"{language}-journey-assessment-section")
        page.get_by_role("button", name=say("Save and continue")).click()
    page.wait_for_url(re.compile(r"/supplier/assessment/$"))

    # Evidence for the policy question of the management section, found by its section link.
    with translation.override(language):
        management = AssessmentSection.objects.get(code="management")
        title = in_reader_language(management.title_en, management.title_zh)
    page.get_by_role("main").get_by_role("link", name=title).click()
    evidence = tmp_path / "政策.pdf"
    evidence.write_bytes(real_pdf())
    policy = page.locator(".evidence-row").filter(has_text=question_text("mgt-policy", language))
    policy.get_by_label(say("Evidence for this question")).set_input_files(str(evidence))
    policy.get_by_role("button", name=say("Upload")).click()
    assert "政策.pdf" in page.inner_text("main")
    page.get_by_role("main").get_by_role("link", name=say("Sustainability assessment")).click()
    page.get_by_role("button", name=say("Submit for review")).click()
    shoot(f"{language}-journey-assessment-submitted")


def question_text(code, language):
    question = AssessmentQuestion.objects.get(code=code)
    with translation.override(language):
        return in_reader_language(question.text_en, question.text_zh)


def staff_open_the_assessment(page, *, company, language):
    """Program staff: Dashboard, the assessments, the company's."""
    say = words(language)
    click_nav(page, say("Dashboard"))
    page.get_by_role("link", name=say("All assessments and the review queue")).click()
    with translation.override(language):
        name = company.display_name
    page.get_by_role("main").get_by_role("link", name=name).first.click()


def staff_accept_with_a_finding(page, *, company, language):
    """Accept the assessment and raise a finding with a corrective action."""
    say = words(language)
    staff_open_the_assessment(page, company=company, language=language)
    page.get_by_label(say("Accept the assessment")).check()
    page.get_by_role("button", name=say("Record the decision")).click()
    finding = page.locator("#finding-form")
    finding.get_by_label(labelled(say("Severity"))).select_option(label=say("Critical"))
    finding.get_by_label(labelled(say("Finding"))).fill("The second fire exit was locked.")
    finding.get_by_label(labelled(say("Corrective action required"))).fill(
        "Keep every fire exit unlocked during working hours."
    )
    finding.get_by_label(labelled(say("Owner at the supplier"))).fill("Wu Min")
    finding.get_by_label(labelled(say("Due date"))).fill(
        (timezone.localdate() + timedelta(days=14)).isoformat()
    )
    finding.get_by_role("button", name=say("Raise the finding")).click()
    page.wait_for_selector(".messages")


def save_an_alert_from_a_search(page, *, language, shoot):
    """Notices in the main menu, a keyword, "Save this search as an alert", "Save the alert"."""
    say = words(language)
    click_nav(page, say("Notices"))
    search = page.get_by_role("search")
    search.get_by_label(labelled(say("Keywords"))).fill("bamboo")
    search.get_by_role("button", name=say("Search")).click()
    page.wait_for_url(re.compile(r"q=bamboo"))
    page.get_by_role("link", name=say("Save this search as an alert")).click()
    shoot(f"{language}-journey-alert-new")
    page.get_by_role("main").get_by_role("button", name=say("Save the alert")).click()
    page.wait_for_url(re.compile(r"/alerts/$"))


def staff_page(browser, live_server, *, email, language):
    staff = ProgramStaffFactory(email=email, language=language)
    page = browser.new_context(viewport=VIEWPORTS["desktop"]).new_page()
    start(page, live_server, language)
    sign_in(page, email=staff.email, language=language)
    return page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_new_supplier_walks_the_whole_portal(
    page, browser, live_server, tmp_path, shoot, settings, language
):
    settings.MEDIA_ROOT = tmp_path / "media"
    say = words(language)
    email = f"li-{language}@example.cn"
    AgencyFactory(acronym="UNDP", name_en="UN Development Programme", name_zh="联合国开发计划署")

    # Sign up, confirm from the e-mail: the workspace says what to do first.
    sign_up_and_confirm(page, live_server, email=email, language=language, shoot=shoot)
    shoot(f"{language}-journey-workspace-new")
    next_steps = page.get_by_role("region", name=say("What to do next"))
    next_steps.get_by_role("link", name=say("Register your company")).click()
    register_the_company(page, language=language, tmp_path=tmp_path, shoot=shoot)
    click_nav(page, say("My workspace"))
    next_steps = page.get_by_role("region", name=say("What to do next"))
    next_steps.get_by_role("button", name=say("Submit for review")).click()
    company = Supplier.objects.get(owner__email=email)
    assert company.status == SupplierStatus.SUBMITTED

    # An admin approves; the e-mail's link leads to the workspace, whose next step is the assessment.
    admin_approves(browser, live_server, company=company, language=language)
    follow_link_in(page, last_mail_to(email), r"/supplier/")
    shoot(f"{language}-journey-workspace-approved")
    page.get_by_role("main").get_by_role(
        "link", name=say("Answer the sustainability assessment")
    ).click()
    answer_the_assessment(page, language=language, tmp_path=tmp_path, shoot=shoot)
    staff = staff_page(
        browser, live_server, email=f"staff-{language}@example.org", language=language
    )
    staff_accept_with_a_finding(staff, company=company, language=language)

    # A search saved as an alert hears of the notice staff publish next.
    save_an_alert_from_a_search(page, language=language, shoot=shoot)
    notice = publish_from_the_staff_area(
        staff,
        shoot=None,
        language=language,
        title="Bamboo shelters 竹制临时住所",
        reference=f"UNDP-CN-{language}-77",
        deadline=(timezone.now() + timedelta(days=5)).replace(tzinfo=None, second=0),
    )
    alert_mail = last_mail_to(email)
    assert "Bamboo shelters" in alert_mail.subject
    follow_link_in(page, alert_mail, rf"/notices/{notice.pk}/")
    page.get_by_role("button", name=say("Follow"), exact=True).click()
    assert page.get_by_role("button", name=say("Stop following")).is_visible()

    # Staff amend it; the follower hears of it, for the reason that is true.
    note = {"en": "Two more villages.", "zh-hans": "增加两个村庄。"}[language]
    amend_from_the_notice_page(
        staff,
        language=language,
        note=note,
        deadline=(timezone.now() + timedelta(days=6)).replace(tzinfo=None, second=0),
    )
    amendment_mail = last_mail_to(email)
    assert amendment_mail is not alert_mail and note in amendment_mail.body
    assert say("You receive this because you follow this notice. Stop following it:") in (
        amendment_mail.body
    )
    follow_link_in(page, amendment_mail, rf"/notices/{notice.pk}/")
    assert note in page.inner_text(".amendments")

    # The workspace lists the notice, due this week, with its amendment.
    click_nav(page, say("My workspace"))
    shoot(f"{language}-journey-workspace-following")
    following = page.get_by_role("region", name=say("Notices you follow"))
    assert notice.title in following.inner_text()

    # The corrective action, closed with evidence from the plan the workspace links to.
    next_steps = page.get_by_role("region", name=say("What to do next"))
    next_steps.get_by_role("link", name=say("Open the action plan")).click()
    action = CorrectiveAction.objects.get(finding__assessment__supplier=company)
    plan = page.locator(f"#action-{action.pk}")
    photo = tmp_path / "exit.pdf"
    photo.write_bytes(real_pdf())
    plan.get_by_label(say("Add evidence")).set_input_files(str(photo))
    plan.get_by_role("button", name=say("Upload")).click()
    plan = page.locator(f"#action-{action.pk}")
    plan.get_by_label(say("The action is done")).check()
    plan.get_by_role("button", name=say("Update the action")).click()
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    shoot(f"{language}-journey-plan")

    # Staff verify it from the assessment's page: the supplier is now "sustainability assessed".
    staff_open_the_assessment(staff, company=company, language=language)
    verification = staff.locator(f"#action-{action.pk}")
    verification.get_by_label(say("The evidence is sufficient: verified")).check()
    verification.get_by_role("button", name=say("Record the verification")).click()
    action.refresh_from_db()
    assert action.status == ActionStatus.VERIFIED
    assert say("Sustainability assessed") in staff.inner_text("main")
    click_nav(page, say("My workspace"))
    assert say("Sustainability assessed") in page.inner_text("main")
    shoot(f"{language}-journey-workspace-assessed")

    # The staff member's dashboard shows the figures as charts, with their data tables; the figures
    # are cached a few minutes (staff looked before the assessment was reviewed): "Recount now".
    click_nav(staff, say("Dashboard"))
    staff.get_by_role("button", name=say("Recount now")).click()
    assert staff.locator("svg.chart[role=img]").count() >= 5
    staff.locator("#assessment-bands summary").click()
    assert "1" in staff.inner_text("#assessment-bands table")
    check_accessibility(staff, f"{language}-journey-dashboard")
