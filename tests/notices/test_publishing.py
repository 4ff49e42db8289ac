"""Publishing rules: drafts, publication, amendments with their field-by-field history, cancellation,
awards and documents (notices.publishing)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from notices import publishing
from notices.models import AmendmentSource, NoticeCategoryPrefix, NoticeStatus, NoticeType
from tests.notices.factories import AgencyFactory, DraftFactory, NoticeFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def draft_values(**overrides):
    return {
        "title": "Solar water pumps for rural health centres",
        "description": "Supply and installation of **10** solar pumps.",
        "notice_type": NoticeType.INVITATION_TO_BID,
        "deadline": timezone.now() + timedelta(days=20),
        "categories": ["40151500", "26130000"],
        "countries": ["ke", "ET"],
        **overrides,
    }


def test_a_draft_takes_the_agencys_time_zone_and_its_codes_prefixes(staff):
    agency = AgencyFactory(acronym="WFP", time_zone="Europe/Rome")

    notice = publishing.create_draft(
        agency=agency, reference=" ITB/2026/001 ", values=draft_values(), by=staff
    )

    assert notice.status == NoticeStatus.DRAFT and notice.reference == "ITB/2026/001"
    assert notice.deadline_time_zone == "Europe/Rome"
    assert sorted(notice.categories.values_list("code", flat=True)) == ["26130000", "40151500"]
    assert sorted(notice.category_prefixes.values_list("prefix", flat=True)) == [
        "26",
        "2613",
        "40",
        "4015",
        "401515",
    ], "40151500 is a class: its prefix is 401515"
    assert sorted(notice.countries.values_list("country", flat=True)) == ["ET", "KE"]


def test_a_draft_refuses_an_invalid_category_code_and_saves_nothing(staff):
    agency = AgencyFactory()

    with pytest.raises(ValidationError) as error:
        publishing.create_draft(
            agency=agency, reference="X-1", values=draft_values(categories=["4015"]), by=staff
        )

    assert "8 digits" in str(error.value.message_dict["categories"])
    assert not agency.notices.exists()


def test_publishing_makes_a_draft_public(staff, django_capture_on_commit_callbacks):
    draft = DraftFactory()

    with django_capture_on_commit_callbacks() as callbacks:
        publishing.publish(draft, by=staff)

    assert draft.status == NoticeStatus.PUBLISHED and draft.published_at is not None
    assert len(callbacks) == 1, "the audience is told on commit (alerts hook)"


def test_publishing_refuses_a_deadline_in_the_past(staff):
    draft = DraftFactory(deadline=timezone.now() - timedelta(minutes=1))

    with pytest.raises(ValidationError) as error:
        publishing.publish(draft, by=staff)

    assert error.value.message_dict["deadline"] == ["The deadline has already passed."]
    draft.refresh_from_db()
    assert draft.status == NoticeStatus.DRAFT


def test_publishing_refuses_a_deadline_sooner_than_the_minimum(staff, settings):
    settings.NOTICES_MIN_DEADLINE_HOURS = 72
    draft = DraftFactory(deadline=timezone.now() + timedelta(hours=71))

    with pytest.raises(ValidationError, match="at least 72 hours"):
        publishing.publish(draft, by=staff)

    draft.deadline = timezone.now() + timedelta(hours=73)
    draft.save()
    assert publishing.publish(draft, by=staff).status == NoticeStatus.PUBLISHED


def test_a_contract_award_notice_needs_no_deadline(staff):
    draft = DraftFactory(notice_type=NoticeType.CONTRACT_AWARD, deadline=None)

    assert publishing.publish(draft, by=staff).status == NoticeStatus.PUBLISHED


def test_publishing_refuses_a_notice_without_a_category(staff):
    draft = DraftFactory(categories=[])

    with pytest.raises(ValidationError, match="at least one UNSPSC category"):
        publishing.publish(draft, by=staff)


def test_a_duplicate_reference_is_refused_whatever_its_case(staff):
    existing = NoticeFactory(reference="RFQ/2026/777")

    with pytest.raises(ValidationError, match="already has a notice with this reference"):
        publishing.create_draft(
            agency=existing.agency, reference="rfq/2026/777", values=draft_values(), by=staff
        )


def test_the_same_reference_may_be_used_by_another_agency(staff):
    existing = NoticeFactory(reference="RFQ/2026/777")

    notice = publishing.create_draft(
        agency=AgencyFactory(), reference=existing.reference, values=draft_values(), by=staff
    )

    assert notice.pk


def test_publishing_twice_is_refused(staff):
    notice = NoticeFactory()

    with pytest.raises(ValidationError, match="already published"):
        publishing.publish(notice, by=staff)


def test_an_amendment_records_exactly_what_changed(staff):
    notice = NoticeFactory(
        deadline_time_zone="Europe/Rome", categories=["43232104"], countries=["CN"]
    )
    old_deadline = notice.deadline
    new_deadline = old_deadline + timedelta(days=7)

    amendment = publishing.amend(
        notice,
        changes={
            "deadline": new_deadline,
            "title": notice.title,  # unchanged: not recorded
            "categories": ["43232104", "43211500"],
            "estimated_value": Decimal("25000"),
            "currency": "usd",
        },
        note="Deadline extended at the request of bidders.",
        by=staff,
    )

    changes = {c.field: (c.old_value, c.new_value) for c in amendment.changes.all()}
    assert set(changes) == {"deadline", "categories", "estimated_value", "currency"}
    assert changes["deadline"][0].startswith(
        old_deadline.astimezone(notice.deadline_in_agency_time.tzinfo).isoformat()[:16]
    )
    assert changes["deadline"][1].endswith(("+01:00", "+02:00")), "kept in the agency's time zone"
    assert changes["categories"] == (["43232104"], ["43211500", "43232104"])
    assert changes["estimated_value"] == (None, "25000")
    assert changes["currency"] == ("", "USD")
    assert amendment.number == 1 and amendment.source == AmendmentSource.STAFF
    notice.refresh_from_db()
    assert notice.deadline == new_deadline and notice.currency == "USD"
    assert NoticeCategoryPrefix.objects.filter(notice=notice, prefix="432115").exists()


def test_amendments_are_numbered_and_keep_every_earlier_value(staff):
    notice = NoticeFactory(title="First title")

    publishing.amend(notice, changes={"title": "Second title"}, note="Typo.", by=staff)
    second = publishing.amend(notice, changes={"title": "Third title"}, note="Again.", by=staff)

    history = [
        (a.number, c.old_value, c.new_value)
        for a in notice.amendments.order_by("number")
        for c in a.changes.all()
    ]
    assert history == [(1, "First title", "Second title"), (2, "Second title", "Third title")]
    assert second.number == 2


@pytest.mark.parametrize(
    ("changes", "note", "message"),
    [
        ({"title": "New"}, "  ", "Say what changed and why."),
        ({}, "Nothing", "Nothing was changed."),
        ({"categories": []}, "Remove all", "at least one UNSPSC category"),
    ],
)
def test_an_amendment_is_refused_with_a_reason(staff, changes, note, message):
    notice = NoticeFactory(title="Original")

    with pytest.raises(ValidationError, match=message):
        publishing.amend(notice, changes=changes, note=note, by=staff)

    notice.refresh_from_db()
    assert notice.title == "Original" and not notice.amendments.exists()


def test_an_amended_deadline_follows_the_publishing_rule(staff):
    notice = NoticeFactory()

    with pytest.raises(ValidationError, match="already passed"):
        publishing.amend(
            notice,
            changes={"deadline": timezone.now() - timedelta(days=1)},
            note="Close it",
            by=staff,
        )


def test_a_draft_is_changed_without_history_and_cannot_be_amended(staff):
    draft = DraftFactory(title="Draft title")

    publishing.update_draft(draft, values={"title": "Better title", "countries": ["KE"]}, by=staff)

    draft.refresh_from_db()
    assert draft.title == "Better title" and not draft.amendments.exists()
    assert list(draft.countries.values_list("country", flat=True)) == ["KE"]
    with pytest.raises(ValidationError, match="Only a published notice can be amended"):
        publishing.amend(draft, changes={"title": "x"}, note="n", by=staff)


def test_staff_edit_changes_a_draft_without_history_and_amends_a_published_notice(staff):
    draft = DraftFactory(title="Old title")
    assert (
        publishing.edit(
            draft, values={"title": "Draft title"}, changes={"title": "ignored"}, note="", by=staff
        )
        is None
    )
    draft.refresh_from_db()
    assert draft.title == "Draft title" and not draft.amendments.exists()

    notice = NoticeFactory(title="Published title")
    amendment = publishing.edit(
        notice,
        values={**draft_values(), "title": "Every value"},
        changes={"title": "New title"},
        note="Typo.",
        by=staff,
    )
    notice.refresh_from_db()
    assert notice.title == "New title"
    assert (amendment.number, amendment.note) == (1, "Typo.")


def test_cancelling_needs_a_reason_and_ends_amendments(staff):
    notice = NoticeFactory()

    with pytest.raises(ValidationError, match="reason"):
        publishing.cancel(notice, reason=" ", by=staff)
    publishing.cancel(notice, reason="Funding withdrawn by the donor.", by=staff)

    notice.refresh_from_db()
    assert notice.status == NoticeStatus.CANCELLED and notice.cancelled_at
    assert notice.public_status == "cancelled"
    with pytest.raises(ValidationError):
        publishing.amend(notice, changes={"title": "x"}, note="n", by=staff)


def test_an_award_is_recorded_after_the_deadline(staff):
    notice = NoticeFactory(deadline=timezone.now() - timedelta(days=3))

    award = publishing.record_award(
        notice,
        supplier_name="Shenzhen Solar Pumps Co., Ltd.",
        value=Decimal("182000.50"),
        currency="usd",
        awarded_on=date(2026, 3, 1),
        by=staff,
    )

    notice.refresh_from_db()
    assert notice.status == NoticeStatus.AWARDED and notice.public_status == "awarded"
    assert (award.supplier_name, award.currency) == ("Shenzhen Solar Pumps Co., Ltd.", "USD")


def test_an_open_notice_cannot_be_awarded(staff):
    with pytest.raises(ValidationError, match="has not passed"):
        publishing.record_award(
            NoticeFactory(), supplier_name="X", awarded_on=date(2026, 3, 1), by=staff
        )


def test_an_award_value_needs_a_currency(staff):
    notice = NoticeFactory(deadline=timezone.now() - timedelta(days=3))

    with pytest.raises(ValidationError, match="currency"):
        publishing.record_award(
            notice, supplier_name="X", value=Decimal(5), awarded_on=date(2026, 3, 1), by=staff
        )


def test_a_new_document_on_a_published_notice_is_an_amendment(staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    notice = NoticeFactory()

    attachment = publishing.attach_document(
        notice,
        upload=SimpleUploadedFile("terms.pdf", PDF, content_type="text/html"),
        title="Terms of reference",
        by=staff,
    )

    assert attachment.kind == "pdf" and attachment.original_name == "terms.pdf"
    assert "terms" not in attachment.file.name, "stored under a generated name"
    change = notice.amendments.get().changes.get()
    assert (change.field, change.old_value, change.new_value) == (
        "documents",
        [],
        ["Terms of reference"],
    )


def test_a_document_is_judged_by_its_content_not_its_name(staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    notice = DraftFactory()

    with pytest.raises(ValidationError, match="Only PDF, Word"):
        publishing.attach_document(
            notice,
            upload=SimpleUploadedFile("invoice.pdf", b"<html><script>x</script></html>"),
            title="Fake PDF",
            by=staff,
        )
    assert not notice.attachments.exists()


def test_a_document_over_the_size_limit_is_refused(staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.NOTICES_DOCUMENT_MAX_MB = 1

    with pytest.raises(ValidationError, match="larger than 1 MB"):
        publishing.attach_document(
            DraftFactory(),
            upload=SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024)),
            title="Big",
            by=staff,
        )
