"""A compiled OCDS release as the portal holds it: what `notices.ocds` exports is read back to the same
notice (import after export is the identity on everything the portal owns), and other publishers'
releases keep what the portal has a place for.

- The buyer is `buyer` (or `tender.procuringEntity`); its contact point is its own, or that of its
  entry in `parties` (OCDS 1.1 keeps contact points there; our export does too).
- `tender.status`: active and complete are a published notice (closed once its deadline passed),
  awarded when an award is active; cancelled, unsuccessful and withdrawn are a cancelled notice with
  the reason (`statusDetails` when given); planning and planned tenders are refused (the portal
  publishes calls open to suppliers, not plans).
- Items: UNSPSC classifications become categories, other schemes (CPV...) are kept as they are.
- `tender.amendments` are recorded as amendments with their own dates, awards and contracts with
  their OCDS ids, status, suppliers (by name) and values. The portal has no lots: a release's lots
  are not imported.
"""

import functools
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone, translation

from categories.unspsc import validate_code
from core.countries import countries as all_countries
from core.forms import error_text
from notices.award_models import AwardStatus, ContractStatus
from notices.import_fields import RowRefused, clip, to_datetime, to_decimal
from notices.markup import clean_description
from notices.models import DocumentLanguage, NoticeStatus, NoticeType
from notices.ocds_awards import CREDIT_CODE_SCHEME
from notices.ocds_enquiries import ImportedEnquiry, clarification_deadline, imported_enquiries

TENDER_PAGE_DOCUMENT = "agency-tender-page"  # how notices.ocds exports a notice's tender_url
CANCELLED_REASONS = {
    "cancelled": "Cancelled by the agency (imported).",
    "unsuccessful": "The tender was unsuccessful (imported).",
    "withdrawn": "Withdrawn by the agency (imported).",
}
AMENDMENT_NOTE = "Amendment published by the agency."
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


@dataclass
class ImportedContract:
    key: str
    status: str
    value: object
    currency: str
    starts_on: date | None
    ends_on: date | None
    signed_on: date | None


@dataclass
class ImportedAward:
    key: str
    status: str
    supplier_name: str
    value: object
    currency: str
    awarded_on: date
    contracts: list[ImportedContract] = field(default_factory=list)
    # the CN-USCC identifier of its supplier party, if any; the registered supplier with that code
    # (set by the importer, `notices.import_batches.link_suppliers`), if any
    credit_code: str = ""
    supplier_id: int | None = None


@dataclass
class ImportedAmendment:
    key: str
    date: datetime
    note: str


@dataclass
class ImportedRelease:
    """One ocid's notice as its compiled release gives it; `values` as publishing takes them."""

    label: str
    buyer: dict
    reference: str
    values: dict
    external: list
    published_at: datetime
    status: str
    cancellation_reason: str = ""
    awards: list[ImportedAward] = field(default_factory=list)
    amendments: list[ImportedAmendment] = field(default_factory=list)
    enquiries: list[ImportedEnquiry] = field(default_factory=list)  # answered ones


def imported_release(label: str, release: dict) -> ImportedRelease:
    """The notice a compiled release describes; RowRefused with the reason when it can't be one."""
    tender = release.get("tender")
    if not isinstance(tender, dict):
        raise RowRefused("no tender (a planning, award or contract release)")
    status = str(tender.get("status") or "active")
    if status in ("planning", "planned"):
        raise RowRefused(f"a {status} tender: the portal publishes tenders once they are open")
    values = _values(release, tender)
    parties = _parties(release)
    buyer = _dict(release.get("buyer")) or _dict(tender.get("procuringEntity"))
    name = " ".join(str(buyer.get("name") or "").split())
    if not name:
        raise RowRefused("no buyer name")
    values.update(_contact(buyer, parties))
    period = _dict(tender.get("tenderPeriod"))
    start = to_datetime(period.get("startDate"), what="tender.tenderPeriod.startDate")
    if start and values["deadline"] and values["deadline"] < start:
        raise RowRefused("the deadline is before the start of the tender period")
    moment = to_datetime(release.get("date"), what="date")
    awards = _awards(release, parties, moment=moment)
    reference = str(tender.get("id") or release.get("ocid") or "").strip()[:100]
    if not reference:
        raise RowRefused("no reference (tender.id or ocid)")
    imported = ImportedRelease(
        label=label,
        buyer={"id": str(buyer.get("id") or "").strip(), "name": name, **_website(buyer, parties)},
        reference=reference,
        values=values,
        external=values.pop("_external"),
        published_at=_published_at(tender) or start or moment or timezone.now(),
        status=_status(status, awards),
        awards=awards,
        amendments=_amendments(tender, moment=moment),
        enquiries=imported_enquiries(tender),
    )
    if imported.status == NoticeStatus.CANCELLED:
        details = " ".join(str(tender.get("statusDetails") or "").split())
        imported.cancellation_reason = details or CANCELLED_REASONS.get(
            status, CANCELLED_REASONS["cancelled"]
        )
    _refuse_nul(imported)
    return imported


def _values(release: dict, tender: dict) -> dict:
    title = " ".join(str(tender.get("title") or "").split())
    if not title:
        raise RowRefused("the tender has no title")
    notice_type = _notice_type(tender)
    deadline = to_datetime(
        _dict(tender.get("tenderPeriod")).get("endDate"), what="tender.tenderPeriod.endDate"
    )
    if deadline is None and notice_type != NoticeType.CONTRACT_AWARD:
        raise RowRefused("no deadline (tender.tenderPeriod.endDate)")
    value = _dict(tender.get("value"))
    amount = to_decimal(value.get("amount"))
    categories, others = _classifications(tender.get("items"))
    inclusion = _dict(tender.get("supplierInclusion"))
    description = tender.get("description")
    return {
        "title": clip(title),
        "description": description if isinstance(description, str) else str(description or ""),
        "notice_type": notice_type,
        "deadline": deadline,
        "estimated_value": amount,
        "currency": str(value.get("currency") or "").strip().upper()[:3]
        if amount is not None
        else "",
        "tender_url": _tender_url(tender),
        "environmental_criteria": str(tender.get("awardCriteriaDetails") or "").strip(),
        "sme_friendly": inclusion.get("smeFriendly") is True,
        "women_owned_preference": inclusion.get("womenOwnedPreference") is True,
        "document_language": _language(release.get("language")),
        "clarification_deadline": clarification_deadline(tender, deadline=deadline),
        "categories": categories,
        "countries": _countries(tender.get("deliveryAddresses")),
        "_external": others,
    }


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def _parties(release: dict) -> dict[str, dict]:
    return {
        str(party.get("id")): party for party in _list(release.get("parties")) if party.get("id")
    }


def _contact(buyer: dict, parties: dict[str, dict]) -> dict:
    """The buyer's contact point: its own, else its party's (by id, else the party with the
    buyer's role). An e-mail address that is not one is left out, not the notice."""
    contact = _dict(buyer.get("contactPoint"))
    if not contact:
        party = parties.get(str(buyer.get("id"))) or next(
            (p for p in parties.values() if "buyer" in (p.get("roles") or [])), {}
        )
        contact = _dict(party.get("contactPoint"))
    email = str(contact.get("email") or "").strip()
    try:
        validate_email(email) if email else None
    except ValidationError:
        email = ""
    return {
        "contact_name": clip(" ".join(str(contact.get("name") or "").split()), 200),
        "contact_email": email,
    }


def _website(buyer: dict, parties: dict[str, dict]) -> dict:
    party = parties.get(str(buyer.get("id"))) or {}
    url = _dict(party.get("details")).get("url")
    try:  # a buyer's odd address is left out, not its notices
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return {}
    return {"website": url} if len(url) <= 200 else {}


def _status(status: str, awards: list[ImportedAward]) -> str:
    if status in CANCELLED_REASONS:
        return NoticeStatus.CANCELLED
    if any(award.status == AwardStatus.ACTIVE for award in awards):
        return NoticeStatus.AWARDED
    return NoticeStatus.PUBLISHED


def _published_at(tender: dict) -> datetime | None:
    """When the notice was published: its tenderNotice document's date (our export always gives it)."""
    for document in _list(tender.get("documents")):
        if (
            document.get("documentType") == "tenderNotice"
            and document.get("id") != TENDER_PAGE_DOCUMENT
        ):
            moment = to_datetime(document.get("datePublished"), what="datePublished")
            if moment:
                return moment
    return None


def _tender_url(tender: dict) -> str:
    for document in _list(tender.get("documents")):
        if document.get("id") == TENDER_PAGE_DOCUMENT and isinstance(document.get("url"), str):
            return document["url"].strip()[:500]
    return ""


def _classifications(items) -> tuple[list[str], list[dict]]:
    """UNSPSC codes become categories; other schemes (e.g. CPV) are kept as they are."""
    codes, others = set(), []
    for item in _list(items):
        for classification in [
            item.get("classification"),
            *_list(item.get("additionalClassifications")),
        ]:
            if not isinstance(classification, dict):
                continue
            scheme = str(classification.get("scheme") or "").strip()
            code = str(classification.get("id") or "").strip()
            if scheme.upper() == "UNSPSC":
                try:
                    codes.add(validate_code(code))
                except ValidationError as error:
                    raise RowRefused(f"UNSPSC {code!r}: {error_text(error)}") from error
            elif code:
                description = str(classification.get("description") or "")
                others.append({"scheme": scheme, "id": code, "description": description})
    return sorted(codes), others


def _countries(addresses) -> list[str]:
    """Countries of delivery by their English name (as our export writes them) or ISO code."""
    names = _country_codes()
    found = {names.get(str(a.get("countryName") or "").strip().lower()) for a in _list(addresses)}
    return sorted(found - {None})


@functools.cache
def _country_codes() -> dict[str, str]:
    with translation.override("en"):
        by_name = {str(name).lower(): code for code, name in all_countries}
    return by_name | {code.lower(): code for code in by_name.values()}


def _notice_type(tender: dict) -> str:
    details = str(tender.get("procurementMethodDetails") or "").strip()
    exact = _type_labels().get(details)
    if exact:
        return exact
    words = f"{details} {tender.get('title') or ''}".lower()
    for word, notice_type in TYPE_WORDS:
        if word in words:
            return notice_type.value
    return NoticeType.INVITATION_TO_BID.value


@functools.cache
def _type_labels() -> dict[str, str]:
    with translation.override("en"):
        labels = {str(t.label): t.value for t in NoticeType}
    return labels | {t.value: t.value for t in NoticeType}


def _language(code) -> str:
    code = str(code or "").strip().lower()[:2]
    return code if code in DocumentLanguage.values else DocumentLanguage.OTHER


def _amendments(tender: dict, *, moment: datetime | None) -> list[ImportedAmendment]:
    """tender.amendments, oldest first; one without an id is known by its date."""
    found = []
    for entry in _list(tender.get("amendments")):
        when = to_datetime(entry.get("date"), what="tender.amendments.date") or moment
        key = str(entry.get("id") or (when.isoformat() if when else "")).strip()[:100]
        if not key or when is None:
            continue
        note = clean_description(str(entry.get("rationale") or entry.get("description") or ""))
        found.append(ImportedAmendment(key=key, date=when, note=note.strip() or AMENDMENT_NOTE))
    return sorted(found, key=lambda a: (a.date, a.key))


def _awards(release: dict, parties: dict[str, dict], *, moment) -> list[ImportedAward]:
    contracts: dict[str, list[ImportedContract]] = {}
    for entry in _list(release.get("contracts")):
        contracts.setdefault(str(entry.get("awardID") or ""), []).append(_contract(entry))
    awards = []
    for entry in _list(release.get("awards")):
        names = [
            " ".join(
                str(s.get("name") or _dict(parties.get(str(s.get("id")))).get("name") or "").split()
            )
            for s in _list(entry.get("suppliers"))
        ]
        # Suppliers without ids are appended by each release that names them (OCDS merging): once.
        supplier = clip(", ".join(dict.fromkeys(n for n in names if n)), 300)
        when = to_datetime(entry.get("date"), what="awards.date") or moment
        if not supplier or when is None or entry.get("id") in (None, ""):
            continue  # an award to nobody (unsuccessful) or without identity: nothing to hold
        status = str(entry.get("status") or AwardStatus.ACTIVE)
        amount, currency = _money(entry.get("value"))
        awards.append(
            ImportedAward(
                key=str(entry["id"])[:200],
                status=status if status in AwardStatus.values else AwardStatus.ACTIVE,
                supplier_name=supplier,
                value=amount,
                currency=currency,
                awarded_on=when.date(),
                contracts=contracts.get(str(entry["id"]), []),
                credit_code=_credit_code(entry, parties),
            )
        )
    return awards


def _credit_code(award: dict, parties: dict[str, dict]) -> str:
    """The unified social credit code of the award's first supplier that has one (identifier of
    scheme CN-USCC, at the supplier's party or at the award's reference to it)."""
    for reference in _list(award.get("suppliers")):
        for entry in (_dict(parties.get(str(reference.get("id")))), reference):
            identifier = _dict(entry.get("identifier"))
            code = str(identifier.get("id") or "").strip().upper()
            if identifier.get("scheme") == CREDIT_CODE_SCHEME and code:
                return code[:64]
    return ""


def _contract(entry: dict) -> ImportedContract:
    period = _dict(entry.get("period"))
    amount, currency = _money(entry.get("value"))
    status = str(entry.get("status") or "")
    return ImportedContract(
        key=str(entry.get("id") or "")[:200],
        status=status if status in ContractStatus.values else "",
        value=amount,
        currency=currency,
        starts_on=_date(period.get("startDate")),
        ends_on=_date(period.get("endDate")),
        signed_on=_date(entry.get("dateSigned")),
    )


def _money(value) -> tuple:
    """(amount, currency); no amount when it has no currency (0 without one says nothing)."""
    value = _dict(value)
    currency = str(value.get("currency") or "").strip().upper()[:3]
    amount = to_decimal(value.get("amount"))
    if amount is None or not currency or amount < 0:
        return None, ""
    return amount, currency


def _date(text) -> date | None:
    moment = to_datetime(text, what="date")
    return moment.date() if moment else None


def _refuse_nul(imported: ImportedRelease) -> None:
    """No database text column holds a NUL character."""
    texts = [imported.reference, imported.cancellation_reason, *imported.buyer.values()]
    texts += [v for v in imported.values.values() if isinstance(v, str)]
    texts += [a.supplier_name for a in imported.awards] + [a.note for a in imported.amendments]
    texts += [text for e in imported.enquiries for text in (e.key, e.text, e.answer)]
    texts += [str(value) for entry in imported.external for value in entry.values()]
    if any("\x00" in text for text in texts):
        raise RowRefused("it contains a NUL character")
