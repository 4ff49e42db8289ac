"""A notice's clarification questions in its OCDS release: its clarification deadline as the end of
core OCDS's `tender.enquiryPeriod`, and its published questions and answers as `tender.enquiries`
of the OCDS Enquiries extension (pinned by commit, like the Location extension). Only what the
notice's page shows: the question as published (never its original wording, nor who asked), its
answer and their dates."""

from django.db.models import Prefetch

from notices.interest_models import Question, QuestionStatus

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
            "id": str(question.pk),
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
