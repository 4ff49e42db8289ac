"""Steps that several journeys share, on top of tests/e2e/walking.py (which alone opens
addresses): staff publishing and amending a notice, from any page, by the main menu and the pages'
own links, with fields found by their labels in the page's language."""

import re

from django.utils import translation
from django.utils.text import capfirst

from notices.models import Agency, Notice
from tests.e2e.conftest import SCREENSHOTS, VIEWPORTS, check_accessibility
from tests.e2e.walking import click_nav, labelled, words


def local_input(moment) -> str:
    """A datetime-local input's value."""
    return moment.strftime("%Y-%m-%dT%H:%M")


def field(page, say, label: str):
    """A field of the page's main content, by its label in the page's language (Django writes a
    model field's label with a capital)."""
    return page.get_by_role("main").get_by_label(labelled(capfirst(say(label))))


def publish_from_the_staff_area(page, *, shoot, language, title, reference, deadline):
    """From any page: "Publishing" in the main menu, "New notice", the form filled by its labels,
    then the preview's "Publish"."""
    say = words(language)
    click_nav(page, say("Publishing"))
    page.wait_for_url(re.compile(r"/staff/notices/$"))
    if shoot:
        shoot(f"{language}-staff-list")
    page.get_by_role("main").get_by_role("link", name=say("New notice"), exact=True).click()
    page.wait_for_url(re.compile(r"/staff/notices/new/$"))
    with translation.override(language):
        undp = Agency.objects.get(acronym="UNDP").label
    field(page, say, "agency").select_option(label=undp)
    field(page, say, "reference").fill(reference)
    field(page, say, "title").fill(title)
    field(page, say, "type").select_option(label=say("Request for quotation"))
    field(page, say, "UNSPSC categories").fill("39111600")
    field(page, say, "Countries of delivery").select_option(["CN"])
    field(page, say, "Deadline").fill(local_input(deadline))
    field(page, say, "Time zone of the deadline").select_option("Europe/Copenhagen")
    field(page, say, "description").fill(
        "Solar street lights for ten villages; installation included."
    )
    if shoot:
        shoot(f"{language}-staff-new-notice")
    page.get_by_role("main").get_by_role("button", name=say("Save the draft")).click()
    page.wait_for_url(re.compile(r"/staff/notices/\d+/$"))
    if shoot:
        shoot(f"{language}-staff-preview")
    page.get_by_role("main").get_by_role("button", name=say("Publish"), exact=True).click()
    page.wait_for_url(re.compile(r"/staff/notices/\d+/$"))
    return Notice.objects.get(reference=reference)


def amend_from_the_notice_page(page, *, language, note, deadline):
    """On a notice's staff page: "Amend", what changed, the new deadline, "Publish the amendment"."""
    say = words(language)
    page.get_by_role("main").get_by_role("link", name=say("Amend"), exact=True).click()
    page.wait_for_url(re.compile(r"/staff/notices/\d+/edit/$"))
    field(page, say, "What changed, and why").fill(note)
    field(page, say, "Deadline").fill(local_input(deadline))
    page.get_by_role("main").get_by_role("button", name=say("Publish the amendment")).click()
    page.wait_for_url(re.compile(r"/staff/notices/\d+/$"))


def shooter(page):
    """The `shoot` fixture's checks for a page of another browser context: axe-core, the
    Content-Security-Policy, screenshots at desktop and phone width, no sideways scrolling."""
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_violations.append(message.text)
        ),
    )

    def take(name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        check_accessibility(page, name)
        assert page.csp_violations == [], page.csp_violations
        for label, viewport in VIEWPORTS.items():
            page.set_viewport_size(viewport)
            page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{name} scrolls sideways at {label} width"
        page.set_viewport_size(VIEWPORTS["desktop"])

    return take


def new_page(browser, *, language):
    """A browser of someone's own, set to their language (a Chinese browser asks for zh-CN)."""
    locale = {"en": "en-GB", "zh-hans": "zh-CN"}[language]
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale=locale)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def success(page) -> str:
    """The text of the message a page shows after an action."""
    page.locator(".messages").wait_for()
    return page.inner_text(".messages")
