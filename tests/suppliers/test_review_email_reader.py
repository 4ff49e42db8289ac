"""The review and assessment e-mails speak to their reader: from the portal under its name in the
reader's language (the address stays DEFAULT_FROM_EMAIL's), the company named in that language, and
the reader greeted by their name or their company's contact person, never by a piece of their
address."""

import pytest
from django.core import mail

from suppliers import review
from tests.suppliers.assessment_helpers import submitted_round

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/suppliers/supplier/"


@pytest.fixture
def lotus(company):
    """A company whose owner signed up with an address only (no name on the account)."""
    company.owner.email, company.owner.name = "lotus.en@example.cn", ""
    company.owner.save()
    company.legal_name, company.legal_name_local = "Lotus Solar Co., Ltd.", "莲花太阳能有限公司"
    company.contact_name = "Chen Lian"
    company.save()
    return company


def approve_in_the_admin(client, admin_user, company, capture):
    with capture(execute=True):
        review.submit(company, by=company.owner)
    client.force_login(admin_user)
    with capture(execute=True):
        client.post(
            CHANGELIST,
            {"action": "approve_selected", "_selected_action": [company.pk], "apply": "1"},
        )
    return mail.outbox[-1]


def test_the_english_approval_names_the_company_in_english_and_greets_its_contact(
    client, admin_user, lotus, django_capture_on_commit_callbacks, settings
):
    settings.DEFAULT_FROM_EMAIL = "UN Supplier Portal <noreply@portal.example.org>"

    approved = approve_in_the_admin(client, admin_user, lotus, django_capture_on_commit_callbacks)

    assert approved.subject == "Lotus Solar Co., Ltd. is registered on the UN Supplier Portal"
    assert "莲花" not in approved.subject + approved.body
    assert approved.from_email == "UN Supplier Portal <noreply@portal.example.org>"
    assert approved.body.startswith("Dear Chen Lian,\n")
    assert "<p>Dear Chen Lian,</p>" in approved.alternatives[0][0]
    assert "lotus.en" not in approved.body


def test_the_chinese_approval_names_the_company_in_chinese_from_the_portals_chinese_name(
    client, admin_user, lotus, django_capture_on_commit_callbacks, settings
):
    settings.DEFAULT_FROM_EMAIL = "UN Supplier Portal <noreply@portal.example.org>"
    lotus.owner.language = "zh-hans"
    lotus.owner.save()

    approved = approve_in_the_admin(client, admin_user, lotus, django_capture_on_commit_callbacks)

    assert "莲花太阳能有限公司" in approved.subject
    assert "Lotus Solar" not in approved.subject + approved.body
    assert approved.from_email == "联合国供应商门户 <noreply@portal.example.org>"
    assert "=?utf-8?" in approved.message()["From"] and "<noreply@portal.example.org>" in str(
        approved.message()["From"]
    )
    assert approved.body.startswith("Chen Lian，您好：\n")


def test_a_company_without_a_chinese_name_is_named_in_english_to_a_chinese_reader(
    client, admin_user, lotus, django_capture_on_commit_callbacks
):
    lotus.legal_name_local = ""
    lotus.save()
    lotus.owner.language = "zh-hans"
    lotus.owner.save()

    approved = approve_in_the_admin(client, admin_user, lotus, django_capture_on_commit_callbacks)

    assert "Lotus Solar Co., Ltd." in approved.subject


def test_the_accounts_own_name_comes_before_the_contact_person(
    lotus, django_capture_on_commit_callbacks
):
    lotus.owner.name = "Lian Chen-Wu"
    lotus.owner.save()

    with django_capture_on_commit_callbacks(execute=True):
        review.submit(lotus, by=lotus.owner)

    assert mail.outbox[0].body.startswith("Dear Lian Chen-Wu,\n")


def test_the_assessment_e_mail_greets_the_contact_and_names_the_company_in_chinese(
    client, staff, lotus, django_capture_on_commit_callbacks
):
    lotus.owner.language = "zh-hans"
    lotus.owner.save()
    round_ = submitted_round(lotus)
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/assessments/{round_.pk}/decide/", {"decision": "approve"})

    (reviewed,) = mail.outbox
    assert reviewed.body.startswith("Chen Lian，您好：\n")
    assert "莲花太阳能有限公司" in reviewed.body and "Lotus Solar" not in reviewed.body
    assert reviewed.from_email.startswith("联合国供应商门户 <")
