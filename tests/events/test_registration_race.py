"""Two suppliers racing for the last seat on PostgreSQL: one gets the seat, the other the first
place on the waiting list (the event's row is locked while seats are counted)."""

import contextlib
import threading

import pytest
from django.db import connection

from events import registration
from events.models import Registration
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
]


def test_two_registrations_for_the_last_seat_get_one_seat_and_one_waiting_place(monkeypatch):
    event = EventFactory(capacity=2)
    registration.register(event=event, user=UserFactory())
    racers = [UserFactory(email=f"racer{n}@example.com") for n in range(2)]
    # Both count the seats before either writes, unless the lock makes the second wait.
    counted = threading.Barrier(2, timeout=5)
    seats_taken = registration.seats_taken

    def slow_count(event):
        taken = seats_taken(event)
        # The other thread waits on the lock: it counts after this one commits.
        with contextlib.suppress(threading.BrokenBarrierError):
            counted.wait()
        return taken

    monkeypatch.setattr(registration, "seats_taken", slow_count)
    errors = []

    def register(user):
        try:
            registration.register(event=event, user=user)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(user,)) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    statuses = sorted(
        Registration.objects.filter(user__in=racers).values_list("status", "position")
    )
    assert statuses == [("confirmed", None), ("waiting", 1)]


def test_without_the_lock_both_would_have_taken_the_seat(monkeypatch):
    """The test above can fail: without select_for_update, the same race gives two seats."""
    event = EventFactory(capacity=2)
    registration.register(event=event, user=UserFactory())
    racers = [UserFactory(email=f"unlocked{n}@example.com") for n in range(2)]
    monkeypatch.setattr(registration, "_locked", lambda event: event)
    counted = threading.Barrier(2, timeout=5)
    seats_taken = registration.seats_taken

    def slow_count(event):
        taken = seats_taken(event)
        counted.wait()
        return taken

    monkeypatch.setattr(registration, "seats_taken", slow_count)

    def register(user):
        try:
            registration.register(event=event, user=user)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(user,)) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    confirmed = Registration.objects.filter(user__in=racers, status="confirmed").count()
    assert confirmed == 2, "the race is real: only the lock serves one after the other"
