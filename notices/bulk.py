"""Bulk files of the open data: every public notice's release as gzipped OCDS release packages, one
per UTC day of the releases' `date` and one with every release, kept under "bulk/" in the storage
that NOTICES_BULK_STORAGE names (an alias of STORAGES; the media storage by default, so that an
object store works as well as a folder), with an index ("bulk/index.json") that the API serves.

A build serializes every release once, in the order of their dates, into the day's file and the
full file at the same time, a chunk of notices at a time and straight into a gzip stream in a
temporary file: memory does not grow with the number of notices. A file is stored only when the
digest of its content differs from the index's, under a name that carries its digest, and the index
is written after the files it names: a download never meets a file half written, and what the index
no longer names is deleted after the new index is in place.
"""

import gzip
import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db.models import Case, F, Q, When
from django.urls import reverse
from django.utils import timezone, translation

from categories.unspsc import category_titles
from notices import ocds, search
from notices.models import NoticeStatus

PREFIX = "bulk/"
INDEX_NAME = f"{PREFIX}index.json"
FULL = "all"  # the key of the file with every release; the others are keyed by their day
CHUNK_SIZE = 500  # notices read, and their relations prefetched, at a time
LOCK_KEY = "notices:bulk:building"
LOCK_SECONDS = 3600  # longer than a build may run (the Celery task's time limit)


@dataclass
class BuildReport:
    """What a build did: the keys of the files it wrote, how many it kept as they were, how many it
    deleted (days that no longer have a release), and the releases in the full file."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: int = 0
    releases: int = 0
    skipped: bool = False  # another build was running, or the cache (which holds the lock) is down


def bulk_storage() -> Storage:
    return storages[settings.NOTICES_BULK_STORAGE]


def build_bulk_files() -> BuildReport:
    """Rebuild the bulk files from the public notices, writing only those whose content changed,
    then the index when anything did. Skipped while another build runs (a lock in the cache, so
    also while the cache does not answer)."""
    if not cache.add(LOCK_KEY, True, LOCK_SECONDS):
        return BuildReport(skipped=True)
    try:
        with translation.override("en"):  # open data speaks one language
            return _build(bulk_storage(), now=timezone.now())
    finally:
        cache.delete(LOCK_KEY)


def read_index(storage: Storage | None = None) -> dict:
    """The index as the last build wrote it: {"generated_at": ISO 8601 or None, "files": {key:
    entry}}, each entry naming the stored file ("name"), its date ("date", None for the full
    file), "size" and "sha256" of the gzipped file, "releases", "content_sha256" (of the JSON, to
    compare builds) and "generated_at"."""
    storage = storage or bulk_storage()
    if not storage.exists(INDEX_NAME):
        return {"generated_at": None, "files": {}}
    with storage.open(INDEX_NAME, "rb") as stored:
        return json.loads(stored.read())


def entry_for(key: str) -> dict | None:
    """The index entry of one file ("all" or a day, YYYY-MM-DD); None when there is none."""
    return read_index()["files"].get(key)


def open_stored(key: str):
    """(entry, the file open for reading) of one file ("all" or a day); None when there is none. A
    build may replace the file between the reading of the index and the opening: its new index is
    then read again."""
    for _attempt in range(2):
        entry = entry_for(key)
        if entry is None:
            return None
        try:
            return entry, bulk_storage().open(entry["name"], "rb")
        except FileNotFoundError:
            continue
    return None


def download_path(key: str) -> str:
    return reverse("notices:api_bulk_file", args=[key])


def _build(storage: Storage, *, now: datetime) -> BuildReport:
    old = read_index(storage)["files"]
    report, files = BuildReport(), {}
    full, day = _PackageWriter(FULL), None
    for release in _releases_by_date(now=now):
        if day is None or day.key != release["date"][:10]:
            _finish(day, old=old, files=files, storage=storage, report=report, now=now)
            day = _PackageWriter(release["date"][:10])
        day.add(release)
        full.add(release)
    for writer in (day, full):
        _finish(writer, old=old, files=files, storage=storage, report=report, now=now)
    report.releases = full.releases
    report.removed = len(set(old) - set(files))
    if files != old:
        _write_index(storage, files=files, now=now)
    _delete_unlisted(storage, listed={entry["name"] for entry in files.values()})
    return report


def _delete_unlisted(storage: Storage, *, listed: set[str]) -> None:
    """Delete the files under PREFIX that the index does not name: those this build replaced, and
    any that a build which died before writing its index left behind."""
    _folders, names = storage.listdir(PREFIX)
    for name in names:
        path = f"{PREFIX}{name}"
        if path != INDEX_NAME and path not in listed:
            storage.delete(path)


def _releases_by_date(*, now: datetime):
    """Every public notice's release, in the order of their dates (then ids). A release's date is
    `ocds.version_moment`: the last change, or the deadline of a notice that closed after it, which
    the query computes the same way to order by it. A deadline that passes while the build runs
    leaves that notice filed under its previous date until the next build."""
    closed_since = Q(status=NoticeStatus.PUBLISHED, deadline__lte=now, deadline__gt=F("updated_at"))
    notices = (
        search.public_notices()
        .defer("search_vector")
        .annotate(version=Case(When(closed_since, then=F("deadline")), default=F("updated_at")))
        .order_by("version", "id")
        .prefetch_related(*ocds.RELEASE_RELATIONS)
    )
    rows = notices.iterator(chunk_size=CHUNK_SIZE)
    urls = _SiteUrls()
    while chunk := list(islice(rows, CHUNK_SIZE)):
        titles = category_titles({c.code for n in chunk for c in n.categories.all()})
        for notice in chunk:
            release = ocds.release_for(notice, titles=titles, urls=urls)
            release["date"] = _iso(notice.version)  # the order's moment, however late it is now
            yield release


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


class _SiteUrls:
    """Absolute addresses for releases read outside a request: SITE_URL and the path."""

    def notice(self, notice) -> str:
        return f"{settings.SITE_URL}{notice.get_absolute_url()}"

    def document(self, attachment) -> str:
        return f"{settings.SITE_URL}{attachment.get_absolute_url()}"


class _PackageWriter:
    """One release package written a release at a time into a gzip stream in a temporary file, with
    the digest of its JSON. The package's `publishedDate` is its newest release's date (releases
    come oldest first), so that the same releases make the same file."""

    def __init__(self, key: str):
        self.key, self.releases, self.last_date = key, 0, None
        self.file = tempfile.TemporaryFile()  # noqa: SIM115  # closed by _finish
        # mtime 0 and no file name inside: the same content gives the same bytes.
        self.gzip = gzip.GzipFile(fileobj=self.file, mode="wb", mtime=0, filename="")
        self.content = hashlib.sha256()
        header = {
            "uri": f"{settings.SITE_URL}{download_path(key)}",
            "version": ocds.OCDS_VERSION,
            "publisher": {"name": str(settings.PORTAL_NAME), "uri": settings.SITE_URL},
            "extensions": ocds.extension_urls(),
        }
        self._write(json.dumps(header, ensure_ascii=False)[:-1] + ', "releases": [')

    def add(self, release: dict) -> None:
        separator = ", " if self.releases else ""
        self._write(separator + json.dumps(release, ensure_ascii=False))
        self.releases += 1
        self.last_date = release["date"]

    def close(self, *, now: datetime) -> None:
        published = self.last_date or _iso(now)
        self._write(f'], "publishedDate": "{published}"}}')
        self.gzip.close()

    def _write(self, text: str) -> None:
        data = text.encode()
        self.content.update(data)
        self.gzip.write(data)


def _finish(writer, *, old: dict, files: dict, storage: Storage, report: BuildReport, now):
    """Close `writer` and put its entry in `files`: the old one when its content is the same and
    its file still there, a newly stored file's otherwise."""
    if writer is None:
        return
    writer.close(now=now)
    with writer.file:
        content = writer.content.hexdigest()
        previous = old.get(writer.key)
        if previous and previous["content_sha256"] == content and storage.exists(previous["name"]):
            files[writer.key] = previous
            report.unchanged += 1
            return
        files[writer.key] = _store(storage, writer, content=content, now=now)
        report.written.append(writer.key)


def _store(storage: Storage, writer: _PackageWriter, *, content: str, now: datetime) -> dict:
    writer.file.seek(0)
    digest = hashlib.file_digest(writer.file, "sha256").hexdigest()
    size = writer.file.tell()
    writer.file.seek(0)
    name = storage.save(f"{PREFIX}notices-{writer.key}-{digest[:16]}.json.gz", File(writer.file))
    return {
        "name": name,
        "date": None if writer.key == FULL else writer.key,
        "size": size,
        "releases": writer.releases,
        "sha256": digest,
        "content_sha256": content,
        "generated_at": _iso(now),
    }


def _write_index(storage: Storage, *, files: dict, now: datetime) -> None:
    """Replace the index. A storage keeps a name it already has (it would pick another one), so the
    old index is deleted first: a reader in between finds no index, as before the first build."""
    index = {"generated_at": _iso(now), "files": dict(sorted(files.items()))}
    if storage.exists(INDEX_NAME):
        storage.delete(INDEX_NAME)
    storage.save(INDEX_NAME, ContentFile(json.dumps(index, indent=1).encode()))
