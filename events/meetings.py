"""Meetings with buyers at procurement fairs: a buyer (staff, for one agency) publishes slots; a
supplier with a seat at the fair asks for one, saying what they offer; the buyer accepts or
declines, and after the slot may record that the supplier did not come. A slot holds one meeting:
decisions lock the slot's row, and the database refuses a second accepted request should anything
get past that. Each function raises ValidationError when a rule is broken (nothing is saved)."""

from collections.abc import Iterable
from datetime import datetime
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from events import tasks
from events.models import (
    Buyer,
    Event,
    EventKind,
    EventStatus,
    MeetingRequest,
    MeetingSlot,
    MeetingStatus,
    Registration,
    RegistrationStatus,
)


@transaction.atomic
def add_buyer(*, event: Event, user, agency) -> Buyer:
    """Mark a staff account as a buyer of `agency` at the fair."""
    if event.kind != EventKind.FAIR:
        raise ValidationError(_("Buyers meet suppliers at procurement fairs only."), code="kind")
    if not user.is_staff:
        raise ValidationError(_("A buyer must have a staff account."), code="not_staff")
    buyer, _created = Buyer.objects.get_or_create(
        event=event, user=user, defaults={"agency": agency}
    )
    return buyer


@transaction.atomic
def publish_slot(
    *, buyer: Buyer, starts_at: datetime, ends_at: datetime, table: str
) -> MeetingSlot:
    """A time at a table, within the fair."""
    event = buyer.event
    if not (event.starts_at <= starts_at < ends_at <= event.ends_at):
        raise ValidationError(
            {
                "starts_at": ValidationError(
                    _("A meeting takes place during the fair, and ends after it starts."),
                    code="outside",
                )
            }
        )
    if not table.strip():
        raise ValidationError(
            {"table": ValidationError(_("Say at which table you meet."), code="no_table")}
        )
    if buyer.slots.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).exists():
        raise ValidationError(
            {
                "starts_at": ValidationError(
                    _("You already have a slot at that time."), code="overlap"
                )
            }
        )
    return MeetingSlot.objects.create(
        buyer=buyer, starts_at=starts_at, ends_at=ends_at, table=table.strip()
    )


@transaction.atomic
def request_meeting(
    *, slot: MeetingSlot, user, offer: str, categories: Iterable = ()
) -> MeetingRequest:
    """The supplier (a participant with a seat at the fair) asks for the slot."""
    slot = MeetingSlot.objects.select_for_update().select_related("buyer__event").get(pk=slot.pk)
    event = slot.buyer.event
    seat = Registration.objects.filter(
        event=event, user=user, attendee_email="", status=RegistrationStatus.CONFIRMED
    ).first()
    if seat is None or event.status != EventStatus.PUBLISHED:
        raise ValidationError(
            _("Only a participant with a seat at the fair asks for a meeting."), code="no_seat"
        )
    if not (offer or "").strip():
        raise ValidationError(
            {"offer": ValidationError(_("Say what your company offers."), code="no_offer")}
        )
    if slot.requests.filter(status=MeetingStatus.ACCEPTED).exists():
        raise ValidationError(_("This slot is taken."), code="taken")
    if slot.requests.filter(registration=seat).exists():
        raise ValidationError(_("You have already asked for this slot."), code="asked")
    request = MeetingRequest.objects.create(slot=slot, registration=seat, offer=offer.strip())
    request.categories.set(categories)
    transaction.on_commit(partial(tasks.notify_meeting_requested.delay, request.pk))
    return request


@transaction.atomic
def decide(request: MeetingRequest, *, by, accept: bool, note: str = "") -> MeetingRequest:
    """The slot's buyer accepts or declines the request; accepting one declines no other, but a
    slot holds one accepted meeting."""
    slot = MeetingSlot.objects.select_for_update().select_related("buyer").get(pk=request.slot_id)
    _check_buyer(slot, by)
    request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != MeetingStatus.REQUESTED:
        raise ValidationError(_("This request is already decided."), code="decided")
    if accept and slot.requests.filter(status=MeetingStatus.ACCEPTED).exists():
        raise ValidationError(_("This slot is taken."), code="taken")
    request.status = MeetingStatus.ACCEPTED if accept else MeetingStatus.DECLINED
    request.note, request.decided_at = (note or "").strip(), timezone.now()
    try:
        with transaction.atomic():
            request.save(update_fields=["status", "note", "decided_at"])
    except IntegrityError as error:  # another accepted it between our check and our write
        raise ValidationError(_("This slot is taken."), code="taken") from error
    transaction.on_commit(partial(tasks.notify_meeting_decided.delay, request.pk))
    return request


@transaction.atomic
def record_no_show(request: MeetingRequest, *, by, now: datetime | None = None) -> MeetingRequest:
    """After the slot, its buyer records that the supplier did not come."""
    request = (
        MeetingRequest.objects.select_for_update().select_related("slot__buyer").get(pk=request.pk)
    )
    _check_buyer(request.slot, by)
    if request.status != MeetingStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted meeting can be missed."), code="not_accepted")
    if (now or timezone.now()) < request.slot.ends_at:
        raise ValidationError(_("The meeting has not taken place yet."), code="too_early")
    request.no_show = True
    request.save(update_fields=["no_show"])
    return request


@transaction.atomic
def withdraw_slot(slot: MeetingSlot, *, by) -> list[MeetingRequest]:
    """The buyer takes back a time: refused once a meeting is accepted there (the supplier counts
    on it). Requests still waiting are declined: they go with the slot, and each supplier is told
    (the e-mail is built from the time and table passed to the task, the rows being gone).
    Returns the declined requests (unsaved copies: their rows are deleted with the slot)."""
    slot = MeetingSlot.objects.select_for_update().select_related("buyer").get(pk=slot.pk)
    _check_buyer(slot, by)
    if slot.requests.filter(status=MeetingStatus.ACCEPTED).exists():
        raise ValidationError(
            _("A meeting is accepted at this time: it can no longer be withdrawn."),
            code="accepted",
        )
    waiting = list(slot.requests.filter(status=MeetingStatus.REQUESTED))
    for request in waiting:
        request.status, request.decided_at = MeetingStatus.DECLINED, timezone.now()
        transaction.on_commit(partial(tasks.notify_slot_withdrawn.delay, **_told(request, slot)))
    slot.delete()
    return waiting


def _told(request: MeetingRequest, slot: MeetingSlot) -> dict:
    """What the worker needs to tell a supplier of a withdrawn time: ids and primitives only."""
    return {
        "registration_id": request.registration_id,
        "buyer_id": slot.buyer_id,
        "starts_at": slot.starts_at.isoformat(),
        "ends_at": slot.ends_at.isoformat(),
        "table": slot.table,
    }


def buyer_desks(user):
    """The fairs where the user is a buyer, each with its slots and their requests (three queries)."""
    return (
        Buyer.objects.filter(user=user)
        .select_related("event", "agency")
        .prefetch_related(_slots_with_requests())
        .order_by("-event__starts_at")
    )


def slot_answers(slot: MeetingSlot) -> tuple[list[MeetingRequest], MeetingRequest | None]:
    """The slot's requests waiting for an answer, and its accepted one (None if none); from the
    prefetched requests when the slot came from buyer_desks or fair_overview."""
    requests = slot.requests.all()
    waiting = [request for request in requests if request.status == MeetingStatus.REQUESTED]
    accepted = next((r for r in requests if r.status == MeetingStatus.ACCEPTED), None)
    return waiting, accepted


def fair_overview(event: Event) -> dict:
    """For staff: the fair's buyers with their slots and requests, and the counts."""
    requests = MeetingRequest.objects.filter(slot__buyer__event=event)
    counts = requests.aggregate(
        requests=Count("pk"),
        waiting=Count("pk", filter=Q(status=MeetingStatus.REQUESTED)),
        accepted=Count("pk", filter=Q(status=MeetingStatus.ACCEPTED)),
        declined=Count("pk", filter=Q(status=MeetingStatus.DECLINED)),
        no_shows=Count("pk", filter=Q(no_show=True)),
    )
    buyers = (
        Buyer.objects.filter(event=event)
        .select_related("user", "agency")
        .prefetch_related(_slots_with_requests())
        .order_by("agency__acronym", "user__email")
    )
    counts["slots"] = MeetingSlot.objects.filter(buyer__event=event).count()
    return {"buyers": buyers, "counts": counts}


def requests_of_supplier(*, event: Event, user):
    """The user's own requests at the fair, with their slot, buyer and agency."""
    return MeetingRequest.objects.filter(
        registration__event=event, registration__user=user
    ).select_related("slot__buyer__agency", "slot__buyer__user")


def requests_for_buyer(*, user):
    """The requests for the user's own slots, at every fair."""
    return MeetingRequest.objects.filter(slot__buyer__user=user).select_related(
        "slot__buyer__event", "registration__user", "registration__supplier"
    )


def waiting_for_buyer(user) -> int | None:
    """How many meeting requests wait for the buyer's answer; None for someone who is no buyer
    at any fair (one query, none for a user who is not staff)."""
    if not user.is_staff:
        return None
    counts = Buyer.objects.filter(user=user).aggregate(
        buyer=Count("pk", distinct=True),
        waiting=Count("slots__requests", filter=Q(slots__requests__status=MeetingStatus.REQUESTED)),
    )
    return counts["waiting"] if counts["buyer"] else None


def _slots_with_requests() -> Prefetch:
    """A buyer's slots, each with its requests and who made them (two queries for all buyers)."""
    requests = MeetingRequest.objects.select_related("registration__supplier", "registration__user")
    slots = MeetingSlot.objects.prefetch_related(Prefetch("requests", queryset=requests))
    return Prefetch("slots", queryset=slots)


def _check_buyer(slot: MeetingSlot, user) -> None:
    if slot.buyer.user_id != user.pk:
        raise PermissionDenied
