"""Publishing notices: drafts, publication, amendments, cancellation, documents and awards.

Program staff do all of it from `/staff/notices/`, the admin and the importer call the same functions.
Each runs in one transaction with the notice's row locked, raises ValidationError when a rule is broken
(nothing is then saved), and returns what it changed. Whenever what suppliers see changes (publish,
amend, cancel, award), `notices.tasks.announce` is registered to run on commit: the hook where alerts
(notices.alerts.dispatch) pick the event up from the database.

Values are given as a dict of field name to value, as a form's cleaned_data holds them: the model's
fields in EDITABLE_FIELDS, plus `categories` (UNSPSC codes at any level) and `countries` (ISO codes).
"""

import zoneinfo
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from categories.unspsc import ancestor_prefixes, validate_code
from core.countries import countries as all_countries
from core.forms import error_text
from notices import tasks
from notices.awarding import record_award as record_award  # staff, admin and importer call it here
from notices.documents import check_document
from notices.markup import clean_description
from notices.models import (
    Agency,
    Amendment,
    AmendmentChange,
    AmendmentSource,
    Attachment,
    Notice,
    NoticeCategory,
    NoticeCategoryPrefix,
    NoticeCountry,
    NoticeStatus,
    NoticeType,
)

# What staff may set on a notice; after publication these are changed by amendment only.
EDITABLE_FIELDS = (
    "title",
    "description",
    "notice_type",
    "deadline",
    "deadline_time_zone",
    "estimated_value",
    "currency",
    "contact_name",
    "contact_email",
    "tender_url",
    "environmental_criteria",
    "social_criteria",
    "economic_criteria",
    "sme_friendly",
    "women_owned_preference",
    "document_language",
    "clarification_deadline",
    "interest_open_to_all",
    "interested_list_public",
)
LIST_FIELDS = ("categories", "countries")
AMENDABLE_FIELDS = EDITABLE_FIELDS + LIST_FIELDS
# The pseudo-field an amendment uses for a new document.
DOCUMENTS_FIELD = "documents"


# --- Drafts -----------------------------------------------------------------------------------------


def create_draft(*, agency: Agency, reference: str, values: Mapping[str, Any], by) -> Notice:
    """A new draft of the agency's notice. The deadline's time zone defaults to the agency's."""
    notice = Notice(
        agency=agency,
        reference=(reference or "").strip(),
        created_by=by,
        deadline_time_zone=agency.time_zone,
    )
    changed = _apply(notice, _only(values, AMENDABLE_FIELDS), current={})
    _validate(notice)
    with transaction.atomic():
        notice.save()
        _save_lists(notice, changed)
    return notice


def check_draft(notice: Notice, *, values: Mapping[str, Any]) -> None:
    """ValidationError when the values would not make a valid draft. The notice is changed in memory
    only (callers pass a copy), so a form can report every problem before anything is saved."""
    current = _current_lists(notice) if notice.pk else {}
    _apply(notice, _only(values, AMENDABLE_FIELDS), current=current)
    _validate(notice)


@transaction.atomic
def update_draft(notice: Notice, *, values: Mapping[str, Any], by) -> Notice:
    """Change a draft freely (no history is kept before publication)."""
    _lock(notice)
    if notice.status != NoticeStatus.DRAFT:
        raise ValidationError(
            _("This notice is published: change it with an amendment."), code="not_a_draft"
        )
    changed = _apply(notice, _only(values, AMENDABLE_FIELDS), current=_current_lists(notice))
    _validate(notice)
    notice.save()
    _save_lists(notice, changed)
    return notice


# --- Publication ------------------------------------------------------------------------------------


def check_deadline(deadline: datetime | None, *, now: datetime) -> None:
    """A deadline staff may publish: in the future by at least NOTICES_MIN_DEADLINE_HOURS."""
    if deadline is None:
        raise ValidationError(
            {"deadline": _("Give the deadline for submissions.")}, code="required"
        )
    if deadline <= now:
        raise ValidationError(
            {"deadline": _("The deadline has already passed.")}, code="deadline_past"
        )
    hours = settings.NOTICES_MIN_DEADLINE_HOURS
    if deadline < now + timedelta(hours=hours):
        raise ValidationError(
            {
                "deadline": _(
                    "The deadline must leave suppliers at least %(hours)s hours after publication."
                )
                % {"hours": hours}
            },
            code="deadline_too_soon",
        )


@transaction.atomic
def publish(notice: Notice, *, by, now: datetime | None = None) -> Notice:
    """Make a draft public. Refuses a deadline in the past or too soon, a notice without a category,
    and a reference the agency already used."""
    now = now or timezone.now()
    _lock(notice)
    if notice.status != NoticeStatus.DRAFT:
        raise ValidationError(_("This notice is already published."), code="not_a_draft")
    if notice.notice_type != NoticeType.CONTRACT_AWARD:
        check_deadline(notice.deadline, now=now)
    if not notice.categories.exists():
        raise ValidationError(
            {"categories": _("Give at least one UNSPSC category.")}, code="no_category"
        )
    notice.status = NoticeStatus.PUBLISHED
    notice.published_at = now
    _validate(notice)
    notice.save()
    _announce(notice)
    return notice


def record_imported(
    *,
    agency: Agency,
    reference: str,
    values: Mapping[str, Any],
    external_classifications: list[dict],
    published_at: datetime,
) -> Notice:
    """A notice the agency's own system published (the importer): created published with its own
    dates. Its deadline may have passed (it is then closed), and it may have no UNSPSC category
    when the agency classifies with another scheme (kept in `external_classifications`)."""
    notice = Notice(
        agency=agency,
        reference=(reference or "").strip(),
        status=NoticeStatus.PUBLISHED,
        published_at=published_at,
        deadline_time_zone=agency.time_zone,
        external_classifications=external_classifications,
    )
    changed = _apply(notice, _only(values, AMENDABLE_FIELDS), current={})
    _validate(notice)
    with transaction.atomic():
        notice.save()
        _save_lists(notice, changed)
        _announce(notice)
    return notice


# --- Amendments -------------------------------------------------------------------------------------


def check_amendment(notice: Notice, *, changes: Mapping[str, Any], note: str, now=None) -> dict:
    """The changes an amendment would make, field by field ({field: (old, new)}), without saving.

    Raises ValidationError when the notice can't be amended, the note is missing, nothing changes,
    or the changed notice would break a rule (a deadline too soon, no category...).
    """
    now = now or timezone.now()
    if notice.status != NoticeStatus.PUBLISHED:
        raise ValidationError(
            _("Only a published notice can be amended (not a draft, cancelled or awarded one)."),
            code="not_amendable",
        )
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what changed and why.")}, code="note_required")
    changed = _apply(notice, _only(changes, AMENDABLE_FIELDS), current=_current_lists(notice))
    if not changed:
        raise ValidationError(_("Nothing was changed."), code="no_change")
    if "deadline" in changed and notice.notice_type != NoticeType.CONTRACT_AWARD:
        check_deadline(notice.deadline, now=now)
    if "categories" in changed and not changed["categories"][1]:
        raise ValidationError(
            {"categories": _("Give at least one UNSPSC category.")}, code="no_category"
        )
    _validate(notice)
    return changed


@transaction.atomic
def amend(notice: Notice, *, changes: Mapping[str, Any], note: str, by) -> Amendment:
    """Change a published notice and record, field by field, what changed (before and after)."""
    _lock(notice)
    changed = check_amendment(notice, changes=changes, note=note)
    return _record_amendment(
        notice, changed, note=note.strip(), by=by, source=AmendmentSource.STAFF
    )


def edit(
    notice: Notice, *, values: Mapping[str, Any], changes: Mapping[str, Any], note: str, by
) -> Amendment | None:
    """Staff's edit of a notice: a draft takes every value (update_draft); a published notice takes
    only what changed, as an amendment with its note (amend). Returns the amendment, if any."""
    if notice.status == NoticeStatus.DRAFT:
        update_draft(notice, values=values, by=by)
        return None
    return amend(notice, changes=changes, note=note, by=by)


@transaction.atomic
def amend_from_source(notice: Notice, *, changes: Mapping[str, Any], note: str) -> Amendment | None:
    """Bring a published notice in step with the agency's own data (the importer). The agency's
    system is the authority, so its deadline is taken as given. None when nothing changed."""
    _lock(notice)
    if notice.status != NoticeStatus.PUBLISHED:
        raise ValidationError(
            _("Only a published notice can be updated (this one is %(status)s).")
            % {"status": notice.get_status_display()},
            code="not_amendable",
        )
    changed = _apply(notice, _only(changes, AMENDABLE_FIELDS), current=_current_lists(notice))
    if not changed:
        return None
    _validate(notice)
    return _record_amendment(notice, changed, note=note, by=None, source=AmendmentSource.IMPORT)


# --- Cancellation and award -------------------------------------------------------------------------


@transaction.atomic
def cancel(notice: Notice, *, reason: str, by, now: datetime | None = None) -> Notice:
    """Withdraw a published notice, with the reason suppliers will read."""
    _lock(notice)
    if notice.status != NoticeStatus.PUBLISHED:
        raise ValidationError(
            _("Only a published notice can be cancelled."), code="not_cancellable"
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Give the reason for the cancellation.")}, code="reason_required"
        )
    notice.status = NoticeStatus.CANCELLED
    notice.cancelled_at = now or timezone.now()
    notice.cancellation_reason = reason
    notice.save()
    _announce(notice)
    return notice


# --- Documents --------------------------------------------------------------------------------------


def attach_document(notice: Notice, *, upload, title: str, by, note: str = "") -> Attachment:
    """Add a tender document (checked by content and size). On a published notice this is an
    amendment, recorded with the list of documents before and after."""
    checked = check_document(upload)
    with transaction.atomic():
        _lock(notice)
        if notice.status not in (NoticeStatus.DRAFT, NoticeStatus.PUBLISHED):
            raise ValidationError(
                _("This notice no longer takes documents."), code="closed_to_documents"
            )
        before = list(notice.attachments.values_list("title", flat=True))
        attachment = Attachment(
            notice=notice,
            title=" ".join((title or upload.name).split())[: Attachment.title.field.max_length],
            original_name=upload.name[: Attachment.original_name.field.max_length],
            kind=checked.kind,
            size=checked.size,
            uploaded_by=by,
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        if notice.status == NoticeStatus.PUBLISHED:
            note = note.strip() or _("New document: %(title)s") % {"title": attachment.title}
            changed = {DOCUMENTS_FIELD: (before, [*before, attachment.title])}
            _record_amendment(notice, changed, note=note, by=by, source=AmendmentSource.STAFF)
    return attachment


# --- Internals --------------------------------------------------------------------------------------


def _lock(notice: Notice) -> None:
    """Lock the notice's row for the transaction and reload it, so that two staff members amending
    at once get consecutive amendment numbers and each sees the other's changes."""
    if notice.pk:
        Notice.objects.select_for_update().filter(pk=notice.pk).exists()
        notice.refresh_from_db()


def _only(values: Mapping[str, Any], allowed: Iterable[str]) -> dict:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"Not a field staff may set: {sorted(unknown)}")
    return dict(values)


def normalise_codes(codes: Iterable[str]) -> list[str]:
    """Valid, distinct UNSPSC codes in order; ValidationError names the first bad one."""
    result = set()
    for code in codes:
        try:
            result.add(validate_code(code))
        except ValidationError as error:
            raise ValidationError(
                {"categories": f"{code}: {error_text(error)}"}, code="category_format"
            ) from error
    return sorted(result)


def normalise_countries(codes: Iterable[str]) -> list[str]:
    known = dict(all_countries)
    result = {str(code).strip().upper() for code in codes if str(code).strip()}
    unknown = sorted(result - set(known))
    if unknown:
        raise ValidationError(
            {"countries": _("Unknown country code: %(code)s") % {"code": unknown[0]}},
            code="country_unknown",
        )
    return sorted(result)


def _normalise(field: str, value):
    if field == "categories":
        return normalise_codes(value or [])
    if field == "countries":
        return normalise_countries(value or [])
    if field == "currency":
        return (value or "").strip().upper()
    if field == "title":  # one line, on every way in: it heads e-mails, feeds and calendars
        return " ".join((value or "").split())
    if field == "description":
        return clean_description(value or "")
    if isinstance(value, str):
        return value.strip()
    return value


def _current_lists(notice: Notice) -> dict[str, list[str]]:
    return {
        "categories": sorted(notice.categories.values_list("code", flat=True)),
        "countries": sorted(str(c) for c in notice.countries.values_list("country", flat=True)),
    }


def _apply(notice: Notice, values: dict, *, current: dict) -> dict[str, tuple]:
    """Set the values on the (unsaved) notice; returns {field: (old, new)} for those that differ."""
    changed = {}
    for field, raw in values.items():
        new = _normalise(field, raw)
        old = current.get(field, []) if field in LIST_FIELDS else getattr(notice, field)
        if field == "description" and new is None:
            new = ""
        if old != new:
            changed[field] = (old, new)
        if field not in LIST_FIELDS:
            setattr(notice, field, new)
    return changed


def _validate(notice: Notice) -> None:
    notice.full_clean(exclude=["search_vector", "created_by"])


def _save_lists(notice: Notice, changed: Mapping[str, tuple]) -> None:
    """Write the changed categories and countries ({field: (old, new)}) to their tables."""
    if "categories" in changed:
        set_categories(notice, changed["categories"][1])
    if "countries" in changed:
        set_countries(notice, changed["countries"][1])


def set_categories(notice: Notice, codes: Iterable[str]) -> None:
    """Replace the notice's codes, and the prefixes they fall under (one row per prefix)."""
    codes = sorted(set(codes))
    prefixes = sorted({prefix for code in codes for prefix in ancestor_prefixes(code)})
    notice.categories.all().delete()
    notice.category_prefixes.all().delete()
    NoticeCategory.objects.bulk_create(NoticeCategory(notice=notice, code=c) for c in codes)
    NoticeCategoryPrefix.objects.bulk_create(
        NoticeCategoryPrefix(notice=notice, prefix=p) for p in prefixes
    )


def set_countries(notice: Notice, countries: Iterable[str]) -> None:
    notice.countries.all().delete()
    NoticeCountry.objects.bulk_create(
        NoticeCountry(notice=notice, country=c) for c in sorted(set(countries))
    )


def history_value(notice: Notice, field: str, value):
    """A value as the amendment history stores it: dates in ISO 8601 (the deadline in the agency's
    time zone, as it was given), amounts as strings."""
    if isinstance(value, datetime):
        if field in ("deadline", "clarification_deadline"):
            return value.astimezone(zoneinfo.ZoneInfo(notice.deadline_time_zone)).isoformat()
        return value.isoformat()
    if isinstance(value, date | Decimal):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    return value


def _record_amendment(
    notice: Notice, changed: dict[str, tuple], *, note: str, by, source: str
) -> Amendment:
    notice.save()
    _save_lists(notice, changed)
    number = (notice.amendments.aggregate(last=Max("number"))["last"] or 0) + 1
    amendment = Amendment.objects.create(
        notice=notice, number=number, note=note, source=source, created_by=by
    )
    AmendmentChange.objects.bulk_create(
        AmendmentChange(
            amendment=amendment,
            field=field,
            old_value=history_value(notice, field, old),
            new_value=history_value(notice, field, new),
        )
        for field, (old, new) in changed.items()
    )
    _announce(notice)
    return amendment


def _announce(notice: Notice) -> None:
    transaction.on_commit(partial(tasks.announce, notice.pk))


def staff_notices(*, status: str = "", q: str = "") -> QuerySet:
    """Every notice, drafts included, for the staff area: newest change first. `q` is looked for in
    titles and references (a NUL, which no text column holds and PostgreSQL refuses, is dropped)."""
    notices = Notice.objects.select_related("agency")
    if status in NoticeStatus.values:
        notices = notices.filter(status=status)
    q = q.replace("\x00", "").strip()
    if q:
        notices = notices.filter(Q(title__icontains=q) | Q(reference__icontains=q))
    return notices.order_by("-updated_at", "-id")
