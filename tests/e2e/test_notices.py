"""Journeys 3 and 4 in a real browser, in English and in Chinese: program staff publish a notice
and amend its deadline; a supplier saves a search as an alert, receives the alert e-mail when staff
publish a matching notice, and stops the alert with the e-mail's one-click link."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notices.alerts.models import Alert
from notices.models import Agency, Notice, NoticeStatus
from tests.factories import PASSWORD, ProgramStaffFactory, UserFactory, totp_code
from tests.notices.factories import AgencyFactory, NoticeFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {
        "published": "The notice is published.",
        "amendment": "Amendment 1 is published.",
        "note": "The deadline is extended by a week at the suppliers' request.",
        "your_time": "your time",
        "stopped": "is stopped",
        "subject": "New tender",
    },
    "zh-hans": {
        "published": "公告已发布。",
        "amendment": "第 1 次更正已发布。",
        "note": "应供应商要求，截止时间延长一周。",
        "your_time": "您的时间",
        "stopped": "已停止",
        "subject": "新招标",
    },
}


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))
    if "/accounts/2fa/authenticate/" in page.url:
        # Staff have a second factor: the code of their authenticator app.
        page.fill("#id_code", totp_code())
        page.click("main button[type=submit]")
        page.wait_for_url(re.compile(r"^(?!.*/accounts/2fa/).*$"))


def local_input(moment) -> str:
    """A datetime-local input's value."""
    return moment.strftime("%Y-%m-%dT%H:%M")


def publish_from_the_staff_area(page, live_server, *, shoot, language, title, reference, deadline):
    """Staff draft a notice at /staff/notices/new/, check the preview and publish it."""
    page.goto(f"{live_server.url}/staff/notices/")
    if shoot:
        shoot(f"{language}-staff-list")
    page.click("main a[href='/staff/notices/new/']")
    page.wait_for_url(re.compile(r"/staff/notices/new/$"))
    page.select_option("#id_agency", str(Agency.objects.get(acronym="UNDP").pk))
    page.fill("#id_reference", reference)
    page.fill("#id_title", title)
    page.select_option("#id_notice_type", "rfq")
    page.fill("#id_categories", "39111600")
    page.select_option("#id_countries", ["CN"])
    page.fill("#id_deadline", local_input(deadline))
    page.select_option("#id_deadline_time_zone", "Europe/Copenhagen")
    page.fill("#id_description", "Solar street lights for ten villages; installation included.")
    if shoot:
        shoot(f"{language}-staff-new-notice")
    page.click("main form.notice-form button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/notices/\d+/$"))
    if shoot:
        shoot(f"{language}-staff-preview")
    page.click("form[action$='/publish/'] button")
    page.wait_for_url(re.compile(r"/staff/notices/\d+/$"))
    return Notice.objects.get(reference=reference)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_staff_publish_a_notice_and_amend_its_deadline(page, live_server, shoot, language):
    text = TEXT[language]
    AgencyFactory(acronym="UNDP", name_en="UN Development Programme", name_zh="联合国开发计划署")
    ProgramStaffFactory(email=f"staff-{language}@example.org", language=language)
    sign_in(page, live_server, f"staff-{language}@example.org")
    deadline = (timezone.now() + timedelta(days=20)).replace(
        hour=12, minute=0, second=0, microsecond=0
    )

    notice = publish_from_the_staff_area(
        page,
        live_server,
        shoot=shoot,
        language=language,
        title="Solar street lights 太阳能路灯",
        reference=f"UNDP-CN-{language}-01",
        deadline=deadline.replace(tzinfo=None),
    )

    assert text["published"] in page.inner_text(".messages")
    assert notice.status == NoticeStatus.PUBLISHED
    assert notice.deadline_time_zone == "Europe/Copenhagen"
    shoot(f"{language}-staff-published")

    # The deadline is moved a week later, with a note for suppliers.
    page.click(f"main a[href='/staff/notices/{notice.pk}/edit/']")
    later = deadline + timedelta(days=7)
    page.fill("#id_note", text["note"])
    page.fill("#id_deadline", local_input(later.replace(tzinfo=None)))
    shoot(f"{language}-staff-amend")
    page.click("main form.notice-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/staff/notices/{notice.pk}/$"))
    assert text["amendment"] in page.inner_text(".messages")
    notice.refresh_from_db()
    assert notice.deadline_in_agency_time.replace(tzinfo=None) == later.replace(tzinfo=None)

    # Suppliers see the new deadline in their time zone, the agency's beside it, and the history.
    page.goto(f"{live_server.url}/notices/{notice.pk}/")
    facts = page.inner_text(".notice-facts__item--deadline")
    assert text["your_time"] in facts
    assert page.locator(".notice__agency-time").count() == 1
    assert text["note"] in page.inner_text(".amendments")
    shoot(f"{language}-notice-amended")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_supplier_saves_a_search_hears_of_a_new_notice_and_stops_the_alert(
    page, browser, live_server, shoot, language
):
    text = TEXT[language]
    undp = AgencyFactory(
        acronym="UNDP", name_en="UN Development Programme", name_zh="联合国开发计划署"
    )
    NoticeFactory(agency=undp, title="Solar water pumps 太阳能水泵", categories=["39111600"])
    NoticeFactory(agency=undp, title="Office chairs", categories=["56101500"])
    NoticeFactory(title="Solar panels for a clinic", categories=["26111600"])
    supplier = UserFactory(email=f"li-{language}@example.cn", language=language)
    sign_in(page, live_server, supplier.email)

    # The search: a keyword, an agency and a type; htmx updates the results in place.
    page.goto(f"{live_server.url}/notices/")
    page.wait_for_load_state("load")
    page.fill("#id_q", "Solar")
    page.select_option("#id_agency", "UNDP")
    page.select_option("#id_type", "rfq")
    page.click("main form.notice-filters button[type=submit]")
    page.wait_for_url(re.compile(r"q=Solar"))
    page.wait_for_function("document.querySelectorAll('.notice-card').length === 1")
    assert "太阳能水泵" in page.inner_text("#results")
    shoot(f"{language}-notices-search")

    # Saved as an alert: the form carries the search over.
    page.click("#results a[href^='/alerts/new/']")
    page.wait_for_url(re.compile(r"/alerts/new/\?"))
    assert page.input_value("#id_keywords") == "Solar"
    assert page.locator("#id_agencies option[value]:checked").count() == 1
    shoot(f"{language}-alert-new")
    page.click("main form .actions button[type=submit]")
    page.wait_for_url(re.compile(r"/alerts/$"))
    alert = Alert.objects.get(user=supplier)
    assert alert.keywords == "Solar"
    shoot(f"{language}-alerts")

    # Staff publish a matching notice; the alert e-mail arrives in the supplier's language.
    mail.outbox.clear()
    ProgramStaffFactory(email=f"staff-{language}@example.org")
    staff = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(staff, live_server, f"staff-{language}@example.org")
    publish_from_the_staff_area(
        staff,
        live_server,
        shoot=None,
        language=language,
        title="Solar street lights",
        reference=f"UNDP-CN-{language}-02",
        deadline=(timezone.now() + timedelta(days=30)).replace(tzinfo=None),
    )
    staff.context.close()
    messages = [m for m in mail.outbox if m.to == [supplier.email]]
    assert len(messages) == 1
    assert text["subject"] in messages[0].subject and "Solar street lights" in messages[0].subject
    unsubscribe = re.search(r"https?://[^/\s]+(/alerts/unsubscribe/[^/\s]+/)", messages[0].body)

    # The one-click link of the e-mail stops the alert.
    page.goto(f"{live_server.url}{unsubscribe.group(1)}")
    shoot(f"{language}-alert-unsubscribe")
    page.click("main form button[type=submit]")
    assert text["stopped"] in page.inner_text("main")
    alert.refresh_from_db()
    assert alert.is_paused
    shoot(f"{language}-alert-stopped")
