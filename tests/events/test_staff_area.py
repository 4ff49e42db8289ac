"""The events area /staff/events/: program staff create, publish, amend and cancel events, and the
registrants are told by e-mail in their language; nobody else gets in."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from events import publishing, registration
from events.models import Event, EventAmendment
from tests.events.factories import EventFactory, in_days
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def event_form(**overrides) -> dict:
    start = in_days(40).astimezone(Event(time_zone="Asia/Shanghai").zone)
    return {
        "kind": "workshop",
        "title_en": "Selling to the UN",
        "title_zh": "向联合国销售",
        "description_en": "Talks, then trainings.",
        "description_zh": "讲座，然后是培训。",
        "venue": "UN House",
        "city": "Shanghai",
        "online_url": "",
        "starts_at": start.strftime("%Y-%m-%dT09:00"),
        "ends_at": start.strftime("%Y-%m-%dT17:00"),
        "registration_deadline": (start - timedelta(days=7)).strftime("%Y-%m-%dT18:00"),
        "time_zone": "Asia/Shanghai",
        "capacity": "70",
        "eligibility": "signed_in",
        **overrides,
    }


PAGES = [
    "/staff/events/",
    "/staff/events/new/",
    "/staff/events/{pk}/",
    "/staff/events/{pk}/edit/",
    "/staff/events/{pk}/cancel/",
]


@pytest.mark.parametrize("path", PAGES)
def test_program_staff_open_every_page(client, staff, workshop, path):
    client.force_login(staff)
    assert client.get(path.format(pk=workshop.pk)).status_code == 200


@pytest.mark.parametrize(
    "path", [*PAGES, "/staff/events/{pk}/publish/", "/staff/events/{pk}/sessions/"]
)
def test_suppliers_are_refused_and_visitors_sent_to_sign_in(client, supplier, workshop, path):
    path = path.format(pk=workshop.pk)
    anonymous = client.get(path)
    client.force_login(supplier)

    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    assert client.get(path).status_code == 403
    assert client.post(path).status_code == 403


@pytest.mark.parametrize("path", ["/staff/events/", "/staff/events/{pk}/"])
def test_read_only_pages_refuse_a_post(client, staff, workshop, path):
    client.force_login(staff)
    assert client.post(path.format(pk=workshop.pk)).status_code == 405


def test_publish_wants_a_post(client, staff):
    draft = EventFactory(status="draft")
    client.force_login(staff)

    assert client.get(f"/staff/events/{draft.pk}/publish/").status_code == 405
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_staff_create_a_draft_in_the_events_time_zone_then_publish_it(client, staff):
    client.force_login(staff)

    response = client.post("/staff/events/new/", event_form())

    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/events/{event.pk}/"
    assert event.status == "draft" and event.created_by == staff
    local = event.starts_at.astimezone(event.zone)
    assert (local.hour, local.utcoffset()) == (9, timedelta(hours=8))
    assert list(client.get("/events/").context["page"].object_list) == []

    published = client.post(f"/staff/events/{event.pk}/publish/", follow=True)

    assert "The event is published." in published.content.decode()
    event.refresh_from_db()
    assert event.status == "published" and event.published_at is not None
    assert [e.pk for e in client.get("/events/").context["page"].object_list] == [event.pk]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": "2020-01-01T08:00"}, None, "The event must end after it starts."),
        ({"title_en": ""}, "title_en", "This field is required."),
        ({"capacity": "0"}, None, "An event has at least one seat."),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice."),
        ({"city": ""}, None, "Give the city, or say that the event is online."),
        ({"online": "on", "city": ""}, None, "An online event needs its link."),
        ({"starts_at": "99999-01-01T09:00"}, "starts_at", "Enter a valid date/time."),
    ],
)
def test_a_bad_event_is_refused_with_its_reason_and_nothing_is_saved(
    client, staff, overrides, field, message
):
    client.force_login(staff)

    response = client.post("/staff/events/new/", event_form(**overrides))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in error for error in errors.get(field or "__all__", []))
    assert not Event.objects.exists()


def test_a_deadline_after_the_start_is_refused(client, staff):
    client.force_login(staff)
    form = event_form()
    form["registration_deadline"] = form["ends_at"]

    response = client.post("/staff/events/new/", form)

    assert "Registration must close before the event starts." in response.content.decode()
    assert not Event.objects.exists()


def test_publishing_after_the_registration_deadline_is_refused(client, staff):
    draft = EventFactory(status="draft", starts_at=in_days(1), registration_deadline=in_days(-1))
    client.force_login(staff)

    response = client.post(f"/staff/events/{draft.pk}/publish/", follow=True)

    assert "The registration deadline has passed" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_an_amendment_is_recorded_and_every_registrant_told_in_their_language(
    client, staff, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1, title_en="Workshop", title_zh="研讨会")
    english = UserFactory(email="en@example.com")
    chinese = UserFactory(email="zh@example.com", language="zh-hans")
    registration.register(event=event, user=english)
    registration.register(event=event, user=chinese)  # waiting
    client.force_login(staff)
    new_start = event.starts_at.astimezone(event.zone) + timedelta(days=1)
    form = event_form(
        title_en="Workshop",
        title_zh="研讨会",
        starts_at=new_start.strftime("%Y-%m-%dT%H:%M"),
        ends_at=(new_start + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M"),
        registration_deadline=event.registration_deadline.astimezone(event.zone).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        capacity="1",
        venue="UN House",
        note="The workshop moves to the next day.",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/staff/events/{event.pk}/edit/", form, follow=True)

    assert "The amendment is published." in response.content.decode()
    amendment = EventAmendment.objects.get()
    assert set(amendment.changes) == {
        "starts_at",
        "ends_at",
        "description_en",
        "description_zh",
    }
    assert amendment.note == "The workshop moves to the next day."
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"en@example.com", "zh@example.com"}
    assert by_address["en@example.com"].subject == "Changed: Workshop"
    assert "The workshop moves to the next day." in by_address["en@example.com"].body
    assert "Start: " in by_address["en@example.com"].body
    assert by_address["zh@example.com"].subject == "活动变更：研讨会"
    assert "开始时间：" in by_address["zh@example.com"].body
    seated_files = by_address["en@example.com"].attachments
    assert len(seated_files) == 1 and by_address["zh@example.com"].attachments == []
    calendar = icalendar.Calendar.from_ical(seated_files[0][1])
    assert calendar.walk("VEVENT")[0]["SEQUENCE"] == 1


def test_an_amendment_needs_a_note_and_a_change(client, staff, workshop):
    client.force_login(staff)
    unchanged = event_form(
        **{
            name: getattr(workshop, name)
            for name in ("title_en", "title_zh", "description_en", "description_zh", "venue")
        },
        starts_at=workshop.starts_at.astimezone(workshop.zone).strftime("%Y-%m-%dT%H:%M"),
        ends_at=workshop.ends_at.astimezone(workshop.zone).strftime("%Y-%m-%dT%H:%M"),
        registration_deadline=workshop.registration_deadline.astimezone(workshop.zone).strftime(
            "%Y-%m-%dT%H:%M"
        ),
    )

    no_note = client.post(f"/staff/events/{workshop.pk}/edit/", {**unchanged, "title_en": "New"})
    no_change = client.post(f"/staff/events/{workshop.pk}/edit/", {**unchanged, "note": "Why"})

    assert "Say what changed and why: the participants read it." in no_note.content.decode()
    assert "Nothing has changed." in no_change.content.decode()
    workshop.refresh_from_db()
    assert workshop.title_en != "New" and not EventAmendment.objects.exists()


def test_times_shown_to_the_minute_are_not_changes(client, staff):
    event = EventFactory()
    Event.objects.filter(pk=event.pk).update(starts_at=event.starts_at + timedelta(seconds=30))
    event.refresh_from_db()
    client.force_login(staff)
    form = client.get(f"/staff/events/{event.pk}/edit/").context["form"]
    values = {name: form[name].value() for name in form.fields if name != "online"}
    values = {
        k: v.strftime("%Y-%m-%dT%H:%M") if hasattr(v, "strftime") else v for k, v in values.items()
    }

    client.post(f"/staff/events/{event.pk}/edit/", {**values, "title_en": "Renamed", "note": "n"})

    assert EventAmendment.objects.get().changes.keys() == {"title_en"}


def test_fewer_seats_than_participants_is_refused_and_more_seats_promote_the_waiting(staff, people):
    event = EventFactory(capacity=2)
    made = [registration.register(event=event, user=user) for user in people[:3]]
    with pytest.raises(ValidationError, match="2 participants have a seat"):
        publishing.amend(event, values={"capacity": 1}, note="Smaller room", by=staff)

    publishing.amend(event, values={"capacity": 3}, note="Bigger room", by=staff)

    made[2].refresh_from_db()
    assert made[2].status == "confirmed"


def test_cancelling_tells_every_registrant_why(
    client, staff, people, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1, title_en="Fair")
    registration.register(event=event, user=people[0])
    registration.register(event=event, user=people[1])
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/staff/events/{event.pk}/cancel/", {"reason": "The venue is closed."}, follow=True
        )

    assert "The event is cancelled; the registrants are told." in response.content.decode()
    event.refresh_from_db()
    assert event.status == "cancelled" and event.cancellation_reason == "The venue is closed."
    assert sorted(m.to[0] for m in mail.outbox) == [people[0].email, people[1].email]
    assert all(m.subject == "Cancelled: Fair" for m in mail.outbox)
    assert all("The venue is closed." in m.body for m in mail.outbox)
    public = client.get(f"/events/{event.pk}/").content.decode()
    assert "This event is cancelled." in public


def test_cancelling_needs_a_reason_and_a_published_event(client, staff, workshop):
    draft = EventFactory(status="draft")
    client.force_login(staff)

    no_reason = client.post(f"/staff/events/{workshop.pk}/cancel/", {"reason": " "})
    a_draft = client.post(f"/staff/events/{draft.pk}/cancel/", {"reason": "Why not"})

    assert "This field is required." in no_reason.content.decode()
    assert "Only a published event can be cancelled." in a_draft.content.decode()
    workshop.refresh_from_db(), draft.refresh_from_db()
    assert (workshop.status, draft.status) == ("published", "draft")


def test_a_cancelled_event_can_no_longer_be_edited(client, staff):
    event = EventFactory(status="cancelled")
    client.force_login(staff)

    response = client.get(f"/staff/events/{event.pk}/edit/", follow=True)

    assert "A cancelled event can no longer be changed." in response.content.decode()


def test_the_staff_list_filters_by_status(client, staff):
    EventFactory(title_en="Published one")
    EventFactory(title_en="Draft one", status="draft")
    client.force_login(staff)

    drafts = client.get("/staff/events/?status=draft").content.decode()
    everything = client.get(
        "/staff/events/?status=nonsense&page=9999999999999999999999"
    ).content.decode()

    assert "Draft one" in drafts and "Published one" not in drafts
    assert "Draft one" in everything and "Published one" in everything


def session_form(event, **overrides) -> dict:
    start = event.starts_at.astimezone(event.zone)
    return {
        "title_en": "Writing a winning offer",
        "title_zh": "撰写有竞争力的标书",
        "room": "Room B",
        "starts_at": start.strftime("%Y-%m-%dT13:00"),
        "ends_at": start.strftime("%Y-%m-%dT15:00"),
        "speakers": "Li Na",
        "capacity": "25",
        **overrides,
    }


def test_staff_add_a_session_in_the_events_time_zone(client, staff):
    event = EventFactory(starts_at=in_days(30).replace(hour=0))  # 08:00 in Shanghai
    client.force_login(staff)

    response = client.post(f"/staff/events/{event.pk}/sessions/", session_form(event))

    assert response.status_code == 302
    session = event.sessions.get()
    local = session.starts_at.astimezone(event.zone)
    assert (local.hour, session.capacity, session.room) == (13, 25, "Room B")
    page = client.get(f"/staff/events/{event.pk}/").content.decode()
    assert "Writing a winning offer" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title_en": ""}, "This field is required."),
        ({"starts_at": "2020-01-01T08:00"}, "A session takes place between the event"),
        ({"capacity": "0"}, "A session has at least one seat."),
        ({"starts_at": "not a time"}, "Enter a valid date/time."),
    ],
)
def test_a_bad_session_is_refused_with_its_reason(client, staff, overrides, message):
    event = EventFactory(starts_at=in_days(30).replace(hour=0))
    client.force_login(staff)

    response = client.post(f"/staff/events/{event.pk}/sessions/", session_form(event, **overrides))

    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not event.sessions.exists()


def test_a_session_ending_before_it_starts_is_refused(client, staff):
    event = EventFactory(starts_at=in_days(30).replace(hour=0))
    client.force_login(staff)
    start = event.starts_at.astimezone(event.zone)

    response = client.post(
        f"/staff/events/{event.pk}/sessions/",
        session_form(event, ends_at=start.strftime("%Y-%m-%dT12:00")),
    )

    assert "The session must end after it starts." in response.content.decode()
    assert not event.sessions.exists()
