"""The notice search at scale: a fixed set of queries, warm, the whole page beside its raw SQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench REDIS_URL=redis://127.0.0.1:6379/10 \\
        .venv/bin/python bench/search.py --notices 1000000 --runs 30

Loads notices with bench/load.py up to --notices if fewer are there. For each query: p50 and p95 of
the whole page through the Django test client (middleware, session, template; the facet counts
and reference data cached as in production, the first request warms them) with the rendered
search fragment NOT reused, then the same with it reused (notices.caching, as in production), and p50/p95 of the page's main
SQL statements alone (the capped count and the page of rows, as the page sends them, replayed on a
cursor). Targets: page p95 at most 150 ms and at most 3 times its raw SQL. Prints one JSON
line per query and a summary line, appended to bench/results/search.jsonl.
"""

import argparse
import re

from common import log, record, require_postgresql, timed
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from load import load_notices, loaded_notices

from notices import search
from notices.filters import NoticeFilter
from notices.models import Notice

# The set: keyword alone, keyword plus three filters, category only, Chinese substring, a
# common word sorted by relevance, closing soonest, page 500; with the default list for reference.
QUERIES = [
    ("default list (open, newest)", ""),
    ("keyword", "q=pumps"),
    ("keyword + 3 filters", "q=pumps&country=KE&agency=UNICEF&type=itb"),
    ("category only (segment 43)", "category=43"),
    ("Chinese substring", "q=设备"),
    ("common word, relevance, any status", "q=supply&sort=relevance&status=any"),
    ("closing soonest", "sort=closing"),
    ("page 500, any status", "status=any&page=500"),
]
PAGE_TARGET_MS = 150
RATIO_TARGET = 3
MAIN_QUERY = re.compile(r'FROM "notices_notice"', re.I)


def main_statements(query: str) -> list[tuple[str, tuple]]:
    """The SQL the page sends for its count and its rows (what the database must do for it)."""
    params = QueryDict(query)
    filterset = NoticeFilter(params, queryset=search.public_notices())
    with CaptureQueriesContext(connection) as captured:
        total = search.count(filterset.qs)
        matches = search.matches_of(filterset.qs, total)
        search.page_of(
            search.ordered(matches, sort=filterset.chosen_sort, q=filterset.keywords).defer(
                "search_vector", "description"
            ),
            number=params.get("page"),
            total=total,
        )
    return [q["sql"] for q in captured.captured_queries if MAIN_QUERY.search(q["sql"])]


def replay(statements: list[str]):
    def run():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    require_postgresql()
    call_command("migrate", verbosity=0)
    missing = args.notices - loaded_notices()
    if missing > 0:
        log(f"loading {missing:,} notices")
        load_notices(missing)
    client = Client()
    notices = Notice.objects.count()
    figures = []
    for name, query in QUERIES:
        # The search itself: the rendered fragment is not reused (notices.caching off).
        settings.NOTICES_PAGE_CACHE_SECONDS = 0
        page = timed(lambda q=query: _ok(client.get(f"/notices/?{q}")), args.runs)
        settings.NOTICES_PAGE_CACHE_SECONDS = 60
        cached = timed(lambda q=query: _ok(client.get(f"/notices/?{q}")), args.runs)
        sql = timed(replay(main_statements(query)), args.runs)
        ratio = page["p95_ms"] / max(sql["p95_ms"], 0.1)
        figure = {
            "notices": notices,
            "query": name,
            "params": query,
            "page_p50_ms": page["p50_ms"],
            "page_p95_ms": page["p95_ms"],
            "cached_page_p50_ms": cached["p50_ms"],
            "cached_page_p95_ms": cached["p95_ms"],
            "sql_p50_ms": sql["p50_ms"],
            "sql_p95_ms": sql["p95_ms"],
            "page_over_sql": round(ratio, 1),
            "meets_150_ms": page["p95_ms"] <= PAGE_TARGET_MS,
            "meets_3x_sql": ratio <= RATIO_TARGET,
        }
        figures.append(record("search", figure))
    notice = Notice.objects.order_by("-id").only("pk").first()
    for name, path in [
        ("notice page", f"/notices/{notice.pk}/"),
        ("API page (100 releases)", "/api/notices/"),
        ("RSS feed (segment 43)", "/notices/feed/?category=43"),
    ]:
        page = timed(lambda p=path: _ok(client.get(p)), args.runs)
        record(
            "search",
            {
                "notices": notices,
                "query": name,
                "params": path,
                **{f"page_{k}": v for k, v in page.items()},
            },
        )
    record(
        "search",
        {
            "notices": notices,
            "summary": True,
            "worst_page_p95_ms": max(f["page_p95_ms"] for f in figures),
            "all_within_150_ms": all(f["meets_150_ms"] for f in figures),
            "all_within_3x_sql": all(f["meets_3x_sql"] for f in figures),
        },
    )


def _ok(response):
    assert response.status_code == 200, response.status_code
    return response


if __name__ == "__main__":
    main()
