"""An event by invitation, in real browsers, in English and in Chinese, clicking from the home page:
program staff invite a supplier from the event's staff page; the supplier follows the invitation's
e-mail, registers, and registers a colleague, who lands on the waiting list of the full event and
is e-mailed with the supplier in copy; staff give the colleague a seat from the registrations."""

import pytest

from events.forms import ColleagueForm, InvitationForm
from events.models import Registration, RegistrationStatus
from tests.e2e.steps import new_page, shooter, success
from tests.e2e.walking import (
    click_nav,
    field,
    follow_link_in,
    last_mail_to,
    sign_in,
    start,
    words,
)
from tests.events.factories import EventFactory
from tests.factories import ProgramStaffFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = {"en": "Buyers' briefing, by invitation", "zh-hans": "采购方说明会（仅限受邀者）"}
COLLEAGUE = ("Chen Jing", "chen.jing@example.cn")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_staff_invite_a_supplier_who_registers_with_a_colleague_and_staff_seat_the_colleague(
    page, browser, live_server, shoot, language
):
    say = words(language)
    on = {"language": language}
    event = EventFactory(
        title_en=TITLE["en"],
        title_zh=TITLE["zh-hans"],
        eligibility="invitation",
        colleagues_allowed=True,
        capacity=1,
    )
    staff = ProgramStaffFactory(email=f"invite-staff-{language}@example.org", language=language)
    supplier = UserFactory(email=f"invited-{language}@example.cn", language=language)

    # Staff invite the supplier's address from the event's staff page.
    start(page, live_server, language)
    sign_in(page, email=staff.email, language=language)
    click_nav(page, say("Event management"))
    page.get_by_role("main").get_by_role("link", name=TITLE[language]).click()
    field(page, InvitationForm, "addresses", **on).fill(supplier.email)
    field(page, InvitationForm, "language", **on).select_option(value=language)
    page.get_by_role("button", name=say("Invite"), exact=True).click()
    assert say("%(count)d address invited; the e-mail is on its way.", count=1) in success(page)
    shoot(f"{language}-invitation-staff")

    # The supplier follows the invitation, registers, then registers a colleague.
    supplier_page = new_page(browser, language=language)
    supplier_shoot = shooter(supplier_page)
    start(supplier_page, live_server, language)
    sign_in(supplier_page, email=supplier.email, language=language)
    invitation = last_mail_to(supplier.email)
    assert invitation.subject == say("You are invited: %(title)s", title=TITLE[language])
    follow_link_in(supplier_page, invitation, rf"/events/{event.pk}/")
    supplier_page.get_by_role(
        "button", name=say("Register", context="for an event"), exact=True
    ).click()
    supplier_page.wait_for_selector(".message--success")
    name, address = COLLEAGUE
    field(supplier_page, ColleagueForm, "name", **on).fill(name)
    field(supplier_page, ColleagueForm, "email", **on).fill(address)
    supplier_page.get_by_role("button", name=say("Register my colleague")).click()
    assert say(
        "The event is full: %(name)s is number %(position)s on the waiting list.",
        name=name,
        position=1,
    ) in success(supplier_page)
    supplier_shoot(f"{language}-invitation-colleague")
    waiting = last_mail_to(address)
    assert waiting.cc == [supplier.email]

    # Staff give the colleague a seat, adding one to the full event.
    page.reload()
    page.get_by_role("button", name=say("Add a seat for %(name)s", name=name)).click()
    assert say("%(name)s has a seat and is told by e-mail.", name=name) in success(page)
    shoot(f"{language}-invitation-seat-given")
    seat = Registration.objects.get(attendee_email=address)
    assert seat.status == RegistrationStatus.CONFIRMED and seat.user == supplier
    promoted = last_mail_to(address)
    assert promoted is not waiting and TITLE[language] in promoted.subject
    supplier_page.context.close()
