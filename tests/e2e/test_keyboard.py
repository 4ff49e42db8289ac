"""Everything works with the keyboard alone: the skip link, signing in, and an alert form that is
sent back with an error, fixed from its error summary and saved, without a mouse click."""

import re

import pytest

from notices.alerts.models import Alert
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def focused(page, selector: str) -> bool:
    return page.evaluate("(s) => document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, *, limit: int = 80) -> None:
    """Press Tab until the element matching the selector has the focus."""
    for _ in range(limit):
        if focused(page, selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_a_supplier_signs_in_and_saves_an_alert_with_the_keyboard_alone(page, live_server, shoot):
    user = UserFactory(email="keys@example.cn")
    page.goto(f"{live_server.url}/accounts/login/")

    # The first Tab reaches the skip link, which takes the focus to the main content.
    page.keyboard.press("Tab")
    assert focused(page, "a.skip-link")
    assert page.locator("a.skip-link").is_visible(), "the skip link shows when it has the focus"
    page.keyboard.press("Enter")
    assert focused(page, "main#main")

    tab_to(page, "#id_login")
    page.keyboard.type(user.email)
    tab_to(page, "#id_password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))

    # An alert whose keywords hold no word, sent with Enter: the form comes back with the focus on
    # its summary (Enter saves the form, although the category picker has buttons of its own).
    page.goto(f"{live_server.url}/alerts/new/")
    tab_to(page, "#id_name")
    page.keyboard.press("Control+A")
    page.keyboard.type("Solar lighting")
    tab_to(page, "#id_keywords")
    page.keyboard.type('"')
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    assert focused(page, ".error-summary")
    assert page.get_attribute("#id_keywords", "aria-invalid") == "true"
    assert "id_keywords_error" in page.get_attribute("#id_keywords", "aria-describedby")
    shoot("en-alert-form-errors")

    # The summary's link leads to the field; the fix is typed, a category is found and chosen in
    # the picker, and the form saved from its button.
    tab_to(page, ".error-summary a[href='#id_keywords']")
    page.keyboard.press("Enter")
    tab_to(page, "#id_keywords")
    page.keyboard.press("Control+A")
    page.keyboard.type("solar")
    tab_to(page, "#id_categories_query")
    page.keyboard.type("3911")
    page.keyboard.press("Enter")  # searches; it does not send the form
    page.wait_for_selector("#id_categories_results input[value='39110000']")
    tab_to(page, "#id_categories_results input[value='39110000']")
    page.keyboard.press("Space")
    assert page.is_checked("[data-picker-chosen] input[value='39110000']")
    assert "39110000" in page.inner_text("[data-picker-status]")
    tab_to(page, "input[name=frequency][value=instant]")
    page.keyboard.press("ArrowDown")  # arrows move between the radio buttons and choose
    assert page.is_checked("input[name=frequency][value=daily]")
    tab_to(page, "main form .actions button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/alerts/(#.*)?$"))  # the browser keeps the summary's #fragment

    alert = Alert.objects.get(user=user)
    assert (alert.name, alert.frequency, alert.keywords) == ("Solar lighting", "daily", "solar")
    assert list(alert.category_prefixes.values_list("prefix", flat=True)) == ["3911"]
