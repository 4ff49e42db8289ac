"""The whole path through the browser's routes: sign-up to approval, with a round of changes."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from suppliers.models import Supplier

pytestmark = pytest.mark.django_db(transaction=True)


def last_link(path_start: str) -> str:
    return re.search(rf"https?://[^/\s]+({path_start}\S+)", mail.outbox[-1].body).group(1)


def test_from_sign_up_to_approval(admin_user, pdf_bytes, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    browser, reviewer = Client(), Client()
    reviewer.force_login(admin_user)

    # Sign up in Chinese and confirm the address from the e-mail.
    browser.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    browser.post(
        "/accounts/signup/",
        {
            "email": "li@example.cn",
            "password1": "long-pass-phrase-1",
            "password2": "long-pass-phrase-1",
        },
    )
    browser.post(last_link("/accounts/confirm-email/"))

    # Create and complete the profile, section by section.
    browser.post(
        "/supplier/start/",
        {
            "legal_name": "Fuzhou Bamboo Co., Ltd.",
            "legal_name_local": "福州竹业有限公司",
            "country": "CN",
            "registration_number": "91350100M000100Y43",
        },
    )
    browser.post(
        "/supplier/identity/",
        {
            "legal_name": "Fuzhou Bamboo Co., Ltd.",
            "legal_name_local": "福州竹业有限公司",
            "country": "CN",
            "registration_number": "91350100M000100Y43",
            "year_established": "2012",
        },
    )
    browser.post(
        "/supplier/contacts/",
        {
            "city": "Fuzhou",
            "address": "8 Bamboo Road",
            "phone": "+86 591 1",
            "contact_name": "Li Na",
            "contact_email": "li@example.cn",
        },
    )
    browser.post(
        "/supplier/size/",
        {
            "employees": "35",
            "annual_turnover": "9000000",
            "currency": "CNY",
            "woman_ceo": "unknown",
        },
    )
    browser.post(
        "/supplier/offer/", {"description_zh": "竹制家具和临时住所", "categories": ["56000000"]}
    )
    browser.post(
        "/supplier/documents/",
        {"kind": "business_licence", "file": SimpleUploadedFile("营业执照.pdf", pdf_bytes)},
    )
    browser.post("/supplier/declarations/", {"code_of_conduct": "on", "eligibility": "on"})
    assert browser.get("/supplier/").context["workspace"].company.missing == []
    browser.post("/supplier/submit/")
    company = Supplier.objects.get(owner__email="li@example.cn")
    assert company.status == "submitted"
    assert company.size_class == "small"

    # The admin asks for changes; the supplier reads the note, fixes and resubmits.
    reviewer.post(
        "/admin/suppliers/supplier/",
        {
            "action": "request_changes",
            "_selected_action": [company.pk],
            "apply": "1",
            "note": "Please add client references.",
        },
    )
    overview = browser.get("/supplier/")
    assert b"Please add client references." in overview.content
    assert "Please add client references." in mail.outbox[-1].body
    browser.post(
        "/supplier/offer/",
        {
            "description_zh": "竹制家具和临时住所",
            "categories": ["56000000"],
            "client_references": "UNHCR Fuzhou 2025",
        },
    )
    browser.post("/supplier/submit/")

    # The admin approves; both see the history.
    reviewer.post(
        "/admin/suppliers/supplier/",
        {"action": "approve_selected", "_selected_action": [company.pk], "apply": "1", "note": ""},
    )
    company.refresh_from_db()
    assert company.status == "approved"
    actions = [event.action for event in company.review_events.all()]
    assert actions == ["approved", "submitted", "changes_requested", "submitted"]
    assert len(browser.get("/supplier/").context["workspace"].company.history) == 4
    admin_page = reviewer.get(f"/admin/suppliers/supplier/{company.pk}/change/")
    assert admin_page.content.count(b"Submitted for review") >= 2
