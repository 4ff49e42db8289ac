"""The e-mails about a notice tell each recipient the truth: why they receive it (they follow the
notice, or their alert matched it, named), and nobody hears of a change to a tender before the
tender itself: a recipient whose e-mail of the notice still waits (in their digest, or a retry)
gets the change with it, the notice shown as it now is and marked amended or cancelled."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notices import following
from notices.alerts import criteria, digests, sending
from notices.alerts.models import AlertDelivery
from tests.factories import UserFactory
from tests.notices.factories import DraftFactory, make_alert
from tests.notices.mail_backends import ScriptedSMTPBackend
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db

SENDER = "noreply@portal.example.org"


@pytest.fixture(autouse=True)
def _sender(settings):
    settings.DEFAULT_FROM_EMAIL = f"UN Supplier Portal <{SENDER}>"


@pytest.fixture
def as_staff(client, staff):
    client.force_login(staff)
    return client


def publish(client, notice, capture):
    with capture(execute=True):
        client.post(f"/staff/notices/{notice.pk}/publish/")


def amend(client, notice, capture, *, title):
    """Amend the notice's title through the staff area, as program staff do."""
    form = client.get(f"/staff/notices/{notice.pk}/edit/").context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and name not in {"agency", "reference"}
    }
    data["deadline"] = form.initial["deadline"].strftime("%Y-%m-%dT%H:%M")
    with capture(execute=True):
        response = client.post(
            f"/staff/notices/{notice.pk}/edit/",
            {**data, "title": title, "note": "Title corrected."},
            follow=True,
        )
    assert b"Amendment 1 is published." in response.content


def cancel(client, notice, capture):
    with capture(execute=True):
        client.post(f"/staff/notices/{notice.pk}/cancel/", {"reason": "Requirement withdrawn."})


def to(address):
    return [m for m in mail.outbox if m.to == [address]]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_instant_alert_reader_hears_of_the_amendment_because_of_their_alert(
    as_staff, django_capture_on_commit_callbacks, language
):
    reader = UserFactory(email="lotus.en@example.cn", name="", language=language)
    SupplierFactory(owner=reader, contact_name="Chen Lian")
    make_alert(user=reader, categories=["43"], name="Office software")
    notice = DraftFactory(title="Word processing licences")
    publish(as_staff, notice, django_capture_on_commit_callbacks)

    amend(as_staff, notice, django_capture_on_commit_callbacks, title="Word processors")

    new, amendment = to("lotus.en@example.cn")
    html = amendment.alternatives[0][0]
    if language == "en":
        assert amendment.subject == "Amendment 1: Word processors"
        assert amendment.from_email == f"UN Supplier Portal <{SENDER}>"
        assert amendment.body.startswith("Dear Chen Lian,\n")
        assert "The agency published amendment 1 to this notice:" in amendment.body
        assert "your alert “Office software” matched this notice" in amendment.body
        assert "your alert “Office software” matched this notice" in html
        assert "follow" not in amendment.body.lower() and "follow" not in html.lower()
    else:
        assert amendment.subject == "第 1 次更正：Word processors"
        assert amendment.from_email == f"联合国供应商门户 <{SENDER}>"
        assert amendment.body.startswith("Chen Lian，您好：\n")
        assert "您的订阅“Office software”匹配了此公告" in amendment.body
        assert "关注" not in amendment.body and "关注" not in html
    assert "lotus.en" not in amendment.body and "lotus.en" not in new.body
    # One click stops the alert that sent it (not "following" a notice they never followed).
    assert "Stop this alert" in html or "停止此订阅" in html


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_follower_is_told_they_follow_it(as_staff, django_capture_on_commit_callbacks, language):
    follower = UserFactory(email="follower@example.cn", name="Li Na", language=language)
    notice = DraftFactory(title="Solar pumps")
    publish(as_staff, notice, django_capture_on_commit_callbacks)
    following.follow(notice, user=follower)

    cancel(as_staff, notice, django_capture_on_commit_callbacks)

    (cancellation,) = to("follower@example.cn")
    if language == "en":
        assert cancellation.subject == "Cancelled: Solar pumps"
        assert "The agency cancelled this notice:" in cancellation.body
        assert "You receive this because you follow this notice." in cancellation.body
    else:
        assert cancellation.from_email == f"联合国供应商门户 <{SENDER}>"
        assert "采购机构取消了此公告：" in cancellation.body
        assert "您收到此邮件是因为您关注了此公告。" in cancellation.body


def test_an_alert_deleted_since_is_not_passed_off_as_following(
    as_staff, django_capture_on_commit_callbacks
):
    reader = UserFactory(email="reader@example.cn")
    alert = make_alert(user=reader, categories=["43"], name="Office software")
    notice = DraftFactory()
    publish(as_staff, notice, django_capture_on_commit_callbacks)
    criteria.delete_alert(alert)

    cancel(as_staff, notice, django_capture_on_commit_callbacks)

    cancellation = to("reader@example.cn")[-1]
    assert cancellation.subject.startswith("Cancelled:")
    assert "one of your alerts matched this notice" in cancellation.body
    assert "follow" not in cancellation.body.lower()


def test_nobody_known_by_name_is_greeted_without_one(as_staff, django_capture_on_commit_callbacks):
    english = UserFactory(email="lotus.en@example.cn", name="")
    chinese = UserFactory(email="lotus.zh@example.cn", name="", language="zh-hans")
    for reader in (english, chinese):
        make_alert(user=reader, categories=["43"])

    publish(as_staff, DraftFactory(), django_capture_on_commit_callbacks)

    (english_mail,) = to("lotus.en@example.cn")
    (chinese_mail,) = to("lotus.zh@example.cn")
    assert english_mail.body.startswith("Hello,\n")
    assert chinese_mail.body.startswith("您好：\n")
    assert "<p>Hello,</p>" in english_mail.alternatives[0][0]
    for message in (english_mail, chinese_mail):
        assert "lotus" not in message.body.split("--")[0]


# 2026-11-23 is a Monday; 08:00 in Shanghai is 00:00 UTC.
MONDAY_0800_SHANGHAI = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)


@pytest.fixture
def daily_reader():
    reader = UserFactory(
        email="daily@example.cn", name="", language="zh-hans", time_zone="Asia/Shanghai"
    )
    SupplierFactory(owner=reader, contact_name="Chen Lian")
    make_alert(user=reader, categories=["43"], name="办公软件", frequency="daily")
    return reader


def before_the_digest(notice):
    """As if the notice's rows were written the evening before the digest."""
    evening = MONDAY_0800_SHANGHAI - timedelta(hours=10)
    AlertDelivery.objects.filter(notice=notice).update(created_at=evening, next_attempt_at=evening)


def test_a_change_to_a_notice_still_waiting_in_a_digest_travels_in_that_digest(
    as_staff, daily_reader, django_capture_on_commit_callbacks
):
    notice = DraftFactory(title="Word processing licences")
    publish(as_staff, notice, django_capture_on_commit_callbacks)
    amend(as_staff, notice, django_capture_on_commit_callbacks, title="Word processors")
    before_the_digest(notice)

    assert to("daily@example.cn") == [], "no amendment of a tender they were never told of"
    assert sending.send_pending()["sent"] == 0

    sent = digests.send_digests("daily", now=MONDAY_0800_SHANGHAI + timedelta(minutes=5))

    assert sent == {"digests": 1, "notices": 2}, "the notice and its amendment, in one e-mail"
    (digest,) = to("daily@example.cn")
    assert "1 条新公告" in digest.subject, "one notice, not two rows"
    assert digest.from_email == f"联合国供应商门户 <{SENDER}>"
    assert digest.body.startswith("Chen Lian，您好：\n")
    assert digest.body.count("Word processors") == 1, "listed once, as it now is"
    assert "Word processing licences" not in digest.body
    assert "发布后已更正（更正号：1），此处显示最新内容。" in digest.body
    assert "发布后已更正" in digest.alternatives[0][0]
    assert not AlertDelivery.objects.exclude(status="sent").exists()
    assert sending.send_pending()["sent"] == 0, "and no amendment e-mail after it"


def test_a_cancellation_of_a_notice_still_waiting_in_a_digest_is_marked_in_it(
    as_staff, daily_reader, django_capture_on_commit_callbacks
):
    daily_reader.language = "en"
    daily_reader.save()
    notice = DraftFactory(title="Solar lanterns")
    publish(as_staff, notice, django_capture_on_commit_callbacks)
    cancel(as_staff, notice, django_capture_on_commit_callbacks)
    before_the_digest(notice)

    digests.send_digests("daily", now=MONDAY_0800_SHANGHAI + timedelta(minutes=5))

    (digest,) = to("daily@example.cn")
    assert digest.subject == "Your daily alert: 1 new notice"
    assert "Cancelled by the agency. Requirement withdrawn." in digest.body
    assert digest.body.startswith("Dear Chen Lian,\n")


def test_a_change_waits_for_the_notices_own_e_mail_that_is_being_retried(
    as_staff, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.notices.mail_backends.ScriptedSMTPBackend"
    ScriptedSMTPBackend.ANSWERS = {"li@example.cn": [(421, "Try again later")]}
    reader = UserFactory(email="li@example.cn")
    make_alert(user=reader, categories=["43"], name="Office software")
    notice = DraftFactory(title="Word processing licences")
    publish(as_staff, notice, django_capture_on_commit_callbacks)
    assert to("li@example.cn") == [], "the server asked to try again later"

    amend(as_staff, notice, django_capture_on_commit_callbacks, title="Word processors")

    assert to("li@example.cn") == [], "the amendment waits for the notice's own e-mail"
    # The retry is due (a minute later).
    AlertDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert sending.send_pending()["sent"] == 2
    new, amendment = to("li@example.cn")
    assert new.subject == "New tender: Word processors"
    assert amendment.subject == "Amendment 1: Word processors"


def test_a_digest_leaves_out_the_notices_of_an_alert_deleted_before_it(
    as_staff, daily_reader, django_capture_on_commit_callbacks
):
    daily_reader.language = "en"
    daily_reader.save()
    notice = DraftFactory(title="Solar lanterns")
    publish(as_staff, notice, django_capture_on_commit_callbacks)
    before_the_digest(notice)
    criteria.delete_alert(daily_reader.alerts.get())

    digests.send_digests("daily", now=MONDAY_0800_SHANGHAI + timedelta(minutes=5))

    assert to("daily@example.cn") == []
