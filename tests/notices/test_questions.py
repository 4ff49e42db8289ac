"""Clarification questions: the notice's clarification deadline (set on the staff form and in the
admin, before the deadline), and a supplier asking until then at /notices/<id>/questions/; a
question is private to staff, the asker never shown."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from notices import questions
from notices.interest_models import Question
from notices.models import Notice
from tests.notices.factories import AgencyFactory, NoticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice():
    now = timezone.now()
    return NoticeFactory(
        deadline=now + timedelta(days=14), clarification_deadline=now + timedelta(days=7)
    )


def staff_form(agency, **overrides) -> dict:
    return {
        "agency": agency.pk,
        "reference": "RFQ/2026/900",
        "title": "Water purification tablets",
        "notice_type": "rfq",
        "categories": "47100000",
        "deadline": "2031-05-20T17:00",
        "deadline_time_zone": "Asia/Shanghai",
        "document_language": "en",
        "currency": "",
        **overrides,
    }


def test_staff_set_a_clarification_deadline_in_the_deadlines_time_zone(client, staff):
    client.force_login(staff)
    agency = AgencyFactory()

    response = client.post(
        "/staff/notices/new/", staff_form(agency, clarification_deadline="2031-05-10T12:00")
    )

    assert response.status_code == 302
    notice = Notice.objects.get(reference="RFQ/2026/900")
    assert notice.clarification_deadline.isoformat() == "2031-05-10T04:00:00+00:00"


@pytest.mark.parametrize("clarification", ["2031-05-20T17:00", "2031-06-01T09:00"])
def test_a_clarification_deadline_not_before_the_deadline_is_refused(client, staff, clarification):
    client.force_login(staff)

    response = client.post(
        "/staff/notices/new/", staff_form(AgencyFactory(), clarification_deadline=clarification)
    )

    assert response.status_code == 200
    assert (
        "The clarification deadline must come before the deadline for submissions."
        in response.content.decode()
    )
    assert not Notice.objects.filter(reference="RFQ/2026/900").exists()


def test_the_admin_refuses_a_clarification_deadline_after_the_deadline(client, admin_user):
    client.force_login(admin_user)
    agency = AgencyFactory()
    data = {
        **staff_form(agency, reference="ADM/9", clarification_deadline="2031-06-01T09:00"),
        "countries": ["CN"],
        "note": "",
        **{f"{name}-TOTAL_FORMS": "0" for name in ("attachments", "awards", "amendments")},
        **{f"{name}-INITIAL_FORMS": "0" for name in ("attachments", "awards", "amendments")},
    }

    response = client.post("/admin/notices/notice/add/", data)

    assert response.status_code == 200
    assert "The clarification deadline must come before the deadline" in response.content.decode()
    assert not Notice.objects.filter(reference="ADM/9").exists()


def test_the_database_holds_the_clarification_deadline_before_the_deadline(notice):
    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.filter(pk=notice.pk).update(
            clarification_deadline=notice.deadline + timedelta(minutes=1)
        )


def test_a_supplier_asks_before_the_clarification_deadline(client, supplier, company, notice):
    client.force_login(supplier)

    response = client.post(f"/notices/{notice.pk}/questions/", {"text": "Is lot 2 divisible?"})

    assert (
        response.status_code == 302 and response["Location"] == f"/notices/{notice.pk}/questions/"
    )
    question = Question.objects.get()
    assert (question.notice, question.asked_by, question.text, question.status) == (
        notice,
        supplier,
        "Is lot 2 divisible?",
        "asked",
    )
    assert question.company_name == "Lotus Solar Co., Ltd."
    page = client.get(f"/notices/{notice.pk}/questions/").content.decode()
    assert "Is lot 2 divisible?" in page and "Waiting for an answer" in page


def test_the_notice_page_invites_questions_until_the_clarification_deadline(
    client, supplier, notice
):
    client.force_login(supplier)

    content = client.get(f"/notices/{notice.pk}/").content.decode()

    assert f'href="/notices/{notice.pk}/questions/"' in content
    assert "Questions are taken until" in content


def test_after_the_clarification_deadline_questions_are_refused(client, supplier, company):
    now = timezone.now()
    notice = NoticeFactory(clarification_deadline=now - timedelta(minutes=1))
    client.force_login(supplier)

    response = client.post(f"/notices/{notice.pk}/questions/", {"text": "Too late?"})

    assert response.status_code == 400
    assert "The clarification deadline has passed: questions are closed." in (
        response.content.decode()
    )
    assert not Question.objects.exists()
    assert "Questions are taken until" not in client.get(f"/notices/{notice.pk}/").content.decode()


def test_a_notice_without_a_clarification_deadline_takes_no_question(client, supplier, company):
    notice = NoticeFactory()
    client.force_login(supplier)

    response = client.post(f"/notices/{notice.pk}/questions/", {"text": "Anyone?"})

    assert response.status_code == 400
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("text", "error"),
    [("", "This field is required."), ("x" * 2001, "at most 2000 characters")],
)
def test_an_empty_or_overlong_question_is_refused(client, supplier, company, notice, text, error):
    client.force_login(supplier)

    response = client.post(f"/notices/{notice.pk}/questions/", {"text": text})

    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Question.objects.exists()


def test_a_user_without_a_company_is_asked_to_register_it(client, supplier, notice):
    client.force_login(supplier)

    response = client.post(f"/notices/{notice.pk}/questions/", {"text": "Hello?"})

    assert response.status_code == 400
    assert "Register your company to ask questions." in response.content.decode()
    assert not Question.objects.exists()


def test_program_staff_do_not_ask(staff, notice):
    with pytest.raises(ValidationError, match="they do not ask them"):
        questions.ask(notice, user=staff, company_name="", text="Mine?")
    assert not Question.objects.exists()


def test_visitors_are_sent_to_log_in(client, notice):
    response = client.post(f"/notices/{notice.pk}/questions/", {"text": "Hello?"})

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Question.objects.exists()


def test_a_supplier_never_sees_another_suppliers_question(
    client, supplier, company, other_supplier, other_company, notice
):
    client.force_login(other_supplier)
    client.post(f"/notices/{notice.pk}/questions/", {"text": "Harbour asks about pumps"})
    client.force_login(supplier)

    assert "Harbour asks" not in client.get(f"/notices/{notice.pk}/questions/").content.decode()
    assert "Harbour asks" not in client.get(f"/notices/{notice.pk}/").content.decode()


def test_suppliers_cannot_open_the_staff_questions(client, supplier, notice):
    response = client.get(f"/staff/notices/{notice.pk}/questions/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    client.force_login(supplier)
    assert client.get(f"/staff/notices/{notice.pk}/questions/").status_code == 403
    assert client.post(f"/staff/notices/{notice.pk}/questions/1/answer/").status_code == 403


def test_a_chinese_reader_asks_in_chinese(client, supplier, company, notice):
    supplier.language = "zh-hans"
    supplier.save()
    client.force_login(supplier)

    page = client.get(f"/notices/{notice.pk}/questions/").content.decode()

    assert "提出澄清问题" in page and "发送问题" in page
    assert "Send the question" not in page
