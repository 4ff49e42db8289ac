from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts import demo
from accounts.models import User
from events import demo as events_demo
from notices import demo as notices_demo
from portal import demo as portal_demo
from portal import rollups
from suppliers import demo as supplier_demo


class Command(BaseCommand):
    help = (
        "Load demo accounts and data for a local portal. Safe to run again: nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off (the demo accounts have published passwords).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "seed_demo creates accounts with published passwords and runs only with DEBUG on. "
                "Pass --allow-production to run it anyway."
            )
        accounts = demo.seed_accounts()
        admin = User.objects.get(email=demo.DEMO_ACCOUNTS[-1].email)
        suppliers = supplier_demo.seed_suppliers(reviewer=admin)
        self.stdout.write(
            f"Demo suppliers created: {suppliers} (one per review state; existing ones are kept)."
        )
        if supplier_demo.seed_assessment(reviewer=admin):
            self.stdout.write(
                "Demo sustainability assessment with a corrective action plan created."
            )
        created = notices_demo.seed_notices()
        self.stdout.write(f"Demo notices: {created} created.")
        self.stdout.write(f"Demo alerts: {notices_demo.seed_alerts()} created.")
        self.stdout.write(
            f"Demo awards won by the demo supplier: {portal_demo.link_demo_awards()}."
        )
        staff = User.objects.get(email=demo.DEMO_ACCOUNTS[1].email)
        self.stdout.write(f"Demo events: {events_demo.seed_events(by=staff)} created.")
        rollups.refresh_rollups()  # counted now; beat recounts them every DASHBOARD_ROLLUP_SECONDS
        self.stdout.write(
            self.style.SUCCESS("Demo data is ready. Sign in at /accounts/login/ with:")
        )
        for account in accounts:
            self.stdout.write(f"  {account.role:<14} {account.email:<24} {account.password}")
        self.stdout.write(
            "  More suppliers, one per review state, at demo-<state>@example.org, "
            f"password {supplier_demo.DEMO_PASSWORD}"
        )
        self.stdout.write(
            "  Staff and admin turn on two-factor authentication at their first sign-in: the "
            "portal shows a QR code for an authenticator app (see the README)."
        )
