"""Open data: notices as Open Contracting Data Standard 1.1 releases and release packages.

Each public notice is one release describing its latest state, with a stable ocid
(`OCDS_OCID_PREFIX`-<id>) and a release id that changes with every amendment and when the deadline
passes (the tender's status changes then, with no write: see `version_moment`); a notice's record
package holds that release and its compiled form. The API pages by a keyset cursor over
(updated_at, id), newest change first or, for harvesters, oldest change first (Order), so that a walk
costs the same on page 1,000 as on page 1.
"""

import base64
from datetime import UTC, datetime

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from categories.unspsc import category_titles
from notices.documents import CONTENT_TYPES
from notices.models import Amendment, Notice, NoticeStatus, NoticeType
from notices.ocds_awards import AWARD_RELATIONS, award_fields, ocds_value
from notices.ocds_awards import award_id as award_id  # the importer compares awards by it
from notices.ocds_enquiries import ENQUIRIES_EXTENSION, PUBLISHED_QUESTIONS, enquiry_fields

OCDS_VERSION = "1.1"
# Countries of delivery are `tender.deliveryAddresses` of the Location extension (its version pinned
# by commit: the released v1.1.5 has only one address per item); the SME and women-owned flags are
# `tender.supplierInclusion` of our own extension (notices/static/ocds/supplier-inclusion/).
LOCATION_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_location_extension/"
    "fcd56abaea4214d7f4d712087be32141badbe60c/extension.json"
)
OUR_EXTENSION_PATH = "ocds/supplier-inclusion/extension.json"  # a static file of this app
PAGE_SIZE = 100
WORKS_SEGMENTS = {"72", "95"}
SERVICE_SEGMENTS = {str(n) for n in range(70, 95)} - WORKS_SEGMENTS


class BadParameter(ValueError):
    """A query parameter of the API that cannot be read; the message says which, for the client,
    and `details` may add fields to the error's JSON."""

    details: dict = {}  # never changed: subclasses set their own


class BadCursor(BadParameter):
    def __str__(self) -> str:
        return str(_("The cursor is not valid."))


def parse_updated_after(text: str) -> datetime | None:
    """`updated_after` as a moment (UTC when it names no zone); None when not given. A "+" of the
    zone may arrive as a space (an unencoded query string)."""
    if not text:
        return None
    try:
        moment = parse_datetime(text.replace(" ", "+"))
    except ValueError:  # well formed but impossible, e.g. 30 February
        moment = None
    if moment is None:
        raise BadParameter(_("updated_after is not an ISO 8601 date-time."))
    moment = timezone.make_aware(moment, UTC) if timezone.is_naive(moment) else moment
    try:
        return moment.astimezone(UTC)  # 0001-01-01T00:00+01:00 is before the calendar begins
    except OverflowError:
        raise BadParameter(_("updated_after is outside the years 1 to 9999.")) from None


class Order:
    """The API's orders, both over (updated_at, id): NEWEST change first (the default), or OLDEST
    change first, the harvest order, in which a notice changed during a walk moves to its end and
    is reached again before the walk is over."""

    NEWEST = "newest"
    OLDEST = "oldest"


def parse_order(text: str) -> str:
    """`order` as Order.NEWEST (when not given) or Order.OLDEST."""
    if text in ("", Order.NEWEST):
        return Order.NEWEST
    if text == Order.OLDEST:
        return Order.OLDEST
    raise BadParameter(_("order is either newest or oldest."))


def api_page(
    notices: QuerySet, *, order: str, updated_after: datetime | None, cursor: str | None
) -> tuple[list, str | None]:
    """One page of `notices` (public notices, the filters applied) in `order`, after the cursor, and
    the cursor of the next page (None on the last one). The releases' relations are not loaded yet
    (with_release_relations): whoever already has the page needs none of them."""
    rows = in_api_order(notices, order=order, updated_after=updated_after, cursor=cursor)
    page = list(rows[: PAGE_SIZE + 1])
    if len(page) <= PAGE_SIZE:
        return page, None
    return page[:PAGE_SIZE], encode_cursor(page[PAGE_SIZE - 1], order=order)


def ocid_for(notice: Notice) -> str:
    return f"{settings.OCDS_OCID_PREFIX}-{notice.pk}"


def pk_from_ocid(ocid: str) -> int | None:
    """The notice's id in one of this portal's ocids; None for any other text."""
    prefix = f"{settings.OCDS_OCID_PREFIX}-"
    number = ocid[len(prefix) :] if ocid.startswith(prefix) else ""
    if not (number.isascii() and number.isdigit()) or len(number) > 18:
        return None
    return int(number)


RELEASE_RELATIONS = (
    "categories",
    "attachments",
    *AWARD_RELATIONS,
    "countries",
    Prefetch("amendments", queryset=Amendment.objects.order_by("number")),
    PUBLISHED_QUESTIONS,
)


def with_release_relations(notices: list[Notice]) -> list[Notice]:
    """The notices (with their agency) given what a release shows, a query per relation."""
    prefetch_related_objects(notices, *RELEASE_RELATIONS)
    return notices


def in_api_order(
    notices: QuerySet, *, order: str, updated_after: datetime | None, cursor: str | None
) -> QuerySet:
    """`notices` changed after `updated_after`, in `order`, after the cursor."""
    descending = order == Order.NEWEST
    notices = notices.defer("search_vector")  # the search's, not the release's
    notices = notices.order_by(*(["-updated_at", "-id"] if descending else ["updated_at", "id"]))
    if updated_after:
        notices = notices.filter(updated_at__gt=updated_after)
    if cursor:
        cursor_order, updated_at, pk = decode_cursor(cursor)
        if cursor_order != order:
            raise BadCursor(cursor)
        if descending:
            after = Q(updated_at__lt=updated_at) | Q(updated_at=updated_at, id__lt=pk)
        else:
            after = Q(updated_at__gt=updated_at) | Q(updated_at=updated_at, id__gt=pk)
        notices = notices.filter(after)
    return notices


def encode_cursor(notice: Notice, *, order: str) -> str:
    """The position after `notice`. The newest-first cursors keep the form they always had, so
    that links handed out before the harvest order existed still work."""
    position = f"{notice.updated_at.isoformat()}|{notice.pk}"
    raw = (position if order == Order.NEWEST else f"{order}|{position}").encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, datetime, int]:
    """(order, updated_at, id) of a cursor; BadCursor for anything encode_cursor did not make."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        *order, moment, pk = raw.split("|")
        order = order[0] if order else Order.NEWEST
        if order not in (Order.NEWEST, Order.OLDEST) or len(raw) > 100:
            raise ValueError(order)
        updated_at = datetime.fromisoformat(moment)
        if timezone.is_naive(updated_at):
            raise ValueError(moment)
        pk = int(pk)
        if not 0 < pk < 2**63:
            raise ValueError(pk)
        return order, updated_at, pk
    except (ValueError, UnicodeDecodeError, IndexError) as error:
        raise BadCursor(cursor) from error


def release_package(
    notices: list[Notice], *, uri: str, next_uri: str | None, published_date: datetime, urls
) -> dict:
    """An OCDS 1.1 release package. `urls` gives absolute addresses: urls.notice(notice) and
    urls.document(attachment)."""
    titles = category_titles({c.code for n in notices for c in n.categories.all()})
    package = {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": _iso(published_date),
        "publisher": _publisher(),
        "extensions": extension_urls(),
        "releases": [release_for(notice, titles=titles, urls=urls) for notice in notices],
    }
    if next_uri:
        package["links"] = {"next": next_uri}
    return package


def extension_urls() -> list[str]:
    """The OCDS extensions that the releases use, as absolute addresses of their extension.json."""
    ours = f"{settings.SITE_URL}{settings.STATIC_URL}{OUR_EXTENSION_PATH}"
    return [LOCATION_EXTENSION, ours, ENQUIRIES_EXTENSION]


def record_package(notice: Notice, *, uri: str, published_date: datetime, urls) -> dict:
    """An OCDS 1.1 record package of one notice: its record holds the notice's one release (the
    portal keeps its latest state, not each past version) and the compiled release built from it,
    which for a single release is that release tagged "compiled"."""
    release = release_for(
        notice, titles=category_titles({c.code for c in notice.categories.all()}), urls=urls
    )
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": _iso(published_date),
        "publisher": _publisher(),
        "extensions": extension_urls(),
        "records": [
            {
                "ocid": release["ocid"],
                "releases": [release],
                "compiledRelease": {**release, "tag": ["compiled"]},
            }
        ],
    }


def _publisher() -> dict:
    return {"name": str(settings.PORTAL_NAME), "uri": settings.SITE_URL}


def release_for(notice: Notice, *, titles: dict[str, str], urls) -> dict:
    ocid = ocid_for(notice)
    amendments = list(notice.amendments.all())
    buyer = {"id": notice.agency.acronym, "name": notice.agency.name_en}
    moment = version_moment(notice)
    release = {
        "ocid": ocid,
        # A release is one version of the notice: its id changes whenever the notice does.
        "id": f"{ocid}-{moment:%Y%m%dT%H%M%S%f}",
        "date": _iso(moment),
        "tag": _tags(notice, amendments),
        "initiationType": "tender",
        "parties": [_buyer_party(notice, buyer)],
        "buyer": buyer,
        "tender": _tender(notice, amendments, titles=titles, urls=urls, buyer=buyer),
    }
    if notice.document_language in {"en", "zh", "fr", "es", "ar", "ru"}:
        release["language"] = notice.document_language
    release.update(award_fields(ocid, notice, release["parties"]))  # notices.ocds_awards
    return release


def version_moment(notice: Notice) -> datetime:
    """When the release's content last changed: the last update, or the deadline if a published
    notice closed after it (its tender status changed then, with no write to the notice)."""
    if notice.status == NoticeStatus.PUBLISHED and notice.deadline and not notice.is_open:
        return max(notice.updated_at, notice.deadline)
    return notice.updated_at


def _tags(notice: Notice, amendments: list) -> list[str]:
    if notice.status == NoticeStatus.CANCELLED:
        return ["tenderCancellation"]
    tags = ["tenderAmendment" if amendments else "tender"]
    if notice.status == NoticeStatus.AWARDED:
        tags.append("award")
    return tags


def _buyer_party(notice: Notice, buyer: dict) -> dict:
    party = {**buyer, "roles": ["buyer", "procuringEntity"]}
    contact = {
        key: value
        for key, value in (("name", notice.contact_name), ("email", notice.contact_email))
        if value
    }
    if contact:
        party["contactPoint"] = contact
    if notice.agency.website:
        party["details"] = {"url": notice.agency.website}
    return party


def _tender(notice: Notice, amendments: list, *, titles, urls, buyer) -> dict:
    tender = {
        "id": notice.reference,
        "title": notice.title,
        # Stored clean (notices.markup.clean_description): plain text or Markdown, never HTML.
        "description": notice.description,
        "status": tender_status(notice),
        "procuringEntity": buyer,
        "items": _items(notice, titles),
        "procurementMethodDetails": str(NoticeType(notice.notice_type).label),
        "documents": _documents(notice, urls),
    }
    if notice.notice_type != NoticeType.CONTRACT_AWARD:
        tender["procurementMethod"] = "open"
    category = _main_category(notice)
    if category:
        tender["mainProcurementCategory"] = category
    if notice.estimated_value is not None:
        tender["value"] = ocds_value(notice.estimated_value, notice.currency)
    tender["tenderPeriod"] = _tender_period(notice)
    countries = _delivery_addresses(notice)
    if countries:
        tender["deliveryAddresses"] = countries
    tender["supplierInclusion"] = {
        "smeFriendly": notice.sme_friendly,
        "womenOwnedPreference": notice.women_owned_preference,
    }
    criteria = [
        text
        for text in (
            notice.environmental_criteria,
            notice.social_criteria,
            notice.economic_criteria,
        )
        if text
    ]
    if criteria:
        tender["awardCriteriaDetails"] = "\n\n".join(criteria)
    if notice.status == NoticeStatus.CANCELLED:
        tender["statusDetails"] = notice.cancellation_reason
    if notice.tender_url:  # where suppliers bid, read back by notices.ocds_mapping
        tender["documents"].append(
            {
                "id": "agency-tender-page",
                "documentType": "tenderNotice",
                "title": "The agency's tender page",
                "url": notice.tender_url,
                "format": "text/html",
            }
        )
    if amendments:
        tender["amendments"] = [
            {
                "id": amendment.source_key or str(amendment.number),
                "date": _iso(amendment.created_at),
                "rationale": amendment.note,
            }
            for amendment in amendments
        ]
    tender.update(enquiry_fields(notice))  # notices.ocds_enquiries
    return tender


def tender_status(notice: Notice) -> str:
    """The OCDS tenderStatus of a public notice: `active` while suppliers may respond (published,
    before its deadline); `complete` once the call for submissions is over (the deadline passed, an
    award was recorded, or the notice is itself a contract award); `cancelled` when cancelled.
    The portal does not learn whether a closed tender failed, so `unsuccessful` is never given,
    nor are `planning`, `planned` or `withdrawn` (a notice is public only once published)."""
    if notice.status == NoticeStatus.CANCELLED:
        return "cancelled"
    if notice.status == NoticeStatus.PUBLISHED and notice.is_open:
        return "active"
    return "complete"


def _tender_period(notice: Notice) -> dict:
    """From publication to the deadline. A notice published here after its deadline (an agency's
    closed tender, imported late) says only when the period ended: when it started is not known,
    and its publication date here would come after the end."""
    period = {}
    if notice.deadline is None or notice.published_at <= notice.deadline:
        period["startDate"] = _iso(notice.published_at)
    if notice.deadline:
        period["endDate"] = _iso(notice.deadline_in_agency_time)
    return period


def _delivery_addresses(notice: Notice) -> list[dict]:
    """One address per country of delivery, by its English name (core OCDS 1.1 addresses have no
    country code)."""
    return [{"countryName": str(row.country.name)} for row in notice.countries.all()]


def _items(notice: Notice, titles: dict[str, str]) -> list[dict]:
    items = []
    for number, category in enumerate(notice.categories.all(), start=1):
        title = titles.get(category.code, "")
        classification = {"scheme": "UNSPSC", "id": category.code}
        if title:
            classification["description"] = title
        items.append(
            {
                "id": str(number),
                "description": title or category.code,
                "classification": classification,
            }
        )
    for extra in notice.external_classifications or []:
        items.append(
            {
                "id": str(len(items) + 1),
                "description": extra.get("description") or extra.get("id", ""),
                "classification": {
                    "scheme": extra.get("scheme", ""),
                    "id": str(extra.get("id", "")),
                    **({"description": extra["description"]} if extra.get("description") else {}),
                },
            }
        )
    return items


def _main_category(notice: Notice) -> str | None:
    codes = [c.code for c in notice.categories.all()]
    if not codes:
        return None
    segment = codes[0][:2]
    if segment in WORKS_SEGMENTS:
        return "works"
    if segment in SERVICE_SEGMENTS:
        return "services"
    return "goods"


def _documents(notice: Notice, urls) -> list[dict]:
    documents = [
        {
            "id": "notice",
            "documentType": "tenderNotice",
            "title": notice.title,
            "url": urls.notice(notice),
            "format": "text/html",
            "datePublished": _iso(notice.published_at),
        }
    ]
    for attachment in notice.attachments.all():
        documents.append(
            {
                "id": str(attachment.pk),
                "documentType": "biddingDocuments",
                "title": attachment.title,
                "url": urls.document(attachment),
                "format": CONTENT_TYPES.get(attachment.kind, "application/octet-stream"),
                "datePublished": _iso(attachment.uploaded_at),
            }
        )
    return documents


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.isoformat().replace("+00:00", "Z")
