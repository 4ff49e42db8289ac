"""Signing in as most people do it: e-mail, Tab, password, Enter. The Tab must land in the password
field (not on the "Forgot your password?" link) and Enter must send the form, in both languages."""

import re

import pytest

from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIGN_IN = {"en": "Sign in", "zh-hans": "登录"}
FORGOT = {"en": "Forgot your password?", "zh-hans": "忘记密码？"}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_e_mail_tab_password_enter_signs_in(page, live_server, language):
    user = UserFactory(email=f"tab-{language}@example.cn")
    page.goto(f"{live_server.url}/")
    page.click(f".lang-switch button[value='{language}']")
    page.get_by_role("banner").get_by_role("link", name=SIGN_IN[language], exact=True).click()
    page.wait_for_url(re.compile(r"/accounts/login/"))

    page.click("#id_login")
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"^(?!.*/accounts/).*$"))
    assert page.get_by_role("button", name=re.compile("Sign out|退出登录")).count() == 1


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_password_reset_link_follows_the_sign_in_button(page, live_server, language):
    page.goto(f"{live_server.url}/")
    page.click(f".lang-switch button[value='{language}']")
    page.goto(f"{live_server.url}/accounts/login/")
    link = page.get_by_role("link", name=FORGOT[language])
    assert link.count() == 1
    button = page.locator("main form button[type=submit]")
    follows = link.evaluate(
        "(a, b) => !!(b.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING)",
        button.element_handle(),
    )
    assert follows, "the link comes after the button, so that Tab goes from e-mail to password"
