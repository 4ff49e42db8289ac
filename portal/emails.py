"""The e-mails of the portal's own pages: one function per message, each naming its templates."""

from django.conf import settings
from django.urls import reverse

from accounts.emails import build_message


def contact_message(delivery):
    """A message from the contact page (outbox row of kind "contact") to one staff member, in
    their language; answering it answers the sender (Reply-To)."""
    contact = delivery.contact_message
    message = build_message(
        user=delivery.user,
        template="contact_message",
        context={
            "contact": contact,
            "admin_url": settings.SITE_URL
            + reverse("admin:portal_contactmessage_change", args=[contact.pk]),
        },
    )
    message.reply_to = [contact.email]
    return message
