"""Search timings on N synthetic notices in PostgreSQL: a first measurement before issue 7's bench/.

Loads N notices (a fifth of them in Chinese) with their categories, prefixes and countries into the
database DATABASE_URL points at (use a database of its own: it adds rows), then times each query of
a fixed set, warm, through the Django test client (the whole page) and as raw SQL (the page's main
query alone), printing one JSON line per query and a table.

    createdb -h 127.0.0.1 -U postgres portal_notices_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_notices_bench ALLOWED_HOSTS=testserver \
      DJANGO_SETTINGS_MODULE=portal.test_settings .venv/bin/python bench/notices_search.py --notices 100000
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from notices import search  # noqa: E402
from notices.categories import ancestor_prefixes  # noqa: E402
from notices.filters import NoticeFilter  # noqa: E402
from notices.models import (  # noqa: E402
    Agency,
    Notice,
    NoticeCategory,
    NoticeCategoryPrefix,
    NoticeCountry,
    NoticeStatus,
    NoticeType,
)

WORDS_EN = [
    ("Supply of solar water pumps", ["40151500", "26131500"]),
    ("Laptops and desktop computers", ["43211503", "43211507"]),
    ("Medical consumables and gloves", ["42140000", "42130000"]),
    ("Essential medicines", ["51100000"]),
    ("Four-wheel-drive vehicles", ["25101500"]),
    ("Construction of a school building", ["72120000", "30100000"]),
    ("Rehabilitation of rural roads", ["72140000"]),
    ("Fortified wheat flour", ["50220000"]),
    ("Diesel generators", ["26111700"]),
    ("Office furniture", ["56110000"]),
    ("Family tents and tarpaulins", ["24110000"]),
    ("Freight forwarding services", ["78100000"]),
    ("Management consultancy", ["80100000"]),
    ("Engineering design and supervision", ["81100000"]),
    ("Network equipment", ["43220000"]),
    ("Case management software", ["43232104"]),
    ("Vaccine refrigerators", ["24130000"]),
    ("Teacher training services", ["86100000"]),
]
WORDS_ZH = [
    ("太阳能光伏发电系统采购", ["26130000"]),
    ("医用防护口罩和防护服", ["42130000"]),
    ("笔记本电脑及办公设备", ["43211500", "44100000"]),
    ("小型拖拉机和脱粒机", ["21100000"]),
    ("净水设备和水处理药剂", ["47100000"]),
]
PLACES = ["Kenya", "Ethiopia", "Bangladesh", "Yemen", "Haiti", "Myanmar", "Sudan", "Jordan"]
COUNTRIES = ["CN", "KE", "ET", "BD", "YE", "HT", "MM", "SD", "JO", "NG", "PK", "AF"]
FILLER = (
    "Delivery to the warehouse within {days} days. Bidders must be registered and comply with the "
    "supplier code of conduct. Packaging must be recyclable where possible; quality certificates "
    "are required. Lot {lot} of {lots}."
)

QUERIES = [
    ("default list (open, newest)", ""),
    ("keyword", "q=generators"),
    ("keyword + 3 filters", "q=solar&country=KE&agency=UNICEF&type=itb"),
    ("category only (segment 43)", "category=43"),
    ("category (family) + country", "category=43210000&country=CN"),
    ("Chinese substring, 2 characters", "q=光伏"),
    ("Chinese substring, 3 characters", "q=太阳能"),
    ("common word, relevance", "q=supply&sort=relevance&status=any"),
    ("closing soonest", "sort=closing"),
    ("any status, newest", "status=any"),
    ("last page (50)", "status=any&page=50"),
]


def load(count: int, batch: int = 5000) -> None:
    rng = random.Random(7)
    agencies = list(Agency.objects.all())
    now = timezone.now()
    made = 0
    while made < count:
        size = min(batch, count - made)
        with transaction.atomic():
            notices, codes = [], []
            for number in range(made, made + size):
                chinese = rng.random() < 0.2
                title, categories = rng.choice(WORDS_ZH if chinese else WORDS_EN)
                published = now - timedelta(days=rng.uniform(0, 365))
                notices.append(
                    Notice(
                        agency=rng.choice(agencies),
                        reference=f"BENCH/{number:07d}",
                        title=f"{title} - {rng.choice(PLACES)} {number % 97}",
                        description=FILLER.format(days=rng.randint(10, 90), lot=1, lots=3),
                        notice_type=rng.choice(NoticeType.values[:-1]),
                        status=NoticeStatus.PUBLISHED,
                        published_at=published,
                        deadline=published + timedelta(days=rng.randint(7, 45)),
                        deadline_time_zone="UTC",
                        sme_friendly=rng.random() < 0.4,
                        women_owned_preference=rng.random() < 0.2,
                    )
                )
                codes.append((categories, rng.sample(COUNTRIES, rng.randint(1, 2))))
            Notice.objects.bulk_create(notices, batch_size=1000)
            categories, prefixes, countries = [], [], []
            for notice, (notice_codes, notice_countries) in zip(notices, codes, strict=True):
                categories += [NoticeCategory(notice=notice, code=c) for c in notice_codes]
                prefixes += [
                    NoticeCategoryPrefix(notice=notice, prefix=p)
                    for p in sorted({p for c in notice_codes for p in ancestor_prefixes(c)})
                ]
                countries += [NoticeCountry(notice=notice, country=c) for c in notice_countries]
            NoticeCategory.objects.bulk_create(categories, batch_size=5000)
            NoticeCategoryPrefix.objects.bulk_create(prefixes, batch_size=5000)
            NoticeCountry.objects.bulk_create(countries, batch_size=5000)
        made += size
        print(f"loaded {made:,}", file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(function, runs: int) -> tuple[float, float]:
    function()  # warm
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(int(len(samples) * 0.95) - 1, 0)]


def raw_sql(query: str):
    """The page's main queries alone: its count and its page of rows (facets are cached)."""
    filterset = NoticeFilter(QueryDict(query), queryset=search.public_notices())
    page = QueryDict(query).get("page") or 1

    def run():
        total = search.count(filterset.qs)
        search.page_of(
            filterset.results.defer("search_vector", "description"), number=page, total=total
        )

    return run


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--notices", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at PostgreSQL.")
    call_command("migrate", verbosity=0)
    have = Notice.objects.filter(reference__startswith="BENCH/").count()
    if not args.skip_load and have < args.notices:
        started = time.perf_counter()
        load(args.notices - have)
        print(f"load: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    client = Client()
    notice = Notice.objects.filter(reference__startswith="BENCH/").order_by("-id").first()
    rows = []
    for name, query in QUERIES:
        page_p50, page_p95 = timed(lambda q=query: client.get(f"/notices/?{q}"), args.runs)
        sql_p50, sql_p95 = timed(raw_sql(query), args.runs)
        rows.append((name, query, page_p50, page_p95, sql_p50, sql_p95))
    for name, path in [
        ("notice page", f"/notices/{notice.pk}/"),
        ("API page (100 releases)", "/api/notices/"),
        ("RSS feed", "/notices/feed/?category=43"),
    ]:
        page_p50, page_p95 = timed(lambda p=path: client.get(p), args.runs)
        rows.append((name, path, page_p50, page_p95, None, None))
    total = Notice.objects.count()
    for name, query, page_p50, page_p95, sql_p50, sql_p95 in rows:
        print(
            json.dumps(
                {
                    "notices": total,
                    "query": name,
                    "params": query,
                    "page_p50_ms": round(page_p50, 1),
                    "page_p95_ms": round(page_p95, 1),
                    "sql_p50_ms": sql_p50 and round(sql_p50, 1),
                    "sql_p95_ms": sql_p95 and round(sql_p95, 1),
                },
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    main()
