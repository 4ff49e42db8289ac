"""Signing in as most people do it: e-mail, Tab, password, Enter. The Tab must land in the password
field (not on the "Forgot your password?" link) and Enter must send the form, in both languages."""

import re

import pytest

from tests.e2e.walking import start, words
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def open_sign_in(page, live_server, language):
    start(page, live_server, language)
    say = words(language)
    page.get_by_role("banner").get_by_role("link", name=say("Sign in"), exact=True).click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    return say


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_e_mail_tab_password_enter_signs_in(page, live_server, language):
    user = UserFactory(email=f"tab-{language}@example.cn", language=language)
    say = open_sign_in(page, live_server, language)

    page.get_by_label(say("Email"), exact=True).click()
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"^(?!.*/accounts/).*$"))
    assert page.get_by_role("button", name=say("Sign out")).count() == 1


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_password_reset_link_follows_the_sign_in_button(page, live_server, language):
    say = open_sign_in(page, live_server, language)
    link = page.get_by_role("link", name=say("Forgot your password?"))
    assert link.count() == 1
    button = page.locator("main form button[type=submit]")
    follows = link.evaluate(
        "(a, b) => !!(b.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING)",
        button.element_handle(),
    )
    assert follows, "the link comes after the button, so that Tab goes from e-mail to password"
