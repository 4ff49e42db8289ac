"""A deadline shows in the reader's time zone (their setting; Asia/Shanghai for visitors), with the
agency's original beside it: on the list, the notice page, the calendar file and the e-mails."""

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.utils import timezone, translation

from accounts.models import Language
from notices.alerts import dispatch
from notices.alerts.emails import digest_message
from notices.alerts.models import AlertDelivery
from notices.deadlines import deadline_times
from tests.notices.factories import NoticeFactory, make_alert

pytestmark = pytest.mark.django_db

# 10:00 in Rome in winter is 09:00 UTC and 17:00 in Shanghai.
DEADLINE = datetime(2031, 12, 1, 10, 0, tzinfo=ZoneInfo("Europe/Rome"))


@pytest.fixture
def notice():
    return NoticeFactory(
        deadline=DEADLINE, deadline_time_zone="Europe/Rome", estimated_value=1234567, currency="USD"
    )


def test_deadline_times_in_the_readers_zone_and_the_agencys():
    notice = NoticeFactory(deadline=DEADLINE, deadline_time_zone="Europe/Rome")

    with translation.override("zh-hans"), timezone.override(ZoneInfo("Asia/Shanghai")):
        times = deadline_times(notice)

    assert (times.reader, times.reader_zone) == ("2031年12月1日 17:00", "中国（上海）时间")
    assert (times.agency, times.agency_zone) == ("2031年12月1日 10:00", "意大利时间")
    assert not times.same_zone


def test_a_deadline_in_the_readers_own_zone_is_given_once(client, supplier):
    supplier.time_zone = "Europe/Rome"
    supplier.save()
    client.force_login(supplier)
    notice = NoticeFactory(deadline=DEADLINE, deadline_time_zone="Europe/Rome")

    content = client.get(f"/notices/{notice.pk}/").content.decode()

    assert "1 December 2031, 10:00" in content
    assert "As given by the agency" not in content


def test_the_list_shows_a_visitor_the_deadline_in_shanghai_time_and_the_agencys(client, notice):
    content = client.get("/notices/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()

    assert "2031年12月1日 17:00" in content
    assert "机构时间：2031年12月1日 10:00，意大利时间" in content
    assert "截止时间按中国（上海）时间（门户网站的时区" in content
    assert "您的时区" not in content, "a visitor's zone is the portal's, not theirs"


def test_a_visitor_is_told_whose_zone_the_deadlines_are_in(client, notice):
    listing = client.get("/notices/").content.decode()
    page = client.get(f"/notices/{notice.pk}/").content.decode()

    assert "Deadlines are shown in China (Shanghai) Time (the portal's time zone;" in listing
    assert "(China (Shanghai) Time)" in page
    for content in (listing, page):
        assert "your time" not in content


def test_a_signed_in_reader_in_the_portals_zone_is_told_it_is_their_own(client, supplier, notice):
    # A visitor's page first: the cached fragments of one zone differ by whose zone it is.
    client.get("/notices/")
    client.get(f"/notices/{notice.pk}/")
    client.force_login(supplier)  # Asia/Shanghai, the default

    listing = client.get("/notices/").content.decode()
    page = client.get(f"/notices/{notice.pk}/").content.decode()

    assert "Deadlines are shown in your time zone, China (Shanghai) Time," in listing
    assert "(China (Shanghai) Time, your time)" in page


def test_the_list_uses_a_signed_in_readers_own_zone(client, supplier, notice):
    supplier.time_zone = "America/New_York"
    supplier.save()
    client.force_login(supplier)

    content = client.get("/notices/").content.decode()

    assert "1 Dec 2031, 04:00" in content and "United States (New York) Time" in content
    assert "Agency's time: 1 Dec 2031, 10:00, Italy Time" in content


def test_the_notice_page_in_chinese(client, notice):
    content = client.get(f"/notices/{notice.pk}/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()

    assert "2031年12月1日 星期一 17:00" in content and "中国（上海）时间" in content
    assert "机构公布的时间：2031年12月1日 星期一 10:00（意大利时间）" in content
    assert "1,234,567.00 USD" in content, "thousands separators in Chinese too"


def test_the_calendar_file_gives_both_times_in_the_readers_language(client, notice):
    response = client.get(f"/notices/{notice.pk}/calendar.ics", HTTP_ACCEPT_LANGUAGE="zh-CN")

    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    description = str(event["DESCRIPTION"])
    assert "截止时间：2031年12月1日 17:00（中国（上海）时间）" in description
    assert "机构时间：2031年12月1日 10:00，意大利时间" in description
    assert event.decoded("DTSTART") == DEADLINE


def test_the_digest_gives_both_times_in_the_recipients_language(supplier, notice):
    supplier.language, supplier.time_zone = Language.CHINESE, "Asia/Shanghai"
    supplier.save()
    alert = make_alert(user=supplier, name="全部", frequency="daily")
    dispatch.queue_for_notice(notice)
    deliveries = list(AlertDelivery.objects.filter(alert=alert).select_related("notice__agency"))

    message = digest_message(supplier, deliveries, frequency="daily", cap=50)

    assert "2031年12月1日 17:00（中国（上海）时间）" in message.body
    assert "机构时间：2031年12月1日 10:00，意大利时间" in message.body
    assert not mail.outbox
