"""The publishing area /staff/notices/: program staff draft, preview, publish, amend, cancel, add
documents and record awards in the browser; nobody else gets in."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from notices.models import Award, Notice, NoticeStatus
from tests.notices.factories import AgencyFactory, DraftFactory, NoticeFactory

pytestmark = pytest.mark.django_db


def notice_form(agency, **overrides) -> dict:
    deadline = (timezone.now() + timedelta(days=20)).astimezone(timezone.get_fixed_timezone(60))
    return {
        "agency": agency.pk,
        "reference": "RFQ/2026/042",
        "title": "Water purification tablets",
        "notice_type": "rfq",
        "categories": "47100000, 12160000",
        "countries": ["KE", "SO"],
        "deadline": deadline.strftime("%Y-%m-%dT17:00"),
        "deadline_time_zone": "",  # the agency's
        "description": "Supply of **1,000,000** tablets.",
        "currency": "",
        "document_language": "en",
        **overrides,
    }


@pytest.mark.parametrize(
    "path",
    [
        "/staff/notices/",
        "/staff/notices/new/",
        "/staff/notices/{pk}/",
        "/staff/notices/{pk}/edit/",
        "/staff/notices/{pk}/cancel/",
        "/staff/notices/{pk}/award/",
    ],
)
def test_visitors_are_sent_to_log_in_and_suppliers_are_refused(client, supplier, path):
    path = path.format(pk=DraftFactory().pk)

    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")

    client.force_login(supplier)
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("q", ["\x00", "solar\x00", " "])
def test_the_staff_search_takes_any_text(client, staff, q):
    NoticeFactory(title="Solar pumps", reference="SOL-1")
    client.force_login(staff)

    response = client.get("/staff/notices/", {"q": q})

    assert response.status_code == 200
    assert "SOL-1" in response.text


def test_suppliers_cannot_publish(client, supplier):
    draft = DraftFactory()
    client.force_login(supplier)

    assert client.post(f"/staff/notices/{draft.pk}/publish/").status_code == 403
    draft.refresh_from_db()
    assert draft.status == NoticeStatus.DRAFT


def test_staff_create_a_draft_preview_it_and_publish_it(client, staff):
    agency = AgencyFactory(acronym="UNICEF", time_zone="Europe/Rome")
    client.force_login(staff)

    response = client.post("/staff/notices/new/", notice_form(agency))

    notice = Notice.objects.get(reference="RFQ/2026/042")
    assert response.status_code == 302 and response["Location"] == f"/staff/notices/{notice.pk}/"
    assert notice.status == NoticeStatus.DRAFT
    assert notice.deadline_in_agency_time.strftime("%H:%M %Z") in {"17:00 CET", "17:00 CEST"}
    preview = client.get(f"/staff/notices/{notice.pk}/").content.decode()
    assert "exactly what suppliers will see" in preview and "<strong>1,000,000</strong>" in preview

    response = client.post(f"/staff/notices/{notice.pk}/publish/", follow=True)

    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED
    assert b"The notice is published." in response.content
    assert client.get(f"/notices/{notice.pk}/").status_code == 200


def test_a_bad_form_shows_the_errors_and_saves_nothing(client, staff):
    agency = AgencyFactory()
    client.force_login(staff)

    response = client.post("/staff/notices/new/", notice_form(agency, categories="4710", title=""))

    content = response.content.decode()
    assert response.status_code == 200
    assert "A UNSPSC code has 8 digits" in content and "This field is required." in content
    assert not Notice.objects.exists()


def test_a_deadline_out_of_range_is_refused_on_the_form(client, staff):
    agency = AgencyFactory()
    client.force_login(staff)

    form = notice_form(
        agency, deadline="9999-12-31T23:59:59-23:59", deadline_time_zone="Asia/Tokyo"
    )
    response = client.post("/staff/notices/new/", form)

    assert response.status_code == 200
    assert "This date is out of range" in response.content.decode()
    assert not Notice.objects.exists()


def test_a_duplicate_reference_is_shown_on_the_form(client, staff):
    existing = NoticeFactory(reference="RFQ/2026/042")
    client.force_login(staff)

    response = client.post("/staff/notices/new/", notice_form(existing.agency))

    assert b"already has a notice with this reference" in response.content
    assert Notice.objects.count() == 1


def test_publishing_a_past_deadline_is_refused_with_a_message(client, staff):
    draft = DraftFactory(deadline=timezone.now() - timedelta(days=1))
    client.force_login(staff)

    response = client.post(f"/staff/notices/{draft.pk}/publish/", follow=True)

    assert b"The deadline has already passed." in response.content
    draft.refresh_from_db()
    assert draft.status == NoticeStatus.DRAFT


def test_amending_a_published_notice_needs_a_note_and_records_the_change(client, staff):
    notice = NoticeFactory(title="Old title", categories=["43211503"], countries=["CN"])
    client.force_login(staff)
    form = client.get(f"/staff/notices/{notice.pk}/edit/").context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and name not in {"agency", "reference"}
    }
    data["deadline"] = form.initial["deadline"].strftime("%Y-%m-%dT%H:%M")
    data["title"] = "New title"

    missing_note = client.post(f"/staff/notices/{notice.pk}/edit/", data)
    assert b"This field is required." in missing_note.content

    response = client.post(
        f"/staff/notices/{notice.pk}/edit/", {**data, "note": "Title corrected."}, follow=True
    )

    assert b"Amendment 1 is published." in response.content
    change = notice.amendments.get().changes.get()
    assert (change.field, change.old_value, change.new_value) == ("title", "Old title", "New title")


def test_staff_cancel_with_a_reason(client, staff):
    notice = NoticeFactory()
    client.force_login(staff)

    refused = client.post(f"/staff/notices/{notice.pk}/cancel/", {"reason": ""})
    assert b"This field is required." in refused.content
    client.post(f"/staff/notices/{notice.pk}/cancel/", {"reason": "Requirement withdrawn."})

    notice.refresh_from_db()
    assert notice.status == NoticeStatus.CANCELLED
    assert notice.cancellation_reason == "Requirement withdrawn."


def test_staff_record_an_award(client, staff):
    notice = NoticeFactory(deadline=timezone.now() - timedelta(days=2))
    client.force_login(staff)

    client.post(
        f"/staff/notices/{notice.pk}/award/",
        {
            "supplier_name": "Kunming Water Co.",
            "value": "12000",
            "currency": "usd",
            "awarded_on": "2026-03-02",
        },
    )

    award = Award.objects.get(notice=notice)
    assert (award.supplier_name, award.currency) == ("Kunming Water Co.", "USD")
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.AWARDED


def test_staff_add_a_document_and_a_fake_one_is_refused(client, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    notice = DraftFactory()
    client.force_login(staff)

    fake = client.post(
        f"/staff/notices/{notice.pk}/documents/",
        {"title": "ToR", "file": SimpleUploadedFile("tor.pdf", b"MZ\x90\x00 executable")},
    )
    assert fake.status_code == 400 and b"Only PDF, Word" in fake.content

    client.post(
        f"/staff/notices/{notice.pk}/documents/",
        {"title": "ToR", "file": SimpleUploadedFile("tor.pdf", b"%PDF-1.5\n%%EOF")},
    )
    assert notice.attachments.get().title == "ToR"


def test_the_staff_list_shows_drafts_and_filters_by_status(client, staff):
    DraftFactory(title="A draft notice")
    NoticeFactory(title="A published notice")
    client.force_login(staff)

    everything = client.get("/staff/notices/").content.decode()
    drafts = client.get("/staff/notices/?status=draft").content.decode()

    assert "A draft notice" in everything and "A published notice" in everything
    assert "A draft notice" in drafts and "A published notice" not in drafts


def test_publish_only_accepts_post(client, staff):
    client.force_login(staff)

    assert client.get(f"/staff/notices/{DraftFactory().pk}/publish/").status_code == 405
