"""Comparing imported notices with the notices here: which exist, and what importing a release
would change on each (nothing, for most notices of a re-import: then nothing is written)."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models.functions import Lower

from notices import ocds
from notices.award_models import Award, Contract
from notices.import_fields import zone_for
from notices.markup import clean_description
from notices.models import Agency, Amendment, Notice, NoticeCategory, NoticeCountry, NoticeStatus
from notices.ocds_enquiries import changed_enquiries, held_questions
from notices.ocds_mapping import ImportedAward, ImportedRelease


@dataclass
class Differences:
    """What importing a release would change on a notice here; empty when nothing."""

    fields: dict = field(default_factory=dict)
    external: bool = False
    status: bool = False
    awards: bool = False
    amendments: list = field(default_factory=list)
    enquiries: list = field(default_factory=list)  # new or changed published answers

    def __bool__(self) -> bool:
        return bool(
            self.fields
            or self.external
            or self.status
            or self.awards
            or self.amendments
            or self.enquiries
        )


def notices_here(keys: Iterable[tuple[int, str]]) -> dict[tuple[int, str], Notice]:
    """The notices of these (agency id, lowercase reference), each with what a comparison reads
    (`held`), in one query per table."""
    keys = set(keys)
    if not keys:
        return {}
    notices = (
        Notice.objects.defer("search_vector")
        .annotate(key=Lower("reference"))
        .filter(agency_id__in={a for a, _ in keys}, key__in={r for _, r in keys})
    )
    found = {(n.agency_id, n.key): n for n in notices if (n.agency_id, n.key) in keys}
    hold(list(found.values()))
    return found


@dataclass
class Held:
    """A notice's rows that an import compares with the file (Django's prefetching would build a
    queryset per notice and relation: most of the time of an import that changes nothing)."""

    codes: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    awards: list = field(default_factory=list)
    amendments: set = field(default_factory=set)
    questions: dict = field(default_factory=dict)  # ocds_enquiries.held_questions


def hold(notices: list[Notice]) -> None:
    """Set `held` on each notice."""
    held = {notice.pk: Held() for notice in notices}
    rows = NoticeCategory.objects.filter(notice_id__in=held).values_list("notice_id", "code")
    for pk, code in rows.order_by("code"):
        held[pk].codes.append(code)
    rows = NoticeCountry.objects.filter(notice_id__in=held).values_list("notice_id", "country")
    for pk, country in rows.order_by("country"):
        held[pk].countries.append(str(country))
    contracts: dict[int, list] = {}
    for contract in Contract.objects.filter(award__notice_id__in=held):
        contracts.setdefault(contract.award_id, []).append(contract)
    for award in Award.objects.filter(notice_id__in=held).order_by("pk"):
        award.held_contracts = contracts.get(award.pk, [])
        held[award.notice_id].awards.append(award)
    rows = Amendment.objects.filter(notice_id__in=held)
    for pk, number, key in rows.values_list("notice_id", "number", "source_key"):
        held[pk].amendments.add(key or str(number))
    questions = held_questions(held)
    for notice in notices:
        notice.held = held[notice.pk]
        notice.held.questions = questions.get(notice.pk, {})


def differences(notice: Notice, row: ImportedRelease, agency: Agency) -> Differences:
    found = Differences()
    for name, new in target_values(row, agency, zone=notice.deadline_time_zone).items():
        old = _current(notice, name)
        if name == "description" and new != old:
            new = clean_description(new)
        if old != new:
            found.fields[name] = (old, new)
    found.external = (notice.external_classifications or []) != row.external
    found.status = notice.status != row.status
    _keep_links(notice, row)
    here, target = _award_rows(notice), {a.key: _award_row(a) for a in row.awards}
    found.awards = any(here.get(key, (None,))[-1] != value for key, value in target.items()) or any(
        imported and key not in target for key, (imported, _values) in here.items()
    )
    found.amendments = [a for a in row.amendments if a.key not in notice.held.amendments]
    found.enquiries = changed_enquiries(notice.held.questions, row.enquiries)
    return found


def target_values(row: ImportedRelease, agency: Agency, *, zone: str = "") -> dict:
    """The values to hold; the deadline's time zone is the one the notice has here (else the
    agency's) when its offset is the one the file gives (an OCDS date has an offset, not a zone)."""
    values = dict(row.values)
    if values.get("deadline"):
        values["deadline_time_zone"] = zone_for(values["deadline"], agency, zone=zone)
    return values


def _current(notice: Notice, name: str):
    if name == "categories":
        return notice.held.codes
    if name == "countries":
        return notice.held.countries
    return getattr(notice, name)


def _award_rows(notice: Notice) -> dict:
    """The notice's awards by their OCDS id (staff's by the one our export gives them), as
    (imported?, values)."""
    ocid = ocds.ocid_for(notice)
    return {
        ocds.award_id(ocid, award): (bool(award.ocds_id), _award_values(award))
        for award in notice.held.awards
    }


def _keep_links(notice: Notice, row: ImportedRelease) -> None:
    """An award the file names without a credit code keeps the registered supplier it is linked
    to here (staff link awards to suppliers registered outside China too)."""
    ocid = ocds.ocid_for(notice)
    links = {ocds.award_id(ocid, award): award.supplier_id for award in notice.held.awards}
    for award in row.awards:
        if not award.credit_code:
            award.supplier_id = links.get(award.key)


def _award_values(award) -> tuple:
    contracts = sorted(
        (c.ocds_id, c.status, c.value, c.currency, c.starts_on, c.ends_on, c.signed_on)
        for c in award.held_contracts
    )
    return (
        award.status,
        award.supplier_name,
        award.supplier_id,
        award.value,
        award.currency,
        award.awarded_on,
        contracts,
    )


def _award_row(award: ImportedAward) -> tuple:
    contracts = sorted(
        (c.key, c.status, c.value, c.currency, c.starts_on, c.ends_on, c.signed_on)
        for c in award.contracts
    )
    return (
        award.status,
        award.supplier_name,
        award.supplier_id,
        award.value,
        award.currency,
        award.awarded_on,
        contracts,
    )


def refusal(notice: Notice, row: ImportedRelease) -> str:
    if notice.status == NoticeStatus.DRAFT:
        return "the notice here is a draft: not updated"
    if notice.status == NoticeStatus.CANCELLED and row.status != NoticeStatus.CANCELLED:
        return "the notice here is cancelled: not updated"
    return ""
