"""gunicorn's settings for the portal (gunicorn reads this file from the working directory).

Measured on 2 cores by bench/throughput.py (see docs/performance.md): the pages are CPU-bound
(templates) with short database waits, so synchronous workers, about two per core, serve the most
requests per second; more workers only add memory and context switches. Each worker keeps its
database connection between requests (CONN_MAX_AGE, with health checks).
Every setting can be overridden from the environment: WEB_CONCURRENCY (workers) is read by gunicorn
itself, and GUNICORN_CMD_ARGS adds command-line options.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
worker_class = "sync"
# Load the application once in the master: workers fork with Django set up (faster start, shared
# memory pages).
preload_app = True
# Recycle a worker now and then so that a slow leak can't grow for ever; jitter avoids all workers
# restarting at once.
max_requests = 2000
max_requests_jitter = 200
# A request longer than this is a bug or an attack: the worker is killed and replaced.
timeout = 30
graceful_timeout = 30
# Behind a load balancer or proxy that keeps connections open.
keepalive = 5
# Heartbeat files in memory, not on a container's overlay file system.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - gunicorn's advice
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def pre_fork(server, worker):
    """In the master, before each worker is forked: the objects loaded so far (Django, the URL
    patterns, the templates' libraries, the category tree: some 330,000 of them) move to the
    collector's permanent generation, which a worker's full collections never walk. Walked, they
    made a full collection take 94 ms of a search page now and then (docs/performance.md); frozen,
    a collection walks the objects the worker made itself. Their memory pages also stay shared with
    the master (the collector writes to every object it walks)."""
    gc.freeze()
