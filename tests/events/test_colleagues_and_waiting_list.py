"""Registering a colleague by name and e-mail address (where the event allows it): a seat or the
waiting list like anyone, the e-mails to the colleague with the participant in copy, managed by the
participant; and staff giving someone on the waiting list a seat."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from events import attendance, invitations, registration
from events.models import Registration
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
COLLEAGUE = {"name": "Chen Jing", "email": "chen.jing@example.com"}


@pytest.fixture
def open_to_colleagues(db):
    return EventFactory(colleagues_allowed=True, capacity=2, title_en="Bidding online")


def test_a_participant_registers_a_colleague_who_gets_the_e_mails_with_them_in_copy(
    client, supplier, open_to_colleagues, django_capture_on_commit_callbacks
):
    client.force_login(supplier)
    page = client.get(f"/events/{open_to_colleagues.pk}/").content.decode()
    assert "Register my colleague" in page and "Your colleague&#x27;s e-mail address" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/events/{open_to_colleagues.pk}/colleagues/", COLLEAGUE, follow=True
        )

    text = response.content.decode()
    assert "Chen Jing is registered: we have e-mailed the details to chen.jing@example.com." in text
    assert "Cancel the registration of Chen Jing" in text
    made = Registration.objects.get()
    assert (made.user, made.attendee_name, made.status) == (supplier, "Chen Jing", "confirmed")
    message = mail.outbox[0]
    assert message.to == ["chen.jing@example.com"] and message.cc == [supplier.email]
    assert message.body.startswith("Dear Chen Jing,")
    assert (
        "registered you for this event, and can change or cancel the registration" in message.body
    )
    assert any(name.endswith(".ics") for name, *_ in message.attachments if name)
    assert registration.active_registration(open_to_colleagues, supplier) is None, (
        "the participant may still register themselves"
    )


def test_a_colleague_takes_a_seat_or_the_waiting_list_and_a_cancelled_one_frees_it(
    client, supplier, open_to_colleagues, people, django_capture_on_commit_callbacks
):
    registration.register(event=open_to_colleagues, user=people[0])
    registration.register(event=open_to_colleagues, user=people[1])
    client.force_login(supplier)

    response = client.post(f"/events/{open_to_colleagues.pk}/colleagues/", COLLEAGUE, follow=True)
    assert "The event is full: Chen Jing is number 1 on the waiting list." in (
        response.content.decode()
    )
    colleague = Registration.objects.get(attendee_email=COLLEAGUE["email"])
    seat = Registration.objects.get(user=people[0])

    with django_capture_on_commit_callbacks(execute=True):
        registration.cancel(seat)

    colleague.refresh_from_db()
    assert colleague.status == "confirmed"
    assert mail.outbox[-1].to == [COLLEAGUE["email"]]


@pytest.mark.parametrize(
    ("posted", "field", "message"),
    [
        ({"name": "", "email": "x@example.com"}, "name", "This field is required."),
        ({"name": "X", "email": "not an address"}, "email", "Enter a valid email address."),
        ({"name": "Me", "email": "OWNER@example.com"}, "email", "This is your own address"),
        (COLLEAGUE, "email", "chen.jing@example.com is already registered for this event."),
    ],
)
def test_bad_input_is_refused_on_its_field_and_kept(
    client, supplier, open_to_colleagues, posted, field, message
):
    supplier.email = "owner@example.com"
    supplier.save()
    registration.register_colleague(
        event=open_to_colleagues, user=UserFactory(), name="Chen Jing", email=COLLEAGUE["email"]
    )
    client.force_login(supplier)

    response = client.post(f"/events/{open_to_colleagues.pk}/colleagues/", posted)

    assert response.status_code == 400
    form = response.context["colleague_form"]
    assert message in " ".join(form.errors[field])
    assert f'value="{posted["email"]}"' in response.content.decode()
    assert Registration.objects.count() == 1


def test_an_event_that_does_not_allow_it_takes_no_colleague(client, supplier, workshop):
    client.force_login(supplier)

    page = client.get(f"/events/{workshop.pk}/").content.decode()
    response = client.post(f"/events/{workshop.pk}/colleagues/", COLLEAGUE)

    assert "Register my colleague" not in page
    assert response.status_code == 400
    assert "Participants cannot register colleagues for this event." in response.content.decode()
    assert not Registration.objects.exists()


def test_at_most_five_colleagues_each(supplier, open_to_colleagues):
    open_to_colleagues.capacity = 20
    open_to_colleagues.save()
    for n in range(registration.MAX_COLLEAGUES):
        registration.register_colleague(
            event=open_to_colleagues, user=supplier, name=f"C{n}", email=f"c{n}@example.com"
        )

    with pytest.raises(ValidationError, match="at most 5 colleagues"):
        registration.register_colleague(
            event=open_to_colleagues, user=supplier, name="C6", email="c6@example.com"
        )


def test_the_colleague_cannot_also_register_themselves_and_others_cannot_cancel_it(
    client, supplier, open_to_colleagues
):
    made = registration.register_colleague(event=open_to_colleagues, user=supplier, **COLLEAGUE)
    colleague = UserFactory(email=COLLEAGUE["email"])

    with pytest.raises(ValidationError, match="A colleague has already registered you"):
        registration.register(event=open_to_colleagues, user=colleague)
    client.force_login(colleague)
    cancel = client.post(f"/events/{open_to_colleagues.pk}/colleagues/{made.pk}/cancel/")
    assert cancel.status_code == 404
    made.refresh_from_db()
    assert made.status == "confirmed"

    client.force_login(supplier)
    client.post(f"/events/{open_to_colleagues.pk}/colleagues/{made.pk}/cancel/")
    made.refresh_from_db()
    assert made.status == "cancelled"


def test_at_an_invitation_event_only_an_invited_participant_brings_colleagues(
    supplier, other_supplier
):
    private = EventFactory(eligibility="invitation", colleagues_allowed=True)
    invitations.invite(event=private, text=supplier.email, language="en", by=None)

    with pytest.raises(ValidationError, match="by invitation only"):
        registration.register_colleague(event=private, user=other_supplier, **COLLEAGUE)
    made = registration.register_colleague(event=private, user=supplier, **COLLEAGUE)
    assert made.attendee_email == COLLEAGUE["email"]


def test_staff_find_a_colleague_at_the_door_by_their_own_name(supplier, open_to_colleagues):
    made = registration.register_colleague(event=open_to_colleagues, user=supplier, **COLLEAGUE)

    assert list(attendance.participants(open_to_colleagues, q="chen jing")) == [made]
    assert list(attendance.participants(open_to_colleagues, q=supplier.email)) == []


def test_staff_give_a_seat_from_the_waiting_list_adding_one_when_the_event_is_full(
    client, staff, people, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    registration.register(event=event, user=people[0])
    first = registration.register(event=event, user=people[1])
    second = registration.register(event=event, user=people[2])
    client.force_login(staff)
    page = client.get(f"/staff/events/{event.pk}/").content.decode()
    assert f"Add a seat for {people[2].name or people[2].email}" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/staff/events/{event.pk}/registrations/{second.pk}/seat/", follow=True
        )

    second.refresh_from_db()
    event.refresh_from_db()
    assert second.status == "confirmed" and second.position is None
    assert event.capacity == 2
    assert "has a seat and is told by e-mail. The event now has 2 seats." in (
        response.content.decode()
    )
    assert mail.outbox[-1].to == [people[2].email]
    first.refresh_from_db()
    assert first.status == "waiting" and registration.place_in_line(first) == 1


def test_a_free_seat_is_given_without_adding_one_and_only_from_the_waiting_list(staff, people):
    event = EventFactory(capacity=1)
    waiting = Registration.objects.create(event=event, user=people[0], status="waiting", position=1)

    registration.give_seat(waiting, by=staff)

    event.refresh_from_db()
    assert event.capacity == 1
    with pytest.raises(ValidationError, match="Only someone on the waiting list"):
        registration.give_seat(waiting, by=staff)
