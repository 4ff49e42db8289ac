"""Expressing interest in a notice (/notices/<id>/interest/) and withdrawing it: who may, until
when, what it implies (following the notice), and what the notice's page tells others."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notices import following
from notices.interest_models import Interest
from suppliers.models import Membership, TeamRole
from tests.factories import UserFactory
from tests.notices.factories import DraftFactory, NoticeFactory
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice():
    return NoticeFactory(title="Solar lanterns for schools")


def test_an_approved_supplier_expresses_interest_with_a_note_and_follows_the_notice(
    client, supplier, company, notice
):
    client.force_login(supplier)

    response = client.post(f"/notices/{notice.pk}/interest/", {"note": "Lots 1 and 3."})

    assert response.status_code == 302 and response["Location"] == f"/notices/{notice.pk}/"
    interest = Interest.objects.get()
    assert (interest.notice, interest.supplier, interest.user, interest.note) == (
        notice,
        company,
        supplier,
        "Lots 1 and 3.",
    )
    assert interest.company_name == "Lotus Solar Co., Ltd."
    assert following.is_following(notice, user=supplier)


def test_expressing_interest_twice_keeps_one_and_takes_the_new_note(
    client, supplier, company, notice
):
    client.force_login(supplier)
    client.post(f"/notices/{notice.pk}/interest/", {"note": "First"})
    client.post(f"/notices/{notice.pk}/interest/", {"note": "Second"})

    assert list(Interest.objects.values_list("note", flat=True)) == ["Second"]


def test_the_form_page_says_that_the_portal_has_no_lots(client, supplier, company, notice):
    client.force_login(supplier)

    content = client.get(f"/notices/{notice.pk}/interest/").content.decode()

    assert "this portal does not record the lots of a tender" in content


def test_a_note_too_long_is_refused_and_nothing_is_saved(client, supplier, company, notice):
    client.force_login(supplier)

    response = client.post(f"/notices/{notice.pk}/interest/", {"note": "x" * 501})

    assert response.status_code == 400
    assert "at most 500 characters" in response.content.decode()
    assert not Interest.objects.exists()


def test_after_the_deadline_interest_is_refused(client, supplier, company):
    closed = NoticeFactory(deadline=timezone.now() - timedelta(hours=1))
    client.force_login(supplier)

    response = client.post(f"/notices/{closed.pk}/interest/", {"note": ""})

    assert response.status_code == 400
    assert "This notice is no longer open." in response.content.decode()
    assert not Interest.objects.exists()


def test_a_supplier_whose_registration_is_not_approved_is_refused(client, supplier, notice):
    SupplierFactory(owner=supplier, status="submitted")
    client.force_login(supplier)

    response = client.post(f"/notices/{notice.pk}/interest/", {"note": ""})

    assert response.status_code == 400
    assert "must be approved before you can express interest" in response.content.decode()
    assert not Interest.objects.exists()


def test_a_notice_open_to_all_takes_a_registered_supplier_not_yet_approved(client, supplier):
    notice = NoticeFactory(interest_open_to_all=True)
    SupplierFactory(owner=supplier, status="draft")
    client.force_login(supplier)

    response = client.post(f"/notices/{notice.pk}/interest/", {"note": ""})

    assert response.status_code == 302
    assert Interest.objects.filter(notice=notice, user=supplier).exists()


def test_a_rejected_company_is_refused_even_where_any_registered_one_is_taken(client, supplier):
    notice = NoticeFactory(interest_open_to_all=True)
    SupplierFactory(owner=supplier, status="rejected")
    client.force_login(supplier)

    response = client.post(f"/notices/{notice.pk}/interest/", {"note": ""})

    assert response.status_code == 400
    assert not Interest.objects.exists()


def test_a_user_without_a_company_is_refused(client, supplier):
    notice = NoticeFactory(interest_open_to_all=True)
    client.force_login(supplier)

    response = client.post(f"/notices/{notice.pk}/interest/", {"note": ""})

    assert response.status_code == 400
    assert "Only a supplier with a registered company can express interest." in (
        response.content.decode()
    )
    assert not Interest.objects.exists()


def test_program_staff_cannot_express_interest(client, staff, notice):
    SupplierFactory(owner=staff, status="approved")
    client.force_login(staff)

    response = client.post(f"/notices/{notice.pk}/interest/", {"note": ""})

    assert response.status_code == 400
    assert not Interest.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, notice):
    response = client.post(f"/notices/{notice.pk}/interest/", {"note": ""})

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Interest.objects.exists()


def test_a_draft_is_not_found_by_suppliers(client, supplier, company):
    draft = DraftFactory()
    client.force_login(supplier)

    assert client.post(f"/notices/{draft.pk}/interest/", {"note": ""}).status_code == 404


def test_withdrawing_removes_the_interest_and_keeps_the_follow(client, supplier, company, notice):
    client.force_login(supplier)
    client.post(f"/notices/{notice.pk}/interest/", {"note": ""})

    response = client.post(f"/notices/{notice.pk}/interest/withdraw/")

    assert response.status_code == 302
    assert not Interest.objects.exists()
    assert following.is_following(notice, user=supplier)


def test_withdrawing_after_the_deadline_is_refused(client, supplier, company, notice):
    client.force_login(supplier)
    client.post(f"/notices/{notice.pk}/interest/", {"note": ""})
    notice.deadline = timezone.now() - timedelta(minutes=1)
    notice.save()

    response = client.post(f"/notices/{notice.pk}/interest/withdraw/", follow=True)

    assert "the interest can no longer be withdrawn" in response.content.decode()
    assert Interest.objects.count() == 1


def test_withdrawing_is_a_post(client, supplier, company, notice):
    client.force_login(supplier)

    assert client.get(f"/notices/{notice.pk}/interest/withdraw/").status_code == 405


def test_another_supplier_cannot_withdraw_a_companys_interest(
    client, supplier, company, other_supplier, other_company, notice
):
    client.force_login(supplier)
    client.post(f"/notices/{notice.pk}/interest/", {"note": ""})
    client.force_login(other_supplier)

    client.post(f"/notices/{notice.pk}/interest/withdraw/")

    assert Interest.objects.filter(supplier=company).exists()


def test_the_public_page_counts_the_interested_companies_and_names_none(
    client, supplier, company, other_supplier, other_company, notice
):
    for user in (supplier, other_supplier):
        client.force_login(user)
        client.post(f"/notices/{notice.pk}/interest/", {"note": "secret note"})
    client.logout()

    content = client.get(f"/notices/{notice.pk}/").content.decode()

    assert "2 suppliers have expressed interest in this notice." in content
    assert "Lotus Solar" not in content and "Harbour Pumps" not in content
    assert "secret note" not in content


def test_a_supplier_sees_their_own_interest_but_not_who_else_is_interested(
    client, supplier, company, other_supplier, other_company, notice
):
    client.force_login(other_supplier)
    client.post(f"/notices/{notice.pk}/interest/", {"note": ""})
    client.force_login(supplier)

    content = client.get(f"/notices/{notice.pk}/").content.decode()

    assert "1 supplier has expressed interest in this notice." in content
    assert "Your company has expressed interest in this notice." not in content
    assert "Harbour Pumps" not in content
    assert "Express interest" in content


def test_the_notice_page_tells_colleagues_their_company_is_interested(
    client, supplier, company, notice
):
    editor = UserFactory(email="editor@example.com")
    viewer = UserFactory(email="viewer@example.com")
    Membership.objects.create(supplier=company, user=editor, role=TeamRole.EDITOR)
    Membership.objects.create(supplier=company, user=viewer, role=TeamRole.VIEWER)
    client.force_login(editor)
    client.post(f"/notices/{notice.pk}/interest/", {"note": "Lot 2."})

    pages = {}
    for user in (supplier, editor, viewer):
        client.force_login(user)
        pages[user.email] = client.get(f"/notices/{notice.pk}/").content.decode()

    for content in pages.values():
        assert "Your company has expressed interest in this notice." in content
        assert f'action="/notices/{notice.pk}/interest/"' not in content
    for owner_or_editor in (supplier, editor):
        assert f"/notices/{notice.pk}/interest/withdraw/" in pages[owner_or_editor.email]
    assert f"/notices/{notice.pk}/interest/withdraw/" not in pages[viewer.email]


def test_a_viewer_is_not_offered_the_form_of_interest(client, supplier, company, notice):
    viewer = UserFactory(email="viewer@example.com")
    Membership.objects.create(supplier=company, user=viewer, role=TeamRole.VIEWER)
    client.force_login(viewer)

    content = client.get(f"/notices/{notice.pk}/").content.decode()

    assert f'action="/notices/{notice.pk}/interest/"' not in content
    assert "ask its owner to make you an editor" in content


def test_a_notice_with_a_public_list_names_the_companies_only(
    client, supplier, company, other_supplier, other_company
):
    notice = NoticeFactory(interested_list_public=True)
    for user in (supplier, other_supplier):
        client.force_login(user)
        client.post(f"/notices/{notice.pk}/interest/", {"note": "secret note"})
    client.logout()

    content = client.get(f"/notices/{notice.pk}/").content.decode()

    assert "Lotus Solar Co., Ltd." in content and "Harbour Pumps Ltd." in content
    assert "secret note" not in content
    assert supplier.email not in content


def test_the_workspace_lists_the_companys_interests_with_status_and_deadline(
    client, supplier, company, notice
):
    closed = NoticeFactory(title="Water pumps", deadline=timezone.now() + timedelta(days=3))
    client.force_login(supplier)
    for interesting in (notice, closed):
        client.post(f"/notices/{interesting.pk}/interest/", {"note": ""})
    closed.deadline = timezone.now() - timedelta(days=1)
    closed.save()

    content = client.get("/supplier/").content.decode()

    assert "Notices your company is interested in" in content
    assert "Solar lanterns for schools" in content and "Water pumps" in content
    assert content.count('badge badge--closed">Closed') >= 1
    assert 'badge badge--open">Open' in content


def test_a_chinese_reader_reads_the_panel_and_the_form_in_chinese(
    client, supplier, company, notice
):
    supplier.language = "zh-hans"
    supplier.save()
    client.force_login(supplier)

    page = client.get(f"/notices/{notice.pk}/").content.decode()
    form = client.get(f"/notices/{notice.pk}/interest/").content.decode()

    assert "已有 0 家供应商对此公告表达意向。" in page and "表达意向" in page
    assert "Express interest" not in page
    assert "本门户网站不记录招标的标段" in form


def test_staff_reading_the_notice_get_their_pages_instead_of_the_forms(client, staff, notice):
    client.force_login(staff)

    content = client.get(f"/notices/{notice.pk}/").content.decode()

    assert f'href="/staff/notices/{notice.pk}/interested/"' in content
    assert f'action="/notices/{notice.pk}/interest/"' not in content


def test_colleagues_share_the_companys_interest_and_a_viewer_cannot_change_it(
    client, supplier, company, notice
):
    editor = UserFactory(email="editor@example.com")
    viewer = UserFactory(email="viewer@example.com")
    Membership.objects.create(supplier=company, user=editor, role=TeamRole.EDITOR)
    Membership.objects.create(supplier=company, user=viewer, role=TeamRole.VIEWER)

    client.force_login(editor)
    client.post(f"/notices/{notice.pk}/interest/", {"note": "Lot 2."})
    client.force_login(viewer)
    refused = client.post(f"/notices/{notice.pk}/interest/", {"note": "Lot 9."})
    client.post(f"/notices/{notice.pk}/interest/withdraw/", follow=True)

    assert Interest.objects.get().supplier == company
    assert Interest.objects.get().note == "Lot 2."
    assert refused.status_code == 400 and "ask its owner to make you an editor" in (
        refused.content.decode()
    )
