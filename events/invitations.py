"""Invitation-only events: program staff invite people by e-mail address; whoever has confirmed an
invited address on their account may register (events.registration asks `is_invited`). Each new
invitation is e-mailed, in the language staff chose, after the commit (events.tasks)."""

import re
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from accounts.confirmation import confirmed_addresses
from events import tasks
from events.models import Eligibility, Event, EventStatus, Invitation, Registration

# Addresses are separated by spaces, commas, semicolons or lines (pasted from a spreadsheet or an
# e-mail's To: line).
SEPARATORS = re.compile(r"[\s,;]+")
MAX_AT_ONCE = 200


def addresses_in(text: str) -> list[str]:
    """The distinct addresses in what staff typed, in lower case, in their order; refused (with
    every bad one named) if any is not an e-mail address."""
    found = list(dict.fromkeys(part.lower() for part in SEPARATORS.split(text) if part))
    if not found:
        raise ValidationError(_("Give at least one e-mail address."), code="empty")
    if len(found) > MAX_AT_ONCE:
        raise ValidationError(
            _("Invite at most %(count)d addresses at once."),
            code="too_many",
            params={"count": MAX_AT_ONCE},
        )
    bad = [address for address in found if not _is_address(address)]
    if bad:
        raise ValidationError(
            _("These are not e-mail addresses: %(addresses)s. Nobody was invited."),
            code="invalid",
            params={"addresses": ", ".join(bad)},
        )
    return found


@transaction.atomic
def invite(*, event: Event, text: str, language: str, by) -> list[Invitation]:
    """Invite each address in `text` not yet invited; returns the new invitations (each e-mailed
    once committed). Only an invitation-only event that is not cancelled takes invitations."""
    if event.eligibility != Eligibility.INVITATION:
        raise ValidationError(
            _("Only an event open by invitation takes invitations."), code="not_by_invitation"
        )
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("This event is cancelled."), code="cancelled")
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose the language of the e-mail."), code="language")
    addresses = addresses_in(text)
    known = set(event.invitations.filter(email__in=addresses).values_list("email", flat=True))
    new = [
        Invitation(event=event, email=address, language=language, invited_by=by)
        for address in addresses
        if address not in known
    ]
    Invitation.objects.bulk_create(new)
    if event.status == EventStatus.PUBLISHED:
        for invitation in new:
            transaction.on_commit(partial(tasks.notify_invitation.delay, invitation.pk))
    return new


def send_waiting_invitations(event: Event) -> int:
    """When a draft is published: e-mail the invitations made while it was a draft."""
    ids = list(event.invitations.values_list("pk", flat=True))
    for pk in ids:
        transaction.on_commit(partial(tasks.notify_invitation.delay, pk))
    return len(ids)


def withdraw(invitation: Invitation) -> None:
    """Withdraw an invitation nobody has used yet: a registration made with it stays until it is
    cancelled."""
    if _registered(invitation.event).filter(pk=invitation.pk).exists():
        raise ValidationError(
            _("%(email)s has registered: the invitation can no longer be withdrawn."),
            code="used",
            params={"email": invitation.email},
        )
    invitation.delete()


def is_invited(event: Event, user) -> bool:
    """Whether one of the user's confirmed addresses is invited to the event."""
    addresses = [address.lower() for address in confirmed_addresses(user)]
    return event.invitations.filter(email__in=addresses).exists()


def invitations_of(event: Event):
    """The event's invitations, each with `registered`: someone holds a place with it."""
    return event.invitations.annotate(registered=_registered_expression()).select_related(
        "invited_by"
    )


def _registered(event: Event):
    return event.invitations.filter(_registered_expression())


def _registered_expression():
    active = Registration.objects.filter(event=OuterRef("event")).exclude(status="cancelled")
    by_account = active.filter(
        attendee_email="",
        user__emailaddress__email__iexact=OuterRef("email"),
        user__emailaddress__verified=True,
    )
    as_colleague = active.filter(Q(attendee_email__iexact=OuterRef("email")))
    return Exists(by_account) | Exists(as_colleague)


def _is_address(text: str) -> bool:
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True
