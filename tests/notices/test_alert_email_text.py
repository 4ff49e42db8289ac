"""Every alert e-mail (new notice, amendment, cancellation, deadline reminder, digest) shows a title
with `& ' " < >` as typed in its subject and text part, and escaped exactly once in its HTML part."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils.html import escape

from notices import following, publishing
from notices.alerts import digests, dispatch, sending
from tests.factories import ProgramStaffFactory, UserFactory
from tests.notices.factories import NoticeFactory, make_alert

pytestmark = pytest.mark.django_db

TITLE = """Pumps & valves: O'Brien's "best" <b>offer</b>"""
ONCE = escape(TITLE)  # &amp; &#x27; &quot; &lt; &gt;


def assert_plain_and_escaped_once(message, *, in_subject=True):
    if in_subject:
        assert TITLE in message.subject, message.subject
        assert "&amp;" not in message.subject and "&#x27;" not in message.subject
    assert TITLE in message.body
    assert "&amp;" not in message.body and "&quot;" not in message.body
    html = message.alternatives[0][0]
    assert ONCE in html
    assert "&amp;amp;" not in html and "&amp;#x27;" not in html and "&amp;quot;" not in html
    assert "<b>offer</b>" not in html


@pytest.fixture
def subscriber():
    user = UserFactory(email="li@example.cn")
    make_alert(user=user, categories=["43"], name="Software & <co>")
    return user


def test_a_new_notice_alert(subscriber, django_capture_on_commit_callbacks):
    notice = NoticeFactory(title=TITLE, status="draft", published_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(notice, by=ProgramStaffFactory())

    (message,) = mail.outbox
    assert message.subject == f"New tender: {TITLE}"
    assert_plain_and_escaped_once(message)
    assert "your alert “Software & <co>”" in message.body
    assert "Software &amp; &lt;co&gt;" in message.alternatives[0][0]


def test_an_amendment_and_a_cancellation(subscriber, django_capture_on_commit_callbacks):
    notice = NoticeFactory(title=TITLE)
    following.follow(notice, user=subscriber)
    staff = ProgramStaffFactory()

    with django_capture_on_commit_callbacks(execute=True):
        publishing.amend(
            notice,
            changes={"deadline": notice.deadline + timedelta(days=3)},
            note="Extended & clarified",
            by=staff,
        )
    with django_capture_on_commit_callbacks(execute=True):
        publishing.cancel(notice, reason="The need changed", by=staff)

    amendment = next(m for m in mail.outbox if m.subject.startswith("Amendment 1:"))
    cancellation = next(m for m in mail.outbox if m.subject.startswith("Cancelled:"))
    assert amendment.subject == f"Amendment 1: {TITLE}"
    assert cancellation.subject == f"Cancelled: {TITLE}"
    assert "Extended & clarified" in amendment.body
    for message in (amendment, cancellation):
        assert_plain_and_escaped_once(message)


def test_a_deadline_reminder():
    follower = UserFactory()
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    notice = NoticeFactory(title=TITLE, deadline=now + timedelta(days=6, hours=23))
    following.follow(notice, user=follower)

    dispatch.queue_reminders(now=now)
    sending.send_pending()

    (message,) = mail.outbox
    assert message.subject == f"7 days left: {TITLE}"
    assert_plain_and_escaped_once(message)


def test_a_daily_digest():
    user = UserFactory(time_zone="Asia/Shanghai")
    make_alert(user=user, name="Pumps", keywords="pumps", frequency="daily")
    dispatch.queue_for_notice(NoticeFactory(title=TITLE))

    digests.send_digests("daily", now=datetime(2100, 1, 4, 0, 15, tzinfo=UTC))

    (message,) = mail.outbox
    assert_plain_and_escaped_once(message, in_subject=False)


def test_an_alert_name_typed_on_two_lines_is_quoted_on_one(client, supplier):
    client.force_login(supplier)

    client.post(
        "/alerts/new/",
        {"name": "Software\r\n& <co>", "categories": "43", "frequency": "instant"},
    )
    dispatch.queue_for_notice(NoticeFactory(title=TITLE))
    sending.send_pending()

    (message,) = mail.outbox
    assert "your alert “Software & <co>”" in message.body
