"""Everything works with the keyboard alone, in English and in Chinese: from the home page, the
header's "Sign in" is reached with Tab; there the skip link, signing in, then the main menu's "My
alerts" and its "New alert", and an alert form that is sent back with an error, fixed from its error
summary, given a category with the picker and saved, without a mouse click."""

import re

import pytest
from django.utils.text import capfirst

from notices.alerts.models import Alert
from tests.e2e.walking import labelled, start, words
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator, *, limit: int = 80) -> None:
    """Press Tab until `locator` (one element) has the focus."""
    for _ in range(limit):
        if focused(locator):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{locator} cannot be reached with Tab")


def follow_with_the_keyboard(page, link) -> None:
    """Tab to a link and press Enter, as a keyboard user opens a page."""
    tab_to(page, link)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_supplier_signs_in_and_saves_an_alert_with_the_keyboard_alone(
    page, live_server, shoot, language
):
    say = words(language)
    user = UserFactory(email=f"keys-{language}@example.cn", language=language)
    start(page, live_server, language)
    banner, main = page.get_by_role("banner"), page.get_by_role("main")
    follow_with_the_keyboard(page, banner.get_by_role("link", name=say("Sign in"), exact=True))
    page.wait_for_url(re.compile(r"/accounts/login/"))

    # The first Tab reaches the skip link, which takes the focus to the main content.
    skip_link = page.get_by_role("link", name=say("Skip to main content"))
    page.keyboard.press("Tab")
    assert focused(skip_link)
    assert skip_link.is_visible(), "the skip link shows when it has the focus"
    page.keyboard.press("Enter")
    assert focused(main)

    tab_to(page, main.get_by_label(say("Email"), exact=True))
    page.keyboard.type(user.email)
    tab_to(page, main.get_by_label(say("Password"), exact=True))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))

    # The alert form, from the main menu's "My alerts" and its "New alert".
    menu = page.get_by_role("navigation", name=say("Main menu"))
    follow_with_the_keyboard(page, menu.get_by_role("link", name=say("My alerts"), exact=True))
    page.wait_for_url(re.compile(r"/alerts/$"))
    follow_with_the_keyboard(page, main.get_by_role("link", name=say("New alert"), exact=True))
    page.wait_for_url(re.compile(r"/alerts/new/$"))

    # An alert whose keywords hold no word, sent with Enter: the form comes back with the focus on
    # its summary (Enter saves the form, although the category picker has buttons of its own).
    name = main.get_by_label(labelled(capfirst(say("name of the alert"))))
    keywords = main.get_by_label(labelled(capfirst(say("keywords"))))
    tab_to(page, name)
    page.keyboard.press("Control+A")
    page.keyboard.type("Solar lighting")
    tab_to(page, keywords)
    page.keyboard.type('"')
    page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert focused(summary)
    assert keywords.get_attribute("aria-invalid") == "true"
    error_id = f"{keywords.get_attribute('id')}_error"
    assert error_id in keywords.get_attribute("aria-describedby")
    shoot(f"{language}-alert-form-errors")

    # The summary's link leads to the field; the fix is typed, a category is found and ticked in
    # the picker, and the form saved from its button.
    tab_to(page, summary.get_by_role("link", name=capfirst(say("keywords"))))
    page.keyboard.press("Enter")
    tab_to(page, keywords)
    page.keyboard.press("Control+A")
    page.keyboard.type("solar")
    tab_to(page, main.get_by_label(say("Find a category")))
    page.keyboard.type("3911")
    page.keyboard.press("Enter")  # searches; it does not send the form
    found = main.get_by_role("checkbox", name=re.compile("^39110000"))
    found.wait_for()
    tab_to(page, found)
    page.keyboard.press("Space")
    chosen = main.get_by_role("list", name=say("Chosen categories"))
    assert chosen.get_by_role("checkbox", name=re.compile("^39110000")).is_checked()
    assert "39110000" in page.get_by_role("status").filter(has_text="39110000").inner_text()
    tab_to(page, main.get_by_role("radio", name=say("As soon as a notice is published")))
    page.keyboard.press("ArrowDown")  # arrows move between the radio buttons and choose
    assert main.get_by_role("radio", name=say("Daily digest")).is_checked()
    tab_to(page, main.get_by_role("button", name=say("Save the alert")))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/alerts/(#.*)?$"))  # the browser keeps the summary's #fragment

    alert = Alert.objects.get(user=user)
    assert (alert.name, alert.frequency, alert.keywords) == ("Solar lighting", "daily", "solar")
    assert list(alert.category_prefixes.values_list("prefix", flat=True)) == ["3911"]
