"""A visitor finds the contact page from the footer, writes to the program team by the form's
labels and is told the message is on its way; the four site pages, each reached by its footer link,
pass axe and fit a phone. In both languages."""

import pytest

from notices.alerts.models import AlertDelivery
from portal.models import ContactMessage
from tests.e2e.walking import labelled, start, words
from tests.factories import ProgramStaffFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "zh-hans"]
CONTACT = "link to the contact page"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_visitor_writes_to_the_program_team_from_the_footer(page, live_server, shoot, language):
    say = words(language)
    staff = ProgramStaffFactory(email=f"team-member-{language}@example.org")
    start(page, live_server, language)

    page.get_by_role("contentinfo").get_by_role(
        "link", name=say("Contact", context=CONTACT), exact=True
    ).click()
    page.get_by_label(labelled(say("Your name"))).fill("Wang Fang")
    page.get_by_label(labelled(say("Your e-mail address"))).fill("wang@example.cn")
    page.get_by_label(labelled(say("Topic"))).select_option(
        label=say("Registering my company and its review")
    )
    page.get_by_label(labelled(say("Your message"))).fill(
        "Which scan of the business licence do you need?"
    )
    page.get_by_role("button", name=say("Send the message")).click()

    page.wait_for_selector(".message--success")
    message = ContactMessage.objects.get()
    assert message.email == "wang@example.cn"
    assert AlertDelivery.objects.filter(contact_message=message, user=staff).exists()
    shoot(f"{language}-contact-sent")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_site_pages_are_reached_from_the_footer_accessible_and_fit_a_phone(
    page, live_server, shoot, language
):
    say = words(language)
    start(page, live_server, language)

    for name, slug in [
        (say("Help"), "help"),
        (say("Contact", context=CONTACT), "contact"),
        (say("Privacy"), "privacy"),
        (say("Accessibility"), "accessibility"),
    ]:
        page.get_by_role("contentinfo").get_by_role("link", name=name, exact=True).click()
        page.wait_for_url(f"{live_server.url}/{slug}/")
        assert page.locator("h1").count() == 1
        shoot(f"{language}-site-page-{slug}")
