"""`manage.py check_worker`: exit 0 when a Celery worker ran the heartbeat task lately (beat sends
it), 1 otherwise; docker-compose.yml's health check of beat, which proves that beat schedules and a
worker consumes."""

from django.core.management.base import BaseCommand, CommandError

from portal import health


class Command(BaseCommand):
    help = "Exit 1 unless a Celery worker ran beat's heartbeat task lately."

    def handle(self, *args, **options):
        check = health.check_worker(waiting_since=None)
        if not check.ok:
            raise CommandError(f"worker: {check.detail}")
        self.stdout.write(f"worker: {check.detail}")
