from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """What is bought and who hears of it: categories, agencies, notices, search and alerts."""

    name = "notices"
    verbose_name = _("Procurement notices")

    def ready(self):
        from allauth.account.signals import email_confirmed
        from django.db.models.signals import post_delete, post_save

        from notices.caching import notices_changed

        email_confirmed.connect(lift_suppression, dispatch_uid="notices.lift_suppression")
        # Cache invalidation, the one concern signals are for: a cached search is out of date.
        for signal in (post_save, post_delete):
            signal.connect(
                notices_changed, sender="notices.Notice", dispatch_uid=f"notices.{signal}"
            )


def lift_suppression(sender, request, email_address, **kwargs):
    """An address that refused our mail may receive alerts again once its owner confirms it anew."""
    from notices.alerts import unsuppress

    unsuppress(email_address.email)
