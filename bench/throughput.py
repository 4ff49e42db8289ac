"""Requests per second of the portal under gunicorn, against a minimal Django view as the floor.

    apt-get install wrk
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench REDIS_URL=redis://127.0.0.1:6379/10 \\
        .venv/bin/python bench/throughput.py --seconds 20 --connections 16

Starts gunicorn with the project's gunicorn.conf.py (the recommended settings) on a free loopback
port, serving this module's `application`: the portal itself, plus two minimal views under
/floor/ that return the same rows as JSON with no middleware, session or template (what the
database and Django's request handling alone cost). wrk, in a second process, loads each URL for
--seconds: the notice list, a notice page, and the two floor views. Prints requests per second and
latency p50/p95/p99 for each, one JSON line per URL, appended to bench/results/throughput.jsonl.
Targets: the list at least a third of its floor's rate and at least 150 requests/s.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from common import ROOT, log, record, require_postgresql
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.http import Http404, JsonResponse

from notices import search
from notices.models import Notice, PublicStatus

BENCH = Path(__file__).resolve().parent
# wrk's report: percentiles of the latency, and the counts, as one JSON line.
WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


# --- The application gunicorn serves --------------------------------------------------------------------


def floor_list(request):
    """The list's rows as JSON: the same query as the default /notices/ page (open, newest 20)."""
    notices = search.with_status(search.public_notices(), PublicStatus.OPEN)
    rows = search.ordered(notices, sort=search.Sort.NEWEST).values(
        "id", "title", "reference", "notice_type", "deadline", "agency__acronym"
    )[: search.PAGE_SIZE]
    return JsonResponse({"notices": list(rows)})


def floor_notice(request, pk: int):
    row = (
        search.public_notices()
        .filter(pk=pk)
        .values("id", "title", "reference", "description", "deadline", "agency__acronym")
        .first()
    )
    if row is None:
        raise Http404
    return JsonResponse(row)


portal = WSGIHandler()


def application(environ, start_response):
    """The portal, with the floor views in front of it (not in the portal's URLs)."""
    path = environ.get("PATH_INFO", "")
    if not path.startswith("/floor/"):
        return portal(environ, start_response)
    request = WSGIRequest(environ)
    if path == "/floor/list/":
        response = floor_list(request)
    else:
        response = floor_notice(request, int(path.rstrip("/").rsplit("/", 1)[1]))
    start_response(
        f"{response.status_code} {response.reason_phrase}",
        [
            *response.items(),
            *(("Set-Cookie", c.output(header="")) for c in response.cookies.values()),
        ],
    )
    return response


# --- The bench -------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int, workers: int | None) -> subprocess.Popen:
    environment = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "PYTHONPATH": f"{BENCH}{os.pathsep}{ROOT}",
    }
    if workers:
        environment["WEB_CONCURRENCY"] = str(workers)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "throughput:application",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/floor/list/", timeout=2).read()
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit(f"gunicorn stopped: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.3)
    stop(server)
    sys.exit("gunicorn did not answer")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def load(url: str, *, seconds: int, connections: int, threads: int, script: str) -> dict:
    """wrk against the URL, bounded in time."""
    # A 10 s timeout: with wrk's default (2 s) a saturated server's slow answers vanish from the
    # figures instead of showing in the p95.
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        script,
        url,
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=True
    )
    report = json.loads(output.stdout.strip().splitlines()[-1])
    return {
        "requests_per_s": round(report["requests"] / (report["duration_us"] / 1e6), 1),
        "p50_ms": round(report["p50_us"] / 1000, 1),
        "p95_ms": round(report["p95_us"] / 1000, 1),
        "p99_ms": round(report["p99_us"] / 1000, 1),
        "errors": report["errors"],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads")
    parser.add_argument("--workers", type=int, default=None, help="default: gunicorn.conf.py's")
    args = parser.parse_args()
    require_postgresql()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    notice = Notice.objects.filter(status="published").order_by("-published_at").only("pk").first()
    if notice is None:
        sys.exit("No notices: run bench/load.py first.")
    port = free_port()
    server = start_gunicorn(port, args.workers)
    base = f"http://127.0.0.1:{port}"
    pairs = [
        ("notice list", "/notices/", "floor list (JSON)", "/floor/list/"),
        (
            "notice page",
            f"/notices/{notice.pk}/",
            "floor notice (JSON)",
            f"/floor/notice/{notice.pk}/",
        ),
    ]
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
            script.write(WRK_REPORT)
            script.flush()
            for page, path, floor, floor_path in pairs:
                figures = {}
                for name, url in ((page, path), (floor, floor_path)):
                    log(f"wrk {url} for {args.seconds} s")
                    load(
                        base + url,
                        seconds=2,
                        connections=args.connections,
                        threads=args.threads,
                        script=script.name,
                    )  # warm
                    figures[name] = load(
                        base + url,
                        seconds=args.seconds,
                        connections=args.connections,
                        threads=args.threads,
                        script=script.name,
                    )
                share = figures[page]["requests_per_s"] / max(figures[floor]["requests_per_s"], 0.1)
                record(
                    "throughput",
                    {
                        "page": page,
                        "path": path,
                        **figures[page],
                        "floor": figures[floor],
                        "share_of_floor": round(share, 2),
                        "notices": Notice.objects.count(),
                        "workers": args.workers or "gunicorn.conf.py",
                        "connections": args.connections,
                        "seconds": args.seconds,
                    },
                )
    finally:
        stop(server)


if __name__ == "__main__":
    main()
