"""How the browser tests move: as a user does. A journey opens `/` once, or a link read from an
e-mail; every later page is reached by clicking visible links and buttons, and fields are found by
their visible labels. These two functions are the only ones that call `page.goto`
(tests/e2e/test_walking_rules.py holds the other files to it).

Visible words are asked in the page's language through the portal's own catalogue (`words`), so a
journey reads the same in English and in Chinese, and a button whose words change breaks it.
"""

import re
import time

from django.core import mail
from django.utils import translation

from tests.factories import PASSWORD, totp_code

LINK = re.compile(r"https?://[^\s\"'<>]+")


def words(language: str):
    """`say("Sign in")`: the words the portal shows for a message in `language`."""

    def say(message: str, *, context: str = "", **values) -> str:
        with translation.override(language):
            if context:
                text = translation.pgettext(context, message)
            else:
                text = translation.gettext(message)
        return text % values if values else text

    return say


def start(page, live_server, language: str) -> None:
    """Open the home page and choose the language with the switch every page carries."""
    page.goto(f"{live_server.url}/")
    page.locator(f".lang-switch button[value='{language}']").click()
    expected = "zh-Hans" if language == "zh-hans" else "en"
    assert page.get_attribute("html", "lang") == expected


def link_in(message, pattern: str) -> str:
    """The first link of an e-mail (its text) whose address matches `pattern`."""
    links = [link for link in LINK.findall(message.body) if re.search(pattern, link)]
    assert links, f"no link matching {pattern!r} in the e-mail {message.subject!r}"
    return links[0]


def follow_link_in(page, message, pattern: str) -> None:
    """Open a link read from an e-mail, as the reader clicks it in their mail program."""
    page.goto(link_in(message, pattern))


def last_mail_to(address: str):
    sent = [message for message in mail.outbox if address in message.to]
    assert sent, f"no e-mail to {address}"
    return sent[-1]


def sign_in(page, *, email: str, language: str, password: str = PASSWORD) -> None:
    """From any page: the header's "Sign in", the form filled by its labels, then the
    authenticator's code where the account has a second factor."""
    say = words(language)
    page.get_by_role("banner").get_by_role("link", name=say("Sign in"), exact=True).click()
    page.get_by_label(say("Email"), exact=True).fill(email)
    page.get_by_label(say("Password"), exact=True).fill(password)
    page.get_by_role("main").get_by_role("button", name=say("Sign in"), exact=True).click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))
    if "/accounts/2fa/authenticate/" in page.url:
        page.get_by_label(labelled(say("Code"))).fill(fresh_totp_code())
        page.get_by_role("main").get_by_role("button", name=say("Sign In")).click()
        page.wait_for_url(re.compile(r"^(?!.*/accounts/2fa/).*$"))


_used_codes: set[str] = set()


def fresh_totp_code() -> str:
    """The authenticator's code, never one already used: allauth refuses a code used within its
    period (30 s), so a second sign-in that soon waits for the next code, as a person would."""
    while (code := totp_code()) in _used_codes:
        time.sleep(0.5)
    _used_codes.add(code)
    return code


def sign_out(page, *, language: str) -> None:
    page.get_by_role("banner").get_by_role("button", name=words(language)("Sign out")).click()


def click_nav(page, name: str) -> None:
    """A link of the main menu."""
    page.get_by_role("navigation", name=re.compile("Main menu|主菜单")).get_by_role(
        "link", name=name, exact=True
    ).click()


def field(page, form_class, name: str, *, language: str):
    """The page's field for a form's field, found by the label the form gives it in `language`."""
    with translation.override(language):
        label = str(form_class().fields[name].label)
    return page.get_by_label(labelled(label))


def labelled(label: str) -> re.Pattern:
    """A label's text as shown: Django puts the form's colon after it."""
    return re.compile(rf"^\s*{re.escape(label)}\s*[:：]?\s*$")
