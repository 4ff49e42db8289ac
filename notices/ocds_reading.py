"""Reading an OCDS release package as OCDS means it: streamed, and the releases of one ocid merged,
oldest first, into their compiled release (the state they describe together).

- The file is read twice, never whole: a first pass counts the releases of each ocid and checks that
  the file is JSON and a release package (a malformed file is refused before anything is written);
  the second hands over each ocid's compiled release as soon as its last release has been read.
  Memory holds one batch of releases, plus those of ocids whose releases are spread over the file.
  ijson (yajl in C) does the streaming: `json.load` would hold a 100 MB file as some 1 GB of objects.
- Releases of one ocid are merged by the Open Contracting Partnership's `ocdsmerge`, in the order of
  their `date` read as moments (not as text: `-06:00` and `Z` dates sort wrong as strings), with the
  merge rules of the OCDS 1.1.5 release schema and the extensions our packages declare, read from
  notices/data/ocds/: no network. An ocid with one release is its own compiled release (merging
  one release changes nothing the importer reads), so the merge is skipped for it.
"""

import functools
import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC
from itertools import accumulate, repeat
from operator import itemgetter
from pathlib import Path

import ijson
import ocdsmerge.merge
import ocdsmerge.rules
from django.utils.dateparse import parse_datetime
from ocdsmerge.exceptions import OCDSMergeError

SCHEMA_DIR = Path(__file__).resolve().parent / "data" / "ocds"
CORE_SCHEMA = SCHEMA_DIR / "release-schema-1.1.5.json"
EXTENSION_PATCHES = [
    SCHEMA_DIR / "location-extension-release-schema.json",
    SCHEMA_DIR / "enquiry-extension-release-schema.json",
    Path(__file__).resolve().parent
    / "static"
    / "ocds"
    / "supplier-inclusion"
    / "release-schema.json",
]
BOM = b"\xef\xbb\xbf"
DEPTH = {"start_map": 1, "start_array": 1, "end_map": -1, "end_array": -1}
MAX_DEPTH = 64


class PackageError(Exception):
    """The file as a whole is not a readable release package (the message says why)."""


class ReleaseRefused(Exception):
    """The releases of one ocid (or one release) can't be read; args: (label, reason)."""


def count_releases(path: Path) -> Counter:
    """The number of releases of each ocid (None counts releases without a text ocid);
    PackageError when the file is not JSON or not a release package."""
    counts: Counter = Counter()
    with _open(path) as stream:
        _check_depth(stream)
        stream.seek(0)
        try:  # the parser reads to the end of the file, so anything malformed there is seen
            for ocid in ijson.items(stream, "releases.item.ocid"):
                counts[ocid if isinstance(ocid, str) else None] += 1
        except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError) as error:
            raise PackageError(f"is not valid JSON: {error}.") from error
        except RecursionError as error:
            raise PackageError("is not valid JSON: it is nested too deeply.") from error
    with _open(path) as stream:
        if not _has_release_list(stream):
            raise PackageError("is not an OCDS release package: it has no list of releases.")
    return counts


def compiled_releases(path: Path, counts: Counter) -> Iterator[tuple[str, object]]:
    """(label, compiled release) for every ocid, as soon as its last release is read, or
    (label, ReleaseRefused) for a release that can't be one. `counts` is count_releases(path)."""
    pending: dict[str, list[dict]] = {}
    with _open(path) as stream:
        for number, release in enumerate(ijson.items(stream, "releases.item", use_float=True), 1):
            ocid = release.get("ocid") if isinstance(release, dict) else None
            if not isinstance(release, dict):
                yield f"release {number}", ReleaseRefused(f"release {number}", "not a JSON object")
            elif not isinstance(ocid, str) or not ocid.strip():
                label = str(release.get("id") or f"release {number}")
                yield label, ReleaseRefused(label, "no ocid")
            elif counts[ocid] == 1:
                yield ocid, release
            else:
                group = pending.setdefault(ocid, [])
                group.append(release)
                if len(group) == counts[ocid]:
                    yield ocid, compile_releases(pending.pop(ocid))


def compile_releases(releases: list[dict]) -> "dict | ReleaseRefused":
    """The compiled release of one ocid's releases, merged oldest first; ReleaseRefused when a
    release has no date to order it by."""
    ocid = releases[0]["ocid"]
    moments = [_moment(release.get("date")) for release in releases]
    if None in moments:
        return ReleaseRefused(
            ocid, "a release of this ocid has no valid date: its releases can't be put in order"
        )
    compiled = ocdsmerge.merge.CompiledRelease(merge_rules=merge_rules())
    try:
        # Two releases of the same moment are put in the order of their ids, whatever the file says.
        order = sorted(range(len(releases)), key=lambda n: (moments[n], str(releases[n].get("id"))))
        for number in order:
            compiled.append(releases[number])
        return compiled.asdict()
    except (OCDSMergeError, TypeError, ValueError) as error:
        return ReleaseRefused(ocid, f"its releases can't be merged: {error}")


@functools.cache
def merge_rules() -> dict:
    """ocdsmerge's rules from the shipped schema and extension patches (read once per process)."""
    schema = json.loads(CORE_SCHEMA.read_text(encoding="utf-8"))
    for patch in EXTENSION_PATCHES:
        schema = _merge_patch(schema, json.loads(patch.read_text(encoding="utf-8")))
    return ocdsmerge.rules.get_merge_rules(schema)


def _merge_patch(target, patch):
    """JSON Merge Patch (RFC 7396), as OCDS extensions are applied to the schema."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = _merge_patch(merged.get(key), value)
    return merged


def _moment(text):
    if not isinstance(text, str):
        return None
    try:
        moment = parse_datetime(text.strip())
    except ValueError:
        return None
    if moment is None:
        return None
    if moment.tzinfo is None:  # a date without zone is read as UTC, to compare with the others
        moment = moment.replace(tzinfo=UTC)
    return moment


def _open(path: Path):
    stream = path.open("rb")
    if stream.read(3) != BOM:
        stream.seek(0)
    return _Rewinding(stream)


class _Rewinding:
    """A binary file that seek(0) takes back past a byte-order mark."""

    def __init__(self, stream):
        self.stream, self.start = stream, stream.tell()

    def read(self, size=-1):
        return self.stream.read(size)

    def seek(self, offset):
        self.stream.seek(self.start + offset)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stream.close()


def _check_depth(stream) -> None:
    """PackageError when arrays or objects are nested deeper than OCDS ever does (ijson's paths
    would grow with the depth, and reading them take time as the square of it); the whole pass
    runs in C: ijson's events, mapped and summed by the standard library."""
    try:
        events = map(itemgetter(0), ijson.basic_parse(stream))
        deepest = max(accumulate(map(DEPTH.get, events, repeat(0))), default=0)
    except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError) as error:
        raise PackageError(f"is not valid JSON: {error}.") from error
    if deepest > MAX_DEPTH:
        raise PackageError(f"is not valid JSON: it is nested too deeply ({deepest} levels).")


def _has_release_list(stream) -> bool:
    """Whether the top-level object has a `releases` array (stops reading there)."""
    try:
        for prefix, event, _value in ijson.parse(stream):
            if prefix == "" and event not in ("start_map", "map_key"):
                return False
            if prefix == "releases":
                return event == "start_array"
    except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError) as error:
        raise PackageError(f"is not valid JSON: {error}.") from error
    except RecursionError as error:
        raise PackageError("is not valid JSON: it is nested too deeply.") from error
    return False
