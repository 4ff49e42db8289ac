"""Sending the portal's e-mails: each message is a template triplet under templates/emails/
(<name>.subject.txt, <name>.txt, <name>.html), rendered in the recipient's language and time zone.

The subject and the text part are plain text: rendered without HTML escaping, whatever the template
says, so that a title with `& ' " < >` reads as typed; the HTML part escapes each value once.

Every e-mail the portal sends (these, the alert pipeline's and allauth's account e-mails) comes from
`sender(language)`: DEFAULT_FROM_EMAIL's address under the portal's name in the reader's language.
Every e-mail that greets its reader greets them by `greeting_name(user)`."""

import zoneinfo
from collections.abc import Callable, Iterable
from email.headerregistry import Address
from email.utils import parseaddr
from functools import lru_cache

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.context import make_context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext


def sender(language: str) -> str:
    """The From header of an e-mail to a reader of `language`: the portal's name in that language
    and DEFAULT_FROM_EMAIL's address (its own display name, if any, is the English one)."""
    return _sender(language, settings.DEFAULT_FROM_EMAIL)


@lru_cache(maxsize=32)
def _sender(language: str, from_email: str) -> str:
    """sender's answer, found once per language (a batch asks it for every message)."""
    address = parseaddr(from_email)[1]
    with translation.override(language):
        name = gettext("UN Supplier Portal")
    return str(Address(display_name=name, addr_spec=address))


# Where a user's name may be known besides their account: other apps register a function in their
# AppConfig.ready (the suppliers: the contact person of the user's company), so that this floor
# imports none of them. A function takes user ids and returns {user id: name} for those it knows.
NAME_SOURCES: list[Callable[[list[int]], dict[int, str]]] = []


def register_name_source(names: Callable[[list[int]], dict[int, str]]) -> None:
    if names not in NAME_SOURCES:
        NAME_SOURCES.append(names)


def greeting_names(users: Iterable) -> dict[int, str]:
    """The name to greet each user by, by id: their own name, else one a registered source knows
    (their company's contact person), else "": the e-mail then greets them without a name. Never a
    piece of their address. Asks each source once for all the users who have no name of their own."""
    users = list(users)
    names = {user.pk: (user.name or "").strip() for user in users}
    for source in NAME_SOURCES:
        unnamed = [pk for pk, name in names.items() if not name]
        if not unnamed:
            break
        for pk, name in source(unnamed).items():
            if not names.get(pk) and name and name.strip():
                names[pk] = name.strip()
    return names


def greeting_name(user) -> str:
    """The name to greet one user by (see greeting_names); "" for a greeting without a name."""
    return greeting_names([user])[user.pk]


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


def render_fragment(
    *, template: str, context: dict, language: str, time_zone: str
) -> tuple[str, str]:
    """Text and HTML of a piece of several messages (`emails/<template>.txt` and `.html`), as the
    recipient will read it: rendered once and placed in each message as it is."""
    context = {"SITE_URL": settings.SITE_URL, "LANGUAGE_CODE": language, **context}
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(time_zone)):
        return (
            render_plain_text(f"emails/{template}.txt", context),
            render_to_string(f"emails/{template}.html", context),
        )


def render_plain_text(name: str, context: dict) -> str:
    """A template rendered as plain text: no value is HTML-escaped (the included templates too)."""
    template = get_template(name).template
    return template.render(make_context(context, autoescape=False))


def build_message(
    *,
    user,
    template: str,
    context: dict,
    headers: dict | None = None,
    greeting: str | None = None,
):
    """An e-mail to a user in their saved language and time zone (not sent). The templates greet
    them by `greeting_name` (the caller may pass it, as found for a batch by greeting_names)."""
    parts = render_message(
        template=template,
        context={
            "user": user,
            "greeting_name": greeting_name(user) if greeting is None else greeting,
            **context,
        },
        language=user.language,
        time_zone=user.time_zone,
    )
    return message_of(user, parts, headers=headers)


def message_of(user, parts: tuple[str, str, str], *, headers: dict | None = None):
    """The e-mail to `user` of rendered (subject, text, HTML) parts, from `sender` in their
    language."""
    return message_to(user.email, language=user.language, parts=parts, headers=headers)


def message_to(
    address: str, *, language: str, parts: tuple[str, str, str], headers: dict | None = None
):
    """The e-mail to an address that may have no account yet (an invitation), of rendered
    (subject, text, HTML) parts, from `sender` in `language`."""
    subject, text, html = parts
    message = EmailMultiAlternatives(
        subject, text, from_email=sender(language), to=[address], headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    return message
