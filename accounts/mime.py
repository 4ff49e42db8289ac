"""The bytes of a text + HTML e-mail exactly as Django's SMTP backend would send them, built without
the email package for each message, and `send` that hands them to the SMTP connection.

Django turns an EmailMultiAlternatives into MIME objects and flattens them with the email package's
generator: about half of what a worker spends on one alert e-mail (docs/performance.md). The parts
of these messages are plain UTF-8 text ("7bit" or "8bit", never encoded): their bytes are the text
with CRLF line ends. The headers that recipients share (Subject, From, List-Id...) are encoded and
folded once and reused; the personal ones (To, List-Unsubscribe) are ASCII and folded alike.

Only a message this module knows how to write exactly takes the fast way: two parts, text/plain
and text/html, UTF-8, no attachment, no line over 998 bytes (Django would quote-print it), plain
ASCII recipient addresses. Any other message, and any backend but SMTP (the .eml files of the
embedded default, the console, the tests' outbox), goes through Django as before.
"""

import random
import re
import smtplib
import sys
from email.policy import compat32
from email.utils import formatdate, make_msgid
from functools import lru_cache

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import (
    RFC5322_EMAIL_LINE_LENGTH_LIMIT,
    forbid_multi_line_headers,
)
from django.core.mail.utils import DNS_NAME

# The generator's policy for Django's MIME objects, with SMTP's line ends.
POLICY = compat32.clone(linesep="\r\n")
LINE_ENDS = re.compile(r"\r\n|\r|\n")
LEADING_DOT = re.compile(rb"(?m)^\.")
# Headers whose value differs from one recipient to the next: folded each time, never cached.
PERSONAL = {"to", "list-unsubscribe", "date", "message-id"}
# The headers Django's message() writes itself, in its order, before the extra ones.
OWN_HEADERS = {"from", "to", "cc", "reply-to"}


def send(connection, message: EmailMultiAlternatives) -> None:
    """Send one message over an open backend connection; the SMTP backend gets the bytes
    directly (one MAIL/RCPT/DATA exchange, pipelined where the server offers it), any other
    backend the message itself."""
    data = message_bytes(message) if isinstance(connection, SmtpBackend) else None
    if data is None:
        connection.send_messages([message])
        return
    if connection.connection is None:
        connection.open()  # a reconnection failed earlier: try again, or raise for this row
    smtp = connection.connection
    sender = envelope_sender(message.from_email)
    smtp.ehlo_or_helo_if_needed()
    if smtp.does_esmtp and smtp.has_extn("pipelining"):
        send_pipelined(smtp, sender, message.to, data)
    else:
        smtp.sendmail(sender, message.to, data)


def send_pipelined(smtp: smtplib.SMTP, sender: str, recipients: list[str], data: bytes) -> None:
    """smtplib's sendmail in two round trips instead of 2 + one per recipient (RFC 2920, for a
    server that offers PIPELINING, as the common mail servers do): MAIL, RCPT and DATA are written
    at once and their answers read in order, then the message. It raises what sendmail raises,
    for the same answers, and leaves the connection as sendmail does (reset, or closed on 421)."""
    options = f" SIZE={len(data)}" if smtp.has_extn("size") else ""
    commands = [f"MAIL FROM:{smtplib.quoteaddr(sender)}{options}"]
    commands += [f"RCPT TO:{smtplib.quoteaddr(recipient)}" for recipient in recipients]
    smtp.send("".join(f"{command}\r\n" for command in [*commands, "DATA"]))
    mail_from = smtp.getreply()
    refused = {}
    for recipient in recipients:
        code, text = smtp.getreply()
        if code not in (250, 251):
            refused[recipient] = (code, text)
    data_code, data_text = smtp.getreply()
    if mail_from[0] != 250:
        _give_up(smtp, mail_from[0], data_code)
        raise smtplib.SMTPSenderRefused(*mail_from, sender)
    if len(refused) == len(recipients) or any(code == 421 for code, _ in refused.values()):
        _give_up(smtp, 421 if any(code == 421 for code, _ in refused.values()) else 0, data_code)
        raise smtplib.SMTPRecipientsRefused(refused)
    if data_code != 354:
        _give_up(smtp, data_code, data_code)
        raise smtplib.SMTPDataError(data_code, data_text)
    smtp.send(_dot_stuffed(data))
    code, text = smtp.getreply()
    if code != 250:
        _give_up(smtp, code, 0)
        raise smtplib.SMTPDataError(code, text)


def _give_up(smtp: smtplib.SMTP, code: int, data_code: int) -> None:
    """After a refusal: close on 421 (the server is going away), else reset the transaction (a DATA
    the server accepted after all is ended empty first, so that the reset is read as a command)."""
    if code == 421:
        smtp.close()
        return
    try:
        if data_code == 354:
            smtp.send(b".\r\n")
            smtp.getreply()
        smtp.rset()
    except smtplib.SMTPServerDisconnected:
        pass  # the next message reconnects


def _dot_stuffed(data: bytes) -> bytes:
    """The message as DATA sends it: a line starting with a dot gets a second one, and the end."""
    stuffed = LEADING_DOT.sub(b"..", data)
    if not stuffed.endswith(b"\r\n"):
        stuffed += b"\r\n"
    return stuffed + b".\r\n"


def envelope_sender(from_email: str) -> str:
    """The address of a From header (what smtplib would take from it anyway)."""
    return _envelope_sender(from_email)


@lru_cache(maxsize=64)
def _envelope_sender(from_email: str) -> str:
    from email.utils import parseaddr

    return parseaddr(from_email)[1]


def message_bytes(message: EmailMultiAlternatives) -> bytes | None:
    """The message as Django's SMTP backend would send it, apart from its Date, Message-ID and MIME
    boundary; None when it is not of the shape this module writes (see the module's docstring)."""
    if not _plain_shape(message):
        return None
    text, html = message.body, message.alternatives[0].content
    boundary = _boundary(text, html)
    headers = [
        f'Content-Type: multipart/alternative;\r\n boundary="{boundary}"\r\n'.encode(),
        b"MIME-Version: 1.0\r\n",
        _header("Subject", message.subject),
        _header("From", message.extra_headers.get("From", message.from_email)),
        _personal_header("To", message.to[0]),
        _personal_header("Date", formatdate(localtime=settings.EMAIL_USE_LOCALTIME)),
        _personal_header("Message-ID", make_msgid(domain=DNS_NAME)),
    ]
    for name, value in message.extra_headers.items():
        if name.lower() not in OWN_HEADERS:
            lower = name.lower()
            headers.append(
                _personal_header(name, value) if lower in PERSONAL else _header(name, value)
            )
    separator = f"\r\n--{boundary}\r\n".encode()
    return b"".join(
        [
            *headers,
            f"\r\n--{boundary}\r\n".encode(),
            _part("plain", text),
            separator,
            _part("html", html),
            f"\r\n--{boundary}--\r\n".encode(),
        ]
    )


def _plain_shape(message) -> bool:
    if type(message) is not EmailMultiAlternatives or message.attachments:
        return False
    if message.cc or message.bcc or message.reply_to or len(message.to) != 1:
        return False
    if message.encoding not in (None, "utf-8") or settings.DEFAULT_CHARSET != "utf-8":
        return False
    if message.content_subtype != "plain" or not message.body:
        return False
    if len(message.alternatives) != 1 or message.alternatives[0].mimetype != "text/html":
        return False
    lower = {name.lower() for name in message.extra_headers}
    if lower & {"to", "cc", "reply-to", "date", "message-id", "content-type", "mime-version"}:
        return False
    address = message.to[0]
    if not (address.isascii() and _simple_address(address)):
        return False
    return not any(_long_lines(part) for part in (message.body, message.alternatives[0].content))


SIMPLE_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")


def _simple_address(address: str) -> bool:
    return SIMPLE_ADDRESS.fullmatch(address) is not None


def _long_lines(text: str) -> bool:
    if len(text.encode()) <= RFC5322_EMAIL_LINE_LENGTH_LIMIT:
        return False
    return any(
        len(line.encode(errors="surrogateescape")) > RFC5322_EMAIL_LINE_LENGTH_LIMIT
        for line in text.splitlines()
    )


def _boundary(*texts: str) -> str:
    """A boundary as the email package makes one, and found in no part."""
    while True:
        boundary = "=" * 15 + f"{random.randrange(sys.maxsize):019d}" + "=="  # noqa: S311  # nosec B311
        if not any(boundary in text for text in texts):
            return boundary


def _part(subtype: str, text: str) -> bytes:
    encoding = "7bit" if text.isascii() else "8bit"
    lines = LINE_ENDS.split(text)
    body = "\r\n".join(lines[:-1]) + ("\r\n" if len(lines) > 1 else "") + lines[-1]
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"\r\nMIME-Version: 1.0\r\n'
        f"Content-Transfer-Encoding: {encoding}\r\n\r\n{body}"
    ).encode()


@lru_cache(maxsize=4096)
def _header(name: str, value: str) -> bytes:
    """A header shared by many messages (Subject, From, List-Id), encoded and folded once."""
    return _folded(name, value)


def _personal_header(name: str, value: str) -> bytes:
    line = f"{name}: {value}\r\n"
    if len(line) <= 80 and value.isascii() and value == " ".join(value.split()):
        return line.encode()  # short enough: the line as the generator would write it
    if value.isascii() and value.split() == [value] and len(value) < 900:
        return f"{name}: \r\n {value}\r\n".encode()  # one long word: alone on the next line
    return _folded(name, value)


def _folded(name: str, value: str) -> bytes:
    """The header line as Django sets it (forbid_multi_line_headers: encoded words for non-ASCII
    values, sanitized addresses) and the email package's generator folds it (compat32)."""
    name, value = forbid_multi_line_headers(name, value, "utf-8")
    return POLICY.fold_binary(name, value)
