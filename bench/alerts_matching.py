"""Alert matching at scale: N alerts, then notices dispatched one by one into the outbox.

Loads N alerts (realistic spreads: categories at every level, some countries, some keywords, a few
agencies and types) for N/10 users into the PostgreSQL database DATABASE_URL names (use a database of
its own: it adds rows), then publishes new notices and times `alerts.queue_for_notice` for each:
matches per notice (median, p99), time from dispatch to outbox rows written (p50, p99), deliveries
written per second over the batch, and the same per-notice time for a naive Python loop over every
alert on a small sample. Prints one JSON line and appends it to bench/results/.

    createdb -h 127.0.0.1 -U postgres portal_alerts_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_alerts_bench \\
      DJANGO_SETTINGS_MODULE=portal.test_settings .venv/bin/python bench/alerts_matching.py --alerts 500000
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

from allauth.account.models import EmailAddress  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from notices import alerts, matching  # noqa: E402
from notices.models import (  # noqa: E402
    Agency,
    Alert,
    AlertAgency,
    AlertCategory,
    AlertCountry,
    AlertDelivery,
    AlertKeyword,
    AlertNoticeType,
    DispatchedEvent,
    Notice,
    NoticeStatus,
    NoticeType,
)
from notices.publishing import set_categories, set_countries  # noqa: E402
from portal.models import User  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
# What notices are about, and the codes that classify them.
TOPICS = [
    ("Supply of solar water pumps", ["40151500", "26131500"]),
    ("Laptops and desktop computers", ["43211503", "43211507"]),
    ("Medical consumables and gloves", ["42140000", "42132200"]),
    ("Essential medicines", ["51100000"]),
    ("Four-wheel-drive vehicles", ["25101500"]),
    ("Construction of a school building", ["72120000", "30100000"]),
    ("Fortified wheat flour", ["50220000"]),
    ("Diesel generators", ["26111700"]),
    ("Office furniture", ["56110000"]),
    ("Family tents and tarpaulins", ["24110000"]),
    ("太阳能路灯采购", ["39111800"]),
    ("医疗设备和耗材", ["42180000"]),
]
KEYWORDS = [
    "solar",
    "pumps",
    "vehicles",
    "medicines",
    "laptops",
    "tents",
    "flour",
    "generators",
    "太阳能",
]
COUNTRIES = ["CN", "KE", "ET", "BD", "PK", "NG", "UA", "SY", "AF", "YE", "SD", "HT"]


def prefixes_of_pool() -> list[str]:
    codes = [code for _title, codes in TOPICS for code in codes]
    # An alert picks a segment, family, class or commodity of what notices are classified under.
    return sorted({code[:length] for code in codes for length in (2, 4, 6, 8)})


def load_alerts(count: int, *, seed: int = 7) -> float:
    """Bulk-load `count` alerts for count/10 users; returns rows per second of the whole load."""
    rng = random.Random(seed)
    prefixes = prefixes_of_pool()
    agencies = list(Agency.objects.values_list("pk", flat=True))
    users_needed = max(count // 10, 1)
    started = time.perf_counter()
    rows = 0
    with transaction.atomic():
        first = User.objects.count()
        users = [
            User(email=f"bench{first + n}@example.com", password="!", language="zh-hans")
            for n in range(users_needed)
        ]
        User.objects.bulk_create(users, batch_size=5000)
        users = list(User.objects.filter(email__startswith="bench").values_list("pk", "email"))
        EmailAddress.objects.bulk_create(
            (
                EmailAddress(user_id=pk, email=email, verified=True, primary=True)
                for pk, email in users
            ),
            batch_size=5000,
            ignore_conflicts=True,
        )
        rows += 2 * len(users)
        user_ids = [pk for pk, _email in users]
        for start in range(0, count, 10_000):
            batch = []
            criteria = []
            for n in range(start, min(start + 10_000, count)):
                categories = rng.sample(prefixes, rng.choice([1, 1, 2, 3]))
                countries = rng.sample(COUNTRIES, rng.choice([0, 0, 1, 2]))
                keyword = rng.choice(KEYWORDS) if rng.random() < 0.2 else ""
                agency = [rng.choice(agencies)] if rng.random() < 0.1 else []
                types = [NoticeType.REQUEST_FOR_QUOTATION] if rng.random() < 0.1 else []
                batch.append(
                    Alert(
                        user_id=user_ids[n % len(user_ids)],
                        name=f"alert {n}",
                        keywords=keyword,
                        frequency=rng.choice(["instant", "instant", "daily", "weekly"]),
                        any_category=False,
                        any_country=not countries,
                        any_agency=not agency,
                        any_type=not types,
                        has_keywords=bool(keyword),
                    )
                )
                criteria.append((categories, countries, keyword, agency, types))
            created = Alert.objects.bulk_create(batch, batch_size=5000)
            children = {
                AlertCategory: [],
                AlertCountry: [],
                AlertKeyword: [],
                AlertAgency: [],
                AlertNoticeType: [],
            }
            for alert, (categories, countries, keyword, agency, types) in zip(
                created, criteria, strict=True
            ):
                children[AlertCategory] += [
                    AlertCategory(alert=alert, prefix=p) for p in categories
                ]
                children[AlertCountry] += [AlertCountry(alert=alert, country=c) for c in countries]
                if keyword:
                    children[AlertKeyword].append(
                        AlertKeyword(
                            alert=alert,
                            term=keyword,
                            as_substring=matching.is_substring_term(keyword),
                        )
                    )
                children[AlertAgency] += [AlertAgency(alert=alert, agency_id=a) for a in agency]
                children[AlertNoticeType] += [
                    AlertNoticeType(alert=alert, notice_type=t) for t in types
                ]
            for model, objects in children.items():
                model.objects.bulk_create(objects, batch_size=10_000)
                rows += len(objects)
            rows += len(created)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return rows / (time.perf_counter() - started)


def new_notices(count: int, *, seed: int = 11) -> list[Notice]:
    rng = random.Random(seed)
    agencies = list(Agency.objects.all())
    now = timezone.now()
    notices = []
    for n in range(count):
        title, codes = rng.choice(TOPICS)
        notice = Notice.objects.create(
            agency=rng.choice(agencies),
            reference=f"BENCH/{now:%Y%m%d%H%M%S}/{n}",
            title=f"{title}, lot {n}",
            description="Delivery within 60 days to the country office.",
            notice_type=rng.choice(NoticeType.values),
            status=NoticeStatus.PUBLISHED,
            published_at=now,
            deadline=now + timedelta(days=21),
            deadline_time_zone="Europe/Copenhagen",
        )
        set_categories(notice, codes)
        set_countries(notice, rng.sample(COUNTRIES, 2))
        notices.append(notice)
    return notices


def naive_matches(notice: Notice) -> int:
    """The loop the database replaces: every alert in Python, checked criterion by criterion."""
    prefixes = set(notice.category_prefixes.values_list("prefix", flat=True))
    countries = set(notice.countries.values_list("country", flat=True))
    text = matching.notice_text(notice)
    count = 0
    for alert in (
        Alert.objects.filter(is_paused=False)
        .prefetch_related(
            "category_prefixes", "countries", "agencies", "notice_types", "keyword_terms"
        )
        .iterator(chunk_size=5000)
    ):
        if (
            not alert.any_category
            and not {c.prefix for c in alert.category_prefixes.all()} & prefixes
        ):
            continue
        if (
            not alert.any_country
            and not {str(c.country) for c in alert.countries.all()} & countries
        ):
            continue
        if not alert.any_agency and notice.agency_id not in {
            a.agency_id for a in alert.agencies.all()
        }:
            continue
        if not alert.any_type and notice.notice_type not in {
            t.notice_type for t in alert.notice_types.all()
        }:
            continue
        if any(k.term not in text for k in alert.keyword_terms.all() if not k.excluded):
            continue
        count += 1
    return count


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=500_000)
    parser.add_argument("--notices", type=int, default=200, help="new notices dispatched and timed")
    parser.add_argument("--naive", type=int, default=3, help="notices timed with the naive loop")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this against PostgreSQL (DATABASE_URL=postgres://...).")
    call_command("migrate", verbosity=0)
    existing = Alert.objects.count()
    load_rate = load_alerts(args.alerts - existing) if existing < args.alerts else None
    notices = new_notices(args.notices)
    timings, matched = [], []
    started = time.perf_counter()
    for notice in notices:
        t0 = time.perf_counter()
        matched.append(alerts.queue_for_notice(notice))
        timings.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - started
    naive = []
    for notice in notices[: args.naive]:
        t0 = time.perf_counter()
        naive_matches(notice)
        naive.append((time.perf_counter() - t0) * 1000)
    figure = {
        "bench": "alerts_matching",
        "alerts": Alert.objects.count(),
        "notices_timed": len(notices),
        "load_rows_per_s": round(load_rate) if load_rate else None,
        "matches_median": statistics.median(matched),
        "matches_p99": percentile(matched, 99),
        "dispatch_ms_p50": round(percentile(timings, 50), 1),
        "dispatch_ms_p99": round(percentile(timings, 99), 1),
        "deliveries_per_s": round(sum(matched) / elapsed),
        "naive_ms_median": round(statistics.median(naive), 1) if naive else None,
        "speedup_vs_naive": round(statistics.median(naive) / percentile(timings, 50), 1)
        if naive
        else None,
    }
    print(json.dumps(figure))
    RESULTS.mkdir(exist_ok=True)
    with (RESULTS / "alerts_matching.jsonl").open("a") as out:
        out.write(json.dumps({**figure, "at": timezone.now().isoformat()}) + "\n")
    # Leave the alerts for the next run; drop this run's notices and outbox rows.
    AlertDelivery.objects.filter(notice__in=notices).delete()
    DispatchedEvent.objects.filter(notice__in=notices).delete()
    Notice.objects.filter(pk__in=[n.pk for n in notices]).delete()


if __name__ == "__main__":
    main()
