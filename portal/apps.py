from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal and accounts")

    def ready(self):
        from allauth.mfa.models import Authenticator

        from portal import checks  # noqa: F401  (registers the deployment checks)

        # allauth's model has no translatable name, so the admin showed "Authenticators" in English.
        # Only the names change (no migration: verbose names are not in the database).
        Authenticator._meta.verbose_name = _("Authenticator")
        Authenticator._meta.verbose_name_plural = _("Authenticators")
