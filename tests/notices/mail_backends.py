"""E-mail backends that answer like SMTP servers do, for the sender's error handling."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class ScriptedSMTPBackend(EmailBackend):
    """Delivers to mail.outbox, except to the addresses in `ANSWERS`, which get the scripted replies
    in turn: a (code, message) tuple raises the SMTP error a server's answer would, None delivers."""

    ANSWERS: dict[str, list] = {}

    def send_messages(self, messages):
        for message in messages:
            for address in message.to:
                script = self.ANSWERS.get(address)
                answer = script.pop(0) if script else None
                if answer:
                    code, text = answer
                    raise smtplib.SMTPRecipientsRefused({address: (code, text.encode())})
        return super().send_messages(messages)


class CountingBackend(EmailBackend):
    """Delivers to mail.outbox and counts the connections opened (as `with get_connection()`)."""

    OPENED = 0

    def open(self):
        type(self).OPENED += 1
        return super().open()
