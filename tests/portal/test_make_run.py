"""`make run`'s topology, run as it runs: the Procfile's web server, Celery worker and Celery beat
under honcho, on the embedded defaults (a SQLite file, the broker in a folder, e-mail to .eml files),
each in its own process.

While the worker sends hundreds of digests, staff import notices and visitors read pages: nobody
meets "database is locked"; tasks run in the worker, not in the request; beat's periodic work
happens on its own; Ctrl-C (SIGINT to honcho) stops every process.
"""

import email
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path

import pytest

# `make run` runs on the embedded defaults whatever database the suite itself uses (the fixture
# below drops DATABASE_URL and the rest): on PostgreSQL this test would repeat, minutes long, the
# very run the suite made on the embedded defaults.
pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="make run is the embedded default; the suite on the embedded defaults runs it",
)

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
READERS = 300  # suppliers with a daily digest waiting
CSV_HEADER = "agency,reference,title,notice_type,categories,deadline,countries\n"

# The readers and their alerts, written as a supplier's sign-up would leave them.
MAKE_READERS = f"""
from accounts.models import User
from notices.alerts.models import Alert
users = User.objects.bulk_create(
    User(email=f"reader{{n}}@example.cn", time_zone="Asia/Shanghai", language="zh-hans")
    for n in range({READERS})
)
instant = User.objects.create(email="instant@example.cn", time_zone="Asia/Shanghai")
from allauth.account.models import EmailAddress
EmailAddress.objects.bulk_create(
    EmailAddress(user=user, email=user.email, primary=True, verified=True)
    for user in [*users, instant]
)
from notices.alerts.criteria import save_alert
for user in users:
    save_alert(Alert(user=user, name="Lanterns", keywords="lanterns", frequency="daily"))
save_alert(Alert(user=instant, name="Lanterns now", keywords="lanterns", frequency="instant"))
"""
COUNT_ROWS = """
import json
from notices.alerts.models import AlertDelivery
from portal.rollups import rollups_as_of
readers = AlertDelivery.objects.filter(user__email__startswith="reader", frequency="daily")
print(json.dumps({
    "pending": readers.filter(status="pending").count(),
    "sent": readers.filter(status="sent").count(),
    "as_of": rollups_as_of().isoformat(),
}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def embedded(tmp_path):
    """The environment of `make run`, in a folder of its own."""
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "REDIS_", "EMAIL_", "DJANGO_"))
    }
    env.update(
        DEBUG="true",
        PORTAL_NO_DOTENV="1",
        DJANGO_SETTINGS_MODULE="portal.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        BROKER_DIR=str(tmp_path / "broker"),
        EMAIL_URL=f"filemail://{tmp_path / 'mail'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        PORTAL_ADDRESS=f"127.0.0.1:{port}",
        SITE_URL=f"http://127.0.0.1:{port}",
        DASHBOARD_ROLLUP_SECONDS="2",
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    env.pop("PORT", None)
    return {"env": env, "port": port, "dir": tmp_path}


def manage(embedded, *args, timeout=240) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=embedded["env"],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def wait_for(condition, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"not within {seconds} s: {what}")


def get(port: int, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
            return answer.status
    except OSError:
        return 0


def write_csv(path: Path, prefix: str, count: int) -> Path:
    deadline = (datetime.now(UTC) + timedelta(days=30)).strftime("%Y-%m-%d 17:00")
    rows = [
        f"UNDP,{prefix}/{n},Solar lanterns lot {prefix}-{n},rfq,39111600,{deadline},CN\n"
        for n in range(count)
    ]
    path.write_text(CSV_HEADER + "".join(rows), encoding="utf-8")
    return path


def counts(embedded) -> dict:
    return json.loads(manage(embedded, "shell", "-c", COUNT_ROWS).strip().splitlines()[-1])


def subjects(mail_dir: Path, *, to: str = "") -> list[str]:
    found = []
    for path in mail_dir.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if str(message["To"]).startswith(to):
            found.append(str(message["Subject"]))
    return found


def test_web_worker_and_beat_share_the_embedded_database_and_stop_together(embedded):
    manage(embedded, "migrate", "--noinput")
    manage(embedded, "seed_demo")
    manage(embedded, "shell", "-c", MAKE_READERS)
    started = datetime.now(UTC)
    log = embedded["dir"] / "honcho.log"
    empty_env_file = embedded["dir"] / "empty.env"
    empty_env_file.write_text("")
    with log.open("w") as output:
        honcho = subprocess.Popen(
            [BIN / "honcho", "start", "--procfile", "Procfile", "--env", str(empty_env_file)],
            cwd=ROOT,
            env=embedded["env"],
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        port, mail_dir = embedded["port"], embedded["dir"] / "mail"
        wait_for(lambda: get(port, "/") == 200, seconds=60, what="the web server answers")

        # The worker dispatches the first import: a daily row per reader and notice.
        manage(embedded, "import_notices", str(write_csv(embedded["dir"] / "a.csv", "A", 5)))
        wait_for(
            lambda: counts(embedded)["pending"] == READERS * 5,
            seconds=120,
            what="the worker queued the daily rows of the first import",
        )

        # Digests are sent while staff import more notices and visitors read pages.
        pages, stop_reading = [], threading.Event()

        def read_pages():
            while not stop_reading.is_set():
                pages.append(get(port, "/notices/?q=lanterns"))

        reader = threading.Thread(target=read_pages)
        reader.start()
        digests = subprocess.Popen(
            [sys.executable, "manage.py", "send_digests", "daily", "--now"],
            cwd=ROOT,
            env=embedded["env"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        imported = manage(
            embedded, "import_notices", str(write_csv(embedded["dir"] / "b.csv", "B", 5))
        )
        digest_output, _ = digests.communicate(timeout=240)
        stop_reading.set()
        reader.join(timeout=30)

        assert digests.returncode == 0, digest_output
        assert re.search(r"Digests sent: \d+, with \d+ notices in all.", digest_output)
        assert "Created: 5" in imported
        assert pages and set(pages) == {200}, f"pages answered {sorted(set(pages))}"
        # The second import's rows wait for tomorrow's digest, unless the worker wrote them before
        # the digests began (then they were in it): every row is written once, either way.
        wait_for(
            lambda: sum(counts(embedded)[status] for status in ("pending", "sent")) == READERS * 10,
            seconds=120,
            what="the worker queued the second import's rows",
        )
        assert counts(embedded)["sent"] >= READERS * 5

        # Tasks ran in the worker: the instant alerts of the second import are e-mails on disk.
        wait_for(
            lambda: (
                sum("Solar lanterns lot B-" in s for s in subjects(mail_dir, to="instant")) == 5
            ),
            seconds=120,
            what="the worker e-mailed the instant alerts",
        )
        digests_of_readers = subjects(mail_dir, to="reader")
        assert len(digests_of_readers) == READERS, "one digest each"
        assert all(re.fullmatch(r"每日订阅：\d+ 条新公告", s) for s in digests_of_readers)

        # Beat recounts the dashboard on its own (every DASHBOARD_ROLLUP_SECONDS).
        wait_for(
            lambda: datetime.fromisoformat(counts(embedded)["as_of"]) > started,
            seconds=60,
            what="beat had the dashboard recounted",
        )
    finally:
        running = log.read_text()
        honcho.send_signal(signal.SIGINT)  # Ctrl-C
        try:
            honcho.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(honcho.pid, signal.SIGKILL)
            raise
    text = log.read_text()
    assert "database is locked" not in text, text[-3000:]
    # While the portal ran, no error. Ctrl-C may interrupt a task mid-query (its child is sent
    # SIGTERM and the task is handed back to the queue, acks_late): what it prints then is not one.
    assert "Traceback" not in running, running[-3000:]
    # Each Procfile line is a process group (the worker's pool, runserver's reloader child...).
    groups = [int(pid) for pid in re.findall(r"started \(pid=(\d+)\)", text)]
    assert len(groups) == 3, text[:2000]
    for group in groups:
        wait_for(lambda g=group: not members(g), seconds=30, what=f"group {group} stopped")


def members(group: int) -> list[int]:
    """The live (not zombie) processes of a process group, read from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found
