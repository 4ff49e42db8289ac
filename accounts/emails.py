"""Sending the portal's e-mails: each message is a template triplet under templates/emails/
(<name>.subject.txt, <name>.txt, <name>.html), rendered in the recipient's language and time zone.

The subject and the text part are plain text: rendered without HTML escaping, whatever the template
says, so that a title with `& ' " < >` reads as typed; the HTML part escapes each value once."""

import zoneinfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.context import make_context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation


def render_message(
    *, template: str, context: dict, language: str, time_zone: str
) -> tuple[str, str, str]:
    """Subject, text and HTML of a message, as the recipient will read them."""
    context = {
        "SITE_URL": settings.SITE_URL,
        "PROGRAM_CONTACT_EMAIL": settings.PROGRAM_CONTACT_EMAIL,
        "LANGUAGE_CODE": language,
        **context,
    }
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(time_zone)):
        subject = " ".join(render_plain_text(f"emails/{template}.subject.txt", context).split())
        text = render_plain_text(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    return subject, text, html


def render_plain_text(name: str, context: dict) -> str:
    """A template rendered as plain text: no value is HTML-escaped (the included templates too)."""
    template = get_template(name).template
    return template.render(make_context(context, autoescape=False))


def build_message(*, user, template: str, context: dict, headers: dict | None = None):
    """An e-mail to a user in their saved language and time zone (not sent)."""
    parts = render_message(
        template=template,
        context={"user": user, **context},
        language=user.language,
        time_zone=user.time_zone,
    )
    return message_of(user, parts, headers=headers)


def message_of(user, parts: tuple[str, str, str], *, headers: dict | None = None):
    """The e-mail to `user` of rendered (subject, text, HTML) parts."""
    subject, text, html = parts
    message = EmailMultiAlternatives(subject, text, to=[user.email], headers=headers or {})
    message.attach_alternative(html, "text/html")
    return message
