from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """What is bought and who hears of it: categories, agencies, notices, search and alerts."""

    name = "notices"
    verbose_name = _("Procurement notices")

    def ready(self):
        from allauth.account.signals import email_confirmed

        email_confirmed.connect(lift_suppression, dispatch_uid="notices.lift_suppression")


def lift_suppression(sender, request, email_address, **kwargs):
    """An address that refused our mail may receive alerts again once its owner confirms it anew."""
    from notices.alerts import unsuppress

    unsuppress(email_address.email)
