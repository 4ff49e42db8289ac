"""What happened to a published notice after its publication, newest first: its amendments, the
answers to clarification questions published on it, its cancellation and its awards. The notice's
updates feed (`notices.feeds.NoticeUpdatesFeed`) lists them; the notice's page shows the same
things in its own sections."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from notices.award_models import AwardStatus
from notices.interest_models import QuestionStatus
from notices.models import Notice

UPDATES_SHOWN = 50


@dataclass(frozen=True)
class Update:
    kind: str  # "amendment", "answer", "cancellation" or "award": the anchor of the notice's page
    key: str  # unique within the notice, and stable: the feed's guid
    at: datetime
    title: str
    text: str


def updates_of(notice: Notice, *, limit: int = UPDATES_SHOWN) -> list[Update]:
    """The notice's updates, newest first. Only what its public page shows: answers published on
    the notice (never the asker, never an answer given to the asker only), awards not cancelled."""
    updates = [
        *_amendments(notice, limit),
        *_answers(notice, limit),
        *_awards(notice, limit),
    ]
    if notice.cancelled_at:
        updates.append(
            Update(
                kind="cancellation",
                key="cancellation",
                at=notice.cancelled_at,
                title=_("The notice was cancelled"),
                text=notice.cancellation_reason,
            )
        )
    return sorted(updates, key=lambda update: update.at, reverse=True)[:limit]


def _amendments(notice: Notice, limit: int) -> list[Update]:
    from notices.templatetags.notices import field_label

    amendments = notice.amendments.prefetch_related("changes").order_by("-number")[:limit]
    return [
        Update(
            kind="amendment",
            key=f"amendment-{amendment.number}",
            at=amendment.created_at,
            title=_("Amendment %(number)s") % {"number": amendment.number},
            text="\n".join(
                [
                    amendment.note,
                    *(
                        _("Changed: %(field)s") % {"field": field_label(change.field)}
                        for change in amendment.changes.all()
                    ),
                ]
            ),
        )
        for amendment in amendments
    ]


def _answers(notice: Notice, limit: int) -> list[Update]:
    questions = notice.questions.filter(status=QuestionStatus.PUBLISHED).order_by("-answered_at")
    return [
        Update(
            kind="answer",
            key=f"answer-{question.pk}",
            at=question.answered_at,
            title=_("Clarification: %(question)s")
            % {"question": _shortened(question.published_text)},
            text=f"{_('Question')}: {question.published_text}\n{_('Answer')}: {question.answer}",
        )
        for question in questions[:limit]
    ]


def _awards(notice: Notice, limit: int) -> list[Update]:
    awards = notice.awards.exclude(
        status__in=[AwardStatus.CANCELLED, AwardStatus.UNSUCCESSFUL]
    ).order_by("-awarded_on", "-id")
    updates = []
    for award in awards[:limit]:
        value = f" · {award.value:,.2f} {award.currency}" if award.value is not None else ""
        updates.append(
            Update(
                kind="award",
                key=f"award-{award.pk}",
                at=award.created_at,  # when it became known here, whatever its date
                title=_("Awarded to %(supplier)s") % {"supplier": award.supplier_name},
                text=f"{award.supplier_name}{value} · {award.awarded_on.isoformat()}",
            )
        )
    return updates


def _shortened(text: str, length: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
