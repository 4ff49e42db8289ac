from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top floor: settings, URLs, the Celery app, the site's pages and the program dashboard."""

    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from notices import awarding, interest
        from notices.alerts import reminders
        from portal import awarded_suppliers
        from portal.celery import make_broker_folders
        from portal.emails import contact_message
        from portal.interest import interested_company

        make_broker_folders(settings.CELERY_BROKER_URL, settings.CELERY_BROKER_TRANSPORT_OPTIONS)
        # The contact page's messages travel the alert outbox to program staff.
        reminders.register_unlisted_renderer(reminders.CONTACT_MESSAGE, contact_message)
        # The notice's page tells colleagues that their company is interested.
        interest.register_company_finder(interested_company)
        # Awards may name the program's registered suppliers, which the notices app does not know.
        awarding.register_supplier_finder(awarded_suppliers.FINDER)
