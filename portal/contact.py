"""The contact page's messages: stored first, then e-mailed to program staff through the alert
outbox, so that a message is never lost to a mail server that is down (the outbox retries it) and
staff can see in the admin what came in, and whether it was answered.

Who receives them: every active member of the group "Program staff" whom the portal may e-mail
(an active account with a confirmed address that has not refused our mail). When there is none,
the admins (active superusers) who may be e-mailed receive them instead, so that a portal whose
staff group is still empty does not drop messages silently. When there is nobody at all, the
message waits in the admin (`/admin/portal/contactmessage/`, unhandled) and a warning is logged.

The program's address (PROGRAM_CONTACT_EMAIL) is shown on the page for those who prefer to write
directly; the form does not e-mail it: the outbox sends only to accounts, each in its reader's
language, and an address without an account would bypass its retries, suppression and log.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from notices.alerts import reachability, reminders
from portal.models import ContactMessage

logger = logging.getLogger(__name__)


def staff_recipients() -> QuerySet:
    """Who is e-mailed a contact message: the reachable program staff, or, when there is none, the
    reachable admins (active superusers); may be empty."""
    reachable = reachability.reachable_users()
    staff = reachable.filter(groups__name=settings.PROGRAM_STAFF_GROUP)
    if staff.exists():
        return staff
    return reachable.filter(is_superuser=True)


def receive(
    *, name: str, email: str, topic: str, message: str, user: User | None, language: str
) -> ContactMessage:
    """Store a message from the contact page and queue its e-mail to each of `staff_recipients`
    (sent once the transaction commits). Returns the stored message."""
    with transaction.atomic():
        contact = ContactMessage.objects.create(
            name=name, email=email, topic=topic, message=message, user=user, language=language
        )
        recipients = list(staff_recipients().values_list("pk", flat=True))
        queued = reminders.queue_contact_message(contact.pk, user_ids=recipients)
        if queued:
            transaction.on_commit(reminders.request_sending)
    if not queued:
        logger.warning("contact message %s has no staff to e-mail: see the admin", contact.pk)
    return contact


def mark_handled(messages: QuerySet, *, by: User) -> int:
    """Mark the messages that were not yet handled as handled by `by`, now. Returns how many."""
    return messages.filter(handled=False).update(
        handled=True, handled_at=timezone.now(), handled_by=by
    )


def mark_unhandled(messages: QuerySet) -> int:
    """Put messages back among those to answer. Returns how many changed."""
    return messages.filter(handled=True).update(handled=False, handled_at=None, handled_by=None)
