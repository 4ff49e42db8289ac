"""The SMTP backend's fast way (accounts.mime: the message's bytes written directly) and Django's way
(the file and console backends, the tests' outbox) give the same e-mail for the same outbox row:
the same headers and the same bodies, apart from Message-ID, Date and the MIME boundary."""

import re
import socket
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.core import mail, signing
from django.utils import timezone

from accounts import mime
from notices import following, publishing
from notices.alerts import digests, dispatch, sending
from notices.alerts.models import AlertDelivery, DeliveryStatus
from tests.factories import ProgramStaffFactory, UserFactory
from tests.notices.factories import NoticeFactory, make_alert

pytestmark = pytest.mark.django_db

TITLE = """Pumps & valves: O'Brien's "best" <b>offer</b> 太阳能水泵"""
RECIPIENTS = [
    # (address, name, language, time zone, alert name or None for a follower)
    ("li@example.cn", "李伟", "zh-hans", "Asia/Shanghai", "水泵 & <阀门>"),
    ("ana@example.org", "Ana O'Neil", "en", "Europe/Copenhagen", "Pumps & <valves>"),
    ("noname@example.org", "", "en", "America/New_York", "Pumps"),
    ("follower@example.cn", "", "zh-hans", "Africa/Nairobi", None),
]
VARYING = re.compile(rb"(Date|Message-ID): [^\r]*\r\n|===============\d+==")


class Sink:
    def __init__(self):
        self.received: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope.original_content)
        return "250 OK"


@pytest.fixture
def smtp_sink(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield sink
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def same_tokens(monkeypatch):
    """Unsubscribe tokens signed in the same second, whichever second each way sends in."""
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: "1tXyZ1")


def recipients(*, frequency="instant"):
    notice = NoticeFactory(title=TITLE, status="draft", published_at=None)
    for address, name, language, zone, alert in RECIPIENTS:
        user = UserFactory(email=address, name=name, language=language, time_zone=zone)
        if alert is None:
            following.follow(notice, user=user)
        else:
            make_alert(user=user, categories=["43"], name=alert, frequency=frequency)
    return notice


def published(notice):
    notice.status, notice.published_at = "published", timezone.now()
    notice.deadline = timezone.now() + timedelta(days=20)
    notice.save()
    dispatch.queue_for_notice(notice)


def both_ways(send, smtp_sink, settings) -> list[tuple[bytes, bytes]]:
    """Each e-mail sent the fast way (into the SMTP sink), then, its rows made pending again,
    Django's way (into the outbox): (fast, Django) bytes, by recipient and subject."""
    send()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    AlertDelivery.objects.update(status=DeliveryStatus.PENDING, attempts=0, sent_at=None)
    mail.outbox = []
    send()
    django_way = {(m.to[0], m.subject): m.message().as_bytes(linesep="\r\n") for m in mail.outbox}
    fast_way = {}
    for data in smtp_sink.received:
        message = message_from_bytes(data, policy=policy.default)
        fast_way[(str(message["To"]), str(message["Subject"]).strip())] = data
    assert set(fast_way) == set(django_way) and len(django_way) == len(mail.outbox)
    return [(fast_way[key], django_way[key]) for key in sorted(django_way)]


def assert_same_message(fast: bytes, django: bytes) -> None:
    assert VARYING.sub(b"", fast) == VARYING.sub(b"", django)
    ours, theirs = (message_from_bytes(b, policy=policy.default) for b in (fast, django))
    for name in ("Subject", "From", "To", "List-Unsubscribe", "List-Unsubscribe-Post", "List-Id"):
        assert ours[name] == theirs[name], name
    for kind in ("plain", "html"):
        ours_part = ours.get_body(preferencelist=(kind,)).get_content()
        assert ours_part == theirs.get_body(preferencelist=(kind,)).get_content()


def test_an_instant_alert_is_the_same_message_both_ways(smtp_sink, settings):
    notice = recipients()
    published(notice)
    publishing.amend(
        notice,
        changes={"deadline": notice.deadline + timedelta(days=3)},
        note="Extended & clarified",
        by=ProgramStaffFactory(),
    )
    dispatch.queue_for_notice(notice)

    pairs = both_ways(sending.send_pending, smtp_sink, settings)

    assert len(pairs) == 2 * len(RECIPIENTS) - 1  # the follower hears of the amendment only
    for fast, django in pairs:
        assert_same_message(fast, django)


def test_a_digest_is_the_same_message_both_ways(smtp_sink, settings):
    published(recipients(frequency="daily"))
    published(NoticeFactory(title=f"{TITLE} 2", status="draft", published_at=None))
    AlertDelivery.objects.filter(frequency="instant").delete()

    pairs = both_ways(lambda: digests.send_digests("daily", due_now=True), smtp_sink, settings)

    assert pairs
    for fast, django in pairs:
        assert_same_message(fast, django)


def test_a_message_of_another_shape_goes_through_django():
    message = mail.EmailMultiAlternatives("Hi", "Text", to=["a@example.org"], cc=["b@example.org"])
    message.attach_alternative("<p>Text</p>", "text/html")

    assert mime.message_bytes(message) is None


def test_a_line_longer_than_smtp_allows_goes_through_django():
    message = mail.EmailMultiAlternatives("Hi", "x" * 1200, to=["a@example.org"])
    message.attach_alternative("<p>Text</p>", "text/html")

    assert mime.message_bytes(message) is None
