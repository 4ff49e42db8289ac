from django.core.management.base import BaseCommand

from notices.alerts import digests
from notices.alerts.models import Frequency


class Command(BaseCommand):
    help = (
        "Send the daily or weekly digests whose time has come (Celery beat does this every quarter "
        "of an hour: 08:00 in each reader's time zone). With --now, send every waiting digest now."
    )

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=[Frequency.DAILY, Frequency.WEEKLY])
        parser.add_argument(
            "--now",
            action="store_true",
            help="Do not wait for 08:00 (or Monday): send what is waiting now.",
        )

    def handle(self, *args, frequency: str, now: bool, **options):
        outcome = digests.send_digests(frequency, due_now=now)
        self.stdout.write(
            f"Digests sent: {outcome['digests']}, with {outcome['notices']} notices in all."
        )
