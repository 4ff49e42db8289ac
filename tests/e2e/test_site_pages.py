"""A visitor finds the contact page from the footer, writes to the program team by the form's
labels and is told the message is on its way; the four site pages pass axe and fit a phone."""

import pytest

from notices.alerts.models import AlertDelivery
from portal.models import ContactMessage
from tests.factories import ProgramStaffFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_visitor_writes_to_the_program_team_from_the_footer(page, live_server, shoot):
    staff = ProgramStaffFactory(email="team-member@example.org")
    page.goto(f"{live_server.url}/")

    page.locator("footer").get_by_role("link", name="Contact", exact=True).click()
    page.wait_for_url(f"{live_server.url}/contact/")
    page.get_by_label("Your name").fill("Wang Fang")
    page.get_by_label("Your e-mail address").fill("wang@example.cn")
    page.get_by_label("Topic").select_option(label="Registering my company and its review")
    page.get_by_label("Your message").fill("Which scan of the business licence do you need?")
    page.get_by_role("button", name="Send the message").click()

    page.wait_for_selector(".message--success")
    assert "Your message is saved and on its way" in page.locator(".messages").inner_text()
    message = ContactMessage.objects.get()
    assert message.email == "wang@example.cn"
    assert AlertDelivery.objects.filter(contact_message=message, user=staff).exists()
    shoot("en-contact-sent")


@pytest.mark.parametrize("path", ["/help/", "/contact/", "/privacy/", "/accessibility/"])
def test_the_site_pages_are_accessible_and_fit_a_phone(page, live_server, shoot, path):
    page.goto(f"{live_server.url}{path}")

    assert page.locator("h1").count() == 1
    shoot(f"en-site-page-{path.strip('/')}")
