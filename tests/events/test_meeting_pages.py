"""The meeting pages: "Meet a buyer" on a fair for its participants, "My meetings" for a buyer in the
staff area; a supplier never sees another's requests, a buyer only the requests for their slots."""

from datetime import timedelta

import pytest

from events import meetings, registration
from events.models import MeetingRequest
from tests.events.factories import EventFactory
from tests.factories import StaffFactory
from tests.notices.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair(supplier, other_supplier):
    event = EventFactory(kind="fair", title_en="Procurement fair")
    registration.register(event=event, user=supplier)
    registration.register(event=event, user=other_supplier)
    return event


@pytest.fixture
def buyer(fair):
    user = StaffFactory(email="buyer@unicef.org")
    return meetings.add_buyer(event=fair, user=user, agency=AgencyFactory(acronym="UNICEF"))


@pytest.fixture
def slot(fair, buyer):
    start = fair.starts_at + timedelta(hours=1)
    return meetings.publish_slot(
        buyer=buyer, starts_at=start, ends_at=start + timedelta(minutes=20), table="Table 4"
    )


def test_a_participant_asks_for_a_buyers_time(client, fair, slot, supplier):
    client.force_login(supplier)
    assert f"/events/{fair.pk}/meetings/" in client.get(f"/events/{fair.pk}/").content.decode()
    page = client.get(f"/events/{fair.pk}/meetings/").content.decode()
    assert "UNICEF" in page and "Table 4" in page

    response = client.post(
        f"/events/{fair.pk}/meetings/{slot.pk}/request/", {"offer": "Solar lamps"}, follow=True
    )

    assert "Your request is sent to the buyer." in response.content.decode()
    assert MeetingRequest.objects.get().offer == "Solar lamps"


def test_an_empty_offer_is_refused_and_nothing_saved(client, fair, slot, supplier):
    client.force_login(supplier)
    response = client.post(f"/events/{fair.pk}/meetings/{slot.pk}/request/", {"offer": " "})
    assert response.status_code == 400
    assert "Say what your company offers." in response.content.decode()
    assert not MeetingRequest.objects.exists()


def test_without_a_seat_nothing_is_asked(client, fair, slot, people):
    client.force_login(people[0])
    response = client.post(f"/events/{fair.pk}/meetings/{slot.pk}/request/", {"offer": "Lamps"})
    assert response.status_code == 400
    assert "Only a participant with a seat" in response.content.decode()
    assert not MeetingRequest.objects.exists()


def test_a_slot_of_another_fair_is_a_404(client, fair, supplier):
    other = EventFactory(kind="fair")
    other_buyer = meetings.add_buyer(event=other, user=StaffFactory(), agency=AgencyFactory())
    start = other.starts_at + timedelta(hours=1)
    foreign = meetings.publish_slot(
        buyer=other_buyer, starts_at=start, ends_at=start + timedelta(minutes=20), table="T"
    )
    client.force_login(supplier)
    path = f"/events/{fair.pk}/meetings/{foreign.pk}/request/"
    assert client.post(path, {"offer": "Lamps"}).status_code == 404


def test_a_supplier_never_sees_anothers_requests(client, fair, slot, supplier, other_supplier):
    meetings.request_meeting(slot=slot, user=other_supplier, offer="Secret tents offer")
    client.force_login(supplier)
    assert "Secret tents offer" not in client.get(f"/events/{fair.pk}/meetings/").content.decode()


def test_the_pages_want_their_method_and_a_sign_in(client, fair, slot, supplier):
    anonymous = client.get(f"/events/{fair.pk}/meetings/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url
    client.force_login(supplier)
    assert client.post(f"/events/{fair.pk}/meetings/").status_code == 405
    assert client.get(f"/events/{fair.pk}/meetings/{slot.pk}/request/").status_code == 405
    workshop = EventFactory(kind="workshop")
    assert client.get(f"/events/{workshop.pk}/meetings/").status_code == 404


def test_the_buyer_accepts_and_the_supplier_sees_time_and_table(
    client, fair, slot, buyer, supplier
):
    asked = meetings.request_meeting(slot=slot, user=supplier, offer="Solar lamps")
    client.force_login(buyer.user)
    assert "Solar lamps" in client.get("/staff/meetings/").content.decode()

    response = client.post(
        f"/staff/meetings/{asked.pk}/decide/", {"accept": "1", "note": "Bring samples"}, follow=True
    )

    assert "The meeting is accepted." in response.content.decode()
    client.force_login(supplier)
    page = client.get(f"/events/{fair.pk}/meetings/").content.decode()
    assert "Accepted" in page and "Table 4" in page and "Bring samples" in page


def test_the_buyer_declines(client, slot, buyer, supplier):
    asked = meetings.request_meeting(slot=slot, user=supplier, offer="Lamps")
    client.force_login(buyer.user)
    client.post(f"/staff/meetings/{asked.pk}/decide/", {"accept": "0", "note": "Not now"})
    asked.refresh_from_db()
    assert (asked.status, asked.note) == ("declined", "Not now")


def test_a_buyer_sees_and_decides_only_their_own(client, fair, slot, supplier):
    asked = meetings.request_meeting(slot=slot, user=supplier, offer="Solar lamps")
    other = meetings.add_buyer(event=fair, user=StaffFactory(), agency=AgencyFactory())
    client.force_login(other.user)
    assert "Solar lamps" not in client.get("/staff/meetings/").content.decode()
    assert client.post(f"/staff/meetings/{asked.pk}/decide/", {"accept": "1"}).status_code == 404
    assert client.post(f"/staff/meetings/{asked.pk}/no-show/").status_code == 404
    asked.refresh_from_db()
    assert asked.status == "requested"


def test_a_supplier_is_refused_the_buyers_pages(client, slot, supplier):
    asked = meetings.request_meeting(slot=slot, user=supplier, offer="Lamps")
    client.force_login(supplier)
    assert client.get("/staff/meetings/").status_code == 403
    assert client.post(f"/staff/meetings/{asked.pk}/decide/", {"accept": "1"}).status_code == 403
    asked.refresh_from_db()
    assert asked.status == "requested"


def test_a_no_show_before_the_slot_is_refused(client, slot, buyer, supplier):
    asked = meetings.request_meeting(slot=slot, user=supplier, offer="Lamps")
    meetings.decide(asked, by=buyer.user, accept=True)
    client.force_login(buyer.user)
    response = client.post(f"/staff/meetings/{asked.pk}/no-show/", follow=True)
    assert "The meeting has not taken place yet." in response.content.decode()
    asked.refresh_from_db()
    assert not asked.no_show
