"""Clarification questions and their answers.

Until a notice's clarification deadline, a signed-in supplier asks a question; it is private to
program staff. Staff either publish it (reworded so that nothing identifies the asker; the original
is kept) with its answer on the notice's page, which reaches everyone who follows the notice or
expressed interest in it, or answer the asker alone. Both answers travel the alert outbox: a row
per recipient and answer, written in the transaction that records the answer.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_program_staff
from notices.alerts import dispatch, reminders
from notices.alerts.models import DeliveryKind, Follow
from notices.interest_models import QUESTION_MAX, Interest, Question, QuestionStatus
from notices.models import Notice, NoticeStatus


def takes_questions(notice: Notice, *, now: datetime | None = None) -> bool:
    """Published, and before its clarification deadline."""
    now = now or timezone.now()
    return (
        notice.status == NoticeStatus.PUBLISHED
        and notice.clarification_deadline is not None
        and now < notice.clarification_deadline
    )


def ask(
    notice: Notice, *, user, company_name: str, text: str, now: datetime | None = None
) -> Question:
    """Record a supplier's question (`company_name`: the asker's company, for staff only)."""
    now = now or timezone.now()
    if not takes_questions(notice, now=now):
        raise ValidationError(
            _("The clarification deadline has passed: questions are closed."), code="closed"
        )
    if is_program_staff(user):
        raise ValidationError(_("Program staff answer questions; they do not ask them."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your question.")}, code="required")
    if len(text) > QUESTION_MAX:
        raise ValidationError(
            {"text": _("Keep the question under %(max)s characters.") % {"max": QUESTION_MAX}},
            code="too_long",
        )
    return Question.objects.create(
        notice=notice, asked_by=user, company_name=company_name, text=text, asked_at=now
    )


def _lock(question: Question) -> Question:
    locked = Question.objects.select_for_update().select_related("notice").get(pk=question.pk)
    if locked.status != QuestionStatus.ASKED:
        raise ValidationError(_("This question is answered already."), code="answered")
    return locked


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message}, code="required")
    return value


def audience(notice: Notice) -> Q:
    """Who hears of a published answer: the notice's followers and the users who expressed
    interest in it (each once)."""
    followers = Follow.objects.filter(notice=notice).values("user_id")
    interested = Interest.objects.filter(notice=notice).values("user_id")
    return Q(pk__in=followers) | Q(pk__in=interested)


@transaction.atomic
def publish_answer(question: Question, *, published_text: str, answer: str, by) -> Question:
    """Publish the question, as reworded, with its answer on the notice, and write the answer's
    outbox rows. The notice counts as changed (its page and its OCDS release show the answer)."""
    question = _lock(question)
    question.published_text = _required(
        published_text, "published_text", _("Give the question as it will be published.")
    )
    question.answer = _required(answer, "answer", _("Write the answer."))
    question.status = QuestionStatus.PUBLISHED
    _save_answer(question, by=by)
    Notice.objects.filter(pk=question.notice_id).update(updated_at=question.answered_at)
    dispatch.queue_notice_message(
        question.notice,
        kind=DeliveryKind.ANSWER,
        event=str(question.pk),
        audience=audience(question.notice),
    )
    transaction.on_commit(reminders.request_sending)
    return question


@transaction.atomic
def answer_asker(question: Question, *, answer: str, by) -> Question:
    """Answer the asker alone, by e-mail; the question stays private."""
    question = _lock(question)
    question.answer = _required(answer, "answer", _("Write the answer."))
    question.status = QuestionStatus.ANSWERED_PRIVATELY
    _save_answer(question, by=by)
    if question.asked_by_id:
        dispatch.queue_notice_message(
            question.notice,
            kind=DeliveryKind.REPLY,
            event=str(question.pk),
            audience=Q(pk=question.asked_by_id),
        )
        transaction.on_commit(reminders.request_sending)
    return question


def _save_answer(question: Question, *, by) -> None:
    question.answered_at, question.answered_by = timezone.now(), by
    question.full_clean(exclude=["notice", "asked_by", "answered_by"])
    question.save()


def published_questions(notice: Notice) -> QuerySet:
    """The notice's published questions and answers, in the order they were answered."""
    return Question.objects.filter(notice=notice, status=QuestionStatus.PUBLISHED).order_by(
        "answered_at", "pk"
    )


def questions_for_staff(notice: Notice) -> QuerySet:
    """Every question on the notice, those waiting first, then oldest first, with their askers."""
    waiting_first = Case(When(status=QuestionStatus.ASKED, then=Value(0)), default=Value(1))
    return (
        Question.objects.filter(notice=notice)
        .select_related("asked_by")
        .order_by(waiting_first, "asked_at", "pk")
    )


def questions_of(notice: Notice, *, user) -> QuerySet:
    """The questions the user asked on the notice (a supplier sees their own only)."""
    if not user.is_authenticated:
        return Question.objects.none()
    return Question.objects.filter(notice=notice, asked_by=user).order_by("asked_at", "pk")


def amendment_note(question: Question) -> str:
    """The note an amendment made from a published answer starts with: it cites the answer."""
    return _('Following the answer to clarification question %(number)s: "%(answer)s"') % {
        "number": question.pk,
        "answer": question.answer,
    }
