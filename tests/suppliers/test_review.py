"""suppliers.review: every transition, its audit row and the supplier's e-mail in their language."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from suppliers import review
from suppliers.models import ReviewEvent, SupplierStatus
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(company, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review.submit(company, by=company.owner)
    mail.outbox.clear()
    return company


def test_submitting_a_complete_profile(company, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event = review.submit(company, by=company.owner)

    company.refresh_from_db()
    assert company.status == SupplierStatus.SUBMITTED and company.submitted_at is not None
    assert (event.actor, event.from_status, event.to_status) == (
        company.owner,
        "draft",
        "submitted",
    )
    assert mail.outbox[0].to == [company.owner.email]
    assert "We received the registration" in mail.outbox[0].subject


def test_an_incomplete_profile_cannot_be_submitted(supplier):
    incomplete = SupplierFactory(owner=supplier, phone="")

    with pytest.raises(ValidationError, match="Still missing: Phone; Business licence"):
        review.submit(incomplete, by=supplier)
    incomplete.refresh_from_db()
    assert incomplete.status == SupplierStatus.DRAFT
    assert not ReviewEvent.objects.exists()


def test_approving_writes_the_audit_row_and_tells_the_supplier(
    submitted, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review.approve(submitted, by=admin_user, note="Welcome!")

    event = submitted.review_events.first()
    assert (event.action, event.actor, event.from_status, event.to_status, event.note) == (
        "approved",
        admin_user,
        "submitted",
        "approved",
        "Welcome!",
    )
    message = mail.outbox[0]
    assert "is registered on the UN Supplier Portal" in message.subject
    assert "Welcome!" in message.body
    assert "Welcome!" in message.alternatives[0][0], "an HTML part too"


def test_requesting_changes_needs_a_note_and_the_supplier_reads_it(
    submitted, admin_user, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError, match="the note is required"):
        review.request_changes(submitted, by=admin_user, note="  ")

    with django_capture_on_commit_callbacks(execute=True):
        review.request_changes(submitted, by=admin_user, note="Upload a clearer licence.")

    submitted.refresh_from_db()
    assert submitted.status == SupplierStatus.CHANGES_REQUESTED
    assert "Upload a clearer licence." in mail.outbox[0].body


def test_rejecting_needs_a_reason_and_other_needs_a_note(submitted, admin_user):
    with pytest.raises(ValidationError, match="Choose a reason"):
        review.reject(submitted, by=admin_user, reason="")
    with pytest.raises(ValidationError, match="Explain the reason"):
        review.reject(submitted, by=admin_user, reason="other")

    review.reject(submitted, by=admin_user, reason="sanctions")

    submitted.refresh_from_db()
    assert submitted.status == SupplierStatus.REJECTED
    assert submitted.review_events.first().reason == "sanctions"


def test_changes_requested_can_be_submitted_again(submitted, admin_user):
    review.request_changes(submitted, by=admin_user, note="Fix it")

    review.submit(submitted, by=submitted.owner)

    assert submitted.status == SupplierStatus.SUBMITTED
    assert [e.action for e in submitted.review_events.all()] == [
        "submitted",
        "changes_requested",
        "submitted",
    ]


@pytest.mark.parametrize(
    ("status", "step"),
    [
        ("draft", lambda s, u: review.approve(s, by=u)),
        ("approved", lambda s, u: review.reject(s, by=u, reason="other", note="x")),
        ("rejected", lambda s, u: review.submit(s, by=u)),
        ("submitted", lambda s, u: review.submit(s, by=u)),
        ("changes_requested", lambda s, u: review.approve(s, by=u)),
    ],
)
def test_steps_that_do_not_follow_from_the_status_are_refused(company, admin_user, status, step):
    company.status = status
    company.save()

    with pytest.raises(review.TransitionNotAllowed):
        step(company, admin_user)
    company.refresh_from_db()
    assert company.status == status


def test_emails_are_written_in_the_suppliers_language(
    submitted, admin_user, django_capture_on_commit_callbacks
):
    submitted.owner.language = "zh-hans"
    submitted.owner.save()

    with django_capture_on_commit_callbacks(execute=True):
        review.request_changes(submitted, by=admin_user, note="请上传更清晰的营业执照。")

    message = mail.outbox[0]
    assert "请更新" in message.subject
    assert "请上传更清晰的营业执照。" in message.body
    assert 'lang="zh-Hans"' in message.alternatives[0][0]


def test_no_email_leaves_before_the_transition_is_committed(submitted, admin_user):
    review.approve(submitted, by=admin_user)

    assert mail.outbox == [], "sent on commit, never inside the transaction"


def test_women_owned_status_is_verified_only_against_a_certificate(company, admin_user, pdf_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from suppliers import documents

    company.women_ownership_pct, company.woman_ceo, company.women_board_pct = 60, True, 60
    company.save()
    with pytest.raises(ValidationError, match="women-owned business certificate"):
        review.verify_women_owned(company, by=admin_user)

    documents.add_document(
        supplier=company, kind="women_owned", upload=SimpleUploadedFile("weconnect.pdf", pdf_bytes)
    )
    review.verify_women_owned(company, by=admin_user)

    company.refresh_from_db()
    assert company.women_owned_verified
    assert company.review_events.first().action == "women_owned_verified"


def test_a_company_that_does_not_meet_a_definition_cannot_be_verified(company, admin_user):
    with pytest.raises(ValidationError, match="do not meet a women-owned definition"):
        review.verify_women_owned(company, by=admin_user)


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (SupplierStatus.DRAFT, True),
        (SupplierStatus.CHANGES_REQUESTED, True),
        (SupplierStatus.SUBMITTED, False),
        (SupplierStatus.APPROVED, False),
        (SupplierStatus.REJECTED, False),
    ],
)
def test_a_draft_or_a_profile_with_changes_requested_can_be_submitted(status, allowed):
    assert review.can_submit(SupplierFactory.build(status=status)) is allowed
