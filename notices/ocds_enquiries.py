"""A notice's clarification questions in its OCDS release: its clarification deadline as the end of
core OCDS's `tender.enquiryPeriod`, and its published questions and answers as `tender.enquiries`
of the OCDS Enquiries extension (pinned by commit, like the Location extension). Only what the
notice's page shows: the question as published (never its original wording, nor who asked), its
answer and their dates.

The importer reads them back (`imported_enquiries`, `clarification_deadline`): an answered enquiry
becomes a published question of the notice, known by its id at the publisher (`source_key`; the
portal's own by their id here), so that importing it again writes nothing.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q

from notices.import_fields import to_datetime
from notices.interest_models import QUESTION_MAX, Question, QuestionStatus

ENQUIRIES_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_enquiry_extension/"
    "0f32fcb807c149c5400b85f7d4f7da0f8d760984/extension.json"
)
TITLE_LENGTH = 120

# The relation a release reads (notices.ocds.RELEASE_RELATIONS), and the notice's page too.
PUBLISHED_QUESTIONS = Prefetch(
    "questions",
    queryset=Question.objects.filter(status=QuestionStatus.PUBLISHED).order_by("answered_at", "pk"),
    to_attr="published_answers",
)


def enquiry_fields(notice) -> dict:
    """The tender's `enquiryPeriod` (when the notice has a clarification deadline) and
    `enquiries` (when it has published answers)."""
    fields = {}
    if notice.clarification_deadline:
        period = {"endDate": _iso(notice.clarification_deadline)}
        if notice.published_at and notice.published_at < notice.clarification_deadline:
            period = {"startDate": _iso(notice.published_at), **period}
        fields["enquiryPeriod"] = period
    if answered := enquiries(notice):
        fields["enquiries"] = answered
    return fields


def _iso(moment) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def enquiries(notice) -> list[dict]:
    """The notice's published questions as OCDS enquiries, in the order they were answered."""
    answered = getattr(notice, "published_answers", None)
    if answered is None:  # not read with the release's relations
        answered = PUBLISHED_QUESTIONS.queryset.filter(notice=notice)
    return [
        {
            "id": question.source_key or str(question.pk),  # an imported one keeps its id
            "date": _iso(question.asked_at),
            "title": _title(question.published_text),
            "description": question.published_text,
            "answer": question.answer,
            "dateAnswered": _iso(question.answered_at),
        }
        for question in answered
    ]


def _title(text: str) -> str:
    """The question's first line, shortened: the enquiry's subject line."""
    line = text.strip().splitlines()[0]
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1] + "…"


# --- Reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedEnquiry:
    key: str
    text: str
    answer: str
    asked_at: datetime  # the date of answer when the file gives no date of the question
    answered_at: datetime

    @property
    def values(self) -> tuple:
        return (self.text, self.answer, self.asked_at, self.answered_at)


def clarification_deadline(tender: dict, *, deadline: datetime | None) -> datetime | None:
    """The end of the tender's enquiry period, when it comes before the deadline for submissions
    (the portal's rule; a later one is left out rather than refusing the notice)."""
    period = tender.get("enquiryPeriod")
    end = period.get("endDate") if isinstance(period, dict) else None
    moment = to_datetime(end, what="tender.enquiryPeriod.endDate")
    return moment if moment and deadline and moment < deadline else None


def imported_enquiries(tender: dict) -> list[ImportedEnquiry]:
    """The tender's answered enquiries (an unanswered one is not published on the portal)."""
    found = {}
    for entry in tender.get("enquiries") or []:
        if not isinstance(entry, dict):
            continue
        text = str(entry.get("description") or entry.get("title") or "").strip()
        answer = str(entry.get("answer") or "").strip()
        answered = to_datetime(entry.get("dateAnswered"), what="tender.enquiries.dateAnswered")
        key = str(entry.get("id") or "").strip()[:200]
        if key and text and answer and answered:
            asked = to_datetime(entry.get("date"), what="tender.enquiries.date")
            found[key] = ImportedEnquiry(
                key, text[:QUESTION_MAX], answer, asked or answered, answered
            )
    return list(found.values())


def held_questions(notice_ids) -> dict[int, dict[str, Question]]:
    """The questions of the notices an import compares with its enquiries, by notice and key:
    the imported ones, and the published ones of the portal (by their id, as exported)."""
    held: dict[int, dict[str, Question]] = {}
    rows = Question.objects.filter(notice_id__in=notice_ids).filter(
        Q(status=QuestionStatus.PUBLISHED) | ~Q(source_key="")
    )
    for question in rows:
        held.setdefault(question.notice_id, {})[question.source_key or str(question.pk)] = question
    return held


def question_values(question: Question) -> tuple:
    return (question.published_text, question.answer, question.asked_at, question.answered_at)


def changed_enquiries(held: dict[str, Question], enquiries: list[ImportedEnquiry]) -> list:
    """The enquiries that are new here or say something else now."""
    return [
        enquiry
        for enquiry in enquiries
        if enquiry.key not in held or question_values(held[enquiry.key]) != enquiry.values
    ]


def put_enquiries(notice, enquiries: list[ImportedEnquiry], held: dict[str, Question]) -> None:
    """Record the enquiries as the notice's published questions: new ones added, changed ones
    rewritten (the portal's own questions keep their original wording)."""
    for enquiry in enquiries:
        if enquiry.key in held:
            _answered(held[enquiry.key], enquiry).save()
    Question.objects.bulk_create(new_questions(notice, [e for e in enquiries if e.key not in held]))


def new_questions(notice, enquiries: list[ImportedEnquiry]) -> list[Question]:
    """The enquiries as new published questions of the notice (not saved)."""
    return [
        _answered(Question(notice=notice, source_key=e.key, text=e.text), enquiry=e)
        for e in enquiries
    ]


def _answered(question: Question, enquiry: ImportedEnquiry) -> Question:
    question.status = QuestionStatus.PUBLISHED
    question.published_text, question.answer = enquiry.text, enquiry.answer
    question.asked_at, question.answered_at = enquiry.asked_at, enquiry.answered_at
    return question
