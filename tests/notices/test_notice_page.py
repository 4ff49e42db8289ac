"""A notice's page /notices/<id>/: everything about it, its history, documents, following."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from notices import publishing
from notices.alerts.models import Follow
from notices.models import NoticeStatus
from tests.notices.factories import AgencyFactory, DraftFactory, NoticeFactory

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_notice(client):
    notice = NoticeFactory(
        agency=AgencyFactory(acronym="UNICEF", name_en="United Nations Children's Fund"),
        title="Solar direct-drive vaccine refrigerators",
        categories=["24130000"],
        countries=["ET"],
        tender_url="https://procurement.example.org/rfq/1",
        environmental_criteria="Refrigerants with a low global warming potential.",
        sme_friendly=True,
    )

    content = client.get(f"/notices/{notice.pk}/").content.decode()

    assert "Solar direct-drive vaccine refrigerators" in content
    assert "United Nations Children&#x27;s Fund" in content
    assert "24130000" in content and "Industrial refrigeration" in content
    assert "Ethiopia" in content
    assert 'href="https://procurement.example.org/rfq/1"' in content
    assert f'href="/notices/{notice.pk}/calendar.ics"' in content
    assert "low global warming potential" in content
    assert "SME-friendly" in content and "Closes in" in content


def test_the_deadline_is_shown_in_the_readers_time_zone_with_the_agencys_alongside(
    client, supplier
):
    supplier.time_zone = "Asia/Shanghai"
    supplier.save()
    client.force_login(supplier)
    deadline = datetime(2031, 1, 12, 17, 0, tzinfo=ZoneInfo("Europe/Rome"))
    notice = NoticeFactory(deadline=deadline, deadline_time_zone="Europe/Rome")

    content = client.get(f"/notices/{notice.pk}/").content.decode()

    assert "Monday 13 January 2031, 00:00" in content and "China (Shanghai) Time" in content
    assert "As given by the agency: Sunday 12 January 2031, 17:00 (Italy Time)" in content


def test_a_description_with_a_script_is_shown_as_text(client):
    notice = NoticeFactory(
        description="**Bold** <script>alert('x')</script> [link](javascript:alert(1))"
    )

    content = client.get(f"/notices/{notice.pk}/").content.decode()

    assert "<strong>Bold</strong>" in content
    assert "<script>alert" not in content and "&lt;script&gt;" in content
    assert 'href="javascript' not in content


def test_the_amendment_history_shows_each_change(client, staff):
    deadline = datetime(2031, 1, 12, 17, 0, tzinfo=ZoneInfo("Europe/Rome"))
    notice = NoticeFactory(deadline=deadline, deadline_time_zone="Europe/Rome")
    publishing.amend(
        notice,
        changes={"deadline": deadline + timedelta(days=7)},
        note="Extended at the request of bidders.",
        by=staff,
    )

    content = client.get(f"/notices/{notice.pk}/").content.decode()

    assert "Amendment 1" in content and "Extended at the request of bidders." in content
    assert "12 Jan 2031, 17:00 (UTC+01:00)" in content
    assert "19 Jan 2031, 17:00 (UTC+01:00)" in content


def test_a_cancelled_notice_says_why(client):
    notice = NoticeFactory(status=NoticeStatus.CANCELLED, cancellation_reason="Funding withdrawn.")

    content = client.get(f"/notices/{notice.pk}/").content.decode()

    assert "This notice was cancelled." in content and "Funding withdrawn." in content


def test_a_draft_is_a_404_to_everyone_but_program_staff(client, supplier, staff):
    draft = DraftFactory()

    assert client.get(f"/notices/{draft.pk}/").status_code == 404
    client.force_login(supplier)
    assert client.get(f"/notices/{draft.pk}/").status_code == 404
    assert client.get(f"/notices/{draft.pk}/calendar.ics").status_code == 404
    client.force_login(staff)
    assert client.get(f"/notices/{draft.pk}/").status_code == 200


def test_an_unknown_notice_is_a_404(client):
    assert client.get("/notices/999999/").status_code == 404


def test_a_document_downloads_under_its_own_name(client, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    notice = NoticeFactory()
    pdf = b"%PDF-1.4\n%%EOF\n"
    attachment = publishing.attach_document(
        notice, upload=SimpleUploadedFile("ToR 2026.pdf", pdf), title="Terms", by=staff
    )

    response = client.get(f"/notices/{notice.pk}/documents/{attachment.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="ToR 2026.pdf"' in response["Content-Disposition"]
    assert client.get(f"/notices/{notice.pk + 1}/documents/{attachment.pk}/").status_code == 404


def test_a_drafts_document_is_kept_by_no_cache_a_public_ones_may_be(
    client, staff, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    draft, public = DraftFactory(), NoticeFactory()
    pdf = SimpleUploadedFile("ToR.pdf", b"%PDF-1.4\n%%EOF\n")
    draft_document = publishing.attach_document(draft, upload=pdf, title="Terms", by=staff)
    public_document = publishing.attach_document(public, upload=pdf, title="Terms", by=staff)
    client.force_login(staff)

    response = client.get(f"/notices/{draft.pk}/documents/{draft_document.pk}/")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    response = client.get(f"/notices/{public.pk}/documents/{public_document.pk}/")
    assert response.status_code == 200 and not response.has_header("Cache-Control")


def test_a_supplier_follows_and_unfollows(client, supplier):
    notice = NoticeFactory()
    client.force_login(supplier)

    response = client.post(f"/notices/{notice.pk}/follow/", follow=True)
    assert Follow.objects.filter(user=supplier, notice=notice).exists()
    assert b"You follow this notice" in response.content
    client.post(f"/notices/{notice.pk}/follow/")
    assert Follow.objects.filter(user=supplier).count() == 1

    client.post(f"/notices/{notice.pk}/unfollow/")
    assert not Follow.objects.filter(user=supplier).exists()


def test_following_needs_a_login_and_a_post(client, supplier):
    notice = NoticeFactory()

    response = client.post(f"/notices/{notice.pk}/follow/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(supplier)
    assert client.get(f"/notices/{notice.pk}/follow/").status_code == 405


def test_the_page_runs_a_bounded_number_of_queries(
    client, staff, supplier, django_assert_max_num_queries
):
    notice = NoticeFactory(categories=["43211503", "44120000", "81110000"], countries=["CN", "KE"])
    for number in range(3):
        publishing.amend(notice, changes={"title": f"Title {number}"}, note="n", by=staff)
    client.force_login(supplier)

    # 15: the published clarification answers are one more relation of the page, the panel of
    # interest counts the interested companies (and whether the reader's is one) in one query, and
    # finds the reader's company (owned or as a colleague) in one more.
    with django_assert_max_num_queries(16):  # + which of its categories are retired
        response = client.get(f"/notices/{notice.pk}/")

    assert response.status_code == 200


def test_time_left_is_not_shown_once_closed(client):
    notice = NoticeFactory(deadline=timezone.now() - timedelta(hours=1))

    content = client.get(f"/notices/{notice.pk}/").content.decode()

    assert "Closes in" not in content and "Closed" in content


def test_the_follow_panel_says_followers_hear_of_the_answers_too(client, supplier):
    """A published answer reaches the notice's followers (notices.questions.audience): the panel
    that offers to follow says so, before and after."""
    notice = NoticeFactory()
    client.force_login(supplier)

    before = client.get(f"/notices/{notice.pk}/").content.decode()
    Follow.objects.create(user=supplier, notice=notice)
    after = client.get(f"/notices/{notice.pk}/").content.decode()

    assert "the answers to its clarification questions" in before
    assert "the answers to its clarification questions" in after
