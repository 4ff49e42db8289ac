"""Alert matching at scale: N alerts, then notices dispatched one by one into the outbox.

Loads N alerts (realistic spreads: categories at every level, some countries, some keywords, a few
agencies and types) for N/10 users into the PostgreSQL database DATABASE_URL names (use a database of
its own: it adds rows), then publishes new notices and times `dispatch.queue_for_notice` for each:
matches per notice (median, p99), time from dispatch to outbox rows written (p50, p99, and p99 of
the notices that fit 8,000 to 12,000 alerts), deliveries written per second over the batch, the same
with --workers processes dispatching side by side (as Celery's worker processes do), and the
per-notice time of a naive Python loop over every alert on a small sample. Prints one JSON line and
appends it to bench/results/.

    createdb -h 127.0.0.1 -U postgres portal_alerts_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_alerts_bench \\
      DJANGO_SETTINGS_MODULE=portal.test_settings .venv/bin/python bench/alerts_matching.py --alerts 500000
"""

import argparse
import json
import multiprocessing
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
from spread import Spread  # noqa: E402

from accounts.models import User  # noqa: E402
from notices import keywords  # noqa: E402
from notices.alerts import dispatch, matching, routes  # noqa: E402
from notices.alerts.models import (  # noqa: E402
    Alert,
    AlertAgency,
    AlertCategory,
    AlertCountry,
    AlertDelivery,
    AlertKeyword,
    AlertNoticeType,
    DeliveryStatus,
    DispatchedEvent,
)
from notices.models import Agency, Notice, NoticeStatus, NoticeType  # noqa: E402
from notices.publishing import set_categories, set_countries  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
COUNTRIES = ["CN", "KE", "ET", "BD", "PK", "NG", "UA", "SY", "AF", "YE", "SD", "HT", "IN", "BR"]


def load_alerts(count: int, *, seed: int = 7) -> float:
    """Bulk-load `count` alerts for count/10 users; returns rows per second of the whole load."""
    rng = random.Random(seed)
    spread = Spread(rng)
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
                categories, keyword = spread.alert_criteria()
                countries = rng.sample(COUNTRIES, rng.choice([0, 0, 1, 2]))
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
                            as_substring=keywords.is_chinese(keyword),
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
        # The matcher's routes, derived from what was just loaded (one INSERT ... SELECT).
        rows += routes.rebuild_routes()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return rows / (time.perf_counter() - started)


def new_notices(count: int, *, seed: int = 11, label: str = "BENCH") -> list[Notice]:
    """`count` published notices of 1 to 3 commodities each, in English or (a sixth) in Chinese."""
    rng = random.Random(seed)
    spread = Spread(rng)
    agencies = list(Agency.objects.all())
    now = timezone.now()
    notices, codes_of = [], []
    for n in range(count):
        picks = [spread.commodity() for _ in range(rng.choice([1, 1, 2, 3]))]
        _code, title_en, title_zh = picks[0]
        chinese = bool(title_zh) and rng.random() < 1 / 6
        title = f"{title_zh}采购" if chinese else f"Supply of {title_en.lower()}"
        others = ", ".join((zh if chinese and zh else en) for _c, en, zh in picks[1:])
        notices.append(
            Notice(
                agency=rng.choice(agencies),
                reference=f"{label}/{now:%Y%m%d%H%M%S}/{n}",
                title=f"{title}, lot {n}"[:255],
                description=f"Delivery within 60 days to the country office. {others}".strip(),
                notice_type=rng.choice(NoticeType.values),
                status=NoticeStatus.PUBLISHED,
                published_at=now,
                deadline=now + timedelta(days=21),
                deadline_time_zone="Europe/Copenhagen",
            )
        )
        codes_of.append(([code for code, _en, _zh in picks], rng.sample(COUNTRIES, 2)))
    with transaction.atomic():
        notices = Notice.objects.bulk_create(notices, batch_size=2000)
        for notice, (codes, countries) in zip(notices, codes_of, strict=True):
            set_categories(notice, codes)
            set_countries(notice, countries)
    return notices


def fill_outbox(rows: int) -> float:
    """Bring the outbox to `rows` rows of a year's past sending, as a portal that has run a while
    holds: past notices (loaded for it, and kept for the next run) each sent to 8,000 users, oldest
    first, every row sent. One INSERT ... SELECT on the server per million rows. Returns the
    seconds it took."""
    missing = rows - AlertDelivery.objects.count()
    if missing <= 0:
        return 0.0
    users = list(Alert.objects.order_by("user_id").values_list("user_id", flat=True).distinct())
    per_notice = min(8_000, len(users))
    started = time.perf_counter()
    notices = new_notices(-(-missing // per_notice), seed=13, label="PAST")
    table = AlertDelivery._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_users (n int PRIMARY KEY, user_id bigint)")
        cursor.execute(
            "INSERT INTO bench_users SELECT n - 1, u FROM unnest(%s::bigint[]) "
            "WITH ORDINALITY AS t(u, n)",
            [users],
        )
        cursor.execute("CREATE TEMP TABLE bench_notices (n int PRIMARY KEY, notice_id bigint)")
        cursor.execute(
            "INSERT INTO bench_notices SELECT n - 1, id FROM unnest(%s::bigint[]) "
            "WITH ORDINALITY AS t(id, n)",
            [[n.pk for n in notices]],
        )
        for start in range(0, missing, 1_000_000):
            cursor.execute(
                f"""
                INSERT INTO {table} (user_id, notice_id, kind, event, frequency, matched_prefix,
                    matched_country, status, attempts, last_error, next_attempt_at, claimed_at,
                    sent_at, created_at)
                SELECT u.user_id, bn.notice_id, 'new', '', 'instant', '', '', 'sent', 1, '',
                    at, at, at + interval '1 minute', at
                FROM generate_series(%s, %s) AS g,
                    LATERAL (SELECT now() - interval '365 days' * (1 - g::float / %s) AS at) t,
                    bench_notices bn, bench_users u
                WHERE bn.n = g / %s AND u.n = (g::bigint * 7919 + g / %s) %% %s
                """,
                [
                    start,
                    min(start + 1_000_000, missing) - 1,
                    missing,
                    per_notice,
                    per_notice,
                    len(users),
                ],
            )
        cursor.execute("DROP TABLE bench_users, bench_notices")
        cursor.execute(f"VACUUM ANALYZE {table}")
    return time.perf_counter() - started


def mark_sent(notice: Notice) -> None:
    """What the senders do to a notice's rows once their e-mails are out (sending.Lease, one update
    per batch), here for all its rows at once."""
    now = timezone.now()
    AlertDelivery.objects.filter(notice=notice, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SENT, sent_at=now, claimed_at=now, attempts=1
    )


def outbox_sizes() -> dict:
    """The outbox's rows and the size of the table and of each of its indexes, in MB."""
    table = AlertDelivery._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, round(pg_relation_size(c.oid) / 1048576.0, 1) FROM pg_class c "
            "WHERE c.oid = %s::regclass OR c.oid IN "
            "(SELECT indexrelid FROM pg_index WHERE indrelid = %s::regclass) ORDER BY 2 DESC",
            [table, table],
        )
        sizes = {name: float(mb) for name, mb in cursor.fetchall() if mb}
    return {"outbox_rows": AlertDelivery.objects.count(), "outbox_mb": sizes}


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


def _dispatch_ids(ids: list[int]) -> int:
    connection.close()  # a connection of this process, not the parent's
    return sum(dispatch.queue_for_notice(notice) for notice in Notice.objects.filter(pk__in=ids))


def dispatch_in_parallel(notices: list[Notice], *, workers: int) -> int | None:
    """Deliveries written per second when `workers` processes (as many Celery worker processes)
    dispatch the notices side by side, each notice by one of them."""
    if not notices or workers < 2:
        return None
    connection.close()  # the children must not share the parent's connection
    shares = [[n.pk for n in notices[i::workers]] for i in range(workers)]
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        written = sum(pool.map(_dispatch_ids, shares))
    return round(written / (time.perf_counter() - started))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=500_000)
    parser.add_argument("--notices", type=int, default=10_000, help="new notices loaded")
    parser.add_argument("--dispatch", type=int, default=500, help="of which dispatched and timed")
    parser.add_argument("--naive", type=int, default=1, help="notices timed with the naive loop")
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="processes that dispatch another `--dispatch` notices side by side (0: skip)",
    )
    parser.add_argument(
        "--sending-lag",
        type=int,
        default=0,
        help="after each dispatch, mark the rows of the notice dispatched this many before as sent "
        "(untimed), as the senders would; 0: nothing is sent during the run",
    )
    parser.add_argument(
        "--outbox",
        type=int,
        default=0,
        help="fill the outbox with past sent rows up to this many first (e.g. 10000000)",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this against PostgreSQL (DATABASE_URL=postgres://...).")
    call_command("migrate", verbosity=0)
    existing = Alert.objects.count()
    load_rate = load_alerts(args.alerts - existing) if existing < args.alerts else None
    notices = new_notices(args.notices)
    fill_seconds = fill_outbox(args.outbox)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    before = outbox_sizes()
    timings, matched = [], []
    untimed = 0.0
    started = time.perf_counter()
    for n, notice in enumerate(notices[: args.dispatch]):
        t0 = time.perf_counter()
        matched.append(dispatch.queue_for_notice(notice))
        timings.append((time.perf_counter() - t0) * 1000)
        if args.sending_lag and n >= args.sending_lag:
            t1 = time.perf_counter()
            mark_sent(notices[n - args.sending_lag])
            untimed += time.perf_counter() - t1
    elapsed = time.perf_counter() - started - untimed
    # The same for notices that fit about 10,000 alerts (the target's case): 8,000 to 12,000.
    near = [ms for ms, count in zip(timings, matched, strict=True) if 8_000 <= count <= 12_000]
    parallel = dispatch_in_parallel(
        notices[args.dispatch : 2 * args.dispatch], workers=args.workers
    )
    naive = []
    for notice in notices[: args.naive]:
        t0 = time.perf_counter()
        naive_matches(notice)
        naive.append((time.perf_counter() - t0) * 1000)
    figure = {
        "bench": "alerts_matching",
        "alerts": Alert.objects.count(),
        "notices_loaded": len(notices),
        "notices_dispatched": len(timings),
        "load_rows_per_s": round(load_rate) if load_rate else None,
        "matches_median": statistics.median(matched),
        "matches_p90": percentile(matched, 90),
        "matches_p99": percentile(matched, 99),
        "dispatch_ms_p50": round(percentile(timings, 50), 1),
        "dispatch_ms_p90": round(percentile(timings, 90), 1),
        "dispatch_ms_p99": round(percentile(timings, 99), 1),
        "dispatch_ms_max": round(max(timings), 1),
        "dispatch_ms_p50_near_10k": round(percentile(near, 50), 1) if near else None,
        "dispatch_ms_p90_near_10k": round(percentile(near, 90), 1) if near else None,
        "dispatch_ms_p99_near_10k": round(percentile(near, 99), 1) if near else None,
        "notices_near_10k": len(near),
        "ms_per_1000_deliveries": round(sum(timings) / sum(matched) * 1000, 2),
        "deliveries_per_s": round(sum(matched) / elapsed),
        "sending_lag": args.sending_lag,
        "workers": args.workers,
        f"deliveries_per_s_{args.workers}_workers": parallel,
        "naive_ms_median": round(statistics.median(naive), 1) if naive else None,
        "speedup_vs_naive": round(statistics.median(naive) / percentile(timings, 50), 1)
        if naive
        else None,
        "outbox_fill_s": round(fill_seconds, 1),
        "outbox_before": before,
        "outbox_after": outbox_sizes(),
        "load_average": [round(load, 2) for load in os.getloadavg()],
    }
    print(json.dumps(figure))
    RESULTS.mkdir(exist_ok=True)
    with (RESULTS / "alerts_matching.jsonl").open("a") as out:
        out.write(json.dumps({**figure, "at": timezone.now().isoformat()}) + "\n")
    # Leave the alerts for the next run; drop this run's notices and outbox rows, and vacuum the
    # outbox so that the next run writes into a table as compact as autovacuum keeps it.
    AlertDelivery.objects.filter(notice__in=notices).delete()
    DispatchedEvent.objects.filter(notice__in=notices).delete()
    Notice.objects.filter(pk__in=[n.pk for n in notices]).delete()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {AlertDelivery._meta.db_table}")


if __name__ == "__main__":
    main()
