"""A real streaming replica of the test run's PostgreSQL, for the read replica's tests: a second
cluster copied with `pg_basebackup -R` into a temporary directory, started on a free loopback port
(as the postgres user when the tests run as root), stopped and removed at the end.

The primary must take replication connections from 127.0.0.1 (a `host replication` line in its
pg_hba.conf; .ci/run adds it); without it the tests that need a replica are skipped and say why.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from django.db import connections

PRIMARY_SETTINGS = ("max_connections", "max_worker_processes", "max_locks_per_transaction")


def postgres_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(candidates[-1]) if candidates else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def why_no_replica(primary: dict) -> str | None:
    """Why no replica of `primary` (a connection's settings) can be made here, or None."""
    if primary["ENGINE"] != "django.db.backends.postgresql":
        return "a read replica needs PostgreSQL (DATABASE_URL); the suite runs on SQLite"
    if not postgres_binary("pg_basebackup") or not postgres_binary("pg_ctl"):
        return "PostgreSQL's server programs (pg_basebackup, pg_ctl) are not installed"
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "running as root without runuser to start PostgreSQL as its own user"
    probe = subprocess.run(
        [
            postgres_binary("psql"),
            f"host={primary['HOST'] or '127.0.0.1'} port={primary['PORT'] or 5432} "
            f"user={primary['USER']} replication=database dbname=postgres",
            "-Atc",
            "IDENTIFY_SYSTEM",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if probe.returncode != 0:
        return (
            "the primary refuses replication connections from 127.0.0.1 (add "
            "'host replication postgres 127.0.0.1/32 trust' to its pg_hba.conf and reload, as "
            f".ci/run does): {probe.stderr.strip()}"
        )
    return None


class StreamingReplica:
    """A hot standby of the primary described by `primary` (a connection's settings)."""

    def __init__(self, primary: dict):
        self.primary = primary
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="portal-replica-"))
        self.data = self.directory / "data"
        self.timings: dict[str, float] = {}

    def _run(self, *command: str, timeout: float = 120) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, timeout=timeout, capture_output=True)

    def _primary_setting(self, name: str) -> str:
        with connections["default"].cursor() as cursor:
            cursor.execute(f"SHOW {name}")  # a name of PRIMARY_SETTINGS, not user input
            return cursor.fetchone()[0]

    def start(self) -> None:
        started = time.monotonic()
        if os.geteuid() == 0:
            shutil.chown(self.directory, user="postgres", group="postgres")
        self._run(
            postgres_binary("pg_basebackup"),
            "-h",
            self.primary["HOST"] or "127.0.0.1",
            "-p",
            str(self.primary["PORT"] or 5432),
            "-U",
            self.primary["USER"],
            "-D",
            str(self.data),
            "-R",  # a standby that streams from the primary (standby.signal, primary_conninfo)
            "-X",
            "stream",
            "--checkpoint=fast",
        )
        self.timings["copy"] = time.monotonic() - started
        self._configure()
        self._run(
            postgres_binary("pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.directory / "log"),
            "-w",
            "start",
        )
        self.timings["start"] = time.monotonic() - started

    def _configure(self) -> None:
        """A configuration of its own: a packaged primary keeps its files outside its data
        directory, and a standby needs some settings at least as high as its primary's."""
        lines = [
            "listen_addresses = '127.0.0.1'",
            f"port = {self.port}",
            f"unix_socket_directories = '{self.directory}'",
            "hot_standby = on",
            "fsync = off",
            "shared_buffers = 32MB",
            "wal_receiver_status_interval = 1s",
            *(f"{name} = {self._primary_setting(name)}" for name in PRIMARY_SETTINGS),
        ]
        (self.data / "postgresql.conf").write_text("\n".join(lines) + "\n")
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        )
        if os.geteuid() == 0:
            for name in ("postgresql.conf", "pg_hba.conf"):
                shutil.chown(self.data / name, user="postgres", group="postgres")

    def address(self, name: str) -> dict:
        """Where a connection finds this replica's `name` database (HOST, PORT, NAME)."""
        return {"HOST": "127.0.0.1", "PORT": str(self.port), "NAME": name}

    def lag_bytes(self) -> int | None:
        """How far the replica's replay is behind the primary's log, in bytes (None: unknown)."""
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            position = cursor.fetchone()[0]
        with connections["replica"].cursor() as cursor:
            cursor.execute(
                "SELECT pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn())", [position]
            )
            behind = cursor.fetchone()[0]
        return None if behind is None else max(0, int(behind))

    def wait_until_caught_up(self, *, timeout: float = 30) -> float:
        """Wait until the replica has replayed what the primary has written so far; the seconds it
        took."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.lag_bytes() == 0:
                return time.monotonic() - started
            time.sleep(0.05)
        raise TimeoutError(f"the replica is still behind after {timeout} s")

    def pause_replay(self) -> None:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")

    def remove(self) -> None:
        started = time.monotonic()
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.SubprocessError):
                self._run(
                    postgres_binary("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"
                )
        shutil.rmtree(self.directory, ignore_errors=True)
        self.timings["stop"] = time.monotonic() - started
