"""The OCDS import's speed: N releases written as the API writes them (`notices.ocds`: parties with
the buyer's contact point, UNSPSC items, countries of delivery, the tenderNotice document, some
awarded with their supplier party, some cancelled, some with amendments), imported into an empty
notices table (fresh), then imported again (nothing changes), on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres ocds_import_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocds_import_bench \\
      .venv/bin/python bench/import_speed.py --releases 100000

The dispatch of alerts for the new notices is a worker's job, not the import's: the messages the
import enqueues (one per batch) are counted, not run. Each figure carries the load average of the
machine (/proc/loadavg) before and after the run.
"""

import argparse
import json
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import log, record, require_postgresql
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings

from categories.models import Category
from notices import importing, tasks
from notices.models import Agency

COUNTRIES = ["Kenya", "Ethiopia", "China", "Viet Nam", "Bangladesh", "Brazil", "Peru"]
TYPES = ["Request for quotation", "Invitation to bid", "Request for proposal"]


def release(number: int, *, agencies: list[Agency], codes: list[str], start: datetime) -> dict:
    """One release as `notices.ocds.release_for` writes it."""
    rng = random.Random(number)
    agency = rng.choice(agencies)
    ocid = f"ocds-bench-{number}"
    published = start + timedelta(minutes=number)
    deadline = published + timedelta(days=rng.randint(7, 60))
    buyer = {"id": agency.acronym, "name": agency.name_en}
    chosen = sorted(rng.sample(codes, rng.randint(1, 3)))
    tender = {
        "id": f"BENCH/{number:07d}",
        "title": f"Supply of {rng.choice(['solar pumps', 'laptops', 'tents', 'vaccines'])} {number}",
        "description": "Delivery to the country office within 30 days.\n\n- item one\n- item two",
        "status": "active",
        "procuringEntity": buyer,
        "items": [
            {"id": str(n), "description": code, "classification": {"scheme": "UNSPSC", "id": code}}
            for n, code in enumerate(chosen, 1)
        ],
        "procurementMethodDetails": rng.choice(TYPES),
        "documents": [
            {
                "id": "notice",
                "documentType": "tenderNotice",
                "title": "notice",
                "url": f"https://portal.example.org/notices/{number}/",
                "format": "text/html",
                "datePublished": published.isoformat(),
            }
        ],
        "procurementMethod": "open",
        "value": {"amount": rng.randint(1000, 900000), "currency": "USD"},
        "tenderPeriod": {"startDate": published.isoformat(), "endDate": deadline.isoformat()},
        "deliveryAddresses": [{"countryName": c} for c in rng.sample(COUNTRIES, 2)],
        "supplierInclusion": {"smeFriendly": rng.random() < 0.3, "womenOwnedPreference": False},
    }
    party = {**buyer, "roles": ["buyer", "procuringEntity"]}
    party["contactPoint"] = {
        "name": f"Officer {number % 97}",
        "email": f"officer{number % 97}@un.org",
    }
    result = {
        "ocid": ocid,
        "id": f"{ocid}-{published:%Y%m%dT%H%M%S}",
        "date": published.isoformat(),
        "tag": ["tender"],
        "initiationType": "tender",
        "parties": [party],
        "buyer": buyer,
        "tender": tender,
        "language": "en",
    }
    _vary(result, rng, number=number, ocid=ocid, deadline=deadline)
    return result


def _vary(result: dict, rng: random.Random, *, number: int, ocid: str, deadline: datetime) -> None:
    draw = rng.random()
    if draw < 0.04:
        result["tag"], result["tender"]["status"] = ["tenderCancellation"], "cancelled"
        result["tender"]["statusDetails"] = "No funds."
    elif draw < 0.12:
        result["tag"], result["tender"]["status"] = ["tender", "award"], "complete"
        result["awards"] = [
            {
                "id": f"{ocid}-award-1",
                "status": "active",
                "date": f"{(deadline + timedelta(days=9)).date().isoformat()}T00:00:00Z",
                "suppliers": [{"id": f"supplier-{number}", "name": "Shenzhen Solar Co."}],
                "value": {"amount": 9800, "currency": "USD"},
            }
        ]
        result["parties"].append(
            {"id": f"supplier-{number}", "name": "Shenzhen Solar Co.", "roles": ["supplier"]}
        )
    if rng.random() < 0.1:
        result["tag"][0] = "tenderAmendment" if result["tag"][0] == "tender" else result["tag"][0]
        result["tender"]["amendments"] = [
            {"id": "1", "date": result["date"], "rationale": "Deadline extended."}
        ]


def write_package(path: Path, count: int) -> None:
    agencies = list(Agency.objects.all())
    codes = [c for c in Category.objects.values_list("code", flat=True) if not c.endswith("00")]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '{"uri": "https://portal.example.org/api/notices/", "version": "1.1", "releases": ['
        )
        for number in range(count):
            out.write(
                ("," if number else "")
                + json.dumps(release(number, agencies=agencies, codes=codes, start=start))
            )
        out.write("]}")


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def timed_import(path: Path, *, label: str, count: int) -> dict:
    messages = []
    tasks.announce_imported = lambda ids: messages.append(len(ids))  # the worker's part, not ours
    before = load_average()
    started = time.perf_counter()
    with override_settings(NOTICES_IMPORT_MAX_MB=10_000):
        report = importing.import_file(path)
    seconds = time.perf_counter() - started
    return record(
        "import_speed",
        {
            "run": label,
            "releases": count,
            "seconds": round(seconds, 1),
            "releases_per_second": round(count / seconds),
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "refused": len(report.refused),
            "dispatch_messages": len(messages),
            "load_before": before,
            "load_after": load_average(),
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--releases", type=int, default=100_000)
    arguments = parser.parse_args()
    require_postgresql()
    call_command("migrate", verbosity=0)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "package.json"
        log(f"writing {arguments.releases} releases")
        write_package(path, arguments.releases)
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE notices_notice CASCADE")
            cursor.execute("VACUUM ANALYZE")
        log("fresh import")
        timed_import(path, label="fresh", count=arguments.releases)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        log("re-import, nothing changed")
        timed_import(path, label="unchanged", count=arguments.releases)


if __name__ == "__main__":
    main()
