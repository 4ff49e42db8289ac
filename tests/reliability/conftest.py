"""Fault injection: real Celery worker processes (prefork, two children each, as in
docker-compose.yml), a real SMTP server on loopback (aiosmtpd), and
Redis and PostgreSQL instances of the test's own where a test stops or restarts them.

The fault tests need the real PostgreSQL and Redis (`.ci/run` runs them in its PostgreSQL leg);
elsewhere they are skipped. Everything listens on 127.0.0.1 only, every wait is bounded, and every
process a test starts is stopped by the test (by its pid).
"""

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from notices.alerts import dispatch
from portal.celery import app
from tests.factories import UserFactory
from tests.notices.factories import make_alert

ROOT = Path(__file__).resolve().parents[2]
FIGURES = ROOT / "var" / "reliability-figures.txt"

needs_services = pytest.mark.skipif(
    not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
    reason="fault tests need the real PostgreSQL and Redis (DATABASE_URL and REDIS_URL; run by .ci/run)",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(predicate: Callable[[], bool], *, timeout: float, interval: float = 0.2) -> bool:
    """Poll `predicate` until it holds or `timeout` seconds have passed; says whether it held."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def record_figure(line: str) -> None:
    """The figures a fault test measured, for the report (`.ci/run` prints the file)."""
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    with FIGURES.open("a", encoding="utf-8") as figures:
        figures.write(time.strftime("%Y-%m-%d %H:%M:%S ") + line + "\n")


# --- The SMTP sink -----------------------------------------------------------------------------------


@dataclass
class Received:
    to: str
    subject: str
    text: str
    peer: str
    at: float  # time.monotonic() when the sink accepted it


@dataclass
class SmtpSink:
    """An SMTP server on loopback that keeps every message it accepts.

    `answers` scripts the reply to RCPT TO for an address, one reply per attempt ("421 ..." or
    "550 ..."; "250" or a finished script accepts). `hold_at` makes the sink wait, before accepting
    message number `hold_at` (1-based), until `release` is set; `holding` is set while it waits.
    `delay` seconds pass before each message is accepted (a slow mail server).
    """

    port: int = 0
    messages: list[Received] = field(default_factory=list)
    answers: dict[str, list[str]] = field(default_factory=dict)
    hold_at: int | None = None
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        script = self.answers.get(address.lower())
        answer = script.pop(0) if script else "250"
        if not answer.startswith("250"):
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            number = len(self.messages) + 1
        if self.hold_at is not None and number == self.hold_at:
            self.holding.set()
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(None, self.release.wait, 60)
        if self.delay:
            await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.content, policy=policy.default)
        text = message.get_body(preferencelist=("plain",))
        received = Received(
            to=",".join(envelope.rcpt_tos).lower(),
            subject=str(message["Subject"]),
            text=text.get_content() if text else "",
            peer=f"{session.peer[0]}:{session.peer[1]}",
            at=time.monotonic(),
        )
        with self.lock:
            self.messages.append(received)
        return "250 Message accepted for delivery"

    def count(self) -> int:
        with self.lock:
            return len(self.messages)

    def snapshot(self) -> list[Received]:
        with self.lock:
            return list(self.messages)


@pytest.fixture
def smtp_sink():
    sink = SmtpSink(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        sink.release.set()
        controller.stop()


# --- Worker processes --------------------------------------------------------------------------------


def database_url(settings_dict: dict | None = None) -> str:
    db = settings_dict or connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def portal_env(*, email_port: int, **overrides: str) -> dict:
    """The environment of a portal process (worker, web server) on the test's database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "PORTAL_NO_DOTENV": "1",
        "DEBUG": "true",
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{email_port}",
        "LOG_LEVEL": "WARNING",
        **overrides,
    }


class Workers:
    """Starts Celery workers as production runs them (docker-compose.yml: the prefork pool with two
    child processes), each in a process group of its own, and stops them all at the end."""

    def __init__(self, log_dir: Path, email_port: int):
        self.log_dir = log_dir
        self.email_port = email_port
        self.processes: list[subprocess.Popen] = []

    def start(self, name: str, *, concurrency: int = 2, **env: str) -> subprocess.Popen:
        log = (self.log_dir / f"worker-{name}.log").open("ab")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--pool=prefork",
                f"--concurrency={concurrency}",
                "--loglevel=warning",
                f"--hostname={name}@%h",
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=portal_env(email_port=self.email_port, **env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its pool's children share its process group
        )
        self.processes.append(process)
        return process

    def start_beat(self, **env: str) -> subprocess.Popen:
        """Celery beat with the portal's schedule (the sweep and the sender every minute)."""
        log = (self.log_dir / "beat.log").open("ab")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "beat",
                "--loglevel=warning",
                f"--schedule={self.log_dir / 'beat-schedule'}",
            ],
            cwd=ROOT,
            env=portal_env(email_port=self.email_port, **env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def log(self, name: str) -> str:
        return (self.log_dir / f"worker-{name}.log").read_text(errors="replace")

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL to the worker and its pool's children: no clean-up, no acknowledgement, as when
        a machine loses its power."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
            # Children a dead main process left behind.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)


def forget_unacknowledged(url: str | None = None) -> None:
    """Drop the queue and the messages a killed worker left unacknowledged on the test's broker, so
    that nothing of this test is redelivered to a later one."""
    app.control.purge()
    with app.connection_for_write(url) as conn:
        conn.default_channel.client.delete("unacked", "unacked_index")


@pytest.fixture
def workers(smtp_sink, tmp_path):
    """Worker processes on the test database and the configured broker, e-mailing into the sink;
    tasks the test enqueues go to them (not run in-process)."""
    forget_unacknowledged()
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    pool = Workers(tmp_path, smtp_sink.port)
    try:
        yield pool
    finally:
        app.conf.task_always_eager = eager
        pool.stop_all()
        forget_unacknowledged()


def subscribers(count: int, *, prefix: str) -> list:
    """`count` users with an instant alert for every notice."""
    users = [UserFactory(email=f"{prefix}{n:04d}@example.org") for n in range(count)]
    for user in users:
        make_alert(user=user, name="Everything")
    return users


# --- Services of the test's own ----------------------------------------------------------------------


class OwnRedis:
    """A redis-server on a free loopback port, without persistence, that a test may stop."""

    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        assert wait_until(self.answers, timeout=10), "own redis-server did not start"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False


@pytest.fixture
def own_redis():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    redis = OwnRedis()
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()


def postgres_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(candidates[-1]) if candidates else None


class OwnPostgres:
    """A throwaway PostgreSQL cluster in a temporary directory, on a free loopback port."""

    def __init__(self):
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.data = self.directory / "data"

    def _run(self, *command: str, timeout: float = 60) -> None:
        # initdb refuses to run as root: the cluster belongs to the postgres user then.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, timeout=timeout, capture_output=True)

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.directory, user="postgres", group="postgres")
        self._run(postgres_binary("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            postgres_binary("pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.directory / "log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._run(postgres_binary("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def answers(self) -> bool:
        result = subprocess.run(
            [postgres_binary("pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)],
            check=False,
            timeout=10,
        )
        return result.returncode == 0

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def copy_database(self, *, source: dict, name: str) -> None:
        """A copy of the test database (schema and rows) as database `name` of this cluster."""
        subprocess.run(
            [
                postgres_binary("createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                name,
            ],
            check=True,
            timeout=30,
        )
        dump = subprocess.Popen(
            [postgres_binary("pg_dump"), "--no-owner", "--no-privileges", database_url(source)],
            stdout=subprocess.PIPE,
        )
        subprocess.run(
            [postgres_binary("psql"), "-q", "-v", "ON_ERROR_STOP=1", self.url(name)],
            stdin=dump.stdout,
            stdout=subprocess.DEVNULL,
            check=True,
            timeout=120,
        )
        assert dump.wait(timeout=30) == 0

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture
def own_postgres():
    if not postgres_binary("initdb") or (os.geteuid() == 0 and not shutil.which("runuser")):
        pytest.skip("PostgreSQL's initdb is not installed")
    cluster = OwnPostgres()
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


def fill_outbox(*, users: int, notices: int, prefix: str) -> list:
    """`users` subscribers times `notices` published notices: that many pending instant alert rows."""
    from tests.notices.factories import NoticeFactory

    subscribers(users, prefix=prefix)
    published = [NoticeFactory(title=f"{prefix} notice {n:03d}") for n in range(notices)]
    for notice in published:
        dispatch.queue_for_notice(notice)
    return published


def point_app_at_broker(url: str) -> None:
    """Have this process's Celery app (what `.delay()` uses) publish to another broker."""
    app.conf.broker_url = url
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None


@pytest.fixture
def redis_of_our_own(own_redis, settings):
    """The portal in this process on the test's own Redis, as broker and as cache (as in production,
    where REDIS_URL is both), so that stopping it is a real outage of both."""
    previous = app.conf.broker_url
    settings.CELERY_BROKER_URL = own_redis.url
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": own_redis.url}}
    point_app_at_broker(own_redis.url)
    try:
        yield own_redis
    finally:
        point_app_at_broker(previous)
