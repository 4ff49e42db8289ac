"""The open data's bulk files (notices/bulk.py): a gzipped OCDS release package per UTC day of the
releases' dates and one with every release, in the storage under "bulk/", rebuilt only where their
content changed, by the command and the nightly task."""

import gzip
import hashlib
import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notices import bulk, publishing, tasks
from notices.models import Notice
from notices.ocds import extension_urls
from tests.notices.conftest import assert_valid_package
from tests.notices.factories import DraftFactory, NoticeFactory

pytestmark = pytest.mark.django_db

DAY_1 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
DAY_2 = datetime(2026, 3, 5, 23, 59, 59, tzinfo=UTC)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def changed_on(notice, moment: datetime):
    """The notice as if its last change had been at `moment` (auto_now would say now)."""
    Notice.objects.filter(pk=notice.pk).update(updated_at=moment)
    notice.refresh_from_db()
    return notice


def read(key: str) -> dict:
    with bulk.bulk_storage().open(bulk.entry_for(key)["name"], "rb") as stored:
        return json.loads(gzip.decompress(stored.read()))


def ocids(package: dict) -> list[str]:
    return [release["ocid"] for release in package["releases"]]


def stored_names(media) -> set[str]:
    return {path.name for path in (media / "bulk").iterdir()}


@pytest.fixture
def two_days():
    return changed_on(NoticeFactory(), DAY_1), changed_on(NoticeFactory(), DAY_2)


def test_a_notice_is_in_the_file_of_its_day_and_in_the_full_file(two_days, package_validator):
    first, second = two_days
    DraftFactory()

    report = bulk.build_bulk_files()

    assert report.written == ["2026-03-02", "2026-03-05", "all"] and report.releases == 2
    day_1, day_2, full = read("2026-03-02"), read("2026-03-05"), read("all")
    assert ocids(day_1) == [f"ocds-unsupp-{first.pk}"]
    assert ocids(day_2) == [f"ocds-unsupp-{second.pk}"]
    assert ocids(full) == [f"ocds-unsupp-{first.pk}", f"ocds-unsupp-{second.pk}"]
    assert day_2["releases"][0]["date"] == "2026-03-05T23:59:59Z"
    assert day_2["publishedDate"] == "2026-03-05T23:59:59Z"
    assert full["uri"] == "http://127.0.0.1:8000/api/notices/bulk/all.json.gz"
    for package in (day_1, day_2, full):
        assert_valid_package(package_validator, package)
        assert package["version"] == "1.1" and package["extensions"] == extension_urls()


def test_the_index_describes_each_stored_file(two_days, media):
    bulk.build_bulk_files()

    entry = bulk.entry_for("2026-03-02")
    stored = (media / entry["name"]).read_bytes()

    assert entry["name"].startswith("bulk/notices-2026-03-02-") and entry["date"] == "2026-03-02"
    assert entry["size"] == len(stored) and entry["releases"] == 1
    assert entry["sha256"] == hashlib.sha256(stored).hexdigest()
    assert bulk.entry_for("all")["date"] is None and bulk.entry_for("2026-03-03") is None


def test_a_second_build_writes_nothing_when_nothing_changed(two_days, media):
    bulk.build_bulk_files()
    index, names = (media / "bulk" / "index.json").read_bytes(), stored_names(media)

    report = bulk.build_bulk_files()

    assert report.written == [] and report.unchanged == 3 and report.removed == 0
    assert (media / "bulk" / "index.json").read_bytes() == index
    assert stored_names(media) == names


def test_a_change_rewrites_only_its_day_and_the_full_file(two_days, media):
    _first, second = two_days
    bulk.build_bulk_files()
    before = {key: bulk.entry_for(key) for key in ("2026-03-02", "2026-03-05", "all")}
    Notice.objects.filter(pk=second.pk).update(
        title="Retitled", updated_at=DAY_2 - timedelta(hours=1)
    )

    report = bulk.build_bulk_files()

    assert report.written == ["2026-03-05", "all"] and report.unchanged == 1
    assert bulk.entry_for("2026-03-02") == before["2026-03-02"]
    assert read("2026-03-05")["releases"][0]["tender"]["title"] == "Retitled"
    assert read("all")["releases"][1]["tender"]["title"] == "Retitled"
    replaced = {before[key]["name"].removeprefix("bulk/") for key in ("2026-03-05", "all")}
    assert not replaced & stored_names(media)


def test_an_amended_notice_moves_to_the_file_of_its_new_date(two_days, staff, media):
    first, _second = two_days
    bulk.build_bulk_files()
    old_name = bulk.entry_for("2026-03-02")["name"].removeprefix("bulk/")

    publishing.amend(first, changes={"title": "Amended"}, note="n", by=staff)
    report = bulk.build_bulk_files()

    today = timezone.now().date().isoformat()
    assert report.written == [today, "all"] and report.removed == 1
    assert bulk.entry_for("2026-03-02") is None and old_name not in stored_names(media)
    assert ocids(read(today)) == [f"ocds-unsupp-{first.pk}"]


def test_a_notice_closed_after_its_last_change_is_filed_under_its_deadline():
    notice = NoticeFactory(
        published_at=DAY_1 - timedelta(days=10), deadline=datetime(2026, 3, 4, 12, tzinfo=UTC)
    )
    changed_on(notice, DAY_1)

    bulk.build_bulk_files()

    (release,) = read("2026-03-04")["releases"]
    assert release["date"] == "2026-03-04T12:00:00Z" and release["tender"]["status"] == "complete"
    assert bulk.entry_for("2026-03-02") is None


def test_files_a_dead_build_left_behind_are_deleted(two_days, media):
    bulk.build_bulk_files()
    (media / "bulk" / "notices-2026-03-02-0123456789abcdef.json.gz").write_bytes(b"half")

    bulk.build_bulk_files()

    assert "notices-2026-03-02-0123456789abcdef.json.gz" not in stored_names(media)
    assert len(stored_names(media)) == 4  # the index and the three files it names


def test_releases_are_read_a_chunk_at_a_time(monkeypatch):
    monkeypatch.setattr(bulk, "CHUNK_SIZE", 2)
    notices = [changed_on(NoticeFactory(), DAY_1 + timedelta(minutes=n)) for n in range(5)]

    report = bulk.build_bulk_files()

    assert report.releases == 5
    assert ocids(read("all")) == [f"ocds-unsupp-{n.pk}" for n in notices]


def queries_of_a_build() -> int:
    with CaptureQueriesContext(connection) as captured:
        bulk.build_bulk_files()
    return len(captured.captured_queries)


def test_the_queries_of_a_build_grow_with_its_chunks_not_its_notices(monkeypatch):
    monkeypatch.setattr(bulk, "CHUNK_SIZE", 10)
    NoticeFactory.create_batch(2)
    few = queries_of_a_build()
    NoticeFactory.create_batch(8)
    one_chunk = queries_of_a_build()
    NoticeFactory.create_batch(10)
    two_chunks = queries_of_a_build()

    per_chunk = few - 1  # the relations and titles of a chunk; the notices are one query
    assert one_chunk == few and two_chunks == few + per_chunk


def test_no_build_while_another_runs(two_days):
    assert bulk.cache.add(bulk.LOCK_KEY, True, 60)

    assert bulk.build_bulk_files().skipped and bulk.entry_for("all") is None


def test_the_command_builds_and_reports_counts(two_days):
    out = StringIO()

    call_command("build_bulk_files", stdout=out)
    call_command("build_bulk_files", stdout=out)

    first, second = out.getvalue().splitlines()
    assert first == "Bulk files written: 3, unchanged: 0, removed: 0; 2 releases in all."
    assert second == "Bulk files written: 0, unchanged: 3, removed: 0; 2 releases in all."


def test_the_nightly_task_builds_them(two_days):
    assert tasks.build_bulk_files() == {"written": 3, "unchanged": 0, "removed": 0}
    assert bulk.entry_for("2026-03-05")["releases"] == 1


def test_the_nightly_task_is_stopped_before_the_broker_hands_it_out_again():
    visibility_timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    task = tasks.build_bulk_files

    assert task.soft_time_limit < task.time_limit < visibility_timeout
    assert task.time_limit <= bulk.LOCK_SECONDS  # no second build while the first may still run
