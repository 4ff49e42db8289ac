from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """The ground floor: users, their roles and preferences, and the e-mail facade. It imports no
    other app of the portal."""

    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.mfa.models import Authenticator

        from accounts import checks  # noqa: F401  (registers the deployment checks)

        # allauth's model has no translatable name, so the admin showed "Authenticators" in English.
        # Only the names change (no migration: verbose names are not in the database).
        Authenticator._meta.verbose_name = _("Authenticator")
        Authenticator._meta.verbose_name_plural = _("Authenticators")
