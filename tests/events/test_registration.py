"""Registering for an event: seats, the waiting list in order, promotion, who may register and
when, and sessions (one per time slot, within their seats)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone

from events import registration
from events.models import Event, Registration
from tests.events.factories import EventFactory, SessionFactory
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db
CONFIRMED, WAITING, CANCELLED = "confirmed", "waiting", "cancelled"


def test_a_seat_is_confirmed_while_seats_are_left_then_the_waiting_list_fills_in_order(people):
    event = EventFactory(capacity=2)

    made = [registration.register(event=event, user=user) for user in people[:4]]

    assert [r.status for r in made] == [CONFIRMED, CONFIRMED, WAITING, WAITING]
    assert [r.position for r in made] == [None, None, 1, 2]
    assert registration.seats_left(event) == 0
    assert list(registration.waiting_list(event)) == made[2:]


def test_a_cancelled_seat_goes_to_the_first_on_the_waiting_list(
    people, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    seated = registration.register(event=event, user=people[0])
    first = registration.register(event=event, user=people[1])
    second = registration.register(event=event, user=people[2])

    with django_capture_on_commit_callbacks(execute=True):
        promoted = registration.cancel(seated)

    assert promoted == [first]
    first.refresh_from_db(), second.refresh_from_db(), seated.refresh_from_db()
    assert (first.status, first.position) == (CONFIRMED, None)
    assert (second.status, second.position) == (WAITING, 2)
    assert seated.status == CANCELLED and seated.cancelled_at is not None
    assert [m.to for m in mail.outbox] == [[people[1].email]]
    assert "A seat is yours" in mail.outbox[0].subject


def test_places_in_line_close_up_as_those_ahead_get_seats(people):
    event = EventFactory(capacity=1)
    seated = registration.register(event=event, user=people[0])
    first = registration.register(event=event, user=people[1])
    second = registration.register(event=event, user=people[2])
    assert [registration.place_in_line(r) for r in (seated, first, second)] == [None, 1, 2]

    registration.cancel(seated)

    second.refresh_from_db()
    assert (second.position, registration.place_in_line(second)) == (2, 1)


def test_cancelling_a_waiting_place_promotes_nobody_and_frees_the_place(people):
    event = EventFactory(capacity=1)
    registration.register(event=event, user=people[0])
    waiting = registration.register(event=event, user=people[1])

    assert registration.cancel(waiting) == []
    assert registration.seats_left(event) == 0
    assert list(registration.waiting_list(event)) == []


def test_cancelling_twice_does_nothing_the_second_time(people):
    event = EventFactory(capacity=1)
    seated = registration.register(event=event, user=people[0])
    registration.register(event=event, user=people[1])
    registration.cancel(seated)

    assert registration.cancel(seated) == []
    assert Registration.objects.filter(status=CONFIRMED).count() == 1


def test_a_user_registers_once_but_may_register_again_after_cancelling(workshop, supplier):
    first = registration.register(event=workshop, user=supplier)
    with pytest.raises(ValidationError, match="You are already registered for this event"):
        registration.register(event=workshop, user=supplier)
    registration.cancel(first)

    again = registration.register(event=workshop, user=supplier)

    assert again.status == CONFIRMED
    assert workshop.registrations.count() == 2


def test_the_database_refuses_a_second_active_registration(workshop, supplier):
    Registration.objects.create(event=workshop, user=supplier, status=CONFIRMED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=workshop, user=supplier, status=WAITING, position=1)


def test_the_database_refuses_an_event_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        event = EventFactory.build()
        event.ends_at = event.starts_at - timedelta(hours=1)
        event.save()


def test_the_database_refuses_a_registration_deadline_after_the_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        event = EventFactory.build()
        event.registration_deadline = event.starts_at + timedelta(hours=1)
        event.save()


def test_the_database_refuses_an_event_without_seats():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(capacity=0)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "draft"}, "This event is not published yet."),
        ({"status": "cancelled"}, "This event is cancelled."),
        (
            {"eligibility": "invitation"},
            "Registration for this event is by invitation only: sign in with the address we invited.",
        ),
        (
            {"eligibility": "suppliers"},
            "This event is for suppliers: create your company's profile first.",
        ),
        (
            {"eligibility": "approved_suppliers"},
            "This event is for approved suppliers: your company's registration must be "
            "approved first.",
        ),
    ],
)
def test_it_refuses_with_a_reason(supplier, changes, message):
    event = EventFactory(**changes)

    with pytest.raises(ValidationError) as refused:
        registration.register(event=event, user=supplier)

    assert refused.value.messages == [message]
    assert registration.refusal(event, supplier) == message
    assert not Registration.objects.exists()


def test_registration_closes_at_the_deadline_and_says_when_in_the_events_zone(supplier):
    event = EventFactory()
    after = event.registration_deadline + timedelta(minutes=1)

    with pytest.raises(ValidationError) as refused:
        registration.register(event=event, user=supplier, now=after)

    deadline = event.registration_deadline.astimezone(event.zone)
    when = formats.date_format(deadline, "DATETIME_FORMAT")
    assert refused.value.messages == [f"Registration closed on {when} (Asia/Shanghai)."]
    assert not Registration.objects.exists()


def test_suppliers_events_take_suppliers_and_keep_their_company(supplier):
    company = SupplierFactory(owner=supplier)
    event = EventFactory(eligibility="suppliers")

    made = registration.register(event=event, user=supplier)

    assert made.supplier == company


def test_approved_suppliers_events_take_approved_suppliers_only(supplier, other_supplier):
    SupplierFactory(owner=supplier, status="approved")
    SupplierFactory(owner=other_supplier, status="submitted")
    event = EventFactory(eligibility="approved_suppliers")

    assert registration.register(event=event, user=supplier).status == CONFIRMED
    assert "approved suppliers" in registration.refusal(event, other_supplier)


def test_a_participant_chooses_one_of_the_parallel_sessions(workshop, supplier):
    talks = SessionFactory(event=workshop, starts_at=workshop.starts_at)
    parallel = [SessionFactory(event=workshop) for _ in range(3)]
    seat = registration.register(event=workshop, user=supplier)

    registration.choose_sessions(seat, sessions=[talks, parallel[1]])
    assert set(seat.sessions.all()) == {talks, parallel[1]}

    with pytest.raises(ValidationError, match="take place at the same time"):
        registration.choose_sessions(seat, sessions=[parallel[0], parallel[2]])
    assert set(seat.sessions.all()) == {talks, parallel[1]}, "nothing changed"


def test_a_full_session_is_refused(workshop, people):
    session = SessionFactory(event=workshop, capacity=1)
    first = registration.register(event=workshop, user=people[0])
    second = registration.register(event=workshop, user=people[1])
    registration.choose_sessions(first, sessions=[session])

    with pytest.raises(ValidationError, match="is full: choose another session"):
        registration.choose_sessions(second, sessions=[session])

    assert list(second.sessions.all()) == []
    registration.cancel(first)
    registration.choose_sessions(second, sessions=[session])
    assert list(second.sessions.all()) == [session], "a cancelled seat frees its sessions"


def test_only_a_confirmed_participant_chooses_sessions_and_only_this_events(people):
    event = EventFactory(capacity=1)
    session = SessionFactory(event=event)
    registration.register(event=event, user=people[0])
    waiting = registration.register(event=event, user=people[1])
    with pytest.raises(ValidationError, match="Only participants with a confirmed seat"):
        registration.choose_sessions(waiting, sessions=[session])

    other = EventFactory()
    seat = registration.register(event=other, user=people[2])
    with pytest.raises(ValidationError, match="Choose among this event's sessions"):
        registration.choose_sessions(seat, sessions=[session])


def test_a_past_deadline_is_checked_against_now_by_default(supplier):
    event = EventFactory(
        starts_at=timezone.now() + timedelta(hours=2),
        ends_at=timezone.now() + timedelta(hours=4),
        registration_deadline=timezone.now() - timedelta(minutes=1),
    )
    with pytest.raises(ValidationError, match="Registration closed on"):
        registration.register(event=event, user=supplier)


def test_nobody_is_promoted_once_the_event_has_started(people):
    event = EventFactory(capacity=1)
    seated = registration.register(event=event, user=people[0])
    waiting = registration.register(event=event, user=people[1])
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5),
        registration_deadline=timezone.now() - timedelta(days=1),
    )

    assert registration.cancel(seated) == []
    waiting.refresh_from_db()
    assert waiting.status == WAITING
