from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top floor: settings, URLs, the Celery app, the site's pages and the program dashboard."""

    name = "portal"
    verbose_name = _("Portal")
