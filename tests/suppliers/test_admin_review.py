"""The review queue in /admin/: order, filters, search, and the review actions with their note."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from suppliers import review
from suppliers.models import SupplierStatus
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/suppliers/supplier/"


def submitted_supplier(days_ago: int, **facts):
    supplier = SupplierFactory(**facts)
    supplier.status = SupplierStatus.SUBMITTED
    supplier.submitted_at = timezone.now() - timedelta(days=days_ago)
    supplier.save()
    return supplier


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_queue_lists_submitted_profiles_first_oldest_first_with_their_age(admin_client):
    draft = SupplierFactory(legal_name="Draft Co")
    newer = submitted_supplier(2, legal_name="Newer Co")
    older = submitted_supplier(9, legal_name="Older Co")

    response = admin_client.get(CHANGELIST)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [older, newer, draft]
    assert b'<td class="field-waiting_days">9</td>' in response.content


def test_filters_and_search(admin_client):
    kunming = submitted_supplier(1, legal_name="Kunming Tea", province="53", registration_number="")
    SupplierFactory(legal_name="Shenzhen Chips", province="44")

    by_status = admin_client.get(CHANGELIST, {"status__exact": "submitted"})
    by_province = admin_client.get(CHANGELIST, {"province__exact": "53"})
    by_search = admin_client.get(CHANGELIST, {"q": "kunming"})
    by_segment = admin_client.get(CHANGELIST, {"segment": "26"})

    assert list(by_status.context["cl"].result_list) == [kunming]
    assert list(by_province.context["cl"].result_list) == [kunming]
    assert list(by_search.context["cl"].result_list) == [kunming]
    assert len(by_segment.context["cl"].result_list) == 2


def test_requesting_changes_asks_for_a_note_on_an_intermediate_page(
    admin_client, company, django_capture_on_commit_callbacks
):
    review.submit(company, by=company.owner)
    mail.outbox.clear()
    selection = {"action": "request_changes", "_selected_action": [company.pk]}

    page = admin_client.post(CHANGELIST, selection)
    assert page.status_code == 200
    assert b"What should the supplier change?" in page.content
    company.refresh_from_db()
    assert company.status == SupplierStatus.SUBMITTED, "nothing happens before the note"

    empty = admin_client.post(CHANGELIST, {**selection, "apply": "1", "note": ""})
    assert b"This field is required." in empty.content

    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(CHANGELIST, {**selection, "apply": "1", "note": "Add references."})
    assert done.status_code == 302
    company.refresh_from_db()
    assert company.status == SupplierStatus.CHANGES_REQUESTED
    assert company.review_events.first().note == "Add references."
    assert "Add references." in mail.outbox[0].body


def test_rejecting_asks_for_a_reason_from_the_list(admin_client, company):
    review.submit(company, by=company.owner)
    selection = {"action": "reject", "_selected_action": [company.pk], "apply": "1"}

    refused = admin_client.post(CHANGELIST, {**selection, "reason": "other", "note": ""})
    assert b"Explain the reason in the note" in refused.content

    admin_client.post(
        CHANGELIST, {**selection, "reason": "documents_invalid", "note": "Blurred scan."}
    )
    company.refresh_from_db()
    assert company.status == SupplierStatus.REJECTED
    event = company.review_events.first()
    assert (event.reason, event.note) == ("documents_invalid", "Blurred scan.")


def test_bulk_approve_approves_the_submitted_and_reports_the_others(admin_client):
    ready = [submitted_supplier(3), submitted_supplier(1)]
    draft = SupplierFactory()
    ids = [s.pk for s in [*ready, draft]]

    response = admin_client.post(
        CHANGELIST,
        {"action": "approve_selected", "_selected_action": ids, "apply": "1", "note": ""},
        follow=True,
    )

    statuses = {s.pk: s.status for s in type(draft).objects.filter(pk__in=ids)}
    assert statuses == {ready[0].pk: "approved", ready[1].pk: "approved", draft.pk: "draft"}
    content = response.content.decode()
    assert "2 profiles approved." in content
    assert "it cannot be “Approved” now" in content


def test_marking_women_owned_verified(admin_client, company, pdf_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from suppliers import documents

    company.women_ownership_pct, company.woman_ceo, company.women_board_pct = 75, True, 80
    company.save()
    documents.add_document(
        supplier=company, kind="women_owned", upload=SimpleUploadedFile("cert.pdf", pdf_bytes)
    )

    admin_client.post(
        CHANGELIST, {"action": "verify_women_owned", "_selected_action": [company.pk]}
    )

    company.refresh_from_db()
    assert company.women_owned_verified


def test_the_change_page_shows_the_history_and_documents_with_download_links(admin_client, company):
    review.submit(company, by=company.owner)
    document = company.documents.get()

    response = admin_client.get(f"{CHANGELIST}{company.pk}/change/")

    assert response.status_code == 200
    assert f'href="/supplier/documents/{document.pk}/download/"'.encode() in response.content
    assert b"Submitted for review" in response.content


def test_program_staff_without_admin_rights_cannot_review(client, staff, company):
    client.force_login(staff)

    assert client.get(CHANGELIST).status_code == 403
