"""The notice search under real traffic: a mix of queries no cache has seen, over HTTP, beside their SQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench REDIS_URL=redis://127.0.0.1:6379/10 \\
        .venv/bin/python bench/search_mix.py --queries 800 --concurrency 2

bench/search.py replays a fixed set of URLs, so that after the first request every figure comes from
a cache. Readers do not repeat each other that much: this bench draws its queries the way a search
log looks, and never sends one twice.

- The vocabulary is read from the notices' own titles (a sample of them): English words and
  two-word phrases, and Chinese terms (character pairs), each with the share of titles it is found
  in; a word is drawn in proportion to that share, so common words come up often.
- Each query falls in a class (CLASSES, with its weight): a filter alone or the default list, one
  word with a filter, two words or a phrase, a Chinese term, a keyword with three filters, a
  category alone (at any level), one of the broadest words sorted by relevance over every status,
  a deep page. Filters are drawn from what the notices hold (categories at every level, countries,
  agencies, types, statuses, deadlines), with a sort and a page.
- The portal runs under gunicorn (gunicorn.conf.py) with production settings: DEBUG off, the
  Redis cache, the rendered fragments cached (NOTICES_PAGE_CACHE_SECONDS as configured), static
  files collected with the manifest. Caches start new for the run (the notices' version is bumped
  and the seed is new unless given), so every page is the first of its query, facets included.
- The same seed sends the same queries on the same table (the titles and category codes are
  sampled with TABLESAMPLE ... REPEATABLE (seed)): run the code before a change and after it
  with one `--seed` to compare them on identical queries.
- Each response carries the time its request spent in SQL (a wrapper around the portal, in
  this module, sums every statement of the request: count, page, facets, reference data): the
  page's own database time beside its time over HTTP.

Prints, per class, p50/p95/p99 of the page over HTTP and p50/p95 of its SQL, then the same for
queries sent a second time (labelled "repeated": the fragment cache answers), one JSON line each,
appended to bench/results/search_mix.jsonl. Targets: p95 at most 150 ms and at most 3 times the
class's SQL p95.
"""

import argparse
import itertools
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from common import ROOT, log, percentile, record, require_postgresql
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.utils import timezone

BENCH = Path(__file__).resolve().parent
PAGE_TARGET_MS = 150
RATIO_TARGET = 3
SQL_HEADER = "X-Bench-SQL-ms"
# The classes of a search log and their shares of the queries.
CLASSES = {
    "filters only (or the default list)": 0.20,
    "one word + a filter": 0.30,
    "two words or a phrase": 0.12,
    "Chinese term": 0.10,
    "keyword + 3 filters": 0.08,
    "category only (any level)": 0.08,
    "broad word, relevance, any status": 0.06,
    "deep page": 0.06,
}
BROAD_WORDS = 12
STOP_WORDS = {"and", "for", "the", "of", "with", "from", "its", "related", "other", "office"}


# --- The application gunicorn serves: the portal, timing each request's SQL ---------------------------

portal = WSGIHandler()


def application(environ, start_response):
    spent = [0.0]

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[0] += time.perf_counter() - started

    def start(status, headers, exc_info=None):
        return start_response(status, [*headers, (SQL_HEADER, f"{spent[0] * 1000:.2f}")], exc_info)

    with connection.execute_wrapper(timer):
        return portal(environ, start)


# --- The vocabulary and the queries ------------------------------------------------------------------


def sample_titles(rows: int, *, seed: int) -> list[str]:
    """A sample of the titles; the same seed samples the same pages of the same table, so that a
    run before a change and one after it send the same queries."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT title FROM notices_notice TABLESAMPLE SYSTEM (2) REPEATABLE (%s)"
            " WHERE status <> 'draft' ORDER BY id LIMIT %s",
            [seed, rows],
        )
        return [title for (title,) in cursor.fetchall()]


def vocabulary(titles: list[str]) -> dict[str, Counter]:
    """English words, two-word phrases and Chinese character pairs, each counted once per title."""
    words, phrases, chinese = Counter(), Counter(), Counter()
    for title in titles:
        tokens = [t for t in re.findall(r"[a-z]{3,}", title.lower()) if t not in STOP_WORDS]
        words.update(set(tokens))
        phrases.update({f'"{a} {b}"' for a, b in itertools.pairwise(tokens)})
        for run in re.findall(r"[\u4e00-\u9fff]{2,}", title):
            chinese.update({run[i : i + 2] for i in range(len(run) - 1)})
    return {
        "words": Counter(dict(words.most_common(400))),
        "phrases": Counter(dict(phrases.most_common(150))),
        "chinese": Counter(dict(chinese.most_common(150))),
    }


def reference_values(*, seed: int) -> dict[str, list]:
    from notices.models import Agency, NoticeType

    with connection.cursor() as cursor:  # a few hundred of the notices' own codes, by the seed
        cursor.execute(
            "SELECT code FROM notices_noticecategory TABLESAMPLE SYSTEM (1) REPEATABLE (%s)"
            " ORDER BY id LIMIT 300",
            [seed],
        )
        codes = [code for (code,) in cursor.fetchall()]
    return {
        "categories": [code[:n] for code in codes for n in (2, 4, 6, 8)],
        "countries": ["CN", "KE", "ET", "BD", "PK", "NG", "UA", "SY", "AF", "YE", "SD", "HT", "TR"],
        "agencies": list(
            Agency.objects.filter(listed=True).order_by("acronym").values_list("acronym", flat=True)
        ),
        "types": list(NoticeType.values),
    }


def _word(rng: random.Random, counter: Counter, *, skip: int = 0) -> str:
    items = counter.most_common()[skip:]
    return rng.choices([w for w, _ in items], weights=[n for _, n in items])[0]


def _filters(rng: random.Random, refs: dict, count: int) -> dict:
    today = timezone.localdate()
    makers = {
        "category": lambda: rng.choice(refs["categories"]),
        "country": lambda: rng.choice(refs["countries"]),
        "agency": lambda: rng.choice(refs["agencies"]),
        "type": lambda: rng.choice(refs["types"]),
        "status": lambda: rng.choice(["closed", "awarded", "cancelled", "any", "any"]),
        "deadline_after": lambda: (today + timedelta(days=rng.randint(-400, 20))).isoformat(),
        "deadline_before": lambda: (today + timedelta(days=rng.randint(0, 60))).isoformat(),
    }
    weights = [5, 4, 3, 2, 2, 1, 1]
    chosen: dict = {}
    while len(chosen) < count:
        name = rng.choices(list(makers), weights=weights)[0]
        chosen[name] = makers[name]()
    return chosen


def query_of(kind: str, rng: random.Random, vocab: dict, refs: dict) -> dict:
    """The parameters of one query of that class."""
    params: dict = {}
    if kind == "filters only (or the default list)":
        params = _filters(rng, refs, rng.choice([0, 1, 1, 2]))
    elif kind == "one word + a filter":
        params = {"q": _word(rng, vocab["words"], skip=BROAD_WORDS), **_filters(rng, refs, 1)}
    elif kind == "two words or a phrase":
        pool = rng.choice(["words", "phrases"])
        q = _word(rng, vocab[pool])
        if pool == "words":
            q = f"{q} {_word(rng, vocab['words'])}"
        params = {"q": q, **_filters(rng, refs, rng.choice([0, 1]))}
    elif kind == "Chinese term":
        params = {"q": _word(rng, vocab["chinese"]), **_filters(rng, refs, rng.choice([0, 1]))}
    elif kind == "keyword + 3 filters":
        params = {"q": _word(rng, vocab["words"]), **_filters(rng, refs, 3)}
    elif kind == "category only (any level)":
        params = {"category": rng.choice(refs["categories"])}
    elif kind == "broad word, relevance, any status":
        broad = Counter(dict(vocab["words"].most_common(BROAD_WORDS)))
        params = {"q": _word(rng, broad), "sort": "relevance", "status": "any"}
    elif kind == "deep page":
        params = {**_filters(rng, refs, rng.choice([0, 1])), "status": "any"}
        params["page"] = rng.choice([rng.randint(11, 50), rng.randint(51, 500)])
    if kind != "deep page" and rng.random() < 0.15:
        params["page"] = rng.randint(2, 5)
    if rng.random() < 0.15 and "sort" not in params:
        params["sort"] = rng.choice(["newest", "closing", "relevance"])
    return params


def draw_queries(count: int, *, seed: int, vocab: dict, refs: dict) -> list[tuple[str, str, str]]:
    """`count` distinct (class, query string, language) triples, drawn by the classes' weights."""
    rng = random.Random(seed)
    seen: set[str] = set()
    queries = []
    while len(queries) < count:
        kind = rng.choices(list(CLASSES), weights=list(CLASSES.values()))[0]
        query = urlencode(query_of(kind, rng, vocab, refs))
        if query in seen:
            continue
        seen.add(query)
        language = "zh-hans" if kind == "Chinese term" or rng.random() < 0.2 else "en"
        queries.append((kind, query, language))
    return queries


# --- Serving and measuring ---------------------------------------------------------------------------


def production_environment(port: int, static_root: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-" + "x" * 40),
        "USE_HTTPS": "false",  # served over plain http on the loopback
        "STATIC_ROOT": static_root,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "PYTHONPATH": f"{BENCH}{os.pathsep}{ROOT}",
    }


def start_server(environment: dict, port: int) -> subprocess.Popen:
    from throughput import stop

    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
    server = subprocess.Popen(
        [*command, "search_mix:application"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return server
        except urllib.error.HTTPError:
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit(f"gunicorn stopped: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.3)
    stop(server)
    sys.exit("gunicorn did not answer")


def fetch(base: str, query: tuple[str, str, str]) -> dict:
    kind, params, language = query
    url = f"{base}/notices/?{params}"
    request = urllib.request.Request(url, headers={"Accept-Language": language})  # noqa: S310 - http on the loopback
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - as above
        response.read()
        sql_ms = float(response.headers.get(SQL_HEADER, "0"))
    return {
        "kind": kind,
        "params": params,
        "page_ms": (time.perf_counter() - started) * 1000,
        "sql_ms": sql_ms,
    }


def summary(samples: list[dict], label: str) -> dict:
    pages = [s["page_ms"] for s in samples]
    sqls = [s["sql_ms"] for s in samples]
    p95, sql_p95 = percentile(pages, 95), percentile(sqls, 95)
    # Served from the cache, a page sends (almost) no SQL: no ratio to speak of.
    ratio = p95 / sql_p95 if sql_p95 >= 1 else None
    return {
        "class": label,
        "queries": len(samples),
        "page_p50_ms": round(percentile(pages, 50), 1),
        "page_p95_ms": round(p95, 1),
        "page_p99_ms": round(percentile(pages, 99), 1),
        "sql_p50_ms": round(percentile(sqls, 50), 1),
        "sql_p95_ms": round(sql_p95, 1),
        "page_over_sql_p95": round(ratio, 1) if ratio else None,
        "meets_150_ms": p95 <= PAGE_TARGET_MS,
        "meets_3x_sql": ratio is None or ratio <= RATIO_TARGET,
    }


def run(base: str, queries: list, concurrency: int) -> list[dict]:
    with ThreadPoolExecutor(concurrency) as pool:
        return list(pool.map(lambda q: fetch(base, q), queries))


def main():
    from throughput import free_port, stop

    from notices import caching
    from notices.models import Notice

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=800)
    parser.add_argument("--concurrency", type=int, default=2, help="requests in flight")
    parser.add_argument("--repeated", type=int, default=150, help="queries sent a second time")
    parser.add_argument("--seed", type=int, default=None, help="default: new for each run")
    parser.add_argument("--workers", type=int, default=None, help="default: gunicorn.conf.py's")
    parser.add_argument(
        "--slowest", type=int, default=0, help="also print the N slowest queries (to EXPLAIN them)"
    )
    parser.add_argument("--samples", type=Path, help="write every query's figures to this file")
    args = parser.parse_args()
    require_postgresql()
    seed = args.seed if args.seed is not None else int(time.time())
    vocab = vocabulary(sample_titles(20_000, seed=seed))
    if not vocab["words"]:
        sys.exit("No notices: run bench/load.py first.")
    queries = draw_queries(
        args.queries + 20, seed=seed, vocab=vocab, refs=reference_values(seed=seed)
    )
    warm_up, queries = queries[:20], queries[20:]
    caching.notices_changed()  # every fragment cached before this run is out of date
    port = free_port()
    with tempfile.TemporaryDirectory() as static_root:
        environment = production_environment(port, static_root)
        if args.workers:
            environment["WEB_CONCURRENCY"] = str(args.workers)
        server = start_server(environment, port)
        base = f"http://127.0.0.1:{port}"
        try:
            run(
                base, warm_up, args.concurrency
            )  # the workers' first requests (imports, connections)
            log(f"{len(queries)} queries, {args.concurrency} at a time, seed {seed}")
            load_before = Path("/proc/loadavg").read_text().split()[0]
            samples = run(base, queries, args.concurrency)
            repeated = run(base, queries[-args.repeated :], args.concurrency)
            load_after = Path("/proc/loadavg").read_text().split()[0]
        finally:
            stop(server)
    common = {
        "notices": Notice.objects.count(),
        "seed": seed,
        "concurrency": args.concurrency,
        "load_average": f"{load_before} -> {load_after}",
    }
    figures = [summary([s for s in samples if s["kind"] == k], k) for k in CLASSES]
    figures = [f for f in figures if f["queries"]]
    figures.append(summary(samples, "all new queries"))
    figures.append(summary(repeated, "repeated (the last queries again, fragment cached)"))
    for figure in figures:
        record("search_mix", {**common, **figure})
    if args.samples:
        args.samples.write_text("".join(json.dumps(sample) + "\n" for sample in samples))
    for sample in sorted(samples, key=lambda s: -s["page_ms"])[: args.slowest]:
        log(
            f"{sample['page_ms']:8.0f} ms page {sample['sql_ms']:8.0f} ms SQL  {sample['kind']}: ?{sample['params']}"
        )
    words = vocab["words"].most_common(BROAD_WORDS)
    record(
        "search_mix",
        {
            **common,
            "summary": True,
            "broad_words": [w for w, _ in words],
            "vocabulary": {name: len(counter) for name, counter in vocab.items()},
            "worst_class_p95_ms": max(f["page_p95_ms"] for f in figures),
            "all_within_150_ms": all(f["meets_150_ms"] for f in figures),
            "all_within_3x_sql": all(f["meets_3x_sql"] for f in figures),
        },
    )


if __name__ == "__main__":
    main()
