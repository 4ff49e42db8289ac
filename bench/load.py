"""Load a portal-sized data set with COPY: notices, suppliers (with their users) and alerts.

    createdb -h 127.0.0.1 -U postgres portal_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/load.py \\
        --notices 1000000 --suppliers 250000 --alerts 500000

How it stays fast (PostgreSQL only):
- rows are generated in Python and streamed with COPY in chunks; ids are allocated up front so that
  child rows (categories, prefixes, countries, alert criteria) need no round trip;
- for a large load the tables' secondary indexes, unique and foreign-key constraints are dropped
  first and rebuilt once at the end (one sort per index instead of a million insertions), all in one
  transaction, so that a failed load leaves the tables as they were;
- notices are copied into a staging table, then moved with one INSERT ... SELECT that computes the
  search vector set-wise (`notices_search_vector`, migration 0011) with the per-row trigger off.

`load_notices(n)`, `load_suppliers(n)` and `load_alerts(n)` are plain functions that other benches
import. Run alone, the script loads what is missing up to the sizes asked for, times `bulk_create`
on a sample of the same rows, and prints rows per second for both (one JSON line).
"""

import argparse
import csv
import io
import json
import random
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal

from common import log, record, require_postgresql
from django.core.management import call_command
from django.db import connection, models, transaction
from django.utils import timezone
from spread import Spread

from accounts.models import User
from categories.unspsc import DATA_DIR, ancestor_prefixes
from notices.alerts import routes
from notices.alerts.models import (
    Alert,
    AlertAgency,
    AlertCategory,
    AlertCountry,
    AlertKeyword,
    AlertNoticeType,
    AlertRoute,
)
from notices.models import (
    Agency,
    Notice,
    NoticeCategory,
    NoticeCategoryPrefix,
    NoticeCountry,
    NoticeStatus,
    NoticeType,
)
from suppliers.models import Supplier, SupplierStatus

CHUNK = 20_000
# Below this many rows the indexes stay in place: rebuilding them would cost more than maintaining.
REBUILD_FROM = 50_000
REFERENCE_PREFIX = "LOAD/"
SUPPLIER_EMAIL = "supplier-{n}@load.example.org"
CHINESE_SHARE = 0.15

COUNTRIES = ["CN", "KE", "ET", "BD", "PK", "NG", "UA", "SY", "AF", "YE", "SD", "HT", "MM", "JO"]
COUNTRIES += ["LB", "SO", "SS", "CD", "ML", "NE", "TD", "VE", "CO", "IQ", "TR", "UG", "TZ", "MZ"]
PLACES = {
    "CN": ("Beijing", "北京"),
    "KE": ("Nairobi", "内罗毕"),
    "ET": ("Addis Ababa", "亚的斯亚贝巴"),
    "BD": ("Cox's Bazar", "科克斯巴扎尔"),
    "PK": ("Islamabad", "伊斯兰堡"),
    "NG": ("Maiduguri", "迈杜古里"),
    "UA": ("Kyiv", "基辅"),
    "SY": ("Damascus", "大马士革"),
    "AF": ("Kabul", "喀布尔"),
    "YE": ("Aden", "亚丁"),
    "SD": ("Port Sudan", "苏丹港"),
    "HT": ("Port-au-Prince", "太子港"),
}
OPENINGS = [
    "Supply and delivery of {item}",
    "Procurement of {item}",
    "Long-term agreement for {item}",
    "Framework agreement: {item}",
    "{Item} for the {place} office",
    "Provision of {item} ({family})",
    "{Item} and related services",
]
SENTENCES = [
    "{agency} invites qualified suppliers to submit offers for {item} for delivery to {place}.",
    "The requirement falls under {family} ({segment}).",
    "Quantity: {quantity} units, delivered in {lots} lots within {days} days of the purchase order.",
    "Offers must comply with the UN Supplier Code of Conduct and include quality certificates.",
    "Packaging must be recyclable; suppliers with an environmental management system are preferred.",
    "Small and medium enterprises and women-owned businesses are encouraged to apply.",
    "Questions may be sent until five working days before the deadline.",
    "Prices must be quoted {incoterm} {place}, in United States dollars.",
]
CHINESE_OPENINGS = [
    "{family}采购",
    "{family}供应及交付",
    "{family}长期协议",
    "{place}办事处{family}采购",
]
CHINESE_SENTENCES = [
    "{agency}邀请合格供应商就{family}提交报价，交货地点为{place}。",
    "数量：{quantity}件，分{lots}批在{days}天内交付。",
    "投标人须遵守联合国供应商行为守则，并提供质量证书。",
    "鼓励中小企业和女性拥有的企业参与投标。",
]
INCOTERMS = ["DAP", "CIP", "FCA", "EXW", "DDP"]


# --- Reference data for the generators ----------------------------------------------------------------


class Vocabulary:
    """UNSPSC commodities (with their family and segment titles, English and Chinese) and agencies."""

    def __init__(self):
        rows = _csv("unspsc.csv") + _csv("unspsc_extra.csv")
        titles = {row["code"]: row["title"] for row in rows}
        self.chinese = {row["code"]: row["title_zh"] for row in _csv("unspsc_zh.csv")}
        self.commodities = [
            (row["code"], row["title"], titles.get(row["code"][:4] + "0000", ""))
            for row in rows
            if row["level"] == "commodity"
        ]
        self.segments = {code: title for code, title in titles.items() if code.endswith("000000")}
        # Chinese notices are about a family with a Chinese title, classified at a leaf under it.
        self.chinese_commodities = [
            (code, title, family)
            for code, title, family in self.commodities
            if code[:4] + "0000" in self.chinese
        ]
        self.agencies = list(Agency.objects.values_list("pk", "acronym", "name_en"))


def _csv(name: str) -> list[dict]:
    path = DATA_DIR / name
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- COPY ------------------------------------------------------------------------------------------------


def _copy_text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, datetime | date):
        value = value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
        text = text.replace("\r", "\\r")
    return text


class Table:
    """The columns of a model's table in COPY order: the ones a generator gives, then every other
    concrete field with its default (computed once), so that a row is a short tuple; a column the
    database computes (a generated field) is left to it."""

    def __init__(self, model: type[models.Model], given: list[str], *, now: datetime):
        self.name = model._meta.db_table
        self.given = given
        self.defaults = {}
        for field in model._meta.concrete_fields:
            if field.column in given or field.primary_key or field.generated:
                continue  # an id not given comes from the table's sequence
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            elif field.has_default():
                value = field.get_default()
            elif field.null:
                value = None
            elif isinstance(field, models.CharField | models.TextField):
                value = ""
            else:
                raise ValueError(f"{model.__name__}.{field.name} needs a value in the load")
            self.defaults[field.column] = value
        self.columns = [*given, *self.defaults]
        self.tail = "\t".join(_copy_text(v) for v in self.defaults.values())

    def line(self, row: tuple) -> str:
        head = "\t".join(_copy_text(v) for v in row)
        return f"{head}\t{self.tail}\n" if self.tail else f"{head}\n"


def copy_rows(table: Table, rows: Iterable[tuple], *, into: str | None = None) -> int:
    """COPY the rows into the table (or into `into`, a staging table with the same columns), in
    chunks of CHUNK rows. Returns how many were written."""
    columns = ", ".join(f'"{column}"' for column in table.columns)
    sql = f"COPY {into or table.name} ({columns}) FROM STDIN"
    written = 0
    buffer = io.StringIO()
    with connection.cursor() as cursor:
        for n, row in enumerate(rows, 1):
            buffer.write(table.line(row))
            if n % CHUNK == 0:
                written += _flush(cursor, sql, buffer)
                buffer = io.StringIO()
        written += _flush(cursor, sql, buffer)
    return written


def _flush(cursor, sql: str, buffer: io.StringIO) -> int:
    lines = buffer.getvalue().count("\n")
    if lines:
        buffer.seek(0)
        cursor.cursor.copy_expert(sql, buffer)  # psycopg2's COPY FROM STDIN
    return lines


def next_ids(model: type[models.Model], count: int) -> int:
    """Reserve `count` ids of the model's sequence; returns the first."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
        first = cursor.fetchone()[0]
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, first + count - 1]
        )
    return first


@contextmanager
def deferred_indexes(tables: list[str], *, rows: int):
    """Drop the tables' secondary indexes, unique and foreign-key constraints (not the primary keys
    or checks) and create them again on leaving, when `rows` is large enough to make it pay. Use
    inside a transaction: PostgreSQL's DDL is transactional, a failure restores everything."""
    if rows < REBUILD_FROM:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid)
               FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('u', 'f')""",
            [tables],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            """SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)
               AND indexname NOT IN (SELECT conname FROM pg_constraint
                                     WHERE conrelid = ANY(%s::regclass[]))""",
            [tables, tables],
        )
        indexes = cursor.fetchall()
        for table, name, _kind, _definition in sorted(constraints, key=lambda c: c[2]):  # f, u
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for table, name, _kind, definition in sorted(constraints, key=lambda c: c[2], reverse=True):
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for _name, definition in indexes:
            cursor.execute(definition)
    log(f"  indexes and constraints of {', '.join(tables)}: {time.perf_counter() - started:.0f} s")


def analyze(tables: list[str]) -> None:
    """VACUUM as well as ANALYZE: the visibility map that a fresh load lacks is what lets counts
    and joins be index-only scans (without it, 600 ms instead of 120 ms for a segment's count)."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) {table}")


# --- Notices ---------------------------------------------------------------------------------------------

NOTICE_COLUMNS = [
    "id",
    "agency_id",
    "reference",
    "title",
    "description",
    "notice_type",
    "status",
    "published_at",
    "deadline",
    "estimated_value",
    "currency",
    "sme_friendly",
    "women_owned_preference",
    "document_language",
    "cancelled_at",
    "cancellation_reason",
    "created_at",
    "updated_at",
]
NOTICE_TABLES = [
    Notice._meta.db_table,
    NoticeCategory._meta.db_table,
    NoticeCategoryPrefix._meta.db_table,
    NoticeCountry._meta.db_table,
]
TYPES = [t for t in NoticeType.values if t != NoticeType.CONTRACT_AWARD]


def notice_rows(
    vocabulary: Vocabulary, *, first_id: int, count: int, now: datetime, seed: int
) -> Iterator[tuple[tuple, list[str], list[str]]]:
    """(the notice's columns as NOTICE_COLUMNS, its category codes, its countries), `count` times.

    Published over the last two years in the order of their ids (about one in fifteen still open), closing 7 to 60 days
    after; 4% cancelled, 8% awarded; English titles and descriptions made of UNSPSC titles, a share
    in Chinese; one to three leaf codes, one or two countries, one of the agencies."""
    rng = random.Random(seed)
    for notice_id in range(first_id, first_id + count):
        chinese = rng.random() < CHINESE_SHARE
        code, item, family = rng.choice(
            vocabulary.chinese_commodities if chinese else vocabulary.commodities
        )
        codes = [
            code,
            *(rng.choice(vocabulary.commodities)[0] for _ in range(rng.choice([0, 0, 1, 2]))),
        ]
        countries = rng.sample(COUNTRIES, rng.choice([1, 1, 1, 2]))
        agency_id, acronym, agency_name = rng.choice(vocabulary.agencies)
        place, place_zh = PLACES.get(countries[0], (countries[0], countries[0]))
        words = {
            "item": item.lower(),
            "Item": item,
            "family": family.lower() or item.lower(),
            "segment": vocabulary.segments.get(code[:2] + "000000", "").lower(),
            "agency": agency_name,
            "place": place,
            "quantity": rng.randint(10, 5000),
            "lots": rng.randint(1, 5),
            "days": rng.choice([30, 45, 60, 90]),
            "incoterm": rng.choice(INCOTERMS),
        }
        if chinese:
            words |= {"family": vocabulary.chinese[code[:4] + "0000"], "place": place_zh}
            title = rng.choice(CHINESE_OPENINGS).format(**words)
            description = "".join(rng.sample(CHINESE_SENTENCES, 3)).format(**words)
        else:
            title = rng.choice(OPENINGS).format(**words)
            description = " ".join(rng.sample(SENTENCES, rng.randint(3, 6))).format(**words)
        # In the order they were published, as a portal's table fills: the newest (the open
        # notices most searches ask for) sit together at the end of the table, not one per page
        # across all of it.
        published = now - timedelta(
            seconds=730 * 86400 * (1 - (notice_id - first_id + rng.random()) / count)
        )
        kind = rng.random()
        status = NoticeStatus.PUBLISHED
        if kind < 0.04:
            status = NoticeStatus.CANCELLED
        elif kind < 0.12:
            status = NoticeStatus.AWARDED
        value = Decimal(rng.randint(5, 5000) * 1000) if rng.random() < 0.5 else None
        yield (
            (
                notice_id,
                agency_id,
                f"{REFERENCE_PREFIX}{acronym}/{notice_id:08d}",
                title[:300],
                description,
                rng.choice(TYPES),
                status,
                published,
                published + timedelta(days=rng.randint(7, 60), hours=rng.randint(0, 23)),
                value,
                "USD" if value is not None else "",
                rng.random() < 0.4,
                rng.random() < 0.2,
                "zh" if chinese else "en",
                published + timedelta(days=3) if status == NoticeStatus.CANCELLED else None,
                "Requirement withdrawn." if status == NoticeStatus.CANCELLED else "",
                published,
                published + timedelta(days=3) if status == NoticeStatus.CANCELLED else published,
            ),
            codes,
            countries,
        )


def load_notices(count: int, *, seed: int = 7) -> dict:
    """COPY `count` generated notices with their categories, prefixes and countries, and their
    search vectors computed set-wise. Returns {"rows": ..., "seconds": ...}."""
    started = time.perf_counter()
    now = timezone.now()
    vocabulary = Vocabulary()
    notices = Table(Notice, NOTICE_COLUMNS, now=now)
    categories = Table(NoticeCategory, ["notice_id", "code"], now=now)
    prefixes = Table(NoticeCategoryPrefix, ["notice_id", "prefix"], now=now)
    countries = Table(NoticeCountry, ["notice_id", "country"], now=now)
    children = {categories: [], prefixes: [], countries: []}
    rows = 0
    with transaction.atomic():
        first = next_ids(Notice, count)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute(
                # Not a TEMP table: parallel workers can't read those.
                "CREATE UNLOGGED TABLE notice_load (LIKE notices_notice INCLUDING DEFAULTS)"
            )
            # Their triggers copy each statement's codes onto the notices' rows (migration 0036),
            # which are not in yet: the lists are computed set-wise when they are moved in.
            for table in CODE_TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        with deferred_indexes(NOTICE_TABLES, rows=count):

            def generated():
                for row, codes, places in notice_rows(
                    vocabulary, first_id=first, count=count, now=now, seed=seed
                ):
                    notice_id = row[0]
                    children[categories] += [(notice_id, code) for code in dict.fromkeys(codes)]
                    children[prefixes] += [
                        (notice_id, p)
                        for p in sorted({p for code in codes for p in ancestor_prefixes(code)})
                    ]
                    children[countries] += [(notice_id, c) for c in places]
                    yield row
                    if len(children[prefixes]) >= CHUNK * 4:
                        flush_children()

            def flush_children():
                nonlocal rows
                for table, pending in children.items():
                    rows += copy_rows(table, pending)
                    pending.clear()

            copied = copy_rows(notices, generated(), into="notice_load")  # flushes children too
            rows += copied
            flush_children()
            log(f"  copied {count:,} notices and their rows: {time.perf_counter() - started:.0f} s")
            _move_notices_with_vectors(notices.columns)
            log(f"  search vectors computed: {time.perf_counter() - started:.0f} s")
    analyze(NOTICE_TABLES)
    return {"rows": rows, "seconds": time.perf_counter() - started}


# The tables whose codes triggers copy onto the notice's row (migration 0036).
CODE_TABLES = ["notices_noticecountry", "notices_noticecategoryprefix"]
DERIVED = {"search_vector", "country_codes", "prefix_codes", "title_words"}


def _move_notices_with_vectors(columns: list[str]) -> None:
    """From the staging table into notices_notice, with the search vectors computed by the function
    the trigger uses (migration 0011), the country and category codes the triggers of migration
    0036 copy onto the row and the title's words (migration 0042), set-wise and with the per-row
    triggers off.

    The vectors are the costly part (to_tsvector on every text): they are computed by a CREATE
    TABLE AS, which PostgreSQL runs as a parallel query on every core (an INSERT ... SELECT runs on
    one), then joined in by id."""
    names = ", ".join(f'"{c}"' for c in columns if c not in DERIVED)
    selected = ", ".join(f's."{c}"' for c in columns if c not in DERIVED)
    with connection.cursor() as cursor:
        for setting in PARALLEL_SETTINGS:
            cursor.execute(f"SET LOCAL {setting}")
        cursor.execute(
            """CREATE UNLOGGED TABLE notice_load_vectors AS
               SELECT s.id, notices_search_vector(
                   s.title, s.reference, a.acronym || ' ' || a.name_en || ' ' || a.name_zh,
                   s.description) AS search_vector
               FROM notice_load s JOIN notices_agency a ON a.id = s.agency_id"""
        )
        for name, table in (("country", CODE_TABLES[0]), ("prefix", CODE_TABLES[1])):
            cursor.execute(
                f"""CREATE UNLOGGED TABLE notice_load_{name} AS
                    SELECT notice_id, array_agg({name} ORDER BY {name}) AS codes FROM {table}
                    WHERE notice_id IN (SELECT id FROM notice_load) GROUP BY notice_id"""
            )
        cursor.execute("ALTER TABLE notices_notice DISABLE TRIGGER notices_notice_search_vector")
        cursor.execute("ALTER TABLE notices_notice DISABLE TRIGGER notices_notice_codes")
        cursor.execute("ALTER TABLE notices_notice DISABLE TRIGGER notices_notice_title_words")
        cursor.execute(
            f"""INSERT INTO notices_notice ({names}, search_vector, country_codes, prefix_codes,
                                            title_words)
                SELECT {selected}, v.search_vector, coalesce(c.codes, '{{}}'),
                       coalesce(p.codes, '{{}}'), notices_title_words(s.title)
                FROM notice_load s JOIN notice_load_vectors v ON v.id = s.id
                LEFT JOIN notice_load_country c ON c.notice_id = s.id
                LEFT JOIN notice_load_prefix p ON p.notice_id = s.id"""
        )
        cursor.execute(
            """INSERT INTO notices_titleword (word)
               SELECT DISTINCT unnest(notices_title_words(title)) FROM notice_load
               ON CONFLICT DO NOTHING"""
        )
        # Below REBUILD_FROM the foreign keys stay, their checks deferred: run them now (the
        # notices their child rows name are in), as a table with pending checks can't be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE notices_notice ENABLE TRIGGER notices_notice_search_vector")
        cursor.execute("ALTER TABLE notices_notice ENABLE TRIGGER notices_notice_codes")
        cursor.execute("ALTER TABLE notices_notice ENABLE TRIGGER notices_notice_title_words")
        for table in CODE_TABLES:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        cursor.execute("DROP TABLE notice_load_country, notice_load_prefix")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("DROP TABLE notice_load_vectors")
        cursor.execute("DROP TABLE notice_load")


# Let the planner use every core for the vectors, however small it thinks the staging table is.
PARALLEL_SETTINGS = [
    "parallel_setup_cost = 0",
    "parallel_tuple_cost = 0",
    "min_parallel_table_scan_size = 0",
    "max_parallel_workers_per_gather = 4",
]


def bulk_create_notices(count: int, *, seed: int = 99) -> dict:
    """The same rows through the ORM's bulk_create (trigger and indexes in place), for comparison.
    The sample is deleted afterwards. Returns {"rows": ..., "seconds": ...}."""
    vocabulary = Vocabulary()
    now = timezone.now()
    first = 10**12  # ids far from the loaded ones, so that the sample is easy to remove
    started = time.perf_counter()
    rows = 0
    with transaction.atomic():
        objects, relations = [], []
        for row, codes, places in notice_rows(
            vocabulary, first_id=first, count=count, now=now, seed=seed
        ):
            values = dict(zip(NOTICE_COLUMNS, row, strict=True))
            values["reference"] = values["reference"].replace(REFERENCE_PREFIX, "SAMPLE/")
            objects.append(Notice(**values))
            relations.append((values["id"], codes, places))
        Notice.objects.bulk_create(objects, batch_size=1000)
        categories, prefixes, countries = [], [], []
        for notice_id, codes, places in relations:
            categories += [
                NoticeCategory(notice_id=notice_id, code=c) for c in dict.fromkeys(codes)
            ]
            prefixes += [
                NoticeCategoryPrefix(notice_id=notice_id, prefix=p)
                for p in sorted({p for code in codes for p in ancestor_prefixes(code)})
            ]
            countries += [NoticeCountry(notice_id=notice_id, country=c) for c in places]
        for model, objects in [
            (NoticeCategory, categories),
            (NoticeCategoryPrefix, prefixes),
            (NoticeCountry, countries),
        ]:
            model.objects.bulk_create(objects, batch_size=5000)
        rows = count + len(categories) + len(prefixes) + len(countries)
    seconds = time.perf_counter() - started
    Notice.objects.filter(id__gte=first).delete()
    return {"rows": rows, "seconds": seconds}


# --- Suppliers and their users -------------------------------------------------------------------------

SUPPLIER_COLUMNS = [
    "id",
    "owner_id",
    "status",
    "legal_name",
    "legal_name_local",
    "country",
    "registration_number",
    "year_established",
    "industry",
    "city",
    "employees",
    "annual_turnover",
    "currency",
    "size_class",
    "description_en",
    "contact_email",
    "submitted_at",
]
SUPPLIER_STATUSES = (
    [SupplierStatus.APPROVED] * 6 + [SupplierStatus.SUBMITTED] * 2 + [SupplierStatus.DRAFT] * 2
)
COMPANY_WORDS = ["Green", "Sun", "Bright", "Unity", "Harbour", "Silk", "Delta", "Orient", "Star"]
COMPANY_KINDS = ["Trading", "Medical", "Solar", "Logistics", "Engineering", "Textiles", "Foods"]


def load_suppliers(count: int, *, seed: int = 13) -> dict:
    """COPY `count` users (confirmed e-mail addresses, most in Chinese and Shanghai time) and a
    supplier profile each, in every review status. Returns {"rows": ..., "seconds": ...}."""
    from allauth.account.models import EmailAddress

    started = time.perf_counter()
    now = timezone.now()
    rng = random.Random(seed)
    users = Table(User, ["id", "email", "password", "language", "time_zone", "name"], now=now)
    addresses = Table(EmailAddress, ["user_id", "email", "verified", "primary"], now=now)
    suppliers = Table(Supplier, SUPPLIER_COLUMNS, now=now)
    tables = [users.name, addresses.name, suppliers.name]
    with transaction.atomic():
        first_user = next_ids(User, count)
        first_supplier = next_ids(Supplier, count)
        offset = User.objects.filter(email__endswith="@load.example.org").count()
        people = []
        for n in range(count):
            chinese = rng.random() < 0.8
            email = SUPPLIER_EMAIL.format(n=offset + n)
            zone = "Asia/Shanghai" if chinese else rng.choice(["Africa/Nairobi", "Europe/Paris"])
            people.append(
                (first_user + n, email, "!", "zh-hans" if chinese else "en", zone, f"Contact {n}")
            )
        with deferred_indexes(tables, rows=count):
            rows = copy_rows(users, people)
            rows += copy_rows(addresses, ((p[0], p[1], True, True) for p in people))
            rows += copy_rows(
                suppliers,
                (
                    _supplier_row(rng, first_supplier + n, person, now)
                    for n, person in enumerate(people)
                ),
            )
    analyze(tables)
    return {"rows": rows, "seconds": time.perf_counter() - started}


def _supplier_row(rng: random.Random, supplier_id: int, person: tuple, now: datetime) -> tuple:
    name = f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_KINDS)} Co., Ltd. {supplier_id}"
    status = rng.choice(SUPPLIER_STATUSES)
    chinese = person[3] == "zh-hans"
    return (
        supplier_id,
        person[0],
        status,
        name,
        f"{rng.choice(['绿色', '阳光', '丝路', '东方'])}贸易有限公司{supplier_id}"
        if chinese
        else "",
        "CN" if chinese else rng.choice(COUNTRIES),
        f"LOAD{supplier_id:014d}",
        rng.randint(1990, 2024),
        "",
        "Shenzhen" if chinese else "Nairobi",
        rng.randint(2, 400),
        Decimal(rng.randint(1, 2000) * 10000),
        "CNY" if chinese else "USD",
        rng.choice(["micro", "small", "medium"]),
        "Manufacturer and exporter.",
        person[1],
        now - timedelta(days=rng.randint(1, 400)) if status != SupplierStatus.DRAFT else None,
    )


# --- Alerts ----------------------------------------------------------------------------------------------

ALERT_COLUMNS = [
    "id",
    "user_id",
    "name",
    "keywords",
    "frequency",
    "any_category",
    "any_country",
    "any_agency",
    "any_type",
]
ALERT_TABLES = [
    m._meta.db_table
    for m in (Alert, AlertCategory, AlertCountry, AlertKeyword, AlertAgency, AlertNoticeType)
]


def load_alerts(count: int, *, seed: int = 17) -> dict:
    """COPY `count` alerts spread over the loaded suppliers' users (creating count/10 suppliers
    first if none is loaded), as bench/alerts_matching.py loads its own: one to three categories
    at any level over popular and rare segments (bench/spread.py, so that a notice fits anything
    from a few to about 20,000 alerts), a keyword from their titles on a fifth, 0-2 countries, an
    agency or a type on a tenth; half instant, the rest daily or weekly digests. Returns
    {"rows": ..., "seconds": ...}."""
    from notices.keywords import is_chinese

    started = time.perf_counter()
    if not User.objects.filter(email__endswith="@load.example.org").exists():
        load_suppliers(max(count // 10, 1))
    user_ids = list(
        User.objects.filter(email__endswith="@load.example.org").values_list("pk", flat=True)
    )
    vocabulary = Vocabulary()
    agencies = [pk for pk, _acronym, _name in vocabulary.agencies]
    now = timezone.now()
    rng = random.Random(seed)
    spread = Spread(rng)
    alerts = Table(Alert, ALERT_COLUMNS, now=now)
    children = {
        "category": (Table(AlertCategory, ["alert_id", "prefix"], now=now), []),
        "country": (Table(AlertCountry, ["alert_id", "country"], now=now), []),
        "keyword": (
            Table(AlertKeyword, ["alert_id", "term", "excluded", "as_substring"], now=now),
            [],
        ),
        "agency": (Table(AlertAgency, ["alert_id", "agency_id"], now=now), []),
        "type": (Table(AlertNoticeType, ["alert_id", "notice_type"], now=now), []),
    }

    def generated(first: int):
        for n in range(count):
            alert_id = first + n
            prefixes, keyword = spread.alert_criteria()
            countries = rng.sample(COUNTRIES, rng.choice([0, 0, 1, 2]))
            agency = [rng.choice(agencies)] if rng.random() < 0.1 else []
            types = [rng.choice(TYPES)] if rng.random() < 0.1 else []
            children["category"][1].extend((alert_id, p) for p in prefixes)
            children["country"][1].extend((alert_id, c) for c in countries)
            if keyword:
                children["keyword"][1].append((alert_id, keyword, False, is_chinese(keyword)))
            children["agency"][1].extend((alert_id, a) for a in agency)
            children["type"][1].extend((alert_id, t) for t in types)
            yield (
                alert_id,
                user_ids[n % len(user_ids)],
                f"Alert {n}: {prefixes[0]}",
                keyword,
                rng.choice(["instant", "instant", "daily", "weekly"]),
                False,
                not countries,
                not agency,
                not types,
            )

    rows = 0
    with transaction.atomic():
        first = next_ids(Alert, count)
        with deferred_indexes(ALERT_TABLES, rows=count):
            rows += copy_rows(alerts, generated(first))
            for table, pending in children.values():
                rows += copy_rows(table, pending)
        # The matcher's routes, derived from what was just loaded (one INSERT ... SELECT).
        rows += routes.rebuild_routes()
    analyze([*ALERT_TABLES, AlertRoute._meta.db_table])
    return {"rows": rows, "seconds": time.perf_counter() - started}


# --- The command ---------------------------------------------------------------------------------------


def loaded_notices() -> int:
    return Notice.objects.filter(reference__startswith=REFERENCE_PREFIX).count()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=1_000_000)
    parser.add_argument("--suppliers", type=int, default=250_000)
    parser.add_argument("--alerts", type=int, default=500_000)
    parser.add_argument("--sample", type=int, default=5_000, help="notices timed with bulk_create")
    args = parser.parse_args()
    require_postgresql()
    call_command("migrate", verbosity=0)
    figure = {}
    missing = {
        "notices": (args.notices - loaded_notices(), load_notices),
        "suppliers": (
            args.suppliers - User.objects.filter(email__endswith="@load.example.org").count(),
            load_suppliers,
        ),
        "alerts": (args.alerts - Alert.objects.count(), load_alerts),
    }
    copied_rows = copied_seconds = 0
    for name, (count, loader) in missing.items():
        if count <= 0:
            continue
        log(f"loading {count:,} {name}")
        result = loader(count)
        figure[f"{name}_loaded"] = count
        figure[f"{name}_seconds"] = round(result["seconds"], 1)
        figure[f"{name}_rows_per_s"] = round(result["rows"] / result["seconds"])
        if name == "notices":
            copied_rows, copied_seconds = result["rows"], result["seconds"]
    if args.sample:
        sample = bulk_create_notices(args.sample)
        figure["bulk_create_sample_notices"] = args.sample
        figure["bulk_create_rows_per_s"] = round(sample["rows"] / sample["seconds"])
        if copied_rows:
            figure["copy_vs_bulk_create"] = round(
                (copied_rows / copied_seconds) / figure["bulk_create_rows_per_s"], 1
            )
    figure["notices"] = Notice.objects.count()
    figure["suppliers"] = Supplier.objects.count()
    figure["alerts"] = Alert.objects.count()
    record("load", figure)


if __name__ == "__main__":
    main()
