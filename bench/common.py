"""What every benchmark shares: Django set up on the database DATABASE_URL names, percentiles, a warm
timer, and the one JSON line each bench prints and appends to bench/results/<bench>.jsonl.

Import it first in a bench script (it calls django.setup()):

    from common import RESULTS, percentile, record, require_postgresql, timed
"""

import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmarks against PostgreSQL: DATABASE_URL=postgres://...")


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile (p in 0..100) of the values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(round(p / 100 * len(ordered)) - 1, 0))]


def timed(function, runs: int) -> dict:
    """Call `function` once to warm up, then `runs` times: p50 and p95 in milliseconds."""
    function()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 95), 1),
    }


def machine() -> dict:
    if connection.vendor != "postgresql":  # a bench that runs on SQLite too (category_search.py)
        return {"cpus": os.cpu_count(), "python": platform.python_version(), connection.vendor: ""}
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "postgresql": server}


def record(bench: str, figure: dict) -> dict:
    """Print the figure as one JSON line and append it, dated, to bench/results/<bench>.jsonl."""
    line = {"bench": bench, **figure, "machine": machine(), "at": timezone.now().isoformat()}
    text = json.dumps(line, ensure_ascii=False, default=str)
    print(text, flush=True)
    RESULTS.mkdir(exist_ok=True)
    with (RESULTS / f"{bench}.jsonl").open("a", encoding="utf-8") as out:
        out.write(text + "\n")
    return line


def log(message: str) -> None:
    """Progress on stderr, so that stdout stays one JSON line per figure."""
    print(message, file=sys.stderr, flush=True)
