"""Staff's answers to clarification questions (/staff/notices/<id>/questions/): published with the
question, reworded, to everyone who follows the notice or expressed interest in it (a row per
recipient and answer in the outbox, nobody twice), or to the asker alone; an answer turned into an
amendment; the published answers on the notice's page and in its OCDS release."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from notices import following, interest, questions
from notices.alerts import sending
from notices.alerts.models import AlertDelivery, DeliveryKind
from notices.interest_models import Question
from portal.interest import interested_company
from tests.factories import UserFactory
from tests.notices.conftest import assert_valid_release
from tests.notices.factories import NoticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice():
    now = timezone.now()
    return NoticeFactory(
        title="Solar lanterns for schools",
        deadline=now + timedelta(days=14),
        clarification_deadline=now + timedelta(days=7),
    )


@pytest.fixture
def question(notice, supplier, company):
    return questions.ask(
        notice,
        user=supplier,
        company_name="Lotus Solar Co., Ltd.",
        text="Lotus Solar here: may we offer 5,000 lanterns instead of 6,000?",
    )


def answer_form(question, **fields) -> dict:
    return {f"q{question.pk}-{name}": value for name, value in fields.items()}


@pytest.fixture
def audience(notice, supplier, other_supplier, other_company):
    """The asker follows the notice; another supplier expressed interest (and so follows it too);
    a Chinese reader only follows it; a stranger neither."""
    following.follow(notice, user=supplier)
    interest.express_interest(
        notice, user=other_supplier, company=interested_company(other_supplier)
    )
    reader = UserFactory(email="li@example.cn", language="zh-hans")
    following.follow(notice, user=reader)
    UserFactory(email="stranger@example.com")
    return reader


def test_staff_see_the_questions_with_their_askers(client, staff, question, notice):
    client.force_login(staff)

    content = client.get(f"/staff/notices/{notice.pk}/questions/").content.decode()

    assert "may we offer 5,000 lanterns" in content
    assert "Lotus Solar Co., Ltd." in content and "supplier@example.com" in content
    assert (
        f'href="/staff/notices/{notice.pk}/questions/"'
        in client.get(f"/staff/notices/{notice.pk}/").content.decode()
    )


def test_a_published_answer_reaches_followers_and_interested_suppliers_once_each(
    client, staff, question, notice, audience
):
    client.force_login(staff)

    response = client.post(
        f"/staff/notices/{notice.pk}/questions/{question.pk}/answer/",
        answer_form(
            question,
            how="publish",
            published_text="May a supplier offer 5,000 lanterns instead of 6,000?",
            answer="No: the quantity is fixed.",
        ),
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.status, question.answered_by) == ("published", staff)
    assert question.text.startswith("Lotus Solar here"), "the original is kept"
    rows = AlertDelivery.objects.filter(kind=DeliveryKind.ANSWER, event=str(question.pk))
    assert sorted(rows.values_list("user__email", flat=True)) == [
        "li@example.cn",
        "other@example.com",
        "supplier@example.com",
    ]
    assert sending.send_pending()["sent"] == 3
    sent = {message.to[0]: message for message in mail.outbox}
    english, chinese = sent["other@example.com"], sent["li@example.cn"]
    assert english.subject == "Clarification answered: Solar lanterns for schools"
    assert "May a supplier offer 5,000 lanterns" in english.body
    assert "No: the quantity is fixed." in english.body
    assert "Lotus Solar here" not in english.body, "the asker is never named"
    assert "此公告的一个澄清问题已获答复" in chinese.body
    # A bidder's answers are part of the tender: they stop when the interest is withdrawn. A
    # follower leaves with one click, as from an amendment.
    assert "List-Unsubscribe" not in english.extra_headers
    assert "withdraw the interest on the notice's page" in english.body
    assert "List-Unsubscribe" in chinese.extra_headers
    assert chinese.extra_headers["List-Unsubscribe"].strip("<>") in chinese.body


def test_publishing_again_writes_nothing_twice(staff, question, notice, audience):
    questions.publish_answer(question, published_text="Q?", answer="A.", by=staff)

    with pytest.raises(ValidationError, match="answered already"):
        questions.publish_answer(question, published_text="Q?", answer="A.", by=staff)
    assert AlertDelivery.objects.filter(kind=DeliveryKind.ANSWER).count() == 3


def test_the_public_page_shows_the_published_question_and_never_the_asker(
    client, staff, question, notice
):
    client.get(f"/notices/{notice.pk}/")  # the page's body is cached: the answer must refresh it
    questions.publish_answer(
        question, published_text="May a supplier offer fewer lanterns?", answer="No.", by=staff
    )

    content = client.get(f"/notices/{notice.pk}/").content.decode()

    assert "Clarification questions and answers" in content
    assert "May a supplier offer fewer lanterns?" in content
    assert "Lotus Solar" not in content and "supplier@example.com" not in content


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"how": "publish", "published_text": "", "answer": "A."}, "as it will be published"),
        ({"how": "publish", "published_text": "Q?", "answer": ""}, "This field is required."),
        ({"how": "", "published_text": "Q?", "answer": "A."}, "This field is required."),
        ({"how": "shout", "published_text": "Q?", "answer": "A."}, "Select a valid choice."),
    ],
)
def test_a_bad_answer_is_refused_and_nothing_is_sent(
    client, staff, question, notice, fields, error
):
    client.force_login(staff)

    response = client.post(
        f"/staff/notices/{notice.pk}/questions/{question.pk}/answer/",
        answer_form(question, **fields),
    )

    assert response.status_code == 400
    assert error in response.content.decode()
    question.refresh_from_db()
    assert question.status == "asked" and question.answer == ""
    assert not AlertDelivery.objects.exists()


def test_answering_is_a_post_and_names_a_question_of_the_notice(client, staff, question, notice):
    client.force_login(staff)

    assert (
        client.get(f"/staff/notices/{notice.pk}/questions/{question.pk}/answer/").status_code == 405
    )
    other = NoticeFactory()
    assert (
        client.post(
            f"/staff/notices/{other.pk}/questions/{question.pk}/answer/",
            answer_form(question, how="asker", answer="A."),
        ).status_code
        == 404
    )


def test_an_answer_to_the_asker_alone_stays_private(
    client, staff, question, notice, audience, supplier
):
    client.force_login(staff)

    client.post(
        f"/staff/notices/{notice.pk}/questions/{question.pk}/answer/",
        answer_form(question, how="asker", published_text="", answer="Yes, for lot 2 only."),
    )

    question.refresh_from_db()
    assert question.status == "private"
    rows = AlertDelivery.objects.filter(kind=DeliveryKind.REPLY)
    assert list(rows.values_list("user", flat=True)) == [supplier.pk]
    assert sending.send_pending()["sent"] == 1
    (message,) = mail.outbox
    assert message.to == ["supplier@example.com"]
    assert "Yes, for lot 2 only." in message.body and "may we offer 5,000 lanterns" in message.body
    assert "List-Unsubscribe" not in message.extra_headers, "a personal answer, not a list"
    assert "Yes, for lot 2 only." not in client.get(f"/notices/{notice.pk}/").content.decode()
    client.force_login(supplier)
    own = client.get(f"/notices/{notice.pk}/questions/").content.decode()
    assert "Yes, for lot 2 only." in own
    log = client.get("/alerts/log/").content.decode()
    assert "Answer to your question" in log and "You asked this question" in log


def test_an_answer_opens_the_amend_form_with_a_note_citing_it(client, staff, question, notice):
    questions.publish_answer(question, published_text="Q?", answer="6,000 are needed.", by=staff)
    client.force_login(staff)
    page = client.get(f"/staff/notices/{notice.pk}/questions/").content.decode()
    assert f'href="/staff/notices/{notice.pk}/edit/?answer={question.pk}"' in page

    form = client.get(f"/staff/notices/{notice.pk}/edit/?answer={question.pk}").context["form"]
    note = form.initial["note"]
    assert note == (
        f'Following the answer to clarification question {question.pk}: "6,000 are needed."'
    )
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and name not in {"agency", "reference"}
    }
    data["deadline"] = form.initial["deadline"].strftime("%Y-%m-%dT%H:%M")
    data["clarification_deadline"] = form.initial["clarification_deadline"].strftime(
        "%Y-%m-%dT%H:%M"
    )
    data["title"] = "Solar lanterns for schools (6,000)"

    client.post(f"/staff/notices/{notice.pk}/edit/?answer={question.pk}", data)

    amendment = notice.amendments.get()
    assert amendment.note == note
    assert amendment.changes.get().field == "title"


def test_an_unpublished_question_is_not_cited(client, staff, question, notice):
    client.force_login(staff)

    form = client.get(f"/staff/notices/{notice.pk}/edit/?answer={question.pk}").context["form"]

    assert "note" not in form.initial


def test_published_answers_are_the_releases_enquiries(client, staff, question, notice, validator):
    questions.publish_answer(
        question, published_text="May a supplier offer fewer?\nDetails.", answer="No.", by=staff
    )
    private = questions.ask(notice, user=question.asked_by, company_name="", text="Private?")
    questions.answer_asker(private, answer="Yes.", by=staff)

    release = client.get(f"/api/notices/ocds-unsupp-{notice.pk}/").json()["records"][0]["releases"][
        0
    ]

    question.refresh_from_db()
    notice.refresh_from_db()
    assert release["tender"]["enquiryPeriod"] == {
        "startDate": notice.published_at.isoformat().replace("+00:00", "Z"),
        "endDate": notice.clarification_deadline.isoformat().replace("+00:00", "Z"),
    }
    assert release["tender"]["enquiries"] == [
        {
            "id": str(question.pk),
            "date": question.asked_at.isoformat().replace("+00:00", "Z"),
            "title": "May a supplier offer fewer?",
            "description": "May a supplier offer fewer?\nDetails.",
            "answer": "No.",
            "dateAnswered": question.answered_at.isoformat().replace("+00:00", "Z"),
        }
    ]
    assert_valid_release(validator, release)


def test_a_notice_without_published_answers_has_no_enquiries(client, question, notice):
    release = client.get("/api/notices/").json()["releases"][0]

    assert "enquiries" not in release["tender"]
    assert "enquiryPeriod" in release["tender"]


def test_a_notice_without_a_clarification_deadline_has_no_enquiry_period(client):
    NoticeFactory()

    release = client.get("/api/notices/").json()["releases"][0]

    assert "enquiryPeriod" not in release["tender"]


def test_the_enquiries_extension_checks_its_fields(client, staff, question, notice, validator):
    questions.publish_answer(question, published_text="Q?", answer="A.", by=staff)
    release = client.get("/api/notices/").json()["releases"][0]
    release["tender"]["enquiries"][0]["dateAnswered"] = "yesterday"

    errors = list(validator.iter_errors(release))

    assert any("dateAnswered" in str(list(error.path)) for error in errors)


def test_answering_marks_the_notice_changed(staff, question, notice):
    before = Question.objects.get().notice.updated_at

    questions.publish_answer(question, published_text="Q?", answer="A.", by=staff)

    notice.refresh_from_db()
    assert notice.updated_at > before
