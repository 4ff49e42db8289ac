"""Registering for an event: who may, the seats and the waiting list, the sessions chosen.

Seats are counted with the event's row locked (`select_for_update`): on PostgreSQL two people
racing for the last seat are served one after the other, so one gets the seat and the other the
first place on the waiting list; SQLite writes one transaction at a time anyway. Every function
raises ValidationError with a message for the reader when a rule refuses (nothing is then saved),
and e-mails the participant after the commit (events.tasks).
"""

from collections.abc import Iterable
from datetime import datetime
from functools import partial
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events import invitations, tasks
from events.models import (
    Eligibility,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
    Session,
)
from suppliers import access
from suppliers.models import Supplier, SupplierStatus

ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
# How many colleagues one participant may register for an event (where the event allows it).
MAX_COLLEAGUES = 5
LISTED_FOR_COMPANY = 20


# --- Reads ------------------------------------------------------------------------------------------


def seats_taken(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def seats_left(event: Event) -> int:
    return max(event.capacity - seats_taken(event), 0)


def active_registration(event: Event, user) -> Registration | None:
    """The user's confirmed or waiting registration for the event, if any."""
    if not user.is_authenticated:
        return None
    return event.registrations.filter(user=user, attendee_email="", status__in=ACTIVE).first()


def colleagues_registered_by(event: Event, user):
    """The colleagues the user registered for the event (seat or waiting list)."""
    if not user.is_authenticated:
        return event.registrations.none()
    return event.registrations.filter(user=user, status__in=ACTIVE).exclude(attendee_email="")


def may_register_colleagues(event: Event, user) -> bool:
    """Whether the page offers the user the form for a colleague now."""
    return event.colleagues_allowed and refusal(event, user) is None


def waiting_list(event: Event):
    """The waiting registrations, first in line first."""
    return event.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "position", "created_at", "pk"
    )


def place_in_line(registration: Registration) -> int | None:
    """The waiting registration's place in line (1: the next seat is theirs); None for others.
    Positions keep the order of arrival; places close up as those ahead get seats or leave."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = registration.event.registrations.filter(
        status=RegistrationStatus.WAITING, position__lt=registration.position
    )
    return ahead.count() + 1


def latest_registrations_of_company(supplier: Supplier) -> list[Registration]:
    """The latest registrations made with the company (its people and the colleagues they
    registered), the latest event first, for staff reading its record (the admin links them all)."""
    registrations = supplier.event_registrations.select_related("event", "user", "certificate")
    return list(registrations.order_by("-event__starts_at", "-pk")[:LISTED_FOR_COMPANY])


def is_open(event: Event, *, now: datetime | None = None) -> bool:
    """Whether the event takes registrations now (published, before its deadline), from anyone
    it is for."""
    try:
        _check_open(event, now=now or timezone.now())
    except ValidationError:
        return False
    return True


def refusal(event: Event, user, *, now: datetime | None = None) -> str | None:
    """Why the user may not register for the event now, as a sentence for them; None when they
    may (an active registration of theirs is not a refusal: the page shows it instead)."""
    try:
        _check_open(event, now=now or timezone.now())
        _supplier_if_eligible(event, user)
    except ValidationError as error:
        return error.messages[0]
    return None


# --- Writes -----------------------------------------------------------------------------------------


@transaction.atomic
def register(*, event: Event, user, now: datetime | None = None) -> Registration:
    """A confirmed registration when a seat is left, else a place at the end of the waiting list."""
    event = _locked(event)
    _check_open(event, now=now or timezone.now())
    supplier = _supplier_if_eligible(event, user)
    if active_registration(event, user):
        raise ValidationError(_("You are already registered for this event."), code="registered")
    if _colleague_registration_of(event, user.email):
        raise ValidationError(
            _("A colleague has already registered you for this event: see your e-mail."),
            code="registered_by_colleague",
        )
    return _take_place(Registration(event=event, user=user, supplier=supplier))


@transaction.atomic
def register_colleague(
    *, event: Event, user, name: str, email: str, now: datetime | None = None
) -> Registration:
    """A participant registers a colleague by name and e-mail address, where the event allows it:
    a seat or the waiting list as for anyone; the colleague receives the e-mails, the participant
    manages the registration. At most MAX_COLLEAGUES each. At an event by invitation, the
    participant must be invited; the colleagues they bring need not be."""
    event = _locked(event)
    _check_open(event, now=now or timezone.now())
    supplier = _supplier_if_eligible(event, user)
    name, email = name.strip(), email.strip().lower()
    _check_colleague(event, user, name=name, email=email)
    registration = Registration(
        event=event, user=user, supplier=supplier, attendee_name=name, attendee_email=email
    )
    return _take_place(registration)


@transaction.atomic
def give_seat(registration: Registration, *, by) -> Registration:
    """Staff move someone from the waiting list to a seat, out of turn. When no seat is free the
    event gains one (staff decide to let them in); the participant is told as when promoted."""
    event = _locked(registration.event)
    registration.refresh_from_db()
    if registration.status != RegistrationStatus.WAITING:
        raise ValidationError(_("Only someone on the waiting list is given a seat."), code="seated")
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("This event is cancelled."), code="cancelled")
    if seats_taken(event) >= event.capacity:
        event.capacity += 1
        event.save(update_fields=["capacity", "updated_at"])
    registration.status, registration.position = RegistrationStatus.CONFIRMED, None
    registration.save(update_fields=["status", "position"])
    transaction.on_commit(partial(tasks.notify_promotion.delay, registration.pk))
    return registration


@transaction.atomic
def cancel(registration: Registration, *, now: datetime | None = None) -> list[Registration]:
    """Cancel a registration; a seat it frees goes to the first on the waiting list. Returns the
    registrations promoted."""
    event = _locked(registration.event)
    registration.refresh_from_db()
    if registration.status == RegistrationStatus.CANCELLED:
        return []
    registration.status = RegistrationStatus.CANCELLED
    registration.position = None
    registration.cancelled_at = now or timezone.now()
    registration.save(update_fields=["status", "position", "cancelled_at"])
    registration.sessions.clear()
    return promote_waiting(event)


def promote_waiting(event: Event) -> list[Registration]:
    """Give each free seat to the first on the waiting list, in order (the caller holds the lock).
    A cancelled event, or one that has started, promotes nobody."""
    if event.status != EventStatus.PUBLISHED or timezone.now() >= event.starts_at:
        return []
    free = event.capacity - seats_taken(event)
    promoted = list(waiting_list(event)[: max(free, 0)])
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.position = None
        registration.save(update_fields=["status", "position"])
        transaction.on_commit(partial(tasks.notify_promotion.delay, registration.pk))
    return promoted


@transaction.atomic
def choose_sessions(registration: Registration, *, sessions: Iterable[Session]) -> Registration:
    """The sessions a participant with a seat attends: at most one of those that overlap in time,
    each within its seats (a session without its own number has as many as the event)."""
    event = _locked(registration.event)
    registration.refresh_from_db()
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(
            _("Only participants with a confirmed seat choose sessions."), code="not_confirmed"
        )
    chosen = sorted(sessions, key=lambda session: session.starts_at)
    if any(session.event_id != event.pk for session in chosen):
        raise ValidationError(_("Choose among this event's sessions."), code="other_event")
    _check_no_overlap(chosen)
    for session in chosen:
        _check_session_seat(session, registration)
    registration.sessions.set(chosen)
    return registration


# --- Rules ------------------------------------------------------------------------------------------


def _take_place(registration: Registration) -> Registration:
    """A seat when one is left, else the end of the waiting list (the caller holds the lock)."""
    event = registration.event
    if seats_taken(event) < event.capacity:
        registration.status = RegistrationStatus.CONFIRMED
    else:
        registration.status = RegistrationStatus.WAITING
        registration.position = _next_position(event)
    registration.save()
    transaction.on_commit(partial(tasks.notify_registration.delay, registration.pk))
    return registration


def _colleague_registration_of(event: Event, email: str) -> Registration | None:
    return event.registrations.filter(attendee_email=email.lower(), status__in=ACTIVE).first()


def _check_colleague(event: Event, user, *, name: str, email: str) -> None:
    if not event.colleagues_allowed:
        raise ValidationError(
            _("Participants cannot register colleagues for this event."), code="no_colleagues"
        )
    errors = {}
    if not name:
        errors["name"] = _("Give your colleague's name.")
    if not email:
        errors["email"] = _("Give your colleague's e-mail address.")
    elif email == user.email.lower():
        errors["email"] = _("This is your own address: register yourself with the button above.")
    elif (
        _colleague_registration_of(event, email)
        or event.registrations.filter(
            user__email__iexact=email, attendee_email="", status__in=ACTIVE
        ).exists()
    ):
        errors["email"] = _("%(email)s is already registered for this event.") % {"email": email}
    if errors:
        raise ValidationError(errors)
    if colleagues_registered_by(event, user).count() >= MAX_COLLEAGUES:
        raise ValidationError(
            _("You may register at most %(count)d colleagues for an event."),
            code="too_many_colleagues",
            params={"count": MAX_COLLEAGUES},
        )


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _check_open(event: Event, *, now: datetime) -> None:
    if event.status == EventStatus.DRAFT:
        raise ValidationError(_("This event is not published yet."), code="draft")
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("This event is cancelled."), code="cancelled")
    if now >= event.registration_deadline:
        deadline = timezone.localtime(event.registration_deadline, event.zone)
        raise ValidationError(
            _("Registration closed on %(when)s (%(zone)s).")
            % {"when": formats.date_format(deadline, "DATETIME_FORMAT"), "zone": event.time_zone},
            code="closed",
        )


def _supplier_if_eligible(event: Event, user) -> Supplier | None:
    """The user's company (or None), when they may register for the event."""
    supplier = access.supplier_of(user)
    if not user.is_authenticated:
        raise ValidationError(_("Sign in to register for this event."), code="anonymous")
    if event.eligibility == Eligibility.INVITATION and not invitations.is_invited(event, user):
        raise ValidationError(
            _(
                "Registration for this event is by invitation only: sign in with the address we invited."
            ),
            code="invitation",
        )
    if event.eligibility == Eligibility.SUPPLIERS and supplier is None:
        raise ValidationError(
            _("This event is for suppliers: create your company's profile first."),
            code="no_supplier",
        )
    approved = supplier is not None and supplier.status == SupplierStatus.APPROVED
    if event.eligibility == Eligibility.APPROVED_SUPPLIERS and not approved:
        raise ValidationError(
            _(
                "This event is for approved suppliers: your company's registration must be approved first."
            ),
            code="not_approved",
        )
    return supplier


def _next_position(event: Event) -> int:
    last = event.registrations.aggregate(last=Max("position"))["last"]
    return (last or 0) + 1


def _check_no_overlap(chosen: list[Session]) -> None:
    for earlier, later in pairwise(chosen):
        if earlier.overlaps(later):
            raise ValidationError(
                _("“%(first)s” and “%(second)s” take place at the same time: choose one of them.")
                % {"first": earlier.title, "second": later.title},
                code="overlap",
            )


def _check_session_seat(session: Session, registration: Registration) -> None:
    if session.capacity is None:
        return
    others = session.registrations.filter(status=RegistrationStatus.CONFIRMED).exclude(
        pk=registration.pk
    )
    if others.count() >= session.capacity:
        raise ValidationError(
            _("“%(session)s” is full: choose another session.") % {"session": session.title},
            code="session_full",
        )
