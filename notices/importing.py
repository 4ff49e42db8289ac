"""Importing notices from an agency's data: an OCDS release package (JSON) or a CSV file.

- The whole file is read and parsed before anything is written: a malformed file (not JSON, not a
  release package, a CSV without the required columns, not UTF-8) raises ImportFileError with one
  clear message and changes nothing.
- An OCDS package is streamed, its releases merged per ocid in date order into compiled releases
  (`notices.ocds_reading`), read as notices (`notices.ocds_mapping`) and applied a batch at a time
  (`notices.import_batches`): what would not change is not written, and a change is e-mailed only
  when alert e-mails show it.
- Each CSV row is imported in its own savepoint: a bad one is refused with its reason and the
  others go on. Imports are idempotent on (agency, reference): a notice already here is updated
  through `publishing.amend_from_source` (an amendment recording what changed) or left unchanged.
- The agency's system is the authority: notices arrive published, with their own dates, even when
  the deadline has passed (they are then closed).

CSV columns (UTF-8, a header row; the first six are required):

    agency        acronym of a known agency, e.g. UNDP
    reference     the agency's reference, unique per agency and once per file: rows that repeat
                  one (in any case) are all refused, naming each other's lines, and none is imported
    title
    notice_type   rfq, itb, rfp, eoi, rfi, consultants, partners, prequalification, award
    categories    UNSPSC codes separated by spaces, commas or semicolons; each must be one the portal
                  lists (categories.models.Category, at any level) and not retired: another is
                  refused, with the nearest current category above it suggested
    deadline      ISO 8601, e.g. 2026-03-01 17:00 (in deadline_time_zone) or 2026-03-01T17:00+01:00
    deadline_time_zone   IANA name, e.g. Europe/Rome (default: the agency's)
    published_at  ISO 8601 (default: now)
    description, estimated_value, currency, contact_name, contact_email, tender_url,
    countries (ISO codes), sme_friendly, women_owned_preference (yes/no), document_language (en, zh...)
"""

import csv
import io
import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from notices import import_batches, import_checks, ocds_mapping, ocds_reading, publishing
from notices.import_fields import RowRefused, clip, to_datetime, to_decimal
from notices.import_report import ImportReport, Outcome
from notices.models import Agency, DocumentLanguage, Notice, NoticeStatus

__all__ = ["ImportFileError", "ImportReport", "RowRefused", "import_file"]

CSV_REQUIRED = ["agency", "reference", "title", "notice_type", "categories", "deadline"]
CSV_OPTIONAL = [
    "deadline_time_zone",
    "published_at",
    "description",
    "estimated_value",
    "currency",
    "contact_name",
    "contact_email",
    "tender_url",
    "countries",
    "sme_friendly",
    "women_owned_preference",
    "document_language",
]
UPDATE_NOTE = import_batches.UPDATE_NOTE
BATCH_SIZE = 500  # OCDS notices compared and written together
TRUE, FALSE = {"yes", "y", "true", "1", "x"}, {"no", "n", "false", "0", ""}


class ImportFileError(Exception):
    """The file as a whole can't be read: nothing was imported."""


@dataclass
class Incoming:
    """One CSV row's notice, before the rules are checked."""

    label: str
    agency: Agency
    reference: str
    values: dict
    published_at: datetime | None


def import_file(path: Path, *, report: ImportReport | None = None) -> ImportReport:
    """Import every notice of the file; see the module's docstring for the rules. `report` may
    carry listeners (the command's progress bar and report file)."""
    path, report = Path(path), report or ImportReport()
    _check_size(path)
    if _is_json(path):
        return import_ocds(path, report=report)
    rows = _read_csv(path.name, _text(path))
    report.expect(len(rows))
    for row in rows:
        if isinstance(row, RowRefused):
            report.add(*row.args[:1], Outcome.REFUSED, row.args[1])
            continue
        try:
            with transaction.atomic():
                outcome = _import_one(row)
        except RowRefused as refusal:
            report.add(row.label, Outcome.REFUSED, str(refusal))
        except ValidationError as error:
            report.add(row.label, Outcome.REFUSED, import_batches.reason(error))
        except IntegrityError as error:  # a race or a clash the checks above did not foresee
            report.add(row.label, Outcome.REFUSED, f"the database refused it: {error}")
        else:
            report.add(row.label, outcome)
    return report


def import_ocds(path: Path, *, report: ImportReport) -> ImportReport:
    """Import an OCDS release package, streamed, BATCH_SIZE notices at a time."""
    try:
        counts = ocds_reading.count_releases(path)
    except ocds_reading.PackageError as error:
        raise ImportFileError(f"{path.name} {error}") from error
    report.expect(sum(1 for ocid in counts if ocid) + counts[None])
    agencies, batch = import_batches.Agencies(), []
    for label, release in ocds_reading.compiled_releases(path, counts):
        if isinstance(release, ocds_reading.ReleaseRefused):
            report.add(label, Outcome.REFUSED, release.args[1])
            continue
        try:
            batch.append(ocds_mapping.imported_release(label, release))
        except RowRefused as refusal:
            report.add(label, Outcome.REFUSED, str(refusal))
        if len(batch) >= BATCH_SIZE:
            import_batches.apply_batch(batch, agencies=agencies, report=report)
            batch = []
    import_batches.apply_batch(batch, agencies=agencies, report=report)
    return report


def _check_size(path: Path) -> None:
    """ImportFileError when the file is larger than NOTICES_IMPORT_MAX_MB (judged by its size on
    disk, before a byte is read) or can't be opened."""
    limit = settings.NOTICES_IMPORT_MAX_MB * 1024 * 1024
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportFileError(f"{path}: {error.strerror or error}") from error
    if size > limit:
        raise ImportFileError(
            f"{path.name} is {size / 1024 / 1024:.0f} MB; the limit is "
            f"{settings.NOTICES_IMPORT_MAX_MB} MB (NOTICES_IMPORT_MAX_MB): split it into smaller files."
        )


def _is_json(path: Path) -> bool:
    if path.suffix.lower() == ".json":
        return True
    try:
        with path.open("rb") as stream:
            start = stream.read(4096).decode("utf-8-sig", errors="ignore")
    except OSError as error:
        raise ImportFileError(f"{path}: {error.strerror or error}") from error
    return start.lstrip().startswith(("{", "["))


def _text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise ImportFileError(f"{path}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{path.name} is not UTF-8 text ({error.reason}).") from error


# --- CSV --------------------------------------------------------------------------------------------


def _read_csv(name: str, text: str) -> list:
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = [column.strip() for column in reader.fieldnames or []]
        missing = [column for column in CSV_REQUIRED if column not in header]
        if missing:
            raise ImportFileError(
                f"{name} is not a notices CSV: missing column(s) {', '.join(missing)}. "
                f"The header needs {', '.join(CSV_REQUIRED)}."
            )
        reader.fieldnames = header
        rows = list(reader)
    except csv.Error as error:
        raise ImportFileError(f"{name} is not a readable CSV: {error}.") from error
    agencies = {a.acronym.lower(): a for a in Agency.objects.all()}
    listed, repeated = import_checks.listed_categories(), import_checks.repeated_references(rows)
    return [
        _csv_row(number, row, agencies=agencies, listed=listed, repeated=repeated)
        for number, row in enumerate(rows, 2)
    ]


def _csv_row(
    number: int, row: dict, *, agencies: dict, listed: dict, repeated: dict
) -> "Incoming | RowRefused":
    label = f"line {number}"
    try:
        row = {key: (value or "").strip() for key, value in row.items() if key}
        if any("\x00" in value for value in row.values() if isinstance(value, str)):
            raise RowRefused("it contains a NUL character")
        if repetition := import_checks.repetition(row, repeated):
            raise RowRefused(repetition)
        agency = agencies.get(row["agency"].lower())
        if agency is None:
            raise RowRefused(f"unknown agency {row['agency']!r}")
        zone = row.get("deadline_time_zone") or agency.time_zone
        if zone not in zoneinfo.available_timezones():
            raise RowRefused(f"unknown time zone {zone!r}")
        deadline = to_datetime(row["deadline"], what="deadline", zone=zone)
        if deadline is None:
            raise RowRefused("no deadline")
        values = {
            "title": clip(row["title"]),
            "description": row.get("description", ""),
            "notice_type": row["notice_type"],
            "deadline": deadline,
            "deadline_time_zone": zone,
            "estimated_value": to_decimal(row.get("estimated_value")),
            "currency": row.get("currency", ""),
            "contact_name": row.get("contact_name", ""),
            "contact_email": row.get("contact_email", ""),
            "tender_url": row.get("tender_url", ""),
            "sme_friendly": _boolean(row.get("sme_friendly", ""), "sme_friendly"),
            "women_owned_preference": _boolean(
                row.get("women_owned_preference", ""), "women_owned_preference"
            ),
            "document_language": row.get("document_language") or DocumentLanguage.ENGLISH,
            "categories": _split(row["categories"]),
            "countries": _split(row.get("countries", "")),
        }
        if not values["categories"]:
            raise RowRefused("no UNSPSC category")
        if refused := import_checks.refused_codes(values["categories"], listed):
            raise RowRefused(refused)
        published_at = to_datetime(row.get("published_at"), what="published_at", zone=zone)
        return Incoming(label, agency, row["reference"], values, published_at)
    except RowRefused as refusal:
        return RowRefused(label, str(refusal))


def _split(text: str) -> list[str]:
    return [part for part in text.replace(",", " ").replace(";", " ").split() if part]


def _boolean(text: str, column: str) -> bool:
    if text.lower() in TRUE:
        return True
    if text.lower() in FALSE:
        return False
    raise RowRefused(f"{column} must be yes or no, not {text!r}")


# --- Writing a CSV row -------------------------------------------------------------------------------


def _import_one(row: Incoming) -> str:
    """'created', 'updated' or 'unchanged'; RowRefused or ValidationError when refused."""
    values = dict(row.values)
    existing = (
        Notice.objects.annotate(key=Lower("reference"))
        .filter(agency=row.agency, key=row.reference.lower())
        .first()
    )
    if existing is None:
        publishing.record_imported(
            agency=row.agency,
            reference=row.reference,
            values=values,
            external_classifications=[],
            published_at=row.published_at or timezone.now(),
        )
        return Outcome.CREATED
    if existing.status != NoticeStatus.PUBLISHED:
        raise RowRefused(f"the notice here is {existing.get_status_display().lower()}: not updated")
    amendment = publishing.amend_from_source(existing, changes=values, note=UPDATE_NOTE)
    return Outcome.UPDATED if amendment else Outcome.UNCHANGED
