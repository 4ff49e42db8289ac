"""The user model moved from the `portal` app to `accounts`, and the UNSPSC categories from `notices`
to `categories`: a portal that ran before the moves migrates in place, keeping every account, its
password, its relations and the admin's history, and every category with the suppliers that sell in
it and program staff's permission to see them.

The database under `data/` was made by the portal as it was before the move (`migrate`, `seed_demo`,
then a staff account, a supplier's follow, alert and outbox row, and an admin history entry), and
dumped with SQLite's `.dump`. The test migrates a copy with today's code, as `manage.py migrate` on a
server would, in a process of its own.
"""

import csv
import gzip
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

BEFORE = Path(__file__).parent / "data" / "portal-before-accounts-app.sql.gz"
PROJECT = Path(__file__).resolve().parents[2]


def manage(database: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    for name in ("REDIS_URL", "REDIS_CACHE_URL"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    database = tmp_path_factory.mktemp("before") / "portal.sqlite3"
    with sqlite3.connect(database) as db:
        # The schema's checks call REGEXP, which Django gives each of its SQLite connections.
        db.create_function(
            "REGEXP", 2, lambda pattern, value: bool(re.search(pattern, value or ""))
        )
        db.executescript(gzip.decompress(BEFORE.read_bytes()).decode())
    before = rows(database, "SELECT id, email, password FROM portal_user ORDER BY id")
    assert len(before) == 9
    assert rows(database, "SELECT app_label FROM django_content_type WHERE model = 'user'") == [
        ("portal",)
    ]
    result = manage(database, "migrate", "--noinput")
    assert result.returncode == 0, result.stdout + result.stderr
    assert rows(database, "SELECT id, email, password FROM portal_user ORDER BY id") == before
    return database


def rows(database: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(database) as db:
        return db.execute(sql).fetchall()


def test_the_move_runs_one_data_step_and_leaves_nothing_pending(migrated):
    applied = rows(
        migrated, "SELECT app, name FROM django_migrations WHERE app IN ('accounts', 'portal')"
    )
    assert ("accounts", "0001_initial") in applied
    assert ("accounts", "0002_user_content_type") in applied
    assert rows(migrated, "SELECT name FROM django_migrations WHERE app = 'categories'") == [
        ("0001_initial",),
        ("0002_category_content_type",),
        ("0003_title_sources_and_retirement",),
        ("0004_load_categories",),
        ("0005_program_staff_review_categories",),
    ]
    result = manage(migrated, "migrate", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_content_types_keep_their_ids_so_permissions_and_admin_history_follow(migrated):
    assert rows(migrated, "SELECT id, app_label FROM django_content_type WHERE model = 'user'") == [
        (24, "accounts")
    ]
    assert rows(
        migrated, "SELECT id, app_label FROM django_content_type WHERE model = 'category'"
    ) == [(13, "categories")]


def test_categories_keep_their_rows_suppliers_and_staff_permission(migrated):
    script = (
        "from categories.models import Category\n"
        "from suppliers.models import Supplier\n"
        "from accounts.models import User\n"
        "staff = User.objects.get(email='staff@example.org')\n"
        "print(Category.objects.count(), Category.objects.get(code='43000000').title_zh,"
        " sum(s.categories.count() for s in Supplier.objects.all()),"
        " staff.has_perm('categories.view_category'))\n"
    )
    result = manage(migrated, "shell", "-c", script)
    assert result.returncode == 0, result.stdout + result.stderr
    shipped = str(len(shipped_codes()))
    assert result.stdout.split()[-4:] == [shipped, "信息技术、广播和电信", "7", "True"]


def test_accounts_work_with_their_old_passwords_relations_and_history(migrated):
    script = (
        "from accounts.models import User\n"
        "from django.contrib.admin.models import LogEntry\n"
        "from accounts.roles import is_program_staff\n"
        "li = User.objects.get(email='li@example.cn')\n"
        "staff = User.objects.get(email='staff2@example.org')\n"
        "entry = LogEntry.objects.get(object_repr='li@example.cn')\n"
        "print(li.check_password('pw-supplier-123456'), li.language, li.time_zone,"
        " li.alerts.count(), li.follows.count(), li.alert_deliveries.count(),"
        " is_program_staff(staff), entry.get_edited_object() == li,"
        " User.objects.filter(supplier__isnull=False).count())\n"
    )
    result = manage(migrated, "shell", "-c", script)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.split()[-9:] == [
        "True",
        "zh-hans",
        "Asia/Shanghai",
        "1",
        "1",
        "1",
        "True",
        "True",
        "5",
    ]


def shipped_codes() -> set[str]:
    """The codes of the category files the portal ships (the migrations load them all)."""
    data = Path(__file__).resolve().parents[2] / "categories" / "data"
    return {
        row["code"]
        for name in ("unspsc.csv", "unspsc_extra.csv")
        for row in csv.DictReader((data / name).open(encoding="utf-8"))
    }
