"""accounts.mime.send pipelines MAIL, RCPT and DATA when the server offers PIPELINING (two round
trips a message instead of four), and answers every refusal as smtplib's sendmail does, leaving
the connection ready for the next message. Against a real SMTP server (aiosmtpd) on loopback."""

import smtplib
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend

from accounts import mime

BODY = "Hello,\n.a line that starts with a dot\n..and two\n\nA new tender: 太阳能水泵.\n"


class Server:
    """Accepts everything but the scripted refusals; offers PIPELINING when asked to."""

    def __init__(self, *, pipelining: bool):
        self.pipelining = pipelining
        self.received: list[tuple[str, list[str], bytes]] = []
        self.refuse_sender = self.refuse_recipient = self.refuse_data = ""

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.pipelining:
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_MAIL(self, server, session, envelope, address, options):
        if address == self.refuse_sender:
            return "550 5.7.1 sender refused"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address == self.refuse_recipient:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_data:
            return self.refuse_data
        self.received.append((envelope.mail_from, envelope.rcpt_tos, envelope.original_content))
        return "250 OK"


def _server(pipelining: bool):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Server(pipelining=pipelining)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return handler, controller, port


@pytest.fixture(params=[True, False], ids=["pipelining", "plain"])
def server(request):
    handler, controller, port = _server(request.param)
    handler.port = port
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def writes(monkeypatch):
    """How many times the client wrote to the server (a round trip each, at most)."""
    counted = []
    original = smtplib.SMTP.send

    def send(self, data):
        counted.append(data)
        return original(self, data)

    monkeypatch.setattr(smtplib.SMTP, "send", send)
    return counted


def message(to: str) -> EmailMultiAlternatives:
    built = EmailMultiAlternatives(
        "A new tender", BODY, from_email="Portal <alerts@example.org>", to=[to]
    )
    built.attach_alternative("<p>Hello</p>", "text/html")
    return built


def backend(port: int) -> EmailBackend:
    connection = EmailBackend(host="127.0.0.1", port=port, use_tls=False, use_ssl=False)
    connection.username = connection.password = ""
    connection.open()
    return connection


def test_a_message_arrives_whole_either_way(server):
    connection = backend(server.port)

    mime.send(connection, message("ana@example.org"))
    connection.close()

    [(sender, recipients, content)] = server.received
    assert (sender, recipients) == ("alerts@example.org", ["ana@example.org"])
    assert b"\r\n.a line that starts with a dot\r\n..and two\r\n" in content
    assert "太阳能水泵".encode() in content


def test_with_pipelining_a_message_takes_two_writes_without_it_four(server, writes):
    connection = backend(server.port)
    connection.connection.ehlo()
    writes.clear()

    mime.send(connection, message("ana@example.org"))

    commands = [data for data in writes if not (isinstance(data, bytes) and b"\r\n\r\n" in data)]
    if server.pipelining:
        assert len(writes) == 2
        assert writes[0].startswith("MAIL FROM:<alerts@example.org> SIZE=")
        assert writes[0].endswith("RCPT TO:<ana@example.org>\r\nDATA\r\n")
    else:
        assert len(commands) == 3 and len(writes) == 4
    connection.close()


@pytest.mark.parametrize(
    ("refusal", "error"),
    [
        ("refuse_recipient", smtplib.SMTPRecipientsRefused),
        ("refuse_sender", smtplib.SMTPSenderRefused),
        ("refuse_data", smtplib.SMTPDataError),
    ],
)
def test_a_refusal_raises_as_sendmail_would_and_the_next_message_goes_out(server, refusal, error):
    setattr(
        server,
        refusal,
        {
            "refuse_recipient": "gone@example.org",
            "refuse_sender": "alerts@example.org",
            "refuse_data": "554 5.6.0 message refused",
        }[refusal],
    )
    connection = backend(server.port)

    with pytest.raises(error) as raised:
        mime.send(connection, message("gone@example.org"))
    setattr(server, refusal, "")
    mime.send(connection, message("next@example.org"))
    connection.close()

    assert "550" in str(raised.value) or "554" in str(raised.value)
    assert [recipients for _sender, recipients, _content in server.received] == [
        ["next@example.org"]
    ]


def test_the_recipient_s_code_is_kept_for_the_outbox(server):
    server.refuse_recipient = "gone@example.org"
    connection = backend(server.port)

    with pytest.raises(smtplib.SMTPRecipientsRefused) as raised:
        mime.send(connection, message("gone@example.org"))
    connection.close()

    assert raised.value.recipients == {"gone@example.org": (550, b"5.1.1 no such user")}
