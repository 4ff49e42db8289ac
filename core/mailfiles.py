"""E-mail written to files, one `.eml` per message: what the embedded default sends instead of SMTP.

Django's file backend appends every message of a connection to one `.log` file, separated by dashes;
a batch of alerts then becomes one file nobody can open in a mail program. Here each message is a
standard `.eml` file (RFC 5322, what mail programs open by double-click), named so that `ls` lists
them in the order they were sent.
"""

import itertools
import os
import re
import threading
from datetime import datetime
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as DjangoFileBackend

_sequence = itertools.count(1)
_sequence_lock = threading.Lock()
_UNSAFE = re.compile(r"[^\w]+")


def eml_name(subject: str) -> str:
    """`20261204-153012-000001-4242-welcome-to-the-portal.eml`: time, a sequence and the process id
    (so that the web and worker processes never pick the same name), then the subject's words."""
    with _sequence_lock:
        number = next(_sequence)
    words = _UNSAFE.sub("-", subject.lower()).strip("-")[:60].rstrip("-") or "message"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return f"{stamp}-{number:06d}-{os.getpid()}-{words}.eml"


class EmlFileBackend(DjangoFileBackend):
    """Writes each message to its own `.eml` file in `EMAIL_FILE_PATH`."""

    def open(self):
        return False  # a file is opened per message

    def close(self):
        pass

    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages:
            try:
                self.write_message(message)
            except Exception:
                if not self.fail_silently:
                    raise
            else:
                sent += 1
        return sent

    def write_message(self, message):
        path = Path(self.file_path) / eml_name(str(message.subject))
        # "x": never overwrite a message already written.
        with path.open("xb") as stream:
            stream.write(message.message().as_bytes(linesep="\r\n"))
