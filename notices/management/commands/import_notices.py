from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from notices import importing


class Command(BaseCommand):
    help = (
        "Import notices from an OCDS release package (JSON) or a CSV file (its columns are listed "
        "in notices/importing.py). Running it again with the same file changes nothing; changed "
        "notices are updated as amendments; refused rows are listed with their reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A .json release package or a .csv file.")

    def handle(self, *args, file: Path, **options):
        try:
            report = importing.import_file(file)
        except importing.ImportFileError as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        self.stdout.write(
            f"Created: {report.created}, updated: {report.updated}, "
            f"unchanged: {report.unchanged}, refused: {len(report.refused)}."
        )
        if report.new_agencies:
            self.stdout.write(
                f"New agencies, not listed for suppliers until staff list them: "
                f"{', '.join(report.new_agencies)}."
            )
        for label, reason in report.refused:
            self.stdout.write(f"  refused {label}: {reason}")
