"""The category search's time per keystroke (categories.search.search_categories), on the categories
the database holds (it runs `migrate`, which loads the shipped ones).

The queries are those of the search's test table (tests/categories/search_cases.py) as a supplier
types them: every prefix of two characters or more of each ("la", "lap", "lapt", ...), English and
Chinese. Warm: each query timed --rounds times with the index built. Cold: the first query with no
index, as in a new process, and the first after a change of the categories (the stems of the titles
already known), --cold times each. Prints one JSON line with p50, p95 and max in milliseconds and
the load average:

    .venv/bin/python bench/category_search.py                      # SQLite (var/portal.sqlite3)
    DATABASE_URL=postgres://... .venv/bin/python bench/category_search.py
"""

import argparse
import os
import statistics
import time

# common sets Django up first, with the project on the path.
from common import log, percentile, record
from django.core.management import call_command

from categories import search
from categories.models import Category
from tests.categories.search_cases import CASES


def typed_queries() -> list[str]:
    """Every prefix (two characters or more) of every query of the test table, once each."""
    queries = []
    for case in CASES:
        for end in range(2, len(case.query) + 1):
            if (prefix := case.query[:end].strip()) and prefix not in queries:
                queries.append(prefix)
    return queries


def milliseconds(function) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def summary(samples: list[float]) -> dict:
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 95), 2),
        "max_ms": round(max(samples), 2),
    }


def cold_first_query(query: str) -> float:
    search._index = None  # as in a new process: no index, no stem computed yet
    search.stem.cache_clear()
    search.forget_search_index()
    return milliseconds(lambda: search.search_categories(query))


def first_query_after_a_change(query: str) -> float:
    search.forget_search_index()  # as after a staff edit: the stems of the titles are known
    return milliseconds(lambda: search.search_categories(query))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cold", type=int, default=10)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    queries = typed_queries()
    log(f"{len(queries)} queries over {Category.objects.count()} categories")
    cold = [cold_first_query(queries[i % len(queries)]) for i in range(args.cold)]
    changed = [first_query_after_a_change(queries[i % len(queries)]) for i in range(args.cold)]
    warm = [
        milliseconds(lambda q=query: search.search_categories(q))
        for _ in range(args.rounds)
        for query in queries
    ]
    record(
        "category_search",
        {
            "queries": len(queries),
            "categories": Category.objects.count(),
            "warm": summary(warm),
            "cold_first_query": summary(cold),
            "first_query_after_a_change": summary(changed),
            "load_average": [round(load, 2) for load in os.getloadavg()],
        },
    )


if __name__ == "__main__":
    main()
