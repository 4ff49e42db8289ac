from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Capacity building: procurement fairs, workshops, trainings and webinars, their sessions and
    who registers for them."""

    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from events import outbox, reminders

        # The events' changes, cancellations and reminders travel the alert outbox.
        outbox.register()
        reminders.register()
