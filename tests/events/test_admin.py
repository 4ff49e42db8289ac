"""The admin: an event with its sessions inline (a new one is a draft; a published one's fields
are read only, amended from /staff/events/), and the registrations, listed and read only."""

import pytest

from events import registration
from events.models import Event
from tests.events.factories import EventFactory, SessionFactory
from tests.factories import UserFactory
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db


def test_staff_add_a_draft_event_with_its_sessions_in_the_admin(client, staff):
    client.force_login(staff)
    prefix = "sessions"
    data = {
        "kind": "training",
        "title_en": "Writing a technical offer",
        "title_zh": "撰写技术标书",
        "description_en": "",
        "description_zh": "",
        "online_url": "",
        "venue": "UN House",
        "city": "Beijing",
        "starts_at_0": "2031-05-06",
        "starts_at_1": "09:00",
        "ends_at_0": "2031-05-06",
        "ends_at_1": "17:00",
        "time_zone": "Asia/Shanghai",
        "capacity": "30",
        "registration_deadline_0": "2031-05-01",
        "registration_deadline_1": "18:00",
        "eligibility": "suppliers",
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-0-title_en": "Morning",
        f"{prefix}-0-title_zh": "上午",
        f"{prefix}-0-room": "A",
        f"{prefix}-0-starts_at_0": "2031-05-06",
        f"{prefix}-0-starts_at_1": "09:00",
        f"{prefix}-0-ends_at_0": "2031-05-06",
        f"{prefix}-0-ends_at_1": "12:00",
        f"{prefix}-0-speakers": "",
        f"{prefix}-0-capacity": "",
    }

    response = client.post("/admin/events/event/add/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert (event.status, event.created_by) == ("draft", staff)
    assert [s.title_en for s in event.sessions.all()] == ["Morning"]


def test_a_published_events_fields_are_read_only_in_the_admin(client, staff, workshop):
    client.force_login(staff)

    form = client.get(f"/admin/events/event/{workshop.pk}/change/").context["adminform"].form

    assert "title_en" not in form.fields and "capacity" not in form.fields


def test_the_registrations_are_listed_by_event_and_status(client, admin_user, workshop):
    SessionFactory(event=workshop)
    for n in range(2):
        registration.register(event=workshop, user=UserFactory(email=f"reg{n}@example.com"))
    client.force_login(admin_user)

    listing = client.get("/admin/events/registration/?status__exact=confirmed")
    one = workshop.registrations.first()
    page = client.get(f"/admin/events/registration/{one.pk}/change/")

    assert listing.status_code == 200 and "reg0@example.com" in listing.content.decode()
    assert page.status_code == 200 and 'name="status"' not in page.content.decode()
    assert client.post(f"/admin/events/registration/{one.pk}/delete/").status_code == 403


def test_an_event_is_never_deleted_in_the_admin(client, admin_user):
    event = EventFactory()
    client.force_login(admin_user)

    assert client.post(f"/admin/events/event/{event.pk}/delete/").status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


def test_the_suppliers_record_lists_its_peoples_events_and_links_them_all(client, admin_user):
    company = SupplierFactory(legal_name="Fuzhou Bamboo Co., Ltd.")
    event = EventFactory(title_en="Bidding online", colleagues_allowed=True)
    registration.register(event=event, user=company.owner)
    registration.register_colleague(
        event=event, user=company.owner, name="Chen Jing", email="chen@example.com"
    )
    EventFactory(title_en="Someone else's fair")
    client.force_login(admin_user)

    record = client.get(f"/admin/suppliers/supplier/{company.pk}/change/").content.decode()
    everything = client.get(
        f"/admin/events/registration/?supplier__id__exact={company.pk}"
    ).content.decode()

    assert "Bidding online" in record and "Chen Jing" in record
    assert "Someone else" not in record
    assert f"/admin/events/registration/?supplier__id__exact={company.pk}" in record
    assert "Chen Jing" in everything and "2 registrations" in everything
