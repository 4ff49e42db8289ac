from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuppliersConfig(AppConfig):
    """Who sells: supplier profiles, their documents and the registration review."""

    name = "suppliers"
    verbose_name = _("Suppliers")
