"""The schema the API's releases are validated against: the OCDS 1.1.5 release schema (the copy the
importer merges with, notices/data/ocds/) with the patches of the extensions the packages declare,
merged as JSON Merge Patch (RFC 7396) does.

- Location: its release-schema.json at the commit that `notices.ocds.LOCATION_EXTENSION` names,
  copied into notices/data/ocds/ (Apache 2.0, Open Contracting Partnership).
- Supplier inclusion, ours: notices/static/ocds/supplier-inclusion/release-schema.json.
- Enquiries: its release-schema.json at the commit that `notices.ocds_enquiries.ENQUIRIES_EXTENSION`
  names, copied into notices/data/ocds/ (Apache 2.0, Open Contracting Partnership).
"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "notices" / "data" / "ocds" / "release-schema-1.1.5.json"
PATCHES = [
    ROOT / "notices" / "data" / "ocds" / "location-extension-release-schema.json",
    ROOT / "notices" / "static" / "ocds" / "supplier-inclusion" / "release-schema.json",
    ROOT / "notices" / "data" / "ocds" / "enquiry-extension-release-schema.json",
]


def merge_patch(target, patch):
    """RFC 7396: objects merge key by key, null deletes a key, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


def extended_schema() -> dict:
    schema = json.loads(CORE.read_text())
    for path in PATCHES:
        schema = merge_patch(schema, json.loads(path.read_text()))
    return schema


def release_package_schema() -> dict:
    """The OCDS 1.1.5 release package schema's rules (required `releases` and `version`, `version` as
    major.minor, `uri`, `extensions` and `publishedDate` in their formats, `publisher` an object),
    each release checked against the extended release schema, whose definitions it carries at its
    root so that the release schema's own references resolve."""
    release = extended_schema()
    definitions = release.pop("definitions")
    release.pop("id", None)
    release.pop("$schema", None)
    uri = {"type": "string", "format": "uri"}
    return {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "type": "object",
        "required": ["releases", "version"],
        "properties": {
            "uri": uri,
            "version": {"type": "string", "pattern": r"^(\d+\.)(\d+)$"},
            "extensions": {"type": "array", "items": uri},
            "publishedDate": {"type": "string", "format": "date-time"},
            "releases": {"type": "array", "items": release},
            "publisher": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "scheme": {"type": ["string", "null"]},
                    "uid": {"type": ["string", "null"]},
                    "uri": {"type": ["string", "null"], "format": "uri"},
                },
            },
        },
        "definitions": definitions,
    }
