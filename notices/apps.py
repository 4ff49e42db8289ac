from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """What is bought and who hears of it: categories, agencies, notices, search and alerts."""

    name = "notices"
    verbose_name = _("Procurement notices")
