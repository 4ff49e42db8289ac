"""The open-data API: public notices as an OCDS release package (/api/notices/, the search's filters,
pages by a cursor), one notice's record package (/api/notices/<ocid>/), and the bulk files that
notices.bulk builds (/api/notices/bulk/: their index, and each file as stored).

Both answer conditional requests from what the data says cheaply: the ETag is a digest of the
address and the (id, version) of the notices a page holds (and of its next cursor), so a notice
changed, closed, added or gone from a page changes it; Last-Modified is the newest version among them.
A version is `ocds.version_moment`: the last write, or the deadline of a notice that closed after it.
The page's rows are read first and their relations only when the body is needed, so a 304 costs one
query. Every change of a notice (an amendment, a document, an award) moves its `updated_at`.
"""

import hashlib
from datetime import date, datetime

from django.http import FileResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _

from core.public_api import public_api
from notices import bulk, filters, ocds, search

# Public data, the same for everyone: shared caches may keep it a minute, then ask again (a 304
# when nothing changed).
CACHE_CONTROL = "public, max-age=60"
# The bulk files are rebuilt once a day: an hour's reuse, then a 304 while nothing changed.
BULK_CACHE_CONTROL = "public, max-age=3600"


class AbsoluteUrls:
    """Absolute addresses for the API's releases."""

    def __init__(self, request):
        self.request = request

    def notice(self, notice) -> str:
        return self.request.build_absolute_uri(notice.get_absolute_url())

    def document(self, attachment) -> str:
        return self.request.build_absolute_uri(attachment.get_absolute_url())


@public_api
def api_notices(request):
    """OCDS release package of the public notices the search's filters keep (any status unless
    `status` says), 100 a page: newest change first, or oldest first with `order=oldest` (the
    harvest order); `updated_after` (ISO 8601) keeps the later changes, `cursor` comes from the
    previous page's links.next."""
    try:
        page, next_cursor = ocds.api_page(
            filtered_notices(request.GET),
            order=ocds.parse_order(request.GET.get("order", "")),
            updated_after=ocds.parse_updated_after(request.GET.get("updated_after", "")),
            cursor=request.GET.get("cursor"),
        )
    except ocds.BadParameter as error:
        return JsonResponse({"error": str(error), **error.details}, status=400)
    uri = request.build_absolute_uri()
    versions = [(notice.pk, ocds.version_moment(notice)) for notice in page]
    last_modified = max((moment for _pk, moment in versions), default=None)

    def package() -> dict:
        return ocds.release_package(
            ocds.with_release_relations(page),
            uri=uri,
            next_uri=_next_uri(request, next_cursor),
            published_date=last_modified or timezone.now(),
            urls=AbsoluteUrls(request),
        )

    identity = (uri, [(pk, moment.isoformat()) for pk, moment in versions], next_cursor)
    response = _conditional(request, identity=identity, last_modified=last_modified, body=package)
    return _linking_the_bulk_files(request, response)


def _linking_the_bulk_files(request, response):
    """The same releases, all of them, as daily files: where a first harvest should start."""
    bulk_index = request.build_absolute_uri(reverse("notices:api_bulk"))
    response["Link"] = f'<{bulk_index}>; rel="alternate"; title="bulk files"'
    return response


@public_api
def api_record(request, ocid):
    """OCDS record package of one public notice; a 404 (JSON) for any other ocid."""
    pk = ocds.pk_from_ocid(ocid)
    notice = search.public_notices().filter(pk=pk).first() if pk else None
    if notice is None:
        return JsonResponse({"error": _("No public notice has this ocid.")}, status=404)
    uri, version = request.build_absolute_uri(), ocds.version_moment(notice)

    def package() -> dict:
        return ocds.record_package(
            ocds.with_release_relations([notice])[0],
            uri=uri,
            published_date=version,
            urls=AbsoluteUrls(request),
        )

    identity = (uri, notice.pk, version.isoformat())
    return _conditional(request, identity=identity, last_modified=version, body=package)


@public_api
def api_bulk_index(request):
    """The bulk files as the last build left them: the full file first, then one per day."""
    index = bulk.read_index()
    generated_at = _moment(index["generated_at"])

    def body() -> dict:
        files = sorted(index["files"].items(), key=lambda item: (item[0] != bulk.FULL, item[0]))
        return {
            "generated_at": index["generated_at"],
            "files": [_bulk_file(request, key, entry) for key, entry in files],
        }

    identity = (request.build_absolute_uri(), index)
    return _conditional(
        request, identity=identity, last_modified=generated_at, body=body, cache=BULK_CACHE_CONTROL
    )


def _bulk_file(request, key: str, entry: dict) -> dict:
    url = request.build_absolute_uri(bulk.download_path(key))
    fields = ("date", "size", "releases", "sha256", "generated_at")
    return {"url": url, **{name: entry[name] for name in fields}}


@public_api
def api_bulk_file(request, key):
    """One bulk file (`all`, or a day as YYYY-MM-DD), streamed from the storage as it is stored:
    gzipped JSON. Its ETag is the file's sha256, as the index gives it."""
    found = bulk.open_stored(key) if key == bulk.FULL or _is_day(key) else None
    if found is None:
        return JsonResponse({"error": _("There is no bulk file for this day.")}, status=404)
    entry, stored = found
    etag, modified = f'"{entry["sha256"]}"', int(_moment(entry["generated_at"]).timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=modified)
    if response is not None:
        stored.close()
    else:
        response = FileResponse(stored, as_attachment=True, filename=f"notices-{key}.json.gz")
        response["Content-Type"] = "application/gzip"
        response["Content-Length"] = str(entry["size"])
    response["ETag"], response["Last-Modified"] = etag, http_date(modified)
    response["Cache-Control"] = BULK_CACHE_CONTROL
    return response


def _is_day(text: str) -> bool:
    try:
        return date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


class BadFilter(ocds.BadParameter):
    """A filter of the search with a value it refuses; `details` names each such parameter."""

    def __init__(self, message: str, details: dict):
        super().__init__(message)
        self.details = details


def filtered_notices(params):
    """The public notices that the search's filters (notices.filters.NoticeFilter, the same as
    /notices/) keep. One difference: without `status` the API keeps every status, as it always
    has, where the list shows open notices. BadFilter names each refused value."""
    params = params.copy()
    if not params.get("status"):
        params["status"] = search.ANY_STATUS
    filterset = filters.NoticeFilter(params, queryset=search.public_notices())
    if not filterset.is_valid():
        raise BadFilter(*_bad_filter_details(filterset.form.errors.get_json_data()))
    return filterset.qs


def _bad_filter_details(errors: dict) -> tuple[str, dict]:
    reasons = {name: [error["message"] for error in found] for name, found in errors.items()}
    name, messages = next(iter(reasons.items()))
    message = _("The parameter %(name)s is not valid: %(reason)s") % {
        "name": name,
        "reason": " ".join(messages),
    }
    return message, {"parameters": reasons}


def _next_uri(request, cursor: str | None) -> str | None:
    if not cursor:
        return None
    params = request.GET.copy()
    params["cursor"] = cursor
    return request.build_absolute_uri(f"{reverse('notices:api')}?{params.urlencode()}")


def _conditional(
    request, *, identity, last_modified: datetime | None, body, cache: str = CACHE_CONTROL
):
    """A 304 when the client's copy still holds (If-None-Match, or If-Modified-Since without it),
    the JSON of `body()` otherwise; both with the validators and Cache-Control."""
    digest = hashlib.sha256(repr(identity).encode()).hexdigest()[:32]
    etag = f'W/"{digest}"'
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        with translation.override("en"):  # open data speaks one language, whoever asks
            response = JsonResponse(body(), json_dumps_params={"ensure_ascii": False})
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = cache
    return response
