"""A supplier's change page in /admin/: the company's facts are read, not edited; the review decisions
(approve, request changes, reject) are buttons under them, with a comment to the supplier, and take
the same decisions as the queue's actions."""

import pytest
from django.core import mail

from suppliers import review
from suppliers.models import Certification, SupplierStatus

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/suppliers/supplier/"


@pytest.fixture
def submitted(company):
    Certification.objects.create(supplier=company, kind="other", label="FSC chain of custody")
    company.categories.add("43211500")
    review.submit(company, by=company.owner)
    mail.outbox.clear()
    return company


def change_page(company) -> str:
    return f"{CHANGELIST}{company.pk}/change/"


def decide(company) -> str:
    return f"{CHANGELIST}{company.pk}/decide/"


def test_the_change_page_of_a_submitted_profile_has_the_three_decisions(admin_client, submitted):
    page = admin_client.get(change_page(submitted)).content.decode()

    form = page.split('id="review-decision"')[1]
    assert f'action="{decide(submitted)}"' in form
    for value, label in [
        ("approve", "Approve"),
        ("request_changes", "Request changes"),
        ("reject", "Reject"),
    ]:
        assert f'name="decision" value="{value}" class="button' in form
        assert f">{label}</button>" in form
    assert '<label for="id_note">Comment to the supplier:</label>' in form
    assert '<label for="id_reason">Reason (for a rejection):</label>' in form


def test_the_companys_facts_are_read_not_edited(admin_client, submitted):
    page = admin_client.get(change_page(submitted)).content.decode()

    assert submitted.legal_name in page and "FSC chain of custody" in page
    for field in ["legal_name", "registration_number", "categories", "certifications-0-kind"]:
        assert f'name="{field}"' not in page
    assert 'name="_save"' not in page and 'name="_continue"' not in page
    assert "select2" not in page, "no category search to edit the categories"


def test_a_post_to_the_change_page_rewrites_nothing(admin_client, submitted):
    name, categories = submitted.legal_name, list(submitted.categories.all())

    admin_client.post(
        change_page(submitted),
        {"legal_name": "Renamed by staff", "province": "46", "_save": "Save"},
    )

    submitted.refresh_from_db()
    assert (submitted.legal_name, submitted.province) == (name, "44")
    assert list(submitted.categories.all()) == categories
    assert submitted.certifications.count() == 1


def test_approving_with_the_button_and_a_comment(
    admin_client, submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            decide(submitted), {"decision": "approve", "note": "Welcome aboard.", "reason": ""}
        )

    assert response.status_code == 302 and response["Location"] == change_page(submitted)
    submitted.refresh_from_db()
    assert submitted.status == SupplierStatus.APPROVED
    event = submitted.review_events.first()
    assert (event.action, event.note) == ("approved", "Welcome aboard.")
    assert "Welcome aboard." in mail.outbox[0].body
    page = admin_client.get(response["Location"]).content.decode()
    assert "1 profile approved." in page
    assert "A decision is taken on a profile submitted for review; this one is “Approved”." in page
    assert 'value="approve"' not in page


def test_requesting_changes_needs_the_comment_which_comes_back_with_the_error(
    admin_client, submitted
):
    empty = admin_client.post(decide(submitted), {"decision": "request_changes", "note": " "})

    assert empty.status_code == 200
    content = empty.content.decode()
    assert "This field is required." in content and "What should the supplier change?" in content
    assert f'action="{decide(submitted)}"' in content
    assert '<input type="hidden" name="decision" value="request_changes">' in content
    assert f'href="{change_page(submitted)}" class="button cancel-link"' in content
    submitted.refresh_from_db()
    assert submitted.status == SupplierStatus.SUBMITTED

    admin_client.post(decide(submitted), {"decision": "request_changes", "note": "Add references."})

    submitted.refresh_from_db()
    assert submitted.status == SupplierStatus.CHANGES_REQUESTED
    assert submitted.review_events.first().note == "Add references."


def test_rejecting_needs_a_reason_and_for_other_reason_a_comment(admin_client, submitted):
    no_reason = admin_client.post(decide(submitted), {"decision": "reject", "note": "No."})
    other = admin_client.post(decide(submitted), {"decision": "reject", "reason": "other"})

    assert "This field is required." in no_reason.content.decode()
    assert "Explain the reason in the note" in other.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == SupplierStatus.SUBMITTED

    admin_client.post(
        decide(submitted),
        {"decision": "reject", "reason": "documents_invalid", "note": "Blurred scan."},
    )

    submitted.refresh_from_db()
    event = submitted.review_events.first()
    assert submitted.status == SupplierStatus.REJECTED
    assert (event.reason, event.note) == ("documents_invalid", "Blurred scan.")


def test_a_draft_has_no_buttons_and_a_decision_sent_anyway_is_refused(admin_client, company):
    page = admin_client.get(change_page(company)).content.decode()
    assert 'name="decision"' not in page
    assert "this one is “Draft”" in page

    response = admin_client.post(decide(company), {"decision": "approve"}, follow=True)

    company.refresh_from_db()
    assert company.status == SupplierStatus.DRAFT
    assert "it cannot be “Approved” now" in response.content.decode()


def test_a_wrong_decision_or_method_is_a_bad_request_and_an_unknown_profile_404(
    admin_client, submitted
):
    assert admin_client.post(decide(submitted), {"decision": "delete"}).status_code == 400
    assert admin_client.get(decide(submitted), {"decision": "approve"}).status_code == 400
    unknown = admin_client.post(f"{CHANGELIST}999999/decide/", {"decision": "approve"})
    assert unknown.status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == SupplierStatus.SUBMITTED


def test_only_admins_decide(client, staff, submitted):
    assert client.post(decide(submitted), {"decision": "approve"})["Location"].startswith(
        "/admin/login/"
    )
    client.force_login(staff)

    assert client.post(decide(submitted), {"decision": "approve"}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == SupplierStatus.SUBMITTED


def test_the_decisions_are_in_chinese_too(admin_client, admin_user, submitted):
    admin_user.language = "zh-hans"
    admin_user.save()

    page = admin_client.get(change_page(submitted), HTTP_ACCEPT_LANGUAGE="zh-hans")

    form = page.content.decode().split('id="review-decision"')[1]
    assert "审核决定" in form and "给供应商的说明" in form and "要求修改</button>" in form
