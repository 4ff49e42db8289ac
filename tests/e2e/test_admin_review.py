"""The registration review in the admin, in a real browser: an admin signs in from the home page,
goes to the admin by the main menu, opens a submitted profile from the queue and decides with the
buttons of its change page. The queue and the change page pass axe-core."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from suppliers import documents, review
from suppliers.models import Certification, DocumentKind, Supplier, SupplierStatus
from tests.e2e.conftest import check_accessibility
from tests.e2e.walking import click_nav, labelled, sign_in, start, words
from tests.factories import AdminFactory
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


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_admin_requests_changes_with_the_buttons_of_the_change_page(
    page, live_server, submitted, language
):
    say = words(language)
    admin = AdminFactory(email=f"admin-review-{language}@example.org", language=language)
    start(page, live_server, language)
    sign_in(page, email=admin.email, language=language)

    click_nav(page, say("Admin"))
    page.wait_for_url(re.compile(r"/admin/$"))
    # The index lists the Suppliers application and, in its table, the suppliers: the row's link.
    main = page.get_by_role("main")
    main.get_by_role("rowheader", name=say("Suppliers"), exact=True).get_by_role("link").click()
    page.wait_for_url(re.compile(r"/admin/suppliers/supplier/$"))
    check_accessibility(page, f"{language}-admin-supplier-list")
    main.get_by_role("link", name=submitted.legal_name, exact=True).click()
    page.wait_for_url(re.compile(rf"/admin/suppliers/supplier/{submitted.pk}/change/$"))
    check_accessibility(page, f"{language}-admin-supplier-change")

    decisions = page.get_by_role("region", name=say("Review decision"))
    for decision in ("Approve", "Request changes", "Reject"):
        assert decisions.get_by_role("button", name=say(decision), exact=True).is_visible()
    assert page.locator("input[name=_save]").count() == 0, "the company's facts are not edited here"
    decisions.get_by_label(labelled(say("Comment to the supplier"))).fill(
        "Add two client references."
    )
    decisions.get_by_role("button", name=say("Request changes"), exact=True).click()

    page.wait_for_url(re.compile(rf"/admin/suppliers/supplier/{submitted.pk}/change/$"))
    assert page.locator(".messagelist .success").count() == 1
    check_accessibility(page, f"{language}-admin-supplier-decided")
    submitted.refresh_from_db()
    assert submitted.status == SupplierStatus.CHANGES_REQUESTED
    assert submitted.review_events.first().note == "Add two client references."
    assert Supplier.objects.get(pk=submitted.pk).legal_name == "Kunming Bamboo Co., Ltd."
