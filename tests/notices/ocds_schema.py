"""The schema the API's releases are validated against: the OCDS 1.1.5 release schema (the copy the
importer merges with, notices/data/ocds/) with the patches of the extensions the packages declare,
merged as JSON Merge Patch (RFC 7396) does.

- Location: its release-schema.json at the commit that `notices.ocds.LOCATION_EXTENSION` names,
  copied into notices/data/ocds/ (Apache 2.0, Open Contracting Partnership).
- Supplier inclusion, ours: notices/static/ocds/supplier-inclusion/release-schema.json.
"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "notices" / "data" / "ocds" / "release-schema-1.1.5.json"
PATCHES = [
    ROOT / "notices" / "data" / "ocds" / "location-extension-release-schema.json",
    ROOT / "notices" / "static" / "ocds" / "supplier-inclusion" / "release-schema.json",
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
