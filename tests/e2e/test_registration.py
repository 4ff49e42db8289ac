"""Journeys 1 and 2 in a real browser, in English and in Chinese: a supplier registers and submits;
an admin asks for changes; the supplier fixes and resubmits; the admin approves."""

import re

import pytest
from django.core import mail

from suppliers.models import Supplier
from tests.factories import PASSWORD, AdminFactory, totp_code
from tests.suppliers.conftest import real_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {
        "submitted": "Submitted for review",
        "approved": "Approved",
        "note": "Please add references.",
    },
    "zh-hans": {"submitted": "已提交审核", "approved": "已批准", "note": "请补充客户推荐。"},
}


def choose_language(page, live_server, language):
    page.goto(f"{live_server.url}/")
    page.click(f".lang-switch button[value='{language}']")
    expected = "zh-Hans" if language == "zh-hans" else "en"
    assert page.get_attribute("html", "lang") == expected


def sign_up_and_confirm(page, live_server, email, shoot, language):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("#id_email", email)
    page.fill("#id_password1", "a-long-pass-phrase-7")
    page.fill("#id_password2", "a-long-pass-phrase-7")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(
        1
    )
    # The link opens a page whose button confirms (a mail scanner's GET confirms nothing).
    page.goto(f"{live_server.url}{path}")
    shoot(f"{language}-confirm-email")
    page.click("main button[type=submit]")
    # The workspace, whose first step is to register the company.
    page.wait_for_url(re.compile(r"/supplier/$"))


def fill_profile(page, live_server, tmp_path, shoot, language):
    page.click("main a[href='/supplier/start/']")
    page.wait_for_url(re.compile(r"/supplier/start/$"))
    page.fill("#id_legal_name", "Fuzhou Bamboo Co., Ltd.")
    page.fill("#id_legal_name_local", "福州竹业有限公司")
    page.select_option("#id_country", "CN")
    page.fill("#id_registration_number", "91350100M000100Y43")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/supplier/identity/$"))
    assert "福建省" in page.inner_text("main"), "the region the credit code names"
    page.fill("#id_year_established", "2012")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/supplier/contacts/$"))
    # The province is the credit code's (35, Fujian), shown and not to be chosen.
    assert page.is_disabled("#id_province") and page.input_value("#id_province") == "35"
    for field, value in {
        "city": "Fuzhou",
        "address": "8 Bamboo Road",
        "phone": "+86 591 8888 0000",
        "contact_name": "Li Na",
        "contact_email": "li@example.cn",
    }.items():
        page.fill(f"#id_{field}", value)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/supplier/size/$"))
    page.fill("#id_employees", "35")
    page.fill("#id_annual_turnover", "9000000")
    shoot(f"{language}-profile-size")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/supplier/offer/$"))
    page.fill("#id_description_zh", "竹制家具和临时住所")
    page.wait_for_load_state("load")  # htmx binds its triggers once the page has loaded
    page.fill("#id_category_query", "furniture")  # search as you type
    page.locator("#category-results input[value='56000000']").check()
    shoot(f"{language}-profile-offer")
    page.click("main .actions button[type=submit]")
    page.wait_for_url(re.compile(r"/supplier/certifications/$"))
    page.goto(f"{live_server.url}/supplier/documents/")
    licence = tmp_path / "营业执照.pdf"
    licence.write_bytes(real_pdf())
    page.select_option("#id_kind", "business_licence")
    page.set_input_files("#id_file", str(licence))
    page.click("main form.panel button[type=submit]")
    assert "营业执照.pdf" in page.inner_text("main table")
    shoot(f"{language}-profile-documents")
    page.goto(f"{live_server.url}/supplier/declarations/")
    page.check("#id_code_of_conduct")
    page.check("#id_eligibility")
    page.click("main button[type=submit]")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_supplier_registers_and_an_admin_reviews(
    page, browser, live_server, tmp_path, shoot, language
):
    text = TEXT[language]
    choose_language(page, live_server, language)
    sign_up_and_confirm(page, live_server, f"li-{language}@example.cn", shoot, language)
    fill_profile(page, live_server, tmp_path, shoot, language)
    page.goto(f"{live_server.url}/supplier/")
    page.click("form[action='/supplier/submit/'] button")
    assert text["submitted"] in page.inner_text(".status")
    shoot(f"{language}-profile-submitted")
    company = Supplier.objects.get(owner__email=f"li-{language}@example.cn")

    # The admin signs in through allauth, opens the queue and asks for changes with a note.
    AdminFactory(email=f"admin-{language}@example.org", language=language)
    admin = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    admin.goto(f"{live_server.url}/admin/")
    admin.fill("#id_login", f"admin-{language}@example.org")
    admin.fill("#id_password", PASSWORD)
    admin.click("main button[type=submit]")
    # Admins have a second factor: the code of their authenticator app.
    admin.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    admin.fill("#id_code", totp_code())
    admin.click("main button[type=submit]")
    admin.wait_for_url(re.compile(r"/admin/$"))
    admin.goto(f"{live_server.url}/admin/suppliers/supplier/")
    admin.check(f"input[name=_selected_action][value='{company.pk}']")
    admin.select_option("select[name=action]", "request_changes")
    admin.click("button[name=index]")
    admin.fill("#id_note", text["note"])
    admin.click("input[type=submit]")
    company.refresh_from_db()
    assert company.status == "changes_requested"

    # The supplier reads the note, completes the profile and submits again.
    page.goto(f"{live_server.url}/supplier/")
    assert text["note"] in page.inner_text(".reviewer-note")
    shoot(f"{language}-profile-changes-requested")
    page.goto(f"{live_server.url}/supplier/offer/")
    page.fill("#id_client_references", "UNHCR Fuzhou office, 2025: 300 bamboo shelters")
    page.click("main .actions button[type=submit]")
    page.goto(f"{live_server.url}/supplier/")
    page.click("form[action='/supplier/submit/'] button")

    # The admin approves; the supplier sees it and the history.
    admin.goto(f"{live_server.url}/admin/suppliers/supplier/")
    admin.check(f"input[name=_selected_action][value='{company.pk}']")
    admin.select_option("select[name=action]", "approve_selected")
    admin.click("button[name=index]")
    admin.click("input[type=submit]")
    page.goto(f"{live_server.url}/supplier/")
    assert text["approved"] in page.inner_text(".status")
    assert page.locator(".history li").count() == 4
    shoot(f"{language}-profile-approved")
