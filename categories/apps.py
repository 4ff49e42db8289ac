from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CategoriesConfig(AppConfig):
    """The ground floor's reference data: the UNSPSC codes and their titles. It imports no other app
    of the portal."""

    name = "categories"
    verbose_name = _("UNSPSC categories")
