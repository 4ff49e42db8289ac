from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuppliersConfig(AppConfig):
    """Who sells: supplier profiles, their documents and the registration review."""

    name = "suppliers"
    verbose_name = _("Suppliers")

    def ready(self):
        from accounts.emails import register_name_source
        from notices.alerts import reminders
        from suppliers.emails import action_reminder_message
        from suppliers.profile import contact_names

        # The one hook between the apps: the alert pipeline renders this kind of its rows with
        # the suppliers' message, without importing the suppliers app.
        reminders.register_renderer(reminders.ACTION_REMINDER, action_reminder_message)
        # E-mails greet a user without a name of their own by their company's contact person.
        register_name_source(contact_names)
