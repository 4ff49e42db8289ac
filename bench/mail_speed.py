"""Alert e-mails per second from real Celery worker processes into an SMTP sink, beside the floor.

Writes pending outbox rows for recipients who differ as they do in production: English and Chinese
readers, several time zones, several notices, alerts of their own (each named differently, matched
through different categories) and followers of a notice (no alert), with or without a name. Then:

- instant: a Celery worker (prefork, `--concurrency` 1, then 2) on the PostgreSQL database
  DATABASE_URL names and Redis (REDIS_URL, a database of its own) runs `send_instant_alerts` (one
  task per worker process) into an aiosmtpd sink in a process of its own, until every row is sent;
- digests: the same with daily rows (several notices per recipient) and `send_digests("daily")`;
- the floor: plain smtplib sending the very messages the sink received (their bytes, one
  connection), i.e. what the sink and the loopback cost without the portal.

Prints one JSON line per figure and appends it to bench/results/mail_speed.jsonl.

    createdb -h 127.0.0.1 -U postgres portal_mail_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_mail_bench REDIS_URL=redis://127.0.0.1:6379/13 \\
      .venv/bin/python bench/mail_speed.py --emails 4000 --digests 1500
"""

import argparse
import asyncio
import multiprocessing
import os
import pickle
import signal
import smtplib
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from common import ROOT, record, require_postgresql
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from notices.alerts.models import (
    Alert,
    AlertDelivery,
    DeliveryKind,
    DeliveryStatus,
    Follow,
    Frequency,
)
from notices.models import Agency, Notice, NoticeCategory, NoticeStatus, NoticeType
from portal.celery import app

ZONES = ["Asia/Shanghai", "Europe/Copenhagen", "America/New_York", "Africa/Nairobi", "UTC"]
LANGUAGES = ["zh-hans", "en", "zh-hans"]
ALERT_NAMES = ["Solar pumps", "太阳能水泵", "Medical & lab supplies", "办公家具 <Beijing>", "Tents"]
PREFIXES = ["4010", "40", "4210", "56", "4216"]
NOTICES = 12


def run_sink(port: int, received, ready, dump: str, pipelining: bool) -> None:
    """An SMTP server that accepts every message, counts it and, on SIGUSR1, writes the last
    messages it kept (sender, recipients, bytes) to `dump`. It offers PIPELINING as the common
    mail servers (Postfix, Exim, the cloud relays) do, unless told not to (aiosmtpd reads pipelined
    commands in order either way; it just does not say so by itself)."""
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    kept = []

    class Count:
        async def handle_EHLO(self, server, session, envelope, hostname, responses):
            session.host_name = hostname
            return [*responses[:-1], "250-PIPELINING", responses[-1]] if pipelining else responses

        async def handle_DATA(self, server, session, envelope):
            with received.get_lock():
                received.value += 1
            kept.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
            del kept[:-20000]
            return "250 OK"

    def write(*_args):
        Path(dump).write_bytes(pickle.dumps(kept))
        kept.clear()

    signal.signal(signal.SIGUSR1, write)
    controller = Controller(Count(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    try:
        asyncio.run(asyncio.Event().wait())
    finally:
        controller.stop()


def seed(*, emails: int, digests: int) -> None:
    """`emails` instant rows (two per recipient) and the daily rows of `digests` recipients (four
    notices each), for recipients of mixed languages, zones, alerts and reasons."""
    User.objects.filter(email__endswith="@mailspeed.example").delete()
    AlertDelivery.objects.all().delete()
    now = timezone.now()
    agency = Agency.objects.order_by("pk").first()
    with transaction.atomic():
        notices = Notice.objects.bulk_create(
            Notice(
                agency=agency,
                reference=f"MAIL/{now:%Y%m%d%H%M%S}/{n}",
                title=f"Supply of solar water pumps & tanks, lot {n}"
                if n % 2
                else f"采购太阳能水泵 第{n}批",
                description="Solar pumps for 12 villages.",
                notice_type=NoticeType.REQUEST_FOR_QUOTATION,
                status=NoticeStatus.PUBLISHED,
                published_at=now - timedelta(hours=n),
                deadline=now + timedelta(days=21 + n),
                deadline_time_zone=ZONES[n % len(ZONES)],
            )
            for n in range(NOTICES)
        )
        codes = ["40101701", "42101501", "56101703", "42161601"]
        NoticeCategory.objects.bulk_create(
            NoticeCategory(notice=notice, code=code) for notice in notices for code in codes
        )
        _recipients("i", emails // 2, notices, frequency=Frequency.INSTANT, per_user=2, now=now)
        _recipients("d", digests, notices, frequency=Frequency.DAILY, per_user=4, now=now)


def _recipients(tag, count, notices, *, frequency, per_user, now):
    from allauth.account.models import EmailAddress  # after common's django.setup()

    users = User.objects.bulk_create(
        User(
            email=f"{tag}{n}@mailspeed.example",
            password="!",
            name=("", f"Wang Wei {n}", f"Ana Müller {n}")[n % 3],
            language=LANGUAGES[n % len(LANGUAGES)],
            time_zone=ZONES[n % len(ZONES)],
        )
        for n in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    alerts = Alert.objects.bulk_create(
        Alert(user=user, name=f"{ALERT_NAMES[n % len(ALERT_NAMES)]} {n}", frequency=frequency)
        for n, user in enumerate(users)
    )
    rows, follows = [], []
    for n, (user, alert) in enumerate(zip(users, alerts, strict=True)):
        for k in range(per_user):
            notice = notices[(n + k * 5) % len(notices)]
            followed = frequency == Frequency.INSTANT and n % 4 == 3 and k == 0
            if followed:
                follows.append(Follow(user=user, notice=notice))
            rows.append(
                AlertDelivery(
                    user=user,
                    notice=notice,
                    kind=DeliveryKind.NEW_NOTICE,
                    alert=None if followed else alert,
                    frequency=frequency,
                    matched_prefix="" if followed else PREFIXES[n % len(PREFIXES)],
                    next_attempt_at=now,
                    created_at=now - timedelta(days=2),
                )
            )
    Follow.objects.bulk_create(follows)
    AlertDelivery.objects.bulk_create(rows)


def reset(frequency: str) -> int:
    rows = AlertDelivery.objects.filter(frequency=frequency)
    rows.update(
        status=DeliveryStatus.PENDING, attempts=0, sent_at=None, claimed_at=None, last_error=""
    )
    return rows.count()


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(*, processes: int, email_port: int, redis_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "PORTAL_NO_DOTENV": "1",
        "DEBUG": "false",
        "SECRET_KEY": "mail-speed-bench",
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{email_port}",
        "LOG_LEVEL": "WARNING",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=prefork",
         f"--concurrency={processes}", "--loglevel=warning", "--hostname=mailspeed@%h",
         "--without-mingle", "--without-gossip", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip

    deadline = time.monotonic() + 60
    while not app.control.ping(timeout=1.0):
        if time.monotonic() > deadline or worker.poll() is not None:
            stop(worker)
            raise RuntimeError("the worker did not start")
    return worker


def stop(worker: subprocess.Popen) -> None:
    os.killpg(worker.pid, signal.SIGTERM)
    try:
        worker.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def session_cpu(session: int) -> float:
    """CPU seconds (user + system) the processes of a session (the worker and its children) spent:
    a figure that the other loads of a shared machine disturb less than the wall clock."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[3]) == session:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def timed_run(*, task, args, frequency: str, processes: int) -> tuple[float, int]:
    """Seconds from the tasks' enqueueing until no row of `frequency` waits, and the e-mails sent."""
    rows = reset(frequency)
    waiting = AlertDelivery.objects.filter(
        frequency=frequency, status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]
    )
    started = time.perf_counter()
    for _ in range(processes):
        task.delay(*args)
    while waiting.exists():
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    unsent = AlertDelivery.objects.filter(frequency=frequency).exclude(status=DeliveryStatus.SENT)
    if unsent.exists():
        raise RuntimeError(f"{unsent.count()} of {rows} rows not sent")
    return elapsed, rows


def floor(port: int, messages: list) -> float:
    """Plain smtplib over one connection: the same messages' bytes, per second."""
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for sender, recipients, content in messages:
            smtp.sendmail(sender, recipients, content)
    return len(messages) / (time.perf_counter() - started)


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=4000, help="instant e-mails")
    parser.add_argument("--digests", type=int, default=1500, help="daily digests")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--label", default="", help="what is measured (e.g. before, after)")
    parser.add_argument(
        "--sink-without-pipelining",
        action="store_true",
        help="the sink does not offer PIPELINING (each command waits for its answer)",
    )
    args = parser.parse_args()
    require_postgresql()
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url.startswith("redis://"):
        # `make bench` goes on with the other benches.
        print("mail_speed: skipped, set REDIS_URL (redis://host:port/N, a database of its own)")
        return
    # The test settings run tasks in-process: here they go through the broker to the worker.
    app.conf.task_always_eager = False
    app.conf.broker_url = redis_url
    call_command("migrate", verbosity=0)
    seed(emails=args.emails, digests=args.digests)
    from notices import tasks

    port = _free_port()
    received, ready = multiprocessing.Value("i", 0), multiprocessing.Event()
    handle, dump = tempfile.mkstemp(suffix=".pickle")
    os.close(handle)
    sink = multiprocessing.Process(
        target=run_sink,
        args=(port, received, ready, dump, not args.sink_without_pipelining),
        daemon=True,
    )
    sink.start()
    ready.wait(10)
    runs = [
        ("instant", tasks.send_instant_alerts, (), Frequency.INSTANT),
        ("digests", tasks.send_digests, (Frequency.DAILY,), Frequency.DAILY),
    ]
    try:
        for processes in args.processes:
            worker = start_worker(processes=processes, email_port=port, redis_url=redis_url)
            try:
                for name, task, task_args, frequency in runs:
                    before, cpu = load(), session_cpu(worker.pid)
                    elapsed, sent = timed_run(
                        task=task, args=task_args, frequency=frequency, processes=processes
                    )
                    cpu = session_cpu(worker.pid) - cpu
                    os.kill(sink.pid, signal.SIGUSR1)
                    time.sleep(0.5)
                    messages = pickle.loads(Path(dump).read_bytes())  # noqa: S301  # nosec B301
                    emails = sent if name == "instant" else len(messages)  # digests: one each
                    record(
                        "mail_speed",
                        {
                            "label": args.label,
                            "sink_pipelining": not args.sink_without_pipelining,
                            "what": name,
                            "worker_processes": processes,
                            "emails": emails,
                            "per_s": round(
                                (sent if name == "instant" else len(messages)) / elapsed
                            ),
                            "worker_cpu_ms_per_email": round(1000 * cpu / emails, 2),
                            "smtplib_floor_per_s": round(floor(port, messages)),
                            "mean_bytes": round(sum(len(m[2]) for m in messages) / len(messages)),
                            "load_before": before,
                            "load_after": load(),
                        },
                    )
                    os.kill(sink.pid, signal.SIGUSR1)
                    time.sleep(0.2)
            finally:
                stop(worker)
    finally:
        sink.terminate()
        Path(dump).unlink(missing_ok=True)
    User.objects.filter(email__endswith="@mailspeed.example").delete()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


if __name__ == "__main__":
    main()
