"""The e-mails between buyer and supplier about a notice, one function per message, each naming its
templates: a published answer to a clarification question (to the notice's followers and the
interested suppliers), an answer to the asker alone, and staff's message to the interested
suppliers (wrapped, as written, in each recipient's language). The alert outbox sends them; they
are registered with it in NoticesConfig.ready, as messages that are not a list.

A supplier whose company expressed interest in the notice is a bidder: answers and staff's
messages about the tender are part of the tender, not a list one leaves with a click; they stop
when the interest is withdrawn (the e-mail says so). A follower without interest gets an answer
as they get amendments, with the one-click link that stops following the notice (RFC 8058).
"""

from django.conf import settings

from accounts.emails import build_message
from notices.alerts.emails import list_headers, unsubscribe_url
from notices.interest_models import Interest, InterestMessage, Question


def _context(delivery) -> dict:
    return {
        "delivery": delivery,
        "notice": delivery.notice,
        "notice_url": settings.SITE_URL + delivery.notice.get_absolute_url(),
    }


def _is_interested(delivery) -> bool:
    return Interest.objects.filter(notice=delivery.notice_id, user=delivery.user_id).exists()


def answer_message(delivery):
    """A published answer (outbox row of kind "answer"; `event` is the question's id)."""
    question = Question.objects.get(pk=int(delivery.event))
    interested = _is_interested(delivery)
    url = "" if interested else unsubscribe_url(delivery)
    context = {**_context(delivery), "question": question, "interested": interested}
    message = build_message(
        user=delivery.user,
        template="notice_answer",
        context={**context, "unsubscribe_url": url},
    )
    if url:
        message.extra_headers.update(list_headers(url))
    return message


def reply_message(delivery):
    """An answer to the asker alone (kind "reply"): a personal message, without unsubscription."""
    question = Question.objects.get(pk=int(delivery.event))
    context = {**_context(delivery), "question": question}
    return build_message(user=delivery.user, template="notice_reply", context=context)


def interested_message(delivery):
    """Staff's message to the suppliers interested in a notice (kind "interested"; `event` is the
    message's id): their words as written, within the recipient's language."""
    message = InterestMessage.objects.get(pk=int(delivery.event))
    context = {**_context(delivery), "message": message}
    return build_message(user=delivery.user, template="notice_interested", context=context)
