"""Peak memory of a worker sending the daily digests of N suppliers (target: under 300 MB).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/memory.py \\
        --suppliers 250000

Loads N suppliers with bench/load.py if fewer are there, queues --per-supplier pending daily
deliveries for each (COPY, queued yesterday, so that every digest is due), then runs
`digests.send_digests("daily")` in a fresh worker process, as the Celery task does, and reports
that process's peak resident set size (ru_maxrss), the digests sent and the time taken. The
messages are built in full (templates, both languages) and handed to Django's dummy e-mail
backend, so that the figure is the worker's own memory, not an SMTP server's pace (the e-mail
throughput is measured by the e-mail bench). Appends to bench/results/memory.jsonl.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from common import log, record, require_postgresql
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from load import SUPPLIER_EMAIL, Table, copy_rows, load_notices, load_suppliers

from accounts.models import User
from notices.alerts import digests
from notices.alerts.models import AlertDelivery, DeliveryKind, DeliveryStatus, Frequency
from notices.models import Notice

TARGET_MB = 300


def queue_deliveries(user_ids: list[int], *, per_user: int, seed: int = 23) -> int:
    """Pending daily deliveries of recent notices for each user, queued a day ago."""
    rng = random.Random(seed)
    notices = list(
        Notice.objects.filter(status="published")
        .order_by("-published_at")
        .values_list("pk", flat=True)[:500]
    )
    queued = timezone.now() - timedelta(days=1)
    table = Table(
        AlertDelivery,
        [
            "user_id",
            "notice_id",
            "kind",
            "event",
            "frequency",
            "status",
            "created_at",
            "next_attempt_at",
        ],
        now=queued,
    )
    rows = (
        (
            user_id,
            notice,
            DeliveryKind.NEW_NOTICE,
            "",
            Frequency.DAILY,
            DeliveryStatus.PENDING,
            queued,
            queued,
        )
        for user_id in user_ids
        for notice in rng.sample(notices, min(per_user, len(notices)))
    )
    with transaction.atomic():
        return copy_rows(table, rows)


def send_in_worker() -> None:
    """The worker's side: send every due daily digest, then report its own peak memory."""

    # A day later, at 09:00 UTC: every recipient's 08:00 (Asia/Shanghai, Nairobi, Paris) has passed.
    now = (timezone.now() + timedelta(days=1)).replace(hour=9, minute=0)
    started = time.perf_counter()
    outcome = digests.send_digests(Frequency.DAILY, now=now)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({**outcome, "seconds": round(seconds, 1), "peak_rss_kb": peak_kb}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suppliers", type=int, default=250_000)
    parser.add_argument("--per-supplier", type=int, default=3)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    require_postgresql()
    if args.worker:
        send_in_worker()
        return
    call_command("migrate", verbosity=0)
    if not Notice.objects.filter(status="published").exists():
        load_notices(10_000)
    suppliers = User.objects.filter(email__endswith=SUPPLIER_EMAIL.split("@")[1])
    missing = args.suppliers - suppliers.count()
    if missing > 0:
        log(f"loading {missing:,} suppliers")
        load_suppliers(missing)
    user_ids = list(suppliers.order_by("pk").values_list("pk", flat=True)[: args.suppliers])
    with connection.cursor() as cursor:  # a previous run's rows (sent) would block the new ones
        cursor.execute(
            "DELETE FROM notices_alertdelivery WHERE user_id IN (SELECT id FROM portal_user "
            "WHERE email LIKE %s)",
            ["%@" + SUPPLIER_EMAIL.split("@")[1]],
        )
    log(f"queueing {args.per_supplier} deliveries for each of {len(user_ids):,} suppliers")
    queued = queue_deliveries(user_ids, per_user=args.per_supplier)
    del user_ids
    log("sending the digests in a worker process")
    worker = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "EMAIL_URL": "dummymail://"},
    )
    result = json.loads(worker.stdout.strip().splitlines()[-1])
    peak_mb = round(result["peak_rss_kb"] / 1024, 1)
    record(
        "memory",
        {
            "suppliers": args.suppliers,
            "deliveries_queued": queued,
            "digests_sent": result["digests"],
            "notices_in_digests": result["notices"],
            "seconds": result["seconds"],
            "digests_per_s": round(result["digests"] / max(result["seconds"], 0.001)),
            "peak_rss_mb": peak_mb,
            "meets_300_mb": peak_mb < TARGET_MB,
        },
    )


if __name__ == "__main__":
    main()
