"""Steps that several journeys share, on top of tests/e2e/walking.py (which alone opens
addresses). Like walking's, they find fields by their visible labels and buttons by their words."""

import re

from tests.e2e.walking import words
from tests.factories import PASSWORD, totp_code


def labelled(label: str) -> re.Pattern:
    """A field's label as shown, for `get_by_label`: Django's forms put a colon after it (a
    full-width one in Chinese), allauth's do not."""
    return re.compile(rf"^\s*{re.escape(label)}\s*[:：]?\s*$")


def sign_in_with_second_factor(page, *, email: str, language: str) -> None:
    """Staff and admins sign in from any page: the header's "Sign in", the form filled by its
    labels, then their authenticator's code in the field the second step labels "Code".

    walking.sign_in looks for "Authenticator code", the label of the field where the authenticator
    is set up, not of the one where its code is asked at sign-in; this step stands in for it until
    it says "Code"."""
    say = words(language)
    page.get_by_role("banner").get_by_role("link", name=say("Sign in"), exact=True).click()
    page.get_by_label(say("Email"), exact=True).fill(email)
    page.get_by_label(say("Password"), exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name=say("Sign in"), exact=True).click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.get_by_label(labelled(say("Code"))).fill(totp_code())
    page.get_by_role("main").get_by_role("button", name=say("Sign In"), exact=True).click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/2fa/).*$"))
