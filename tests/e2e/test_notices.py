"""Journeys 3 and 4 in a real browser, in English and in Chinese: program staff publish a notice
and amend its deadline; a supplier saves a search as an alert, receives the alert e-mail when staff
publish a matching notice, and stops the alert with the e-mail's one-click link. Both walk from the
home page: the main menu, then the pages' own links and buttons."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.text import capfirst

from notices.alerts.models import Alert
from notices.models import NoticeStatus
from tests.e2e.steps import field, local_input, publish_from_the_staff_area
from tests.e2e.walking import (
    click_nav,
    follow_link_in,
    labelled,
    last_mail_to,
    sign_in,
    start,
    words,
)
from tests.factories import ProgramStaffFactory, UserFactory
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


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_staff_publish_a_notice_and_amend_its_deadline(page, live_server, shoot, language):
    text, say = TEXT[language], words(language)
    AgencyFactory(acronym="UNDP", name_en="UN Development Programme", name_zh="联合国开发计划署")
    staff = ProgramStaffFactory(email=f"publisher-{language}@example.org", language=language)
    start(page, live_server, language)
    sign_in(page, email=staff.email, language=language)
    deadline = (timezone.now() + timedelta(days=20)).replace(
        hour=12, minute=0, second=0, microsecond=0
    )

    notice = publish_from_the_staff_area(
        page,
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
    page.get_by_role("main").get_by_role("link", name=say("Amend"), exact=True).click()
    page.wait_for_url(re.compile(rf"/staff/notices/{notice.pk}/edit/$"))
    later = deadline + timedelta(days=7)
    field(page, say, "What changed, and why").fill(text["note"])
    field(page, say, "Deadline").fill(local_input(later.replace(tzinfo=None)))
    shoot(f"{language}-staff-amend")
    page.get_by_role("main").get_by_role("button", name=say("Publish the amendment")).click()
    page.wait_for_url(re.compile(rf"/staff/notices/{notice.pk}/$"))
    assert text["amendment"] in page.inner_text(".messages")
    notice.refresh_from_db()
    assert notice.deadline_in_agency_time.replace(tzinfo=None) == later.replace(tzinfo=None)

    # Suppliers see the new deadline in their time zone, the agency's beside it, and the history.
    page.get_by_role("main").get_by_role("link", name=say("See the public page")).click()
    page.wait_for_url(re.compile(rf"/notices/{notice.pk}/$"))
    facts = page.inner_text(".notice-facts__item--deadline")
    assert text["your_time"] in facts
    assert page.locator(".notice__agency-time").count() == 1
    assert text["note"] in page.inner_text(".amendments")
    shoot(f"{language}-notice-amended")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_supplier_saves_a_search_hears_of_a_new_notice_and_stops_the_alert(
    page, browser, live_server, shoot, language
):
    text, say = TEXT[language], words(language)
    undp = AgencyFactory(
        acronym="UNDP", name_en="UN Development Programme", name_zh="联合国开发计划署"
    )
    NoticeFactory(agency=undp, title="Solar water pumps 太阳能水泵", categories=["39111600"])
    NoticeFactory(agency=undp, title="Office chairs", categories=["56101500"])
    NoticeFactory(title="Solar panels for a clinic", categories=["26111600"])
    supplier = UserFactory(email=f"li-{language}@example.cn", language=language)
    start(page, live_server, language)
    sign_in(page, email=supplier.email, language=language)

    # The search: a keyword, an agency and a type; htmx updates the results in place.
    click_nav(page, say("Notices"))
    page.wait_for_url(re.compile(r"/notices/$"))
    page.wait_for_load_state("load")
    search = page.get_by_role("search", name=say("Search and filter notices"))
    search.get_by_label(labelled(say("Keywords"))).fill("Solar")
    with translation.override(language):
        search.get_by_label(labelled(say("Agency"))).select_option(label=undp.label)
    search.get_by_label(labelled(say("Type of notice"))).select_option(
        label=say("Request for quotation")
    )
    search.get_by_role("button", name=say("Search"), exact=True).click()
    page.wait_for_url(re.compile(r"q=Solar"))
    page.wait_for_function("document.querySelectorAll('.notice-card').length === 1")
    assert "太阳能水泵" in page.inner_text("#results")
    shoot(f"{language}-notices-search")

    # Saved as an alert: the form carries the search over.
    page.get_by_role("link", name=say("Save this search as an alert")).click()
    page.wait_for_url(re.compile(r"/alerts/new/\?"))
    main = page.get_by_role("main")
    assert main.get_by_label(labelled(capfirst(say("keywords")))).input_value() == "Solar"
    chosen = main.get_by_label(labelled(say("Agencies"))).evaluate(
        "select => [...select.selectedOptions].map(option => option.value)"
    )
    assert len(chosen) == 1
    shoot(f"{language}-alert-new")
    main.get_by_role("button", name=say("Save the alert")).click()
    page.wait_for_url(re.compile(r"/alerts/$"))
    alert = Alert.objects.get(user=supplier)
    assert alert.keywords == "Solar"
    shoot(f"{language}-alerts")

    # Staff publish a matching notice; the alert e-mail arrives in the supplier's language.
    mail.outbox.clear()
    staff = ProgramStaffFactory(email=f"alerting-staff-{language}@example.org", language=language)
    staff_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    start(staff_page, live_server, language)
    sign_in(staff_page, email=staff.email, language=language)
    publish_from_the_staff_area(
        staff_page,
        shoot=None,
        language=language,
        title="Solar street lights",
        reference=f"UNDP-CN-{language}-02",
        deadline=(timezone.now() + timedelta(days=30)).replace(tzinfo=None),
    )
    staff_page.context.close()
    messages = [m for m in mail.outbox if m.to == [supplier.email]]
    assert len(messages) == 1
    assert text["subject"] in messages[0].subject and "Solar street lights" in messages[0].subject

    # The one-click link of the e-mail stops the alert.
    follow_link_in(page, last_mail_to(supplier.email), r"/alerts/unsubscribe/[^/\s]+/")
    shoot(f"{language}-alert-unsubscribe")
    page.get_by_role("main").get_by_role("button", name=say("Stop these e-mails")).click()
    assert text["stopped"] in page.inner_text("main")
    alert.refresh_from_db()
    assert alert.is_paused
    shoot(f"{language}-alert-stopped")
