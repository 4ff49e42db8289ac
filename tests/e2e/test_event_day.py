"""An event from announcement to certificate, and a meeting at a fair, in real browsers, in
English and in Chinese, clicking from the home page: program staff create a workshop with two
parallel sessions and publish it; a supplier registers and chooses a session, and gets the
confirmation with the calendar file and the QR code of the check-in; at the door staff find the
supplier on the check-in page and check them in, then issue the certificates; the supplier reads
the certificate's e-mail, downloads the PDF and opens its verification page. At a procurement fair,
a supplier asks a buyer for a meeting, and the buyer accepts it from their workspace."""

import io
import re
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from events import certificate_pdf
from events.forms import BuyerForm, EventForm, SessionForm, SlotForm
from events.models import (
    Certificate,
    Event,
    EventKind,
    EventStatus,
    MeetingRequest,
    MeetingSlot,
    MeetingStatus,
    Registration,
)
from notices.models import Agency
from tests.e2e.steps import local_input, new_page, shooter, success
from tests.e2e.walking import (
    click_nav,
    field,
    follow_link_in,
    labelled,
    last_mail_to,
    sign_in,
    start,
    words,
)
from tests.events.factories import EventFactory
from tests.factories import ProgramStaffFactory, UserFactory
from tests.notices.factories import AgencyFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHANGHAI = ZoneInfo("Asia/Shanghai")
TITLE = {"en": "Sustainable procurement workshop", "zh-hans": "可持续采购研讨会"}
SESSIONS = [
    ("Online bidding systems", "在线投标系统", "Room A"),
    ("Supplier sustainability", "供应商可持续性", "Room B"),
]


def title_in(language: str, english: str, chinese: str) -> str:
    return chinese if language == "zh-hans" else english


def session_field(page, name: str, *, language: str):
    """A field of the session form (which needs its event to be made), by its label."""
    with translation.override(language):
        label = str(SessionForm.base_fields[name].label)
    return page.get_by_role("main").get_by_label(labelled(label))


def create_the_workshop(page, *, language, shoot):
    """Event management, "New event", the form by its labels; two sessions at the same time;
    "Publish"."""
    say = words(language)
    on = {"language": language}
    click_nav(page, say("Event management"))
    page.get_by_role("main").get_by_role("link", name=say("New event")).click()
    starts = (timezone.now().astimezone(SHANGHAI) + timedelta(hours=3)).replace(
        minute=0, second=0, microsecond=0
    )
    with translation.override(language):
        workshop = str(EventKind.WORKSHOP.label)
    field(page, EventForm, "kind", **on).select_option(label=workshop)
    field(page, EventForm, "title_en", **on).fill(TITLE["en"])
    field(page, EventForm, "title_zh", **on).fill(TITLE["zh-hans"])
    field(page, EventForm, "description_en", **on).fill("Talks, then two parallel trainings.")
    field(page, EventForm, "venue", **on).fill("UN House")
    field(page, EventForm, "city", **on).fill("Shanghai")
    field(page, EventForm, "starts_at", **on).fill(local_input(starts))
    field(page, EventForm, "ends_at", **on).fill(local_input(starts + timedelta(hours=6)))
    field(page, EventForm, "time_zone", **on).select_option("Asia/Shanghai")
    field(page, EventForm, "capacity", **on).fill("70")
    field(page, EventForm, "registration_deadline", **on).fill(
        local_input(starts - timedelta(hours=1))
    )
    shoot(f"{language}-day-staff-new-event")
    page.get_by_role("main").get_by_role("button", name=say("Save the draft")).click()
    assert say("The draft is saved. Check it, then publish it.") in success(page)
    for english, chinese, room in SESSIONS:
        page.locator("summary").filter(has_text=say("Add a session")).click()
        session_field(page, "title_en", **on).fill(english)
        session_field(page, "title_zh", **on).fill(chinese)
        session_field(page, "room", **on).fill(room)
        session_field(page, "starts_at", **on).fill(local_input(starts + timedelta(hours=3)))
        session_field(page, "ends_at", **on).fill(local_input(starts + timedelta(hours=5)))
        page.get_by_role("main").get_by_role("button", name=say("Add the session")).click()
        page.locator(".messages").wait_for()
    shoot(f"{language}-day-staff-draft")
    page.get_by_role("main").get_by_role("button", name=say("Publish"), exact=True).click()
    page.locator(".messages").wait_for()
    event = Event.objects.get(title_en=TITLE["en"])
    assert event.status == EventStatus.PUBLISHED and event.sessions.count() == 2
    return event


def register_and_choose(page, *, event, language, shoot):
    say = words(language)
    click_nav(page, say("Events"))
    page.get_by_role("link", name=TITLE[language]).click()
    page.wait_for_url(re.compile(rf"/events/{event.pk}/$"))
    page.get_by_role("button", name=say("Register", context="for an event"), exact=True).click()
    page.wait_for_selector(".message--success")
    english, chinese, _room = SESSIONS[1]
    page.get_by_label(title_in(language, english, chinese)).check()
    page.get_by_role("button", name=say("Save my sessions")).click()
    page.wait_for_selector(".message--success")
    page.locator("summary").filter(has_text=say("My check-in QR code")).click()
    assert page.locator(".qr svg").count() == 1
    shoot(f"{language}-day-registered")


def check_in_at_the_door(page, *, event, person, language, shoot):
    """Event management, the event, "Check-in and certificates"; the person found by name; their
    "Check in" button; then "Issue the certificates"."""
    say = words(language)
    click_nav(page, say("Event management"))
    page.get_by_role("main").get_by_role("link", name=TITLE[language]).click()
    page.get_by_role("main").get_by_role("link", name=say("Check-in and certificates")).click()
    page.wait_for_url(re.compile(rf"/staff/events/{event.pk}/check-in/"))
    page.set_viewport_size({"width": 390, "height": 844})  # a phone at the door
    page.get_by_label(say("Name, e-mail or company")).fill(person.name.split()[0])
    page.get_by_role("button", name=say("Find"), exact=True).click()
    page.get_by_role("button", name=say("Check in %(person)s", person=person.name)).click()
    assert say("%(person)s is checked in.", person=person.name) in success(page)
    shoot(f"{language}-day-door")
    page.get_by_role("button", name=say("Issue the certificates")).click()
    assert say(
        "%(count)s certificates issued; each participant is told by e-mail.", count=1
    ) in success(page)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_workshop_from_announcement_to_certificate(page, browser, live_server, shoot, language):
    try:
        certificate_pdf.weasyprint_html()
    except certificate_pdf.PdfUnavailable:
        pytest.skip("Pango is not installed (README): no PDF can be made")
    say = words(language)
    staff = ProgramStaffFactory(email=f"day-staff-{language}@example.org", language=language)
    supplier = UserFactory(email=f"day-{language}@example.cn", name="Chen Jing", language=language)

    start(page, live_server, language)
    sign_in(page, email=staff.email, language=language)
    event = create_the_workshop(page, language=language, shoot=shoot)

    # The supplier registers in a browser of their own, and gets the confirmation.
    supplier_page = new_page(browser, language=language)
    supplier_shoot = shooter(supplier_page)
    start(supplier_page, live_server, language)
    sign_in(supplier_page, email=supplier.email, language=language)
    register_and_choose(supplier_page, event=event, language=language, shoot=supplier_shoot)
    confirmation = last_mail_to(supplier.email)
    files = [a for a in confirmation.attachments if isinstance(a, tuple)]
    assert [name for name, *_ in files] == [f"event-{event.pk}.ics"]
    assert "SUMMARY:" in files[0][1] and "cid:check-in-qr@un-supplier-portal" in (
        confirmation.alternatives[0].content
    )

    # At the door.
    check_in_at_the_door(page, event=event, person=supplier, language=language, shoot=shoot)
    assert Registration.objects.get(user=supplier).attended_at is not None

    # The certificate's e-mail, the PDF, its verification page.
    certificate = Certificate.objects.get(registration__user=supplier)
    told = last_mail_to(supplier.email)
    assert told.subject == say("Your certificate: %(title)s", title=TITLE[language])
    follow_link_in(supplier_page, told, rf"/events/{event.pk}/")
    with supplier_page.expect_download() as download:
        supplier_page.get_by_role("link", name=say("Download my certificate (PDF)")).click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in pdf.pages))
    assert "ChenJing" in text and re.sub(r"\s+", "", TITLE[language]) in text
    supplier_page.get_by_role("link", name=say("Its verification page")).click()
    supplier_page.wait_for_url(re.compile(rf"/certificates/{certificate.token}/$"))
    assert say("This certificate is genuine: the UN Supplier Portal issued it.") in (
        supplier_page.inner_text("main")
    )
    supplier_shoot(f"{language}-day-verified")
    supplier_page.context.close()


def add_the_buyer(page, *, fair, buyer_user, language, shoot):
    """Event management, the fair, "Buyers and meetings"; the buyer's address and agency by their
    labels; "Add the buyer"."""
    say = words(language)
    click_nav(page, say("Event management"))
    page.get_by_role("main").get_by_role(
        "link", name=title_in(language, fair.title_en, fair.title_zh)
    ).click()
    page.get_by_role("main").get_by_role("link", name=say("Buyers and meetings")).click()
    field(page, BuyerForm, "email", language=language).fill(buyer_user.email)
    with translation.override(language):
        undp = Agency.objects.get(acronym="UNDP").label
    field(page, BuyerForm, "agency", language=language).select_option(label=undp)
    page.get_by_role("button", name=say("Add the buyer")).click()
    assert buyer_user.email in success(page)
    shoot(f"{language}-fair-staff-buyers")


def publish_a_time(page, *, fair, language, shoot):
    """My workspace, "My meetings" from the buyer's panel; the fair's form by its labels, the
    time typed in the fair's zone."""
    say = words(language)
    click_nav(page, say("My workspace"))
    page.get_by_role("region", name=say("Meetings at fairs")).get_by_role(
        "link", name=say("My meetings")
    ).click()
    starts = fair.starts_at.astimezone(SHANGHAI) + timedelta(hours=1)
    with translation.override(language):
        labels = {name: str(each.label) for name, each in SlotForm(event=fair).fields.items()}
    main = page.get_by_role("main")
    main.get_by_label(labelled(labels["starts_at"])).fill(local_input(starts))
    main.get_by_label(labelled(labels["ends_at"])).fill(local_input(starts + timedelta(minutes=20)))
    main.get_by_label(labelled(labels["table"])).fill("7")
    page.get_by_role("button", name=say("Publish this time")).click()
    assert say("Your time is published: suppliers at the fair can ask for it.") in success(page)
    shooter(page)(f"{language}-fair-buyer-times")
    slot = MeetingSlot.objects.get()
    assert slot.starts_at == fair.starts_at + timedelta(hours=1) and slot.table == "7"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_at_a_fair_a_supplier_asks_a_buyer_for_a_meeting_and_the_buyer_accepts(
    page, browser, live_server, shoot, language
):
    """Staff add the buyer to the fair; the buyer publishes a time; a supplier registers and asks
    for it; the buyer follows the request's e-mail and accepts; the supplier follows the answer's
    e-mail to the fair's meetings."""
    say = words(language)
    fair = EventFactory(
        kind=EventKind.FAIR, title_en="Procurement fair", title_zh="采购展洽会", capacity=200
    )
    AgencyFactory(acronym="UNDP")
    staff = ProgramStaffFactory(email=f"events-{language}@example.org", language=language)
    buyer_user = ProgramStaffFactory(email=f"buyer-{language}@example.org", language=language)
    supplier = UserFactory(email=f"fair-{language}@example.cn", language=language)

    start(page, live_server, language)
    sign_in(page, email=staff.email, language=language)
    add_the_buyer(page, fair=fair, buyer_user=buyer_user, language=language, shoot=shoot)

    buyer_page = new_page(browser, language=language)
    start(buyer_page, live_server, language)
    sign_in(buyer_page, email=buyer_user.email, language=language)
    publish_a_time(buyer_page, fair=fair, language=language, shoot=shoot)

    supplier_page = new_page(browser, language=language)
    start(supplier_page, live_server, language)
    sign_in(supplier_page, email=supplier.email, language=language)
    click_nav(supplier_page, say("Events"))
    supplier_page.get_by_role("link", name=title_in(language, fair.title_en, fair.title_zh)).click()
    supplier_page.get_by_role(
        "button", name=say("Register", context="for an event"), exact=True
    ).click()
    supplier_page.wait_for_selector(".message--success")
    supplier_page.get_by_role("link", name=say("Meet a buyer")).click()
    supplier_page.get_by_label(say("What your company offers")).fill(
        "Solar lanterns, 5,000 a month."
    )
    supplier_page.get_by_role("button", name=say("Ask for this time")).click()
    supplier_page.locator(".messages").wait_for()
    shooter(supplier_page)(f"{language}-fair-asked")

    follow_link_in(buyer_page, last_mail_to(buyer_user.email), r"/staff/meetings/")
    assert "Solar lanterns, 5,000 a month." in buyer_page.inner_text("main")
    buyer_page.get_by_role("button", name=say("Accept"), exact=True).click()
    buyer_page.locator(".messages").wait_for()
    shooter(buyer_page)(f"{language}-fair-buyer-accepted")
    assert MeetingRequest.objects.get().status == MeetingStatus.ACCEPTED

    follow_link_in(supplier_page, last_mail_to(supplier.email), rf"/events/{fair.pk}/meetings/")
    assert say("Accepted") in supplier_page.inner_text("main")
    shooter(supplier_page)(f"{language}-fair-answered")
    buyer_page.context.close()
    supplier_page.context.close()
