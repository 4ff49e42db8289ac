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

    # An alert whose category is not a code: the form comes back with the focus on its summary.
    page.goto(f"{live_server.url}/alerts/new/")
    tab_to(page, "#id_name")
    page.keyboard.press("Control+A")
    page.keyboard.type("Solar lighting")
    tab_to(page, "#id_categories")
    page.keyboard.type("39x")
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    assert focused(page, ".error-summary")
    assert page.get_attribute("#id_categories", "aria-invalid") == "true"
    assert "id_categories_error" in page.get_attribute("#id_categories", "aria-describedby")
    shoot("en-alert-form-errors")

    # The summary's link leads to the field; the fix is typed and the form saved from its button.
    tab_to(page, ".error-summary a[href='#id_categories']")
    page.keyboard.press("Enter")
    tab_to(page, "#id_categories")
    page.keyboard.press("Control+A")
    page.keyboard.type("3911")
    tab_to(page, "input[name=frequency][value=instant]")
    page.keyboard.press("ArrowDown")  # arrows move between the radio buttons and choose
    assert page.is_checked("input[name=frequency][value=daily]")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/alerts/(#.*)?$"))  # the browser keeps the summary's #fragment

    alert = Alert.objects.get(user=user)
    assert (alert.name, alert.frequency) == ("Solar lighting", "daily")
    assert list(alert.category_prefixes.values_list("prefix", flat=True)) == ["3911"]
