from contextlib import ExitStack
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from core.spreadsheets import csv_row_writer
from notices import importing
from notices.import_report import ImportReport

REPORT_HEADER = ["ocid or reference", "outcome", "reason"]


class Command(BaseCommand):
    help = (
        "Import notices from an OCDS release package (JSON) or a CSV file (its columns are listed "
        "in notices/importing.py). Running it again with the same file changes nothing; changed "
        "notices are updated as amendments; refused rows are listed with their reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A .json release package or a .csv file.")
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Show a progress bar with the time left (shown anyway on a terminal).",
        )
        parser.add_argument(
            "--report",
            type=Path,
            metavar="FILE",
            help="Write a CSV file with one line per notice: its ocid or reference, its outcome "
            "(created, updated, unchanged, refused) and the reason of a refusal.",
        )

    def handle(self, *args, file: Path, progress: bool, report: Path | None, **options):
        with ExitStack() as stack:
            listeners = []
            if report:
                write_row = csv_row_writer(
                    stack.enter_context(report.open("w", newline="", encoding="utf-8")),
                    REPORT_HEADER,
                )
                listeners.append(lambda label, outcome, reason: write_row([label, outcome, reason]))
            bar = None
            if progress or self.stdout.isatty():
                bar = stack.enter_context(_progress_bar())
                task = bar.add_task(file.name, total=None)
                listeners.append(lambda *row: bar.advance(task))
            summary = ImportReport(
                on_row=lambda *row: [listener(*row) for listener in listeners],
                on_total=(lambda total: bar.update(task, total=total)) if bar else None,
            )
            try:
                importing.import_file(file, report=summary)
            except importing.ImportFileError as error:
                raise CommandError(f"Nothing was imported: {error}") from error
        self._summary(summary)

    def _summary(self, report: ImportReport) -> None:
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


def _progress_bar() -> Progress:
    """On stderr, so that the summary on stdout stays clean to read or pipe."""
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    )
