"""Applying imported notices (`notices.ocds_mapping.ImportedRelease`) a batch at a time.

- The notices already here for a batch are read in one query per table (the notices, their codes,
  countries, awards with contracts, amendments), and each is compared with what the file says
  before anything is written: a notice that would not change is not written to at all.
- New notices are written with one INSERT per table for the whole batch. If the database refuses
  the batch (a rule the checks here did not foresee), each notice is tried alone, so that only the
  bad one is refused.
- A changed notice is written alone, its row locked: what changed becomes an amendment (imported)
  with its before and after; the publisher's own `tender.amendments` not recorded yet become
  amendments with their dates. An amendment is e-mailed only when it changes what an alert e-mail
  shows (ANNOUNCED_FIELDS); a cancellation always is.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DataError, IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from categories.unspsc import ancestor_prefixes
from core.forms import error_text
from notices import awarding, ocds, publishing, tasks
from notices import import_comparing as comparing
from notices.award_models import Award, Contract
from notices.import_fields import RowRefused
from notices.import_report import ImportReport, Outcome
from notices.interest_models import Question
from notices.markup import clean_description
from notices.models import (
    Agency,
    Amendment,
    AmendmentChange,
    AmendmentSource,
    Notice,
    NoticeCategory,
    NoticeCategoryPrefix,
    NoticeCountry,
    NoticeStatus,
)
from notices.ocds_enquiries import new_questions, put_enquiries
from notices.ocds_mapping import ImportedAward, ImportedRelease

UPDATE_NOTE = "Updated from the agency's data."
# What an alert e-mail shows of a notice besides its agency and reference
# (templates/emails/_alert_notice.txt): an imported change to one of these is e-mailed to the
# notice's audience; any other change is recorded on the notice and e-mailed to nobody.
ANNOUNCED_FIELDS = {"title", "notice_type", "deadline", "deadline_time_zone"}
LIST_FIELDS = ("categories", "countries")
# Not checked per notice: the agency is one of the Agencies read or created here (its check asks the
# database), the deadline's time zone is made by zone_for (the agency's, Etc/GMT±N or UTC; its check
# lists every time zone on disk, 20 ms a call).
CLEAN = ["search_vector", "created_by", "agency", "deadline_time_zone"]


class Agencies:
    """The agencies, read once per import, by lowercase acronym and English name; a buyer never
    seen before becomes an agency that is not listed (suppliers are not offered it until staff
    list it). Also the notices the file named so far (`seen`)."""

    def __init__(self):
        self.by_acronym, self.by_name = {}, {}
        # (agency id, lowercase reference) of every notice of the file so far: its ocid.
        self.seen: dict[tuple[int, str], str] = {}
        for agency in Agency.objects.all():
            self._remember(agency)

    def _remember(self, agency: Agency) -> None:
        self.by_acronym.setdefault(agency.acronym.lower(), agency)
        self.by_name.setdefault(agency.name_en.lower(), agency)

    def for_buyer(self, buyer: dict, report: ImportReport) -> Agency:
        """ValidationError when a new agency would break the agency's rules (e.g. a name that a
        spreadsheet would run as a formula)."""
        name, identifier = buyer["name"], buyer["id"]
        for candidate in (identifier, name):
            if candidate and candidate.lower() in self.by_acronym:
                return self.by_acronym[candidate.lower()]
        if name.lower() in self.by_name:
            return self.by_name[name.lower()]
        acronym = (identifier if identifier and len(identifier) <= 32 else name)[:32]
        agency = Agency(
            acronym=acronym,
            name_en=name[:200],
            time_zone="UTC",
            listed=False,
            website=buyer.get("website", "")[:200],
        )
        agency.full_clean()
        agency.save()
        report.new_agencies.append(acronym)
        self._remember(agency)
        return agency


def apply_batch(rows: list[ImportedRelease], *, agencies: Agencies, report: ImportReport) -> None:
    """Import a batch of notices: created, updated or left unchanged, each reported."""
    placed, keys = [], set()
    for row in rows:
        try:
            agency = agencies.for_buyer(row.buyer, report)
        except ValidationError as error:
            report.add(row.label, Outcome.REFUSED, reason(error))
            continue
        key = (agency.pk, row.reference.lower())
        first = agencies.seen.setdefault(key, row.label)
        if first != row.label:
            # Two ocids name one notice: importing both would flip it from one to the other at
            # every run. The first stays, as it did the first time.
            report.add(row.label, Outcome.REFUSED, f"{first} in this file has the same reference")
            continue
        keys.add(key)
        placed.append((row, agency))
    link_suppliers([row for row, _agency in placed])
    existing = comparing.notices_here(keys)
    new, later = [], []
    for row, agency in placed:
        notice = existing.get((agency.pk, row.reference.lower()))
        if notice is None:
            new.append((row, agency))
        elif comparing.refusal(notice, row) or comparing.differences(notice, row, agency):
            later.append((row, agency))
        else:
            report.add(row.label, Outcome.UNCHANGED)
    create(new, report=report)
    for row, agency in later:
        _update_one(row, agency, report=report)


# --- Creating ---------------------------------------------------------------------------------------


def create(pairs: list[tuple[ImportedRelease, Agency]], *, report: ImportReport) -> None:
    """New notices, one INSERT per table; each notice alone when the database refuses the batch."""
    built = []
    for row, agency in pairs:
        try:
            built.append((row, _new_notice(row, agency)))
        except (RowRefused, ValidationError) as error:
            report.add(row.label, Outcome.REFUSED, reason(error))
    if not built:
        return
    try:
        with transaction.atomic():
            _insert(built)
    except (IntegrityError, DataError) as error:
        if len(built) == 1:
            report.add(built[0][0].label, Outcome.REFUSED, f"the database refused it: {error}")
            return
        for row, notice in built:
            notice.pk = None
            create([(row, notice.agency)], report=report)
        return
    for row, _notice in built:
        report.add(row.label, Outcome.CREATED)


def _new_notice(row: ImportedRelease, agency: Agency) -> Notice:
    values = comparing.target_values(row, agency)
    notice = Notice(
        agency=agency,
        reference=row.reference,
        status=row.status,
        published_at=row.published_at,
        external_classifications=row.external,
        **{k: v for k, v in values.items() if k not in LIST_FIELDS},
    )
    notice.description = clean_description(notice.description)
    if row.status == NoticeStatus.CANCELLED:
        notice.cancelled_at, notice.cancellation_reason = timezone.now(), row.cancellation_reason
    _check(notice)
    return notice


def _check(notice: Notice) -> None:
    """The notice's field rules, and its table's rules that the database would otherwise refuse
    for the whole batch (the constraints' own check asks the database once per rule and row)."""
    notice.full_clean(exclude=CLEAN, validate_unique=False, validate_constraints=False)
    if notice.estimated_value is not None and notice.estimated_value < 0:
        raise RowRefused("the estimated value is negative")
    if notice.estimated_value is not None and not notice.currency:
        raise RowRefused("the estimated value has no currency")


def _insert(built: list[tuple[ImportedRelease, Notice]]) -> None:
    notices = Notice.objects.bulk_create([notice for _row, notice in built])
    codes, prefixes, countries, amendments, awards, questions = [], [], [], [], [], []
    for (row, _n), notice in zip(built, notices, strict=True):
        codes += [(notice.pk, code) for code in row.values["categories"]]
        found = {p for c in row.values["categories"] for p in ancestor_prefixes(c)}
        prefixes += [(notice.pk, prefix) for prefix in sorted(found)]
        countries += [(notice.pk, country) for country in row.values["countries"]]
        amendments += _history(notice, row.amendments, first=1)
        awards += [(award, _new_award(notice, award)) for award in row.awards]
        questions += new_questions(notice, row.enquiries)
    _insert_pairs(NoticeCategory, "code", codes)
    _insert_pairs(NoticeCategoryPrefix, "prefix", prefixes)
    _insert_pairs(NoticeCountry, "country", countries)
    Amendment.objects.bulk_create(amendments)
    _insert_awards(awards)
    Question.objects.bulk_create(questions)
    ids = [notice.pk for notice in notices]
    transaction.on_commit(lambda: tasks.announce_imported(ids))


def _insert_pairs(model, column: str, pairs: list[tuple[int, str]]) -> None:
    """(notice id, value) rows of a notice's list table. On PostgreSQL one INSERT of two arrays
    (a batch's some 5,000 code prefixes as model instances cost more than the whole INSERT)."""
    if not pairs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(model(notice_id=n, **{column: value}) for n, value in pairs)
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (notice_id, {column}) "  # noqa: S608  # nosec B608  # model names, not input
            "SELECT * FROM unnest(%s::bigint[], %s::text[])",
            [[n for n, _v in pairs], [v for _n, v in pairs]],
        )


def _history(notice: Notice, amendments: list, *, first: int) -> list[Amendment]:
    """The publisher's amendments as the notice's history: recorded, e-mailed to nobody."""
    return [
        Amendment(
            notice=notice,
            number=number,
            note=amendment.note,
            source=AmendmentSource.IMPORT,
            created_at=amendment.date,
            source_key=amendment.key,
            announced=False,
        )
        for number, amendment in enumerate(amendments, first)
    ]


def link_suppliers(rows: list[ImportedRelease]) -> None:
    """Link each award whose supplier has a credit code to the registered supplier with that code
    (one query for the batch; `notices.awarding` asks the portal)."""
    awards = [award for row in rows for award in row.awards if award.credit_code]
    found = awarding.suppliers_by_credit_code(award.credit_code for award in awards)
    for award in awards:
        award.supplier_id = found.get(award.credit_code)


def _new_award(notice: Notice, award: ImportedAward) -> Award:
    return Award(
        notice=notice,
        supplier_name=award.supplier_name,
        supplier_id=award.supplier_id,
        value=award.value,
        currency=award.currency,
        awarded_on=award.awarded_on,
        status=award.status,
        ocds_id=award.key,
    )


def _insert_awards(pairs: list[tuple[ImportedAward, Award]]) -> None:
    Award.objects.bulk_create([award for _imported, award in pairs])
    Contract.objects.bulk_create(
        Contract(
            award=award,
            ocds_id=c.key,
            status=c.status,
            value=c.value,
            currency=c.currency,
            starts_on=c.starts_on,
            ends_on=c.ends_on,
            signed_on=c.signed_on,
        )
        for imported, award in pairs
        for c in imported.contracts
    )


# --- Updating ---------------------------------------------------------------------------------------


def _update_one(row: ImportedRelease, agency: Agency, *, report: ImportReport) -> None:
    try:
        with transaction.atomic():
            outcome = update(row, agency)
    except (RowRefused, ValidationError) as error:
        report.add(row.label, Outcome.REFUSED, reason(error))
    except (IntegrityError, DataError) as error:
        report.add(row.label, Outcome.REFUSED, f"the database refused it: {error}")
    else:
        report.add(row.label, outcome)


def update(row: ImportedRelease, agency: Agency) -> str:
    """Bring the notice here (or a new one) in step with the release, its row locked: 'created',
    'updated' or 'unchanged'. Call inside a transaction."""
    key = (agency.pk, row.reference.lower())
    locked = comparing.notices_here([key]).get(key)
    if locked is None:
        report = ImportReport()
        create([(row, agency)], report=report)
        if report.refused:
            raise RowRefused(report.refused[0][1])
        return Outcome.CREATED
    notice = Notice.objects.select_for_update().defer("search_vector").get(pk=locked.pk)
    comparing.hold([notice])
    if refusal := comparing.refusal(notice, row):
        raise RowRefused(refusal)
    found = comparing.differences(notice, row, agency)
    if not found:
        return Outcome.UNCHANGED
    announce = _write(notice, row, found)
    if announce:
        transaction.on_commit(lambda: tasks.announce(notice.pk))
    return Outcome.UPDATED


def _write(notice: Notice, row: ImportedRelease, found: comparing.Differences) -> bool:
    """Write the differences; True when the notice's audience must hear of them."""
    for name, (_old, new) in found.fields.items():
        if name not in LIST_FIELDS:
            setattr(notice, name, new)
    notice.external_classifications = row.external
    cancelled = found.status and row.status == NoticeStatus.CANCELLED
    notice.status = row.status
    if cancelled:
        notice.cancelled_at, notice.cancellation_reason = timezone.now(), row.cancellation_reason
    _check(notice)
    notice.save()
    if "categories" in found.fields:
        publishing.set_categories(notice, found.fields["categories"][1])
    if "countries" in found.fields:
        publishing.set_countries(notice, found.fields["countries"][1])
    if found.awards:
        _replace_awards(notice, row.awards)
    if found.enquiries:
        put_enquiries(notice, found.enquiries, notice.held.questions)
    announced = _record(notice, found)
    return announced or cancelled


def _record(notice: Notice, found: comparing.Differences) -> bool:
    """The new amendments of the publisher, and what changed: on the publisher's latest new
    amendment when there is one, otherwise on an amendment of its own."""
    last = notice.amendments.aggregate(last=Max("number"))["last"] or 0
    history = _history(notice, found.amendments, first=last + 1)
    changes = dict(found.fields)
    if not changes:
        Amendment.objects.bulk_create(history)
        return False
    announced = bool(set(changes) & ANNOUNCED_FIELDS)
    if not history:
        history = [
            Amendment(
                notice=notice, number=last + 1, note=UPDATE_NOTE, source=AmendmentSource.IMPORT
            )
        ]
    history[-1].announced = announced
    Amendment.objects.bulk_create(history)
    AmendmentChange.objects.bulk_create(
        AmendmentChange(
            amendment=history[-1],
            field=name,
            old_value=publishing.history_value(notice, name, old),
            new_value=publishing.history_value(notice, name, new),
        )
        for name, (old, new) in changes.items()
    )
    return announced


def _replace_awards(notice: Notice, awards: list[ImportedAward]) -> None:
    """The publisher's awards as it gives them now; those staff recorded here that the publisher
    does not name stay."""
    ocid, keys = ocds.ocid_for(notice), {a.key for a in awards}
    stale = [a.pk for a in notice.awards.all() if a.ocds_id or ocds.award_id(ocid, a) in keys]
    Award.objects.filter(pk__in=stale).delete()
    _insert_awards([(a, _new_award(notice, a)) for a in awards])


def reason(error: Exception) -> str:
    """Why a row is refused, in one line."""
    if not isinstance(error, ValidationError):
        return str(error)
    if not hasattr(error, "error_dict"):
        return error_text(error)
    return "; ".join(
        error_text(messages) if name == NON_FIELD_ERRORS else f"{name}: {error_text(messages)}"
        for name, messages in error.message_dict.items()
    )
