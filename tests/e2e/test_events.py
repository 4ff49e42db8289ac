"""A visitor finds the events in the site's menu and opens the workshop; a supplier registers for
it and chooses one of the parallel trainings; program staff open their events area from the menu.
Each page passes axe and fits a phone (390 px). In both languages."""

import pytest

from events.models import Registration
from tests.e2e.walking import click_nav, sign_in, start, words
from tests.events.factories import EventFactory, SessionFactory
from tests.factories import ProgramStaffFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "zh-hans"]


def workshop():
    event = EventFactory(title_en="Capacity-building workshop", title_zh="能力建设研讨会")
    for n in range(3):
        SessionFactory(event=event, title_en=f"Training {n + 1}", title_zh=f"培训{n + 1}")
    return event


def title_of(thing, language: str) -> str:
    return thing.title_zh if language == "zh-hans" else thing.title_en


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_supplier_registers_for_the_workshop_and_chooses_a_training(
    page, live_server, shoot, language
):
    say = words(language)
    event = workshop()
    supplier = UserFactory(email=f"events-{language}@example.cn", language=language)
    start(page, live_server, language)

    click_nav(page, say("Events"))
    page.wait_for_url(f"{live_server.url}/events/")
    shoot(f"{language}-events")
    page.get_by_role("link", name=title_of(event, language)).click()
    page.wait_for_url(f"{live_server.url}/events/{event.pk}/")
    shoot(f"{language}-event")

    sign_in(page, email=supplier.email, language=language)
    click_nav(page, say("Events"))
    page.get_by_role("link", name=title_of(event, language)).click()
    page.get_by_role("button", name=say("Register", context="for an event"), exact=True).click()
    page.wait_for_selector(".message--success")
    training = event.sessions.order_by("pk")[1]
    page.get_by_label(title_of(training, language)).check()
    page.get_by_role("button", name=say("Save my sessions")).click()
    page.wait_for_selector(".message--success")
    shoot(f"{language}-event-registered")
    assert list(Registration.objects.get(user=supplier).sessions.all()) == [training]


@pytest.mark.parametrize("language", LANGUAGES)
def test_program_staff_open_their_events_from_the_menu(page, live_server, shoot, language):
    say = words(language)
    event = workshop()
    staff = ProgramStaffFactory(email=f"events-staff-{language}@example.org", language=language)
    start(page, live_server, language)
    sign_in(page, email=staff.email, language=language)

    click_nav(page, say("Event management"))
    page.wait_for_url(f"{live_server.url}/staff/events/")
    shoot(f"{language}-staff-events")
    page.get_by_role("link", name=title_of(event, language)).click()
    shoot(f"{language}-staff-event")
    page.get_by_role("link", name=say("Amend"), exact=True).click()
    shoot(f"{language}-staff-event-amend")
