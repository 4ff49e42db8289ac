"""Importing notices from an agency's data: an OCDS release package (JSON) or a CSV file.

- The whole file is read and parsed before anything is written: a malformed file (not JSON, not a
  release package, a CSV without the required columns, not UTF-8) raises ImportFileError with one
  clear message and changes nothing.
- Each notice is then imported in its own savepoint: a bad one is refused with its reason and the
  others go on.
- Imports are idempotent on (agency, reference): a notice already here is updated through
  `publishing.amend_from_source` (an amendment recording what changed) or left unchanged.
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
import json
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from categories.unspsc import validate_code
from core.forms import error_text
from notices import import_checks, publishing
from notices.models import Agency, DocumentLanguage, Notice, NoticeStatus, NoticeType

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
UPDATE_NOTE = "Updated from the agency's data."
CANCELLED_REASON = "Cancelled by the agency (imported)."
TITLE_LENGTH = Notice._meta.get_field("title").max_length
TRUE, FALSE = {"yes", "y", "true", "1", "x"}, {"no", "n", "false", "0", ""}
# procurementMethodDetails as this portal's API writes it, and common words of other publishers.
TYPE_WORDS = [
    ("quotation", NoticeType.REQUEST_FOR_QUOTATION),
    ("proposal", NoticeType.REQUEST_FOR_PROPOSAL),
    ("expression of interest", NoticeType.EXPRESSION_OF_INTEREST),
    ("request for information", NoticeType.REQUEST_FOR_INFORMATION),
    ("consultant", NoticeType.INDIVIDUAL_CONSULTANTS),
    ("implementing partner", NoticeType.IMPLEMENTING_PARTNERS),
    ("qualification", NoticeType.PREQUALIFICATION),
    ("award", NoticeType.CONTRACT_AWARD),
]


class ImportFileError(Exception):
    """The file as a whole can't be read: nothing was imported."""


class RowRefused(Exception):
    """One notice of the file is refused, for the reason given."""


@dataclass
class Incoming:
    """One notice as the file gives it, before the rules are checked."""

    label: str
    agency: Agency | None
    buyer: dict
    reference: str
    values: dict
    published_at: datetime | None
    cancelled: bool = False


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    new_agencies: list[str] = field(default_factory=list)


def import_file(path: Path) -> ImportReport:
    """Import every notice of the file; see the module's docstring for the rules."""
    rows = read_file(Path(path))
    report = ImportReport()
    for row in rows:
        if isinstance(row, RowRefused):
            report.refused.append(row.args)
            continue
        try:
            with transaction.atomic():
                outcome = _import_one(row, report)
        except RowRefused as refusal:
            report.refused.append((row.label, str(refusal)))
        except ValidationError as error:
            report.refused.append((row.label, _reason(error)))
        except IntegrityError as error:  # a race or a clash the checks above did not foresee
            report.refused.append((row.label, f"the database refused it: {error}"))
        else:
            setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def read_file(path: Path) -> list:
    """The file's notices (Incoming) and refusals (RowRefused); ImportFileError when malformed or
    larger than NOTICES_IMPORT_MAX_MB (judged by its size on disk, before a byte is read)."""
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
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise ImportFileError(f"{path}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{path.name} is not UTF-8 text ({error.reason}).") from error
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("{", "[")):
        return _read_ocds(path.name, text)
    return _read_csv(path.name, text)


# --- OCDS -------------------------------------------------------------------------------------------


def _read_ocds(name: str, text: str) -> list:
    try:
        package = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"{name} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from error
    except RecursionError as error:  # arrays or objects nested thousands deep
        raise ImportFileError(f"{name} is not valid JSON: it is nested too deeply.") from error
    if not isinstance(package, dict) or not isinstance(package.get("releases"), list):
        raise ImportFileError(f"{name} is not an OCDS release package: it has no list of releases.")
    return [_release(number, release) for number, release in enumerate(package["releases"], 1)]


def _release(number: int, release) -> "Incoming | RowRefused":
    if not isinstance(release, dict):
        return RowRefused(f"release {number}", "not a JSON object")
    label = str(release.get("ocid") or release.get("id") or f"release {number}")
    if "\\u0000" in json.dumps(release):  # no database text column holds a NUL character
        return RowRefused(label, "it contains a NUL character")
    try:
        return _incoming_release(label, release)
    except RowRefused as refusal:
        return RowRefused(label, str(refusal))


def _incoming_release(label: str, release: dict) -> Incoming:
    tender = release.get("tender")
    if not isinstance(tender, dict):
        raise RowRefused("no tender (a planning, award or contract release)")
    title = " ".join(str(tender.get("title") or "").split())
    if not title:
        raise RowRefused("the tender has no title")
    period = tender.get("tenderPeriod") or {}
    deadline = _datetime(period.get("endDate"), what="tender.tenderPeriod.endDate")
    if deadline is None:
        raise RowRefused("no deadline (tender.tenderPeriod.endDate)")
    start = _datetime(period.get("startDate"), what="tender.tenderPeriod.startDate")
    if start and deadline < start:
        raise RowRefused("the deadline is before the start of the tender period")
    buyer = release.get("buyer") or tender.get("procuringEntity") or {}
    if not str(buyer.get("name") or "").strip():
        raise RowRefused("no buyer name")
    categories, others = _classifications(tender.get("items") or [])
    value = tender.get("value") or {}
    contact = buyer.get("contactPoint") or {}
    values = {
        "title": _clip(title),
        "description": str(tender.get("description") or ""),  # cleaned by publishing
        "notice_type": _notice_type(tender),
        "deadline": deadline,
        "estimated_value": _decimal(value.get("amount")),
        "currency": str(value.get("currency") or "")[:3] if value.get("amount") is not None else "",
        "contact_name": str(contact.get("name") or "").strip()[:200],
        "contact_email": str(contact.get("email") or "").strip(),
        "document_language": _language(release.get("language")),
        "categories": categories,
    }
    incoming = Incoming(
        label=label,
        agency=None,
        buyer={"id": str(buyer.get("id") or "").strip(), "name": str(buyer["name"]).strip()},
        reference=str(tender.get("id") or release.get("ocid") or "").strip()[:100],
        values=values,
        published_at=start or _datetime(release.get("date"), what="date"),
        cancelled=tender.get("status") == "cancelled",
    )
    incoming.values["_external"] = others
    if not incoming.reference:
        raise RowRefused("no reference (tender.id or ocid)")
    return incoming


def _classifications(items) -> tuple[list[str], list[dict]]:
    """UNSPSC codes become categories; other schemes (e.g. CPV) are kept as they are."""
    codes, others = [], []
    for item in items:
        if not isinstance(item, dict):
            continue
        for classification in [
            item.get("classification"),
            *(item.get("additionalClassifications") or []),
        ]:
            if not isinstance(classification, dict):
                continue
            scheme = str(classification.get("scheme") or "").strip()
            code = str(classification.get("id") or "").strip()
            if scheme.upper() == "UNSPSC":
                try:
                    codes.append(validate_code(code))
                except ValidationError as error:
                    raise RowRefused(f"UNSPSC {code!r}: {error_text(error)}") from error
            elif code:
                others.append(
                    {
                        "scheme": scheme,
                        "id": code,
                        "description": str(classification.get("description") or ""),
                    }
                )
    return sorted(set(codes)), others


def _notice_type(tender: dict) -> str:
    details = str(tender.get("procurementMethodDetails") or "").strip()
    with translation.override("en"):
        for notice_type in NoticeType:
            if details in (str(notice_type.label), notice_type.value):
                return notice_type.value
    words = f"{details} {tender.get('title') or ''}".lower()
    for word, notice_type in TYPE_WORDS:
        if word in words:
            return notice_type.value
    return NoticeType.INVITATION_TO_BID.value


def _language(code) -> str:
    code = str(code or "").strip().lower()[:2]
    return code if code in DocumentLanguage.values else DocumentLanguage.OTHER


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
        deadline = _datetime(row["deadline"], what="deadline", zone=zone)
        if deadline is None:
            raise RowRefused("no deadline")
        values = {
            "title": _clip(row["title"]),
            "description": row.get("description", ""),
            "notice_type": row["notice_type"],
            "deadline": deadline,
            "deadline_time_zone": zone,
            "estimated_value": _decimal(row.get("estimated_value")),
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
        published_at = _datetime(row.get("published_at"), what="published_at", zone=zone)
        return Incoming(label, agency, {}, row["reference"], values, published_at)
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


# --- Shared -----------------------------------------------------------------------------------------


def _datetime(text, *, what: str, zone: str = "UTC") -> datetime | None:
    if not text:
        return None
    try:
        moment = parse_datetime(str(text).strip())
    except ValueError as error:  # well formed but impossible, e.g. 30 February
        raise RowRefused(f"{what} is not a date and time: {text!r} ({error})") from error
    if moment is None:
        raise RowRefused(f"{what} is not a date and time: {text!r}")
    if not 1970 <= moment.year <= 2200:  # year 9999 overflows when moved to another time zone
        raise RowRefused(f"{what} is out of range: {text!r}")
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    return moment


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation as error:
        raise RowRefused(f"the value {value!r} is not a number") from error
    if not amount.is_finite():
        raise RowRefused(f"the value {value!r} is not a number")
    try:
        return amount.quantize(Decimal("0.01"))
    except InvalidOperation as error:  # more digits than a Decimal holds, e.g. 1e400
        raise RowRefused(f"the value {value!r} is too large") from error


def _clip(title: str) -> str:
    return title if len(title) <= TITLE_LENGTH else title[: TITLE_LENGTH - 1] + "…"


def _zone_for(deadline: datetime, agency: Agency) -> str:
    """The agency's time zone when the deadline's offset is the one it has then; otherwise a
    fixed-offset zone (Etc/GMT-4 is UTC+4), or UTC."""
    offset = deadline.utcoffset()
    if deadline.astimezone(zoneinfo.ZoneInfo(agency.time_zone)).utcoffset() == offset:
        return agency.time_zone
    hours, remainder = divmod(int(offset.total_seconds()), 3600)
    if remainder or not -12 <= hours <= 14:
        return "UTC"
    return "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"


def _agency_for(row: Incoming, report: ImportReport) -> Agency:
    """The buyer's agency by acronym or name; a buyer never seen before becomes a new agency, not
    listed (suppliers are not offered it until staff list it), if the agency's rules take its name
    (ValidationError otherwise)."""
    if row.agency:
        return row.agency
    name, identifier = row.buyer["name"], row.buyer["id"]
    candidates = [c for c in (identifier, name) if c]
    agency = (
        Agency.objects.annotate(key=Lower("acronym"))
        .filter(key__in=[c.lower() for c in candidates])
        .first()
        or Agency.objects.filter(name_en__iexact=name).first()
    )
    if agency is None:
        acronym = (identifier if identifier and len(identifier) <= 32 else name)[:32]
        agency = Agency(acronym=acronym, name_en=name[:200], time_zone="UTC", listed=False)
        agency.full_clean()  # the model's rules: e.g. no name a spreadsheet would run as a formula
        agency.save()
        report.new_agencies.append(acronym)
    return agency


def _import_one(row: Incoming, report: ImportReport) -> str:
    """'created', 'updated' or 'unchanged'; RowRefused or ValidationError when refused."""
    agency = _agency_for(row, report)
    values = dict(row.values)
    external = values.pop("_external", [])
    values.setdefault("deadline_time_zone", _zone_for(values["deadline"], agency))
    existing = (
        Notice.objects.annotate(key=Lower("reference"))
        .filter(agency=agency, key=row.reference.lower())
        .first()
    )
    if existing is None:
        notice = publishing.record_imported(
            agency=agency,
            reference=row.reference,
            values=values,
            external_classifications=external,
            published_at=row.published_at or timezone.now(),
        )
        if row.cancelled:
            publishing.cancel(notice, reason=CANCELLED_REASON, by=None)
        return "created"
    if existing.status != NoticeStatus.PUBLISHED:
        if row.cancelled and existing.status == NoticeStatus.CANCELLED:
            return "unchanged"
        raise RowRefused(f"the notice here is {existing.get_status_display().lower()}: not updated")
    amendment = publishing.amend_from_source(existing, changes=values, note=UPDATE_NOTE)
    if row.cancelled:
        publishing.cancel(existing, reason=CANCELLED_REASON, by=None)
        return "updated"
    return "updated" if amendment else "unchanged"


def _reason(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):
        return error_text(error)
    return "; ".join(
        error_text(messages) if name == NON_FIELD_ERRORS else f"{name}: {error_text(messages)}"
        for name, messages in error.message_dict.items()
    )
