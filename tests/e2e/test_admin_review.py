"""The registration review in the admin, in a real browser: an admin signs in from the admin's index,
opens a submitted profile from the queue and decides with the buttons of its change page. The queue
and the change page pass axe-core."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from suppliers import documents, review
from suppliers.models import Certification, DocumentKind, Supplier, SupplierStatus
from tests.e2e.conftest import check_accessibility
from tests.factories import PASSWORD, AdminFactory, totp_code
from tests.suppliers.conftest import real_pdf
from tests.suppliers.factories import SupplierFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def submitted(tmp_path, settings):
    """A complete profile with categories, certifications and a licence, submitted for review."""
    settings.MEDIA_ROOT = tmp_path / "media"
    company = SupplierFactory(
        legal_name="Kunming Bamboo Co., Ltd.", categories=["43211500", "26111700"]
    )
    documents.add_document(
        supplier=company,
        kind=DocumentKind.BUSINESS_LICENCE,
        upload=SimpleUploadedFile("licence.pdf", real_pdf()),
    )
    Certification.objects.create(supplier=company, kind="iso14001", expires_on=date(2030, 1, 1))
    Certification.objects.create(supplier=company, kind="other", label="FSC chain of custody")
    review.submit(company, by=company.owner)
    return company


def sign_in_to_the_admin(page, live_server, email):
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.fill("#id_code", totp_code())
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_admin_requests_changes_with_the_buttons_of_the_change_page(
    page, live_server, submitted, language
):
    AdminFactory(email=f"admin-{language}@example.org", language=language)
    sign_in_to_the_admin(page, live_server, f"admin-{language}@example.org")

    page.click("a[href='/admin/suppliers/supplier/']")
    page.wait_for_url(re.compile(r"/admin/suppliers/supplier/$"))
    check_accessibility(page, f"{language}-admin-supplier-list")
    page.click(f"a[href='/admin/suppliers/supplier/{submitted.pk}/change/']")
    page.wait_for_url(re.compile(rf"/admin/suppliers/supplier/{submitted.pk}/change/$"))
    check_accessibility(page, f"{language}-admin-supplier-change")

    decisions = page.locator("#review-decision")
    for decision in ("approve", "request_changes", "reject"):
        assert decisions.locator(f"button[value={decision}]").is_visible()
    assert page.locator("input[name=_save]").count() == 0, "the company's facts are not edited here"
    decisions.locator("textarea[name=note]").fill("Add two client references.")
    decisions.locator("button[value=request_changes]").click()

    page.wait_for_url(re.compile(rf"/admin/suppliers/supplier/{submitted.pk}/change/$"))
    assert page.locator(".messagelist .success").count() == 1
    check_accessibility(page, f"{language}-admin-supplier-decided")
    submitted.refresh_from_db()
    assert submitted.status == SupplierStatus.CHANGES_REQUESTED
    assert submitted.review_events.first().note == "Add two client references."
    assert Supplier.objects.get(pk=submitted.pk).legal_name == "Kunming Bamboo Co., Ltd."
