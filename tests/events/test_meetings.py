"""Meetings with buyers at fairs (events.meetings): a buyer publishes slots, a supplier with a seat
asks for one, the buyer accepts or declines, a slot holds one accepted meeting, a no-show is
recorded after the slot; a supplier sees only their own requests, a buyer only their own slots."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from events import meetings, registration
from events.models import MeetingRequest, MeetingSlot
from tests.events.factories import EventFactory
from tests.factories import StaffFactory
from tests.notices.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair(db):
    return EventFactory(kind="fair", title_en="Procurement fair")


@pytest.fixture
def buyer(fair):
    return meetings.add_buyer(
        event=fair,
        user=StaffFactory(email="buyer@unicef.org"),
        agency=AgencyFactory(acronym="UNICEF"),
    )


@pytest.fixture
def slot(fair, buyer):
    start = fair.starts_at + timedelta(hours=1)
    return meetings.publish_slot(
        buyer=buyer, starts_at=start, ends_at=start + timedelta(minutes=20), table="Table 4"
    )


@pytest.fixture
def seated(fair, people):
    for user in people[:3]:
        registration.register(event=fair, user=user)
    return people[:3]


def test_a_buyer_publishes_a_slot_at_a_table(slot, buyer):
    assert list(buyer.slots.values_list("table", flat=True)) == ["Table 4"]


@pytest.mark.parametrize(
    ("minutes_from_start", "length", "table", "code"),
    [
        (-60, 20, "T1", "outside"),
        (60, -5, "T1", "outside"),
        (600, 20, "T1", "outside"),
        (65, 20, "T1", "overlap"),
        (120, 20, " ", "no_table"),
    ],
)
def test_a_bad_slot_is_refused_and_nothing_saved(
    fair, buyer, slot, minutes_from_start, length, table, code
):
    start = fair.starts_at + timedelta(minutes=minutes_from_start)
    with pytest.raises(ValidationError) as refused:
        meetings.publish_slot(
            buyer=buyer, starts_at=start, ends_at=start + timedelta(minutes=length), table=table
        )
    codes = [e.code for errors in refused.value.error_dict.values() for e in errors]
    assert codes == [code]
    assert MeetingSlot.objects.count() == 1


def test_buyers_are_staff_at_fairs_only(people):
    workshop = EventFactory(kind="workshop")
    agency = AgencyFactory(acronym="UNDP")
    with pytest.raises(ValidationError, match="procurement fairs only"):
        meetings.add_buyer(event=workshop, user=StaffFactory(), agency=agency)
    with pytest.raises(ValidationError, match="staff account"):
        meetings.add_buyer(event=EventFactory(kind="fair"), user=people[0], agency=agency)


def test_a_supplier_with_a_seat_requests_and_the_buyer_accepts(slot, buyer, seated):
    asked = meetings.request_meeting(slot=slot, user=seated[0], offer="Solar lamps")

    decided = meetings.decide(asked, by=buyer.user, accept=True, note="See you there")

    assert (decided.status, decided.note) == ("accepted", "See you there")
    assert decided.decided_at is not None


def test_the_buyer_declines_with_a_note(slot, buyer, seated):
    asked = meetings.request_meeting(slot=slot, user=seated[0], offer="Solar lamps")
    assert meetings.decide(asked, by=buyer.user, accept=False, note="Not our need").status == (
        "declined"
    )


def test_bad_requests_are_refused_and_nothing_saved(slot, fair, seated, people):
    with pytest.raises(ValidationError, match="with a seat"):
        meetings.request_meeting(slot=slot, user=people[4], offer="Lamps")
    with pytest.raises(ValidationError, match="what your company offers"):
        meetings.request_meeting(slot=slot, user=seated[0], offer="  ")
    meetings.request_meeting(slot=slot, user=seated[0], offer="Lamps")
    with pytest.raises(ValidationError, match="already asked"):
        meetings.request_meeting(slot=slot, user=seated[0], offer="Lamps again")
    assert MeetingRequest.objects.count() == 1


def test_a_slot_holds_one_meeting(slot, buyer, seated):
    first = meetings.request_meeting(slot=slot, user=seated[0], offer="Lamps")
    second = meetings.request_meeting(slot=slot, user=seated[1], offer="Tents")
    meetings.decide(first, by=buyer.user, accept=True)

    with pytest.raises(ValidationError, match="This slot is taken"):
        meetings.decide(second, by=buyer.user, accept=True)
    with pytest.raises(ValidationError, match="This slot is taken"):
        meetings.request_meeting(slot=slot, user=seated[2], offer="Water")
    second.refresh_from_db()
    assert second.status == "requested"


def test_the_database_refuses_a_second_accepted_meeting(slot, buyer, seated):
    first = meetings.request_meeting(slot=slot, user=seated[0], offer="Lamps")
    second = meetings.request_meeting(slot=slot, user=seated[1], offer="Tents")
    meetings.decide(first, by=buyer.user, accept=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingRequest.objects.filter(pk=second.pk).update(status="accepted")


def test_only_the_slots_buyer_decides(slot, seated, fair):
    other = meetings.add_buyer(event=fair, user=StaffFactory(), agency=AgencyFactory(acronym="WFP"))
    asked = meetings.request_meeting(slot=slot, user=seated[0], offer="Lamps")
    with pytest.raises(PermissionDenied):
        meetings.decide(asked, by=other.user, accept=True)
    with pytest.raises(PermissionDenied):
        meetings.decide(asked, by=seated[0], accept=True)
    asked.refresh_from_db()
    assert asked.status == "requested"


def test_a_no_show_is_recorded_after_the_slot_only(slot, buyer, seated):
    asked = meetings.request_meeting(slot=slot, user=seated[0], offer="Lamps")
    with pytest.raises(ValidationError, match="Only an accepted meeting"):
        meetings.record_no_show(asked, by=buyer.user, now=slot.ends_at)
    meetings.decide(asked, by=buyer.user, accept=True)
    with pytest.raises(ValidationError, match="not taken place yet"):
        meetings.record_no_show(asked, by=buyer.user, now=slot.starts_at)

    assert meetings.record_no_show(asked, by=buyer.user, now=slot.ends_at).no_show


def test_each_sees_only_their_own(slot, fair, buyer, seated):
    mine = meetings.request_meeting(slot=slot, user=seated[0], offer="Lamps")
    theirs = meetings.request_meeting(slot=slot, user=seated[1], offer="Tents")
    other = meetings.add_buyer(event=fair, user=StaffFactory(), agency=AgencyFactory(acronym="WFP"))

    assert list(meetings.requests_of_supplier(event=fair, user=seated[0])) == [mine]
    assert list(meetings.requests_for_buyer(user=buyer.user)) == [mine, theirs]
    assert list(meetings.requests_for_buyer(user=other.user)) == []


def test_only_the_slots_buyer_withdraws_it_and_not_once_a_meeting_is_accepted(slot, buyer, seated):
    with pytest.raises(PermissionDenied):
        meetings.withdraw_slot(slot, by=StaffFactory())
    accepted = meetings.request_meeting(slot=slot, user=seated[0], offer="Desks")
    meetings.decide(accepted, by=buyer.user, accept=True)

    with pytest.raises(ValidationError) as refused:
        meetings.withdraw_slot(slot, by=buyer.user)

    assert refused.value.code == "accepted"
    assert MeetingSlot.objects.filter(pk=slot.pk).exists()


def test_withdrawing_a_slot_declines_the_requests_waiting_for_an_answer(slot, buyer, seated):
    for user in seated[:2]:
        meetings.request_meeting(slot=slot, user=user, offer="Desks")

    declined = meetings.withdraw_slot(slot, by=buyer.user)

    assert [request.status for request in declined] == ["declined", "declined"]
    assert not MeetingSlot.objects.exists() and not MeetingRequest.objects.exists()
