"""Publishing events: drafts, publication, amendments (each change recorded) and cancellation.

Program staff do it from `/staff/events/`. Each function runs in one transaction with the event's
row locked, raises ValidationError when a rule is broken (nothing is then saved) and returns what it
changed. Registrants hear of an amendment or a cancellation by e-mail, each in their own language:
a row per registrant in the alert outbox, written in the same transaction (events.outbox).
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import invitations, outbox, registration
from events.models import Eligibility, Event, EventAmendment, EventStatus, Session

# What staff set on an event; once it is published, a change is an amendment.
EDITABLE_FIELDS = (
    "kind",
    "title_en",
    "title_zh",
    "description_en",
    "description_zh",
    "online",
    "online_url",
    "venue",
    "city",
    "starts_at",
    "ends_at",
    "time_zone",
    "capacity",
    "registration_deadline",
    "eligibility",
    "colleagues_allowed",
)


def create_draft(*, values: Mapping[str, Any], by) -> Event:
    event = Event(created_by=by, status=EventStatus.DRAFT)
    _apply(event, values)
    _validate(event)
    event.save()
    return event


@transaction.atomic
def update_draft(event: Event, *, values: Mapping[str, Any]) -> Event:
    """Change a draft freely: nobody has seen it, no history is kept."""
    event = _locked(event)
    if event.status != EventStatus.DRAFT:
        raise ValidationError(
            _("This event is published: change it with an amendment."), code="not_a_draft"
        )
    _apply(event, values)
    _validate(event)
    event.save()
    return event


@transaction.atomic
def publish(event: Event, *, by, now: datetime | None = None) -> Event:
    """Show a draft on /events/ and open its registration."""
    event, now = _locked(event), now or timezone.now()
    if event.status != EventStatus.DRAFT:
        raise ValidationError(_("Only a draft can be published."), code="not_a_draft")
    if event.registration_deadline <= now:
        raise ValidationError(
            _("The registration deadline has passed: set a later one before publishing."),
            code="deadline_passed",
        )
    event.status, event.published_at = EventStatus.PUBLISHED, now
    event.save(update_fields=["status", "published_at", "updated_at"])
    if event.eligibility == Eligibility.INVITATION:
        invitations.send_waiting_invitations(event)
    return event


@transaction.atomic
def amend(event: Event, *, values: Mapping[str, Any], note: str, by) -> EventAmendment:
    """Change a published event and record each changed field's value before and after. More seats
    go to the waiting list at once; fewer than the confirmed participants are refused."""
    event = _locked(event)
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("A cancelled event can no longer be changed."), code="cancelled")
    if not (note or "").strip():
        raise ValidationError(
            {"note": _("Say what changed and why: the participants read it.")}, code="no_note"
        )
    changes = _apply(event, values)
    if not changes:
        raise ValidationError(_("Nothing has changed."), code="unchanged")
    _check_capacity(event)
    _validate(event)
    event.save()
    amendment = EventAmendment.objects.create(
        event=event, changes=changes, note=note.strip(), created_by=by
    )
    registration.promote_waiting(event)
    outbox.queue_amendment(amendment)
    return amendment


def edit(event: Event, *, values: Mapping[str, Any], note: str, by) -> EventAmendment | None:
    """A draft is updated (None); a published event is amended (the amendment)."""
    if event.status == EventStatus.DRAFT:
        update_draft(event, values=values)
        return None
    return amend(event, values=values, note=note, by=by)


@transaction.atomic
def cancel(event: Event, *, reason: str, by, now: datetime | None = None) -> Event:
    """Cancel a published event; its registrants are told why. Registrations are kept."""
    event = _locked(event)
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("Only a published event can be cancelled."), code="not_published")
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": _("Give the reason: the participants read it.")}, code="no_reason"
        )
    event.status, event.cancellation_reason = EventStatus.CANCELLED, reason.strip()
    event.save(update_fields=["status", "cancellation_reason", "updated_at"])
    outbox.queue_cancellation(event)
    return event


SESSION_FIELDS = ("title_en", "title_zh", "room", "starts_at", "ends_at", "speakers", "capacity")


@transaction.atomic
def add_session(event: Event, *, values: Mapping[str, Any]) -> Session:
    """A session of a draft or published event, within the event's times."""
    event = _locked(event)
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("A cancelled event can no longer be changed."), code="cancelled")
    session = Session(
        event=event, **{name: values[name] for name in SESSION_FIELDS if name in values}
    )
    if (
        session.starts_at
        and session.ends_at
        and (session.starts_at < event.starts_at or session.ends_at > event.ends_at)
    ):
        raise ValidationError(
            {"starts_at": _("A session takes place between the event's start and end.")},
            code="outside_the_event",
        )
    session.full_clean()
    session.save()
    return session


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _apply(event: Event, values: Mapping[str, Any]) -> dict[str, dict]:
    """Set the editable values on the event (in memory); the changes, as JSON: field: before, after."""
    changes = {}
    for field in EDITABLE_FIELDS:
        if field not in values:
            continue
        before, after = getattr(event, field), values[field]
        if before != after:
            changes[field] = {"before": _as_json(before), "after": _as_json(after)}
            setattr(event, field, after)
    return changes


def _as_json(value):
    return value.isoformat() if isinstance(value, datetime) else value


def _check_capacity(event: Event) -> None:
    taken = registration.seats_taken(event)
    if event.capacity is not None and event.capacity < taken:
        raise ValidationError(
            {
                "capacity": _(
                    "%(count)s participants have a seat: the event needs at least %(count)s seats."
                )
                % {"count": taken}
            },
            code="capacity_below_seats",
        )


def _validate(event: Event) -> None:
    event.full_clean(exclude=["created_by"])
