"""The OCDS import reads a tender's enquiry period into the notice's clarification deadline and its
answered enquiries into the notice's published questions; importing them again writes nothing, a
changed answer is rewritten, and what the portal cannot hold is left out."""

from datetime import UTC, datetime

import pytest

from notices.importing import import_file
from notices.interest_models import Question, QuestionStatus
from notices.models import Notice
from tests.notices.import_files import release, write

pytestmark = pytest.mark.django_db

ENQUIRY = {
    "id": "q-1",
    "date": "2030-12-03T09:00:00Z",
    "title": "Pump head?",
    "description": "What pump head is required?",
    "answer": "At least 30 m.",
    "dateAnswered": "2030-12-04T09:00:00Z",
}


def with_enquiries(*enquiries, end_of_questions="2031-01-05T17:00:00Z") -> dict:
    return release(enquiryPeriod={"endDate": end_of_questions}, enquiries=list(enquiries))


def test_the_enquiry_period_and_answered_enquiries_are_read(tmp_path):
    unanswered = {"id": "q-2", "description": "Delivery to Kenya too?"}

    import_file(write(tmp_path, [with_enquiries(ENQUIRY, unanswered)]))

    notice = Notice.objects.get()
    assert notice.clarification_deadline == datetime(2031, 1, 5, 17, tzinfo=UTC)
    question = Question.objects.get()
    assert (question.status, question.source_key) == (QuestionStatus.PUBLISHED, "q-1")
    assert (question.published_text, question.answer) == (
        "What pump head is required?",
        "At least 30 m.",
    )
    assert question.asked_at == datetime(2030, 12, 3, 9, tzinfo=UTC)


def test_importing_them_again_writes_nothing(tmp_path):
    path = write(tmp_path, [with_enquiries(ENQUIRY)])
    import_file(path)

    report = import_file(path)

    assert (report.updated, report.unchanged) == (0, 1)
    assert Question.objects.count() == 1


def test_a_changed_answer_is_rewritten_and_a_new_one_added(tmp_path):
    import_file(write(tmp_path, [with_enquiries(ENQUIRY)]))
    second = {**ENQUIRY, "id": "q-2", "description": "Solar or diesel?", "answer": "Solar."}

    report = import_file(
        write(tmp_path, [with_enquiries({**ENQUIRY, "answer": "At least 35 m."}, second)])
    )

    assert report.updated == 1
    answers = dict(Question.objects.values_list("source_key", "answer"))
    assert answers == {"q-1": "At least 35 m.", "q-2": "Solar."}


def test_an_end_of_questions_after_the_deadline_is_left_out(tmp_path):
    import_file(write(tmp_path, [with_enquiries(end_of_questions="2031-02-01T00:00:00Z")]))

    assert Notice.objects.get().clarification_deadline is None


def test_a_bad_date_of_answer_refuses_the_release(tmp_path):
    report = import_file(write(tmp_path, [with_enquiries({**ENQUIRY, "dateAnswered": "soon"})]))

    assert report.created == 0
    assert "dateAnswered" in report.refused[0][1]
