"""Running a fair's meetings: staff add the agencies' buyers; a buyer publishes and withdraws their
times from My meetings; each side is e-mailed (the request to the buyer, the answer to the
supplier) in their language with the time in the fair's zone; staff follow the meetings per fair
and download them."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.core import mail

from events import meetings, registration
from events.models import Buyer, MeetingRequest, MeetingSlot
from tests.events.factories import EventFactory
from tests.factories import StaffFactory
from tests.notices.factories import AgencyFactory
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db
SHANGHAI_START = datetime(2031, 6, 3, 9, 0)  # the fair opens at 09:00 Shanghai time


@pytest.fixture
def fair(db):
    from zoneinfo import ZoneInfo

    start = SHANGHAI_START.replace(tzinfo=ZoneInfo("Asia/Shanghai"))
    return EventFactory(
        kind="fair",
        title_en="Procurement fair",
        title_zh="采购展会",
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        registration_deadline=start - timedelta(days=2),
    )


@pytest.fixture
def buyer_user(db):
    return StaffFactory(email="buyer@unicef.org", name="Maria Buyer", language="en")


@pytest.fixture
def desk(fair, buyer_user):
    return meetings.add_buyer(event=fair, user=buyer_user, agency=AgencyFactory(acronym="UNICEF"))


@pytest.fixture
def company(fair):
    supplier = SupplierFactory(
        legal_name="Fuzhou Bamboo Co., Ltd.", legal_name_local="福州竹业有限公司"
    )
    supplier.owner.language = "zh-hans"
    supplier.owner.save()
    registration.register(event=fair, user=supplier.owner)
    return supplier


def slot_at(desk, minutes: int, table: str = "Table 4") -> MeetingSlot:
    start = desk.event.starts_at + timedelta(minutes=minutes)
    return meetings.publish_slot(
        buyer=desk, starts_at=start, ends_at=start + timedelta(minutes=20), table=table
    )


def test_a_buyer_publishes_a_time_from_my_meetings_typed_in_the_fairs_zone(
    client, desk, buyer_user
):
    client.force_login(buyer_user)
    page = client.get("/staff/meetings/").content.decode()
    assert "Your times at Procurement fair (UNICEF)" in page and "Publish a time" in page

    response = client.post(
        f"/staff/meetings/desks/{desk.pk}/slots/",
        {"starts_at": "2031-06-03T10:00", "ends_at": "2031-06-03T10:20", "table": "Table 7"},
        follow=True,
    )

    assert "Your time is published" in response.content.decode()
    slot = MeetingSlot.objects.get()
    assert slot.starts_at == desk.event.starts_at + timedelta(hours=1), "10:00 in Shanghai"
    assert slot.table == "Table 7"


def test_a_time_outside_the_fair_is_refused_on_the_form_and_the_input_kept(
    client, desk, buyer_user
):
    client.force_login(buyer_user)

    response = client.post(
        f"/staff/meetings/desks/{desk.pk}/slots/",
        {"starts_at": "2031-06-04T10:00", "ends_at": "2031-06-04T10:20", "table": "Table 7"},
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "A meeting takes place during the fair" in text
    assert 'value="2031-06-04T10:00"' in text and 'value="Table 7"' in text
    assert not MeetingSlot.objects.exists()


def test_another_buyer_cannot_publish_at_someone_elses_desk(client, desk):
    client.force_login(StaffFactory(email="other@undp.org"))

    response = client.post(
        f"/staff/meetings/desks/{desk.pk}/slots/",
        {"starts_at": "2031-06-03T10:00", "ends_at": "2031-06-03T10:20", "table": "T"},
    )

    assert response.status_code == 404
    assert not MeetingSlot.objects.exists()


def test_a_time_still_waiting_for_an_answer_is_withdrawn_and_its_supplier_told(
    client, desk, buyer_user, company, django_capture_on_commit_callbacks
):
    free, asked = slot_at(desk, 60), slot_at(desk, 120, table="Table 8")
    meetings.request_meeting(slot=asked, user=company.owner, offer="Bamboo furniture")
    client.force_login(buyer_user)
    page = client.get("/staff/meetings/").content.decode()
    assert "free" in page and "requested (1)" in page
    assert "Withdraw this time and decline its requests" in page

    client.post(f"/staff/meetings/slots/{free.pk}/withdraw/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/staff/meetings/slots/{asked.pk}/withdraw/", follow=True)

    assert "The time is withdrawn." in response.content.decode()
    assert not MeetingSlot.objects.exists() and not MeetingRequest.objects.exists()
    message = mail.outbox[-1]
    assert message.to == [company.owner.email]
    assert message.subject == "洽谈未获接受：UNICEF · 采购展会", "in the supplier's language"
    assert "11:00" in message.body, "09:00 and two hours, in Shanghai"
    assert f"/events/{desk.event_id}/meetings/" in message.body


def test_a_time_with_an_accepted_meeting_is_not_withdrawn(client, desk, buyer_user, company):
    slot = slot_at(desk, 60)
    asked = meetings.request_meeting(slot=slot, user=company.owner, offer="Bamboo furniture")
    meetings.decide(asked, by=buyer_user, accept=True)
    client.force_login(buyer_user)
    page = client.get("/staff/meetings/").content.decode()
    assert "accepted: Fuzhou Bamboo Co., Ltd." in page and "Withdraw this time" not in page

    refused = client.post(f"/staff/meetings/slots/{slot.pk}/withdraw/", follow=True)

    assert "A meeting is accepted at this time" in refused.content.decode()
    assert MeetingSlot.objects.filter(pk=slot.pk).exists()


def test_another_buyer_cannot_withdraw_a_time(client, desk, company):
    slot = slot_at(desk, 60)
    client.force_login(StaffFactory(email="other@undp.org"))

    response = client.post(f"/staff/meetings/slots/{slot.pk}/withdraw/")

    assert response.status_code == 404
    assert MeetingSlot.objects.filter(pk=slot.pk).exists()


def test_the_buyer_hears_of_a_request_and_the_supplier_of_the_answer_each_in_their_language(
    desk, company, buyer_user, django_capture_on_commit_callbacks
):
    slot = slot_at(desk, 90, table="Table 9")

    with django_capture_on_commit_callbacks(execute=True):
        asked = meetings.request_meeting(slot=slot, user=company.owner, offer="Bamboo desks")
    to_buyer = mail.outbox[-1]
    with django_capture_on_commit_callbacks(execute=True):
        meetings.decide(asked, by=buyer_user, accept=True, note="Bring samples")
    to_supplier = mail.outbox[-1]

    assert to_buyer.to == ["buyer@unicef.org"]
    assert to_buyer.subject == "Meeting request at Procurement fair: Fuzhou Bamboo Co., Ltd."
    assert "Dear Maria Buyer," in to_buyer.body and "Bamboo desks" in to_buyer.body
    assert "10:30" in to_buyer.body and "China (Shanghai) Time" in to_buyer.body
    assert company.registration_number in to_buyer.body
    assert "/staff/meetings/" in to_buyer.body
    assert to_supplier.to == [company.owner.email]
    assert to_supplier.subject == "洽谈已接受：UNICEF · 采购展会"
    assert "Table 9" in to_supplier.body
    assert "10:30" in to_supplier.body and "Bring samples" in to_supplier.body
    assert f"/events/{desk.event_id}/meetings/" in to_supplier.body


def test_a_declined_request_tells_the_supplier_to_ask_for_another_time(
    desk, company, buyer_user, django_capture_on_commit_callbacks
):
    asked = meetings.request_meeting(slot=slot_at(desk, 30), user=company.owner, offer="Desks")

    with django_capture_on_commit_callbacks(execute=True):
        meetings.decide(asked, by=buyer_user, accept=False, note="Fully booked")

    message = mail.outbox[-1]
    assert message.subject == "洽谈未获接受：UNICEF · 采购展会"
    assert "Fully booked" in message.body and f"/events/{desk.event_id}/meetings/" in message.body


def test_staff_add_a_buyer_from_the_fairs_page_and_a_wrong_address_is_said(client, staff, fair):
    agency = AgencyFactory(acronym="UNDP")
    StaffFactory(email="buyer@undp.org")
    client.force_login(staff)
    detail = client.get(f"/staff/events/{fair.pk}/").content.decode()
    assert f"/staff/events/{fair.pk}/meetings/" in detail

    added = client.post(
        f"/staff/events/{fair.pk}/buyers/",
        {"email": "Buyer@UNDP.org", "agency": agency.pk},
        follow=True,
    )
    unknown = client.post(
        f"/staff/events/{fair.pk}/buyers/",
        {"email": "nobody@undp.org", "agency": agency.pk},
        follow=True,
    )
    supplier = SupplierFactory()
    not_staff = client.post(
        f"/staff/events/{fair.pk}/buyers/",
        {"email": supplier.owner.email, "agency": agency.pk},
        follow=True,
    )

    assert "buyer@undp.org is a buyer of UNDP at this fair." in added.content.decode()
    assert "No account has this address." in unknown.content.decode()
    assert "A buyer must have a staff account." in not_staff.content.decode()
    assert [(b.user.email, b.agency.acronym) for b in Buyer.objects.all()] == [
        ("buyer@undp.org", "UNDP")
    ]


def test_staff_follow_the_fairs_meetings_and_download_them(
    client, staff, desk, company, buyer_user
):
    accepted = meetings.request_meeting(slot=slot_at(desk, 0), user=company.owner, offer="Desks")
    meetings.decide(accepted, by=buyer_user, accept=True)
    meetings.request_meeting(slot=slot_at(desk, 30), user=company.owner, offer="=HYPERLINK()")
    slot_at(desk, 60, table="Table 2")
    client.force_login(staff)

    page = client.get(f"/staff/events/{desk.event_id}/meetings/")
    download = client.get(f"/staff/events/{desk.event_id}/meetings.csv")

    assert page.context["counts"] == {
        "requests": 2,
        "waiting": 1,
        "accepted": 1,
        "declined": 0,
        "no_shows": 0,
        "slots": 3,
    }
    assert "UNICEF · Maria Buyer" in page.content.decode()
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["Agency", "Buyer", "Start", "End", "Table", "Status"]
    assert rows[1][:7] == [
        "UNICEF",
        "buyer@unicef.org",
        "2031-06-03 09:00",
        "09:20",
        "Table 4",
        "Accepted",
        "Fuzhou Bamboo Co., Ltd.",
    ]
    assert rows[2][5] == "Requested" and rows[2][10] == "'=HYPERLINK()"
    assert rows[3][4:6] == ["Table 2", "Free"]
