"""The e-mails between buyer and supplier about a notice, one function per message, each naming its
templates: a published answer to a clarification question (to the notice's followers and the
interested suppliers), an answer to the asker alone, and staff's message to the interested
suppliers (wrapped, as written, in each recipient's language). The alert outbox sends them; they
are registered with it in NoticesConfig.ready."""

from django.conf import settings

from accounts.emails import build_message
from notices.alerts.emails import unsubscribe_url
from notices.interest_models import InterestMessage, Question


def _context(delivery) -> dict:
    return {
        "delivery": delivery,
        "notice": delivery.notice,
        "notice_url": settings.SITE_URL + delivery.notice.get_absolute_url(),
    }


def answer_message(delivery):
    """A published answer (outbox row of kind "answer"; `event` is the question's id). The
    pipeline adds the one-click unsubscription headers."""
    question = Question.objects.get(pk=int(delivery.event))
    context = {
        **_context(delivery),
        "question": question,
        "unsubscribe_url": unsubscribe_url(delivery),
    }
    return build_message(user=delivery.user, template="notice_answer", context=context)


def reply_message(delivery):
    """An answer to the asker alone (kind "reply"): a personal message, without unsubscription."""
    question = Question.objects.get(pk=int(delivery.event))
    context = {**_context(delivery), "question": question}
    return build_message(user=delivery.user, template="notice_reply", context=context)


def interested_message(delivery):
    """Staff's message to the suppliers interested in a notice (kind "interested"; `event` is the
    message's id): their words as written, within the recipient's language."""
    message = InterestMessage.objects.get(pk=int(delivery.event))
    context = {
        **_context(delivery),
        "message": message,
        "unsubscribe_url": unsubscribe_url(delivery),
    }
    return build_message(user=delivery.user, template="notice_interested", context=context)
