"""`manage.py load_categories`: load the shipped UNSPSC list (categories/data/) into the database,
as the data migration does on a deploy; see docs/categories.md. Safe to run again."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from categories.reference_data import load_categories
from categories.unspsc import DATA_DIR


class Command(BaseCommand):
    help = (
        "Load the UNSPSC list from its CSV files: add new codes, update changed titles (never one "
        "corrected by staff), retire the codes the files no longer have."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DATA_DIR,
            help="The folder of unspsc.csv, unspsc_extra.csv and unspsc_zh.csv (default: the shipped one).",
        )

    def handle(self, *args, data_dir: Path, **options):
        if not (data_dir / "unspsc.csv").is_file():
            raise CommandError(f"{data_dir} has no unspsc.csv: nothing loaded.")
        counts = load_categories(data_dir=data_dir)
        self.stdout.write(str(counts))
