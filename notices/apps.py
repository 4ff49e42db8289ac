from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """What is bought and who hears of it: categories, agencies, notices, search and the alert
    pipeline (`notices.alerts`)."""

    name = "notices"
    verbose_name = _("Procurement notices")

    def ready(self):
        from allauth.account.signals import email_confirmed
        from django.db.models.signals import post_delete, post_save

        from notices import dialogue_emails
        from notices.alerts import receivers, reminders
        from notices.alerts.models import DeliveryKind
        from notices.caching import notices_changed

        # The messages between buyer and supplier about a notice travel the alert outbox.
        # (they add their own unsubscription where it applies: notices.dialogue_emails).
        for kind, render in [
            (DeliveryKind.ANSWER, dialogue_emails.answer_message),
            (DeliveryKind.REPLY, dialogue_emails.reply_message),
            (DeliveryKind.INTERESTED, dialogue_emails.interested_message),
        ]:
            reminders.register_unlisted_renderer(kind, render)

        email_confirmed.connect(receivers.lift_suppression, dispatch_uid="alerts.lift_suppression")
        # Derived data, the one concern signals are for: a cached search is out of date, and an
        # alert route must follow its owner and their address (changed by allauth and the admin).
        for signal in (post_save, post_delete):
            signal.connect(
                notices_changed, sender="notices.Notice", dispatch_uid=f"notices.{signal}"
            )
            signal.connect(
                receivers.reroute_address,
                sender="account.EmailAddress",
                dispatch_uid=f"routes.address.{signal}",
            )
            signal.connect(
                receivers.reroute_suppressed,
                sender="notices.SuppressedAddress",
                dispatch_uid=f"routes.suppressed.{signal}",
            )
        # A deleted user's routes go with them (on_delete); a saved one's may change.
        post_save.connect(
            receivers.reroute_user, sender=settings.AUTH_USER_MODEL, dispatch_uid="routes.user"
        )
