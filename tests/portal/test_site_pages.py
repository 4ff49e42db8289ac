"""The site's pages for everyone: help, contact, privacy and accessibility, in both languages,
linked from every page's footer, and the e-mail confirmation page's way to contact us."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

# path: (a sentence of the English page, its Chinese translation's words)
PAGES = {
    "/help/": ("What the reviewer checks", "审核人员检查什么"),
    "/contact/": ("Contact the program team", "联系项目团队"),
    "/privacy/": ("Privacy notice", "隐私声明"),
    "/accessibility/": ("Accessibility statement", "无障碍声明"),
}
FOOTER = ['href="/help/"', 'href="/contact/"', 'href="/privacy/"', 'href="/accessibility/"']


def chinese_client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="zh-Hans")


@pytest.mark.parametrize("path", PAGES)
def test_each_page_answers_in_english_with_its_title_and_heading(client, path):
    response = client.get(path)

    html = response.content.decode()
    assert response.status_code == 200
    assert f"<title>{PAGES[path][0]}" in html or PAGES[path][0] in html
    assert "<h1>" in html and '<main id="main"' in html


@pytest.mark.parametrize("path", PAGES)
def test_each_page_answers_in_chinese(path):
    response = chinese_client().get(path)

    assert response.status_code == 200
    assert PAGES[path][1] in response.content.decode()


@pytest.mark.parametrize("path", PAGES)
def test_the_pages_refuse_other_methods(client, path):
    assert client.put(path).status_code == 405


def test_the_help_page_explains_review_levels_and_alerts_with_links(client):
    html = client.get("/help/").content.decode()

    for text in [
        "asks for changes",
        "rejects it with a reason",
        "UNGM Basic",
        "UNGM Level 1",
        "audited financial statements for three years",
        "This portal does not register you on UNGM",
        "daily or weekly digest",
        "Follow a notice",
        "stops it in one click",
    ]:
        assert text in html, text
    for link in ["/accounts/signup/", "/supplier/", "/alerts/", "/notices/", "/contact/"]:
        assert f'href="{link}"' in html, link


def test_the_privacy_notice_says_what_is_kept_and_how_to_delete_it(client, settings):
    settings.PROGRAM_CONTACT_EMAIL = "team@example.org"

    html = client.get("/privacy/").content.decode()

    for text in [
        "Messages to the program team",
        "Network addresses",
        "Nothing about you or your company is public",
        "no button yet to export or delete an account",
        "team@example.org",
        "a session cookie",
        "security cookie (CSRF)",
        "a language cookie",
    ]:
        assert text in html, text


def test_the_accessibility_statement_names_its_standard_tests_and_how_to_report(client):
    html = client.get("/accessibility/").content.decode()

    for text in ["WCAG", "2.1, level AA", "axe", "390 pixels", "keyboard", "Known limitations"]:
        assert text in html, text
    assert 'href="/contact/"' in html


def test_the_contact_page_shows_the_programs_address(client, settings):
    settings.PROGRAM_CONTACT_EMAIL = "team@example.org"

    html = client.get("/contact/").content.decode()

    assert 'href="mailto:team@example.org"' in html


def test_the_footer_links_the_four_pages_for_visitors(client):
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer"') :]

    assert all(link in footer for link in FOOTER)


def test_the_footer_links_the_four_pages_for_signed_in_users(client, supplier):
    client.force_login(supplier)

    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer"') :]

    assert all(link in footer for link in FOOTER)
    assert 'href="/accounts/preferences/"' in footer


def test_the_footer_links_are_translated(client):
    html = chinese_client().get("/").content.decode()
    footer = html[html.index('<footer class="site-footer"') :]

    assert all(word in footer for word in ["帮助", "联系我们", "隐私", "无障碍"])


def test_the_page_after_sign_up_links_contact_us_to_the_contact_page(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.com",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
        },
        follow=True,
    )

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/accounts/confirm-email/"
    assert '<a href="/contact/">contact us</a>' in html


def test_the_password_reset_pages_link_contact_us_to_the_contact_page(client, supplier):
    html = client.get("/accounts/password/reset/").content.decode()
    assert '<a href="/contact/">contact us</a>' in html

    response = client.post("/accounts/password/reset/", {"email": supplier.email}, follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/password/reset/done/"
    assert '<a href="/contact/">contact us</a>' in response.content.decode()
