"""Files for `manage.py import_notices` and running it: an OCDS release as an agency's system
publishes it, a package of them on disk, the command's report."""

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command


def release(ocid="ocds-x-1", *, title="Solar pumps", end="2031-01-12T17:00:00+01:00", **tender):
    return {
        "ocid": ocid,
        "id": f"{ocid}-1",
        "date": "2030-12-01T10:00:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
        "buyer": {"id": "UNDP", "name": "United Nations Development Programme"},
        "tender": {
            "id": ocid.upper(),
            "title": title,
            "description": "<p>Supply of <b>solar</b> pumps &amp; tanks.</p>",
            "items": [{"id": "1", "classification": {"scheme": "UNSPSC", "id": " 40151500"}}],
            "tenderPeriod": {"startDate": "2030-12-01T10:00:00Z", "endDate": end},
            "value": {"amount": 12000.5, "currency": "USD"},
            "procurementMethodDetails": "Request for quotation",
            **tender,
        },
    }


def write(tmp_path, releases, name="package.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"version": "1.1", "releases": releases}), encoding="utf-8")
    return path


def run(path) -> str:
    out = StringIO()
    call_command("import_notices", str(path), stdout=out)
    return out.getvalue()
