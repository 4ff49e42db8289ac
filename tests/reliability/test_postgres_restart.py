"""Fault 3: PostgreSQL restarted while the notice pages are under a steady load. The web server's
errors stop within 10 seconds of the database's return, and no worker is left stuck: every web
worker answers, and the Celery worker (whose connection the restart cut) sends the pending alerts."""

import http.client
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection

from notices import tasks
from tests.reliability.conftest import (
    fill_outbox,
    free_port,
    needs_services,
    portal_env,
    record_figure,
    wait_until,
)

pytestmark = [pytest.mark.django_db(transaction=True), needs_services]

RECOVERY = 10  # seconds after PostgreSQL's return by which errors must have stopped


def get(port: int, path: str) -> int:
    """The status of GET `path`, or 0 when the server did not answer."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        return conn.getresponse().status
    except OSError:
        return 0
    finally:
        conn.close()


class Load:
    """Threads requesting the notice pages in a loop; each request is (started, finished, status)."""

    def __init__(self, port: int, paths: list[str], threads: int = 3):
        self.port, self.paths = port, paths
        self.results: list[tuple[float, float, int]] = []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(n,)) for n in range(threads)]

    def run(self, offset: int) -> None:
        n = offset
        while not self.stopping.is_set():
            started = time.monotonic()
            status = get(self.port, self.paths[n % len(self.paths)])
            self.results.append((started, time.monotonic(), status))
            n += 1
            time.sleep(0.05)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)


@pytest.fixture
def web_server(own_postgres, smtp_sink, tmp_path):
    """gunicorn (2 processes, 2 threads each) serving the portal on a copy of the test database in
    the test's own PostgreSQL cluster."""

    def start():
        own_postgres.copy_database(source=connection.settings_dict, name="portal")
        port = free_port()
        log = (tmp_path / "gunicorn.log").open("ab")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi",
                f"--bind=127.0.0.1:{port}",
                "--workers=2",
                "--threads=2",
                "--timeout=30",
                "--graceful-timeout=5",
            ],
            # The load comes from one address: the API's limit per client (API_RATE_LIMIT) would
            # answer it 429 within seconds; this test measures the restart, not the limit.
            env=portal_env(
                email_port=smtp_sink.port,
                DATABASE_URL=own_postgres.url("portal"),
                API_RATE_LIMIT="100000/m",
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        assert wait_until(lambda: get(port, "/healthz") == 200, timeout=60), "gunicorn answers"
        return port

    started: list[subprocess.Popen] = []
    try:
        yield start
    finally:
        for process in started:
            process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
            process.wait(timeout=20)


def test_errors_stop_within_ten_seconds_of_postgresql_returning(
    own_postgres, web_server, workers, smtp_sink
):
    notices = fill_outbox(users=5, notices=10, prefix="restart")  # 50 alerts pending
    port = web_server()
    workers.start("restart", DATABASE_URL=own_postgres.url("portal"))
    tasks.sweep_alerts.delay()  # the worker holds a database connection when the restart cuts it
    paths = ["/notices/", f"/notices/{notices[0].pk}/", "/notices/?q=restart", "/api/notices/"]

    with Load(port, paths) as load:
        time.sleep(3)
        down = time.monotonic()
        own_postgres.stop()
        time.sleep(3)
        own_postgres.start()
        back = time.monotonic()
        time.sleep(RECOVERY + 5)

    errors = [(s, status) for s, _f, status in load.results if status != 200]
    during = [e for e in errors if e[0] >= down]
    late = [e for e in errors if e[0] > back + RECOVERY]
    after = [r for r in load.results if r[0] > back + RECOVERY]
    assert during, "the restart was felt"
    assert not late, f"errors more than {RECOVERY}s after PostgreSQL returned: {late}"
    assert len(after) >= 10 and all(status == 200 for _s, _f, status in after)
    last_error = max(s for s, _status in errors) - back

    # No stuck web worker: a burst of parallel requests is answered by every process.
    burst: list[int] = []
    threads = [
        threading.Thread(target=lambda: burst.append(get(port, "/notices/"))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert burst == [200] * 8
    # No stuck Celery worker: it reconnects and sends the pending alerts.
    tasks.send_instant_alerts.delay()
    assert wait_until(lambda: smtp_sink.count() == 50, timeout=60), smtp_sink.count()
    record_figure(
        f"fault 3 (PostgreSQL restarted under load): {len(load.results)} requests, "
        f"{len(errors)} errors, the last {last_error:+.1f}s after its return "
        f"(bound {RECOVERY}s); 8/8 parallel requests and 50/50 alerts afterwards"
    )
