"""A supplier makes an alert with the category picker, in a real browser, in English and in Chinese:
from the home page, signed in, through "My alerts", a category found by searching and one from the
company profile; the card names both; the alert is deleted after a confirmation, then restored."""

import re

import pytest

from tests.e2e.walking import click_nav, sign_in, start, words
from tests.factories import UserFactory
from tests.notices.factories import NoticeFactory
from tests.suppliers.factories import SupplierFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LIGHTING = {"en": "Lighting Fixtures and Accessories", "zh-hans": "照明灯具及配件"}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_alert_made_with_the_picker_is_deleted_and_restored(page, live_server, shoot, language):
    say = words(language)
    owner = UserFactory(email=f"lamps-{language}@example.cn", language=language)
    SupplierFactory(owner=owner, categories=["43232104"])
    NoticeFactory(title="Solar street lights", categories=["39111603"])
    name = "Street lights"

    start(page, live_server, language)
    sign_in(page, email=owner.email, language=language)
    click_nav(page, say("My alerts"))
    page.get_by_role("main").get_by_role("link", name=say("New alert"), exact=True).click()
    page.get_by_label(say("name of the alert").capitalize()).fill(name)

    chosen = page.get_by_role("list", name=say("Chosen categories"))
    page.get_by_label(say("Find a category")).fill("lighting fixtures")
    found = page.get_by_role("checkbox", name=re.compile("^39110000"))
    found.click()
    assert chosen.get_by_role("checkbox", name=re.compile("^39110000")).is_checked()
    assert page.get_by_role("status").filter(has_text="39110000").count() == 1
    page.get_by_role("checkbox", name=re.compile("^43232104")).click()
    assert chosen.get_by_role("checkbox", name=re.compile("^43232104")).is_checked()
    page.get_by_text(say("Browse all categories")).click()
    page.get_by_role("button", name=re.compile("39000000$")).click()
    trail = page.get_by_role("navigation", name=say("Where you are in the categories"))
    trail.get_by_text("39000000").wait_for()
    assert page.get_by_role("checkbox", name=re.compile("^39100000")).count() == 1
    shoot(f"{language}-alert-picker")
    page.get_by_role("button", name=say("Save the alert")).click()

    page.wait_for_url(re.compile(r"/alerts/$"))
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=name))
    card.get_by_text(LIGHTING[language]).wait_for()
    assert "43232104" in card.inner_text()
    count = say("%(counter)s open notice matches it now", counter=1)
    assert count in card.inner_text()
    shoot(f"{language}-alert-cards")

    card.get_by_role("link", name=f"{say('Delete')} {name}").click()
    page.get_by_role("heading", name=say("Delete “%(name)s”?", name=name)).wait_for()
    shoot(f"{language}-alert-delete")
    page.get_by_role("button", name=say("Delete the alert")).click()

    page.get_by_text(say("“%(name)s” is deleted.", name=name)).wait_for()
    assert page.get_by_role("heading", name=name).count() == 0
    shoot(f"{language}-alert-undo")
    page.get_by_role("button", name=f"{say('Undo')} {name}").click()

    page.get_by_text(say("“%(name)s” is restored.", name=name)).wait_for()
    assert page.get_by_role("heading", name=name).count() == 1


def test_a_search_typed_before_the_picker_script_arrived_is_still_run(page, live_server):
    """On a slow connection the field is there before its script: what was typed is searched
    as soon as the script runs, not lost with the keystrokes it never heard."""
    say = words("en")
    owner = UserFactory(email="slow-line@example.cn", language="en")
    SupplierFactory(owner=owner, categories=["43232104"])
    held = []
    page.route("**/js/picker.js", lambda route: held.append(route))

    start(page, live_server, "en")
    sign_in(page, email=owner.email, language="en")
    click_nav(page, say("My alerts"))
    page.get_by_role("main").get_by_role("link", name=say("New alert"), exact=True).click()
    page.get_by_label(say("Find a category")).fill("lighting fixtures")
    assert page.get_by_role("checkbox", name=re.compile("^39110000")).count() == 0
    assert len(held) == 1, "the picker's script was not held back"
    held[0].continue_()

    page.get_by_role("checkbox", name=re.compile("^39110000")).click()
    chosen = page.get_by_role("list", name=say("Chosen categories"))
    assert chosen.get_by_role("checkbox", name=re.compile("^39110000")).is_checked()
