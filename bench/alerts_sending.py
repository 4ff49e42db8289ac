"""Alert e-mails per second into a real SMTP server on loopback, batched against one connection each.

Starts an aiosmtpd sink in a process of its own (so that it does not share the sender's interpreter),
writes N pending instant deliveries (N/2 suppliers, 2 notices each) into the PostgreSQL database
DATABASE_URL names (use a database of its own), then sends them twice:

- the portal's way, `sending.send_pending()`: rows claimed 500 at a time, each batch sent over one
  SMTP connection, each row marked as its message is accepted;
- one SMTP connection per e-mail, with the same claim, rendering and marking (`claim(limit=1)` then
  `send_claimed`), the way a naive sender would;
- the portal's way again, by --senders processes side by side (as Celery's worker processes).

Prints one JSON line (e-mails per second of each, and their ratio) and appends it to bench/results/.

    createdb -h 127.0.0.1 -U postgres portal_sending_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_sending_bench \\
      DJANGO_SETTINGS_MODULE=portal.test_settings .venv/bin/python bench/alerts_sending.py --emails 4000
"""

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")

import django

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from notices.alerts import sending  # noqa: E402
from notices.alerts.models import Alert, AlertDelivery, DeliveryKind, DeliveryStatus, Frequency  # noqa: E402
from notices.models import Agency, Notice, NoticeStatus, NoticeType  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def run_sink(port: int, received, ready) -> None:
    """An SMTP server that accepts every message and counts it."""
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)

    class Count:
        async def handle_DATA(self, server, session, envelope):
            with received.get_lock():
                received.value += 1
            return "250 OK"

    controller = Controller(Count(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    try:
        asyncio.run(asyncio.Event().wait())
    finally:
        controller.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def pending_deliveries(count: int) -> None:
    """`count` pending instant rows: count/2 suppliers with an alert each, hearing of 2 notices."""
    AlertDelivery.objects.all().delete()
    now = timezone.now()
    agency = Agency.objects.order_by("pk").first()
    suppliers = count // 2
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(email=f"send{n}@example.com", password="!", language=("zh-hans", "en")[n % 2])
            for n in range(suppliers)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
        user_alerts = Alert.objects.bulk_create(
            Alert(user=user, name="Solar pumps", keywords="solar") for user in users
        )
        notices = Notice.objects.bulk_create(
            Notice(
                agency=agency,
                reference=f"SEND/{now:%Y%m%d%H%M%S}/{n}",
                title=f"Supply of solar water pumps, lot {n}",
                description="Solar pumps for 12 villages.",
                notice_type=NoticeType.REQUEST_FOR_QUOTATION,
                status=NoticeStatus.PUBLISHED,
                published_at=now,
                deadline=now + timedelta(days=21),
                deadline_time_zone="Europe/Copenhagen",
            )
            for n in range(2)
        )
        AlertDelivery.objects.bulk_create(
            AlertDelivery(
                user=user,
                notice=notice,
                kind=DeliveryKind.NEW_NOTICE,
                alert=alert,
                frequency=Frequency.INSTANT,
                matched_prefix="4010",
                next_attempt_at=now,
            )
            for user, alert in zip(users, user_alerts, strict=True)
            for notice in notices
        )


def one_connection_each() -> dict[str, int]:
    total = {"sent": 0, "retry": 0, "failed": 0}
    while ids := sending.claim(frequency=Frequency.INSTANT, limit=1):
        for key, value in sending.send_claimed(ids).items():
            total[key] += value
    return total


def _send_in_child(_n: int) -> dict[str, int]:
    connection.close()  # a connection of this process, not the parent's
    return sending.send_pending()


def side_by_side(senders: int):
    """`senders` processes (as many Celery worker processes) each sending until none is due."""

    def send() -> dict[str, int]:
        connection.close()
        with multiprocessing.get_context("fork").Pool(senders) as pool:
            outcomes = pool.map(_send_in_child, range(senders))
        return {key: sum(o[key] for o in outcomes) for key in ("sent", "retry", "failed")}

    return send


def timed(send, count: int) -> float:
    AlertDelivery.objects.update(status=DeliveryStatus.PENDING, attempts=0, sent_at=None)
    started = time.perf_counter()
    outcome = send()
    elapsed = time.perf_counter() - started
    if outcome["sent"] != count:
        raise RuntimeError(f"expected {count} e-mails sent, got {outcome}")
    return count / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=4000)
    parser.add_argument(
        "--senders", type=int, default=2, help="processes sending side by side, measured last"
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this against PostgreSQL (DATABASE_URL=postgres://...).")
    call_command("migrate", verbosity=0)
    User.objects.filter(email__startswith="send").delete()
    pending_deliveries(args.emails)

    port, received, ready = free_port(), multiprocessing.Value("i", 0), multiprocessing.Event()
    sink = multiprocessing.Process(target=run_sink, args=(port, received, ready), daemon=True)
    sink.start()
    ready.wait(10)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        batched = timed(sending.send_pending, args.emails)
        each = timed(one_connection_each, args.emails)
        parallel = timed(side_by_side(args.senders), args.emails) if args.senders > 1 else None
    finally:
        sink.terminate()
    figure = {
        "bench": "alerts_sending",
        "emails": args.emails,
        "received_by_sink": received.value,
        "batched_per_s": round(batched),
        "one_connection_each_per_s": round(each),
        "ratio": round(batched / each, 1),
        f"batched_per_s_{args.senders}_senders": round(parallel) if parallel else None,
    }
    print(json.dumps(figure))
    RESULTS.mkdir(exist_ok=True)
    with (RESULTS / "alerts_sending.jsonl").open("a") as out:
        out.write(json.dumps({**figure, "at": timezone.now().isoformat()}) + "\n")
    User.objects.filter(email__startswith="send").delete()


if __name__ == "__main__":
    main()
