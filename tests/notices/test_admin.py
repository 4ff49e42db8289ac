"""Notices in the admin go through the same publishing rules as the staff area."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notices.models import Agency, Notice, NoticeStatus
from tests.notices.factories import AgencyFactory, DraftFactory, NoticeFactory

pytestmark = pytest.mark.django_db


def admin_data(notice=None, agency=None, **overrides):
    deadline = timezone.now() + timedelta(days=20)
    data = {
        "agency": (agency or notice.agency).pk,
        "reference": notice.reference if notice else "ADM/1",
        "title": notice.title if notice else "Generators",
        "notice_type": "rfq",
        "categories": "26110000",
        "countries": ["CN"],
        "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        "deadline_time_zone": "UTC",
        "document_language": "en",
        "currency": "",
        "note": "",
        **{f"{name}-TOTAL_FORMS": "0" for name in ("attachments", "awards", "amendments")},
        **{f"{name}-INITIAL_FORMS": "0" for name in ("attachments", "awards", "amendments")},
    }
    data.update(overrides)
    return data


def test_a_notice_added_in_the_admin_is_a_draft(client, admin_user):
    client.force_login(admin_user)
    agency = AgencyFactory()

    response = client.post("/admin/notices/notice/add/", admin_data(agency=agency))

    assert response.status_code == 302, response.content.decode()[:2000]
    notice = Notice.objects.get(reference="ADM/1")
    assert notice.status == NoticeStatus.DRAFT
    assert list(notice.categories.values_list("code", flat=True)) == ["26110000"]


def test_changing_a_published_notice_in_the_admin_needs_a_note_and_is_an_amendment(
    client, admin_user
):
    notice = NoticeFactory(title="Old", categories=["26110000"], countries=["CN"])
    client.force_login(admin_user)
    url = f"/admin/notices/notice/{notice.pk}/change/"

    refused = client.post(url, admin_data(notice, title="New"))
    assert refused.status_code == 200 and b"Say what changed and why." in refused.content

    client.post(url, admin_data(notice, title="New", note="Title corrected."))

    notice.refresh_from_db()
    assert notice.title == "New"
    assert notice.amendments.get().note == "Title corrected."


def test_the_publish_action_applies_the_rules(client, admin_user):
    good = DraftFactory()
    late = DraftFactory(deadline=timezone.now() - timedelta(days=1))
    client.force_login(admin_user)

    response = client.post(
        "/admin/notices/notice/",
        {"action": "publish_drafts", "_selected_action": [good.pk, late.pk]},
        follow=True,
    )

    good.refresh_from_db()
    late.refresh_from_db()
    assert (good.status, late.status) == (NoticeStatus.PUBLISHED, NoticeStatus.DRAFT)
    assert b"1 notice published." in response.content
    assert b"The deadline has already passed." in response.content


def test_program_staff_may_use_the_notices_admin_but_not_delete_published_notices(client, staff):
    notice = NoticeFactory()
    client.force_login(staff)

    assert client.get("/admin/notices/notice/").status_code == 200
    assert client.get(f"/admin/notices/notice/{notice.pk}/delete/").status_code == 403


def test_the_admin_pages_of_notices_render(client, admin_user, staff):
    notice = NoticeFactory()
    client.force_login(admin_user)

    for path in [
        "/admin/notices/notice/",
        "/admin/notices/notice/add/",
        f"/admin/notices/notice/{notice.pk}/change/",
        "/admin/notices/agency/",
        "/admin/categories/category/?q=software",
        "/admin/notices/amendment/",
    ]:
        assert client.get(path).status_code == 200, path


def test_the_admin_refuses_an_agency_name_that_would_run_as_a_formula(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        "/admin/notices/agency/add/",
        {"acronym": "@EVIL", "name_en": "=1+1", "name_zh": "", "time_zone": "UTC", "website": ""},
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"acronym", "name_en"}
    assert "spreadsheet programs would run it as a formula" in errors["acronym"][0]
    assert not Agency.objects.filter(acronym="@EVIL").exists()
