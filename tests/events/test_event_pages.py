"""The public pages: /events/ (upcoming first, filters, pages, empty state) and /events/<id>/
(sessions, place, seats, registration), in English and Chinese; registering, cancelling and
choosing sessions from the page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import formats

from events import registration
from events.models import Registration
from tests.events.factories import EventFactory, SessionFactory, in_days
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def titles_in(response) -> list[str]:
    return [event.title_en for event in response.context["page"].object_list]


def test_the_list_shows_upcoming_events_first_soonest_first_then_past_ones(client):
    later = EventFactory(title_en="Later", starts_at=in_days(60))
    sooner = EventFactory(title_en="Sooner", starts_at=in_days(10))
    past = EventFactory(
        title_en="Past",
        starts_at=in_days(-10),
        registration_deadline=in_days(-12),
    )
    EventFactory(title_en="A draft", status="draft")

    response = client.get("/events/")

    assert response.status_code == 200
    assert titles_in(response) == [sooner.title_en, later.title_en, past.title_en]
    assert "A draft" not in response.content.decode()
    assert "Past event" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=fair", ["Fair in Shenzhen"]),
        ("city=Shenzhen", ["Fair in Shenzhen"]),
        ("online=yes", ["Webinar"]),
        ("online=no", ["Workshop in Shanghai", "Fair in Shenzhen"]),
        ("kind=webinar&online=no", []),
    ],
)
def test_the_list_filters_by_kind_city_and_format(client, query, expected):
    EventFactory(title_en="Workshop in Shanghai", starts_at=in_days(10))
    EventFactory(title_en="Fair in Shenzhen", kind="fair", city="Shenzhen", starts_at=in_days(20))
    EventFactory(
        title_en="Webinar",
        kind="webinar",
        online=True,
        online_url="https://meet.example.org/webinar",
        city="",
        starts_at=in_days(30),
    )

    response = client.get(f"/events/?{query}")

    assert response.status_code == 200
    assert titles_in(response) == expected


def test_an_unknown_filter_value_is_a_form_error_not_a_server_error(client):
    EventFactory()

    response = client.get("/events/?kind=party&online=maybe")

    assert response.status_code == 200
    form = response.context["filter"].form
    assert set(form.errors) == {"kind", "online"}


def test_the_list_goes_page_by_page(client):
    for day in range(12):
        EventFactory(title_en=f"Event {day:02d}", starts_at=in_days(10 + day))

    first, second = client.get("/events/"), client.get("/events/?page=2")

    assert len(titles_in(first)) == 10 and titles_in(second) == ["Event 10", "Event 11"]
    assert "Page 1 of 2" in first.content.decode()


def test_an_empty_list_says_so(client):
    response = client.get("/events/")

    assert "No event matches these filters yet." in response.content.decode()


def test_the_list_and_an_event_in_chinese(client, workshop):
    SessionFactory(event=workshop)
    client.cookies["django_language"] = "zh-hans"

    listing = client.get("/events/").content.decode()
    page = client.get(f"/events/{workshop.pk}/").content.decode()

    assert workshop.title_zh in listing and "活动" in listing
    assert workshop.title_zh in page and "上午为讲座" in page
    assert "剩余名额" in page and "培训" in page
    assert workshop.title_en not in page


def test_the_page_shows_sessions_place_times_in_the_events_zone_and_seats(client, workshop):
    SessionFactory(event=workshop, title_en="Writing a winning offer", room="Room B")
    registration.register(event=workshop, user=UserFactory())

    text = client.get(f"/events/{workshop.pk}/").content.decode()

    local = workshop.starts_at.astimezone(workshop.zone)
    assert "Writing a winning offer" in text and "Room B" in text
    assert "Shanghai" in text and "UN House" in text
    assert "China (Shanghai) Time" in text
    assert formats.date_format(local, "DATETIME_FORMAT") in text, "in Shanghai's time"
    assert "69 / 70" in text


def test_anonymous_visitors_are_asked_to_sign_in_to_register(client, workshop):
    text = client.get(f"/events/{workshop.pk}/").content.decode()

    assert "Sign in to register" in text
    assert f"/accounts/login/?next=/events/{workshop.pk}/" in text


def test_the_online_link_is_shown_only_to_participants_with_a_seat(
    client, supplier, other_supplier
):
    webinar = EventFactory(online=True, online_url="https://meet.example.org/secret", city="")
    registration.register(event=webinar, user=supplier)

    client.force_login(other_supplier)
    assert "meet.example.org/secret" not in client.get(f"/events/{webinar.pk}/").content.decode()
    assert "Online" in client.get(f"/events/{webinar.pk}/").content.decode()
    client.force_login(supplier)
    assert "meet.example.org/secret" in client.get(f"/events/{webinar.pk}/").content.decode()


def test_a_draft_is_a_404_but_for_program_staff(client, supplier, staff):
    draft = EventFactory(status="draft")

    assert client.get(f"/events/{draft.pk}/").status_code == 404
    client.force_login(supplier)
    assert client.get(f"/events/{draft.pk}/").status_code == 404
    assert client.post(f"/events/{draft.pk}/register/").status_code == 404
    client.force_login(staff)
    assert client.get(f"/events/{draft.pk}/").status_code == 200


def test_registering_from_the_page(client, supplier, workshop, django_capture_on_commit_callbacks):
    client.force_login(supplier)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/events/{workshop.pk}/register/", follow=True)

    assert response.redirect_chain == [(f"/events/{workshop.pk}/", 302)]
    text = response.content.decode()
    assert "You are registered: we have e-mailed you the details." in text
    assert "Cancel my registration" in text
    assert Registration.objects.get().status == "confirmed"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [supplier.email]


def test_anonymous_visitors_are_told_when_registration_is_closed(client):
    event = EventFactory(status="cancelled")

    text = client.get(f"/events/{event.pk}/").content.decode()

    assert "Sign in to register" not in text
    assert text.count("This event is cancelled.") == 2, "the banner and the registration panel"


def test_a_full_event_puts_the_registrant_on_the_waiting_list(client, supplier, other_supplier):
    event = EventFactory(capacity=1)
    registration.register(event=event, user=other_supplier)
    client.force_login(supplier)

    assert "Join the waiting list" in client.get(f"/events/{event.pk}/").content.decode()
    response = client.post(f"/events/{event.pk}/register/", follow=True)

    assert "you are number 1 on the waiting list" in response.content.decode()


def test_a_refused_registration_says_why_and_saves_nothing(client, supplier):
    event = EventFactory(eligibility="suppliers")
    client.force_login(supplier)

    page = client.get(f"/events/{event.pk}/").content.decode()
    response = client.post(f"/events/{event.pk}/register/", follow=True)

    message = "This event is for suppliers: create your company&#x27;s profile first."
    assert message in page and message in response.content.decode()
    assert not Registration.objects.exists()


def test_registration_after_the_deadline_is_refused(client, supplier):
    event = EventFactory(
        starts_at=in_days(1), registration_deadline=in_days(0) - timedelta(hours=1)
    )
    client.force_login(supplier)

    response = client.post(f"/events/{event.pk}/register/", follow=True)

    assert "Registration closed on" in response.content.decode()
    assert not Registration.objects.exists()


def test_cancelling_from_the_page(client, supplier, workshop):
    registration.register(event=workshop, user=supplier)
    client.force_login(supplier)

    response = client.post(f"/events/{workshop.pk}/cancel/", follow=True)

    assert "Your registration is cancelled." in response.content.decode()
    assert Registration.objects.get().status == "cancelled"


def test_cancelling_without_a_registration_says_so(client, supplier, workshop):
    client.force_login(supplier)

    response = client.post(f"/events/{workshop.pk}/cancel/", follow=True)

    assert "You are not registered for this event." in response.content.decode()


def test_choosing_sessions_from_the_page(client, supplier, workshop):
    first, second = SessionFactory(event=workshop), SessionFactory(event=workshop)
    registration.register(event=workshop, user=supplier)
    client.force_login(supplier)

    refused = client.post(f"/events/{workshop.pk}/sessions/", {"sessions": [first.pk, second.pk]})
    saved = client.post(f"/events/{workshop.pk}/sessions/", {"sessions": [second.pk]})

    assert refused.status_code == 400
    assert "take place at the same time: choose one of them." in refused.content.decode()
    assert saved.status_code == 302
    assert list(Registration.objects.get().sessions.all()) == [second]


def test_a_tampered_session_choice_is_a_form_error(client, supplier, workshop):
    registration.register(event=workshop, user=supplier)
    client.force_login(supplier)

    response = client.post(f"/events/{workshop.pk}/sessions/", {"sessions": ["x'; --"]})

    assert response.status_code == 400
    assert list(Registration.objects.get().sessions.all()) == []


@pytest.mark.parametrize("action", ["register", "cancel", "sessions"])
def test_the_actions_want_a_signed_in_post(client, supplier, workshop, action):
    anonymous = client.post(f"/events/{workshop.pk}/{action}/")
    client.force_login(supplier)
    get = client.get(f"/events/{workshop.pk}/{action}/")

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    assert get.status_code == 405
    assert not Registration.objects.exists()


@pytest.mark.parametrize("path", ["/events/", "/events/{pk}/", "/events/{pk}/calendar.ics"])
def test_the_public_pages_refuse_a_post(client, workshop, path):
    assert client.post(path.format(pk=workshop.pk)).status_code == 405


def test_an_unknown_event_is_a_404(client):
    assert client.get("/events/999999/").status_code == 404


def test_the_home_page_and_the_workspace_show_the_coming_events_open_for_registration(
    client, supplier
):
    soonest = EventFactory(title_en="Soonest workshop", starts_at=in_days(5))
    EventFactory(title_en="Second", starts_at=in_days(6))
    EventFactory(title_en="Third", starts_at=in_days(7))
    EventFactory(title_en="Fourth", starts_at=in_days(8))
    EventFactory(title_en="A draft", status="draft", starts_at=in_days(4))
    EventFactory(title_en="Closed", starts_at=in_days(3), registration_deadline=in_days(-1))
    EventFactory(title_en="Cancelled", status="cancelled", starts_at=in_days(2))

    home = client.get("/").content.decode()
    registration.register(event=soonest, user=supplier)
    client.force_login(supplier)
    workspace = client.get("/supplier/").content.decode()

    coming = home[home.index("Coming events") :]
    assert coming.index("Soonest workshop") < coming.index("Second") < coming.index("Third")
    for hidden in ("Fourth", "A draft", "Closed", "Cancelled"):
        assert hidden not in coming
    assert 'href="/events/"' in coming
    panel = workspace[workspace.index("Coming events") :].split("</section>")[0]
    assert "Second" in panel and "Fourth" in panel, "theirs left out, the next one in"
    assert "Soonest workshop" not in panel
