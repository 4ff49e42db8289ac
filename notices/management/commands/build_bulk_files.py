from django.core.management.base import BaseCommand

from notices import bulk


class Command(BaseCommand):
    help = (
        "Rewrite the open data's bulk files (a gzipped OCDS release package per day and one with "
        "every release) whose content changed. Celery beat does this every night."
    )

    def handle(self, *args, **options):
        report = bulk.build_bulk_files()
        if report.skipped:
            self.stdout.write(
                "Another build is running, or the cache does not answer: nothing done."
            )
            return
        self.stdout.write(
            f"Bulk files written: {len(report.written)}, unchanged: {report.unchanged}, "
            f"removed: {report.removed}; {report.releases} releases in all."
        )
