"""/api/notices/bulk/: the index of the bulk files (JSON) and each file, streamed from the storage as
stored (gzipped OCDS release packages), with validators for conditional requests; a 404 for a day
without a file. /api/notices/ points at the index."""

import gzip
import hashlib
import json
from datetime import UTC, datetime

import pytest

from notices import bulk
from notices.models import Notice
from tests.notices.factories import NoticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def built():
    notice = NoticeFactory()
    Notice.objects.filter(pk=notice.pk).update(updated_at=datetime(2026, 3, 2, 9, tzinfo=UTC))
    bulk.build_bulk_files()
    return notice


def download(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_index_lists_each_file_with_its_address_and_digest(client, built):
    response = client.get("/api/notices/bulk/")

    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    index = response.json()
    full, day = index["files"]
    assert full["url"] == "http://testserver/api/notices/bulk/all.json.gz" and full["date"] is None
    assert day["url"] == "http://testserver/api/notices/bulk/2026-03-02.json.gz"
    assert day["date"] == "2026-03-02" and day["releases"] == 1
    assert day["sha256"] == bulk.entry_for("2026-03-02")["sha256"]
    assert day["size"] == bulk.entry_for("2026-03-02")["size"]
    assert day["generated_at"] == index["generated_at"]
    assert set(day) == {"url", "date", "size", "releases", "sha256", "generated_at"}


def test_the_index_is_empty_before_the_first_build(client):
    response = client.get("/api/notices/bulk/")

    assert response.status_code == 200
    assert response.json() == {"generated_at": None, "files": []}


def test_the_index_answers_a_304_while_no_build_changed_it(client, built):
    first = client.get("/api/notices/bulk/")
    bulk.build_bulk_files()  # nothing changed
    again = client.get("/api/notices/bulk/", HTTP_IF_NONE_MATCH=first["ETag"])
    NoticeFactory()
    bulk.build_bulk_files()
    changed = client.get("/api/notices/bulk/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["Cache-Control"] == "public, max-age=3600"
    assert again.status_code == 304 and changed.status_code == 200


def test_a_day_is_downloaded_as_stored_gzipped_json(client, built):
    entry = bulk.entry_for("2026-03-02")

    response = client.get("/api/notices/bulk/2026-03-02.json.gz")

    assert response.status_code == 200 and response["Content-Type"] == "application/gzip"
    body = download(response)
    assert hashlib.sha256(body).hexdigest() == entry["sha256"]
    assert int(response["Content-Length"]) == len(body) == entry["size"]
    assert response["ETag"] == f'"{entry["sha256"]}"'
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert 'filename="notices-2026-03-02.json.gz"' in response["Content-Disposition"]
    assert "Content-Encoding" not in response  # a gzip file, not a compressed transfer
    package = json.loads(gzip.decompress(body))
    assert [r["ocid"] for r in package["releases"]] == [f"ocds-unsupp-{built.pk}"]


def test_the_full_file_is_downloaded(client, built):
    response = client.get("/api/notices/bulk/all.json.gz")

    assert response.status_code == 200
    assert len(json.loads(gzip.decompress(download(response)))["releases"]) == 1


def test_a_head_request_gives_the_headers_only(client, built):
    response = client.head("/api/notices/bulk/all.json.gz")

    assert response.status_code == 200 and download(response) == b""
    assert response["Content-Length"] == str(bulk.entry_for("all")["size"])


def test_a_file_replaced_while_it_was_looked_up_is_given_as_it_now_is(client, built, monkeypatch):
    stale = bulk.read_index()
    Notice.objects.filter(pk=built.pk).update(title="Retitled")
    bulk.build_bulk_files()  # deletes the file the stale index names
    answers = iter([stale, bulk.read_index()])
    monkeypatch.setattr(bulk, "read_index", lambda storage=None: next(answers))

    response = client.get("/api/notices/bulk/all.json.gz")

    assert response.status_code == 200
    assert hashlib.sha256(download(response)).hexdigest() != stale["files"]["all"]["sha256"]
    assert response["ETag"] != f'"{stale["files"]["all"]["sha256"]}"'


def test_an_unchanged_file_is_a_304(client, built):
    first = client.get("/api/notices/bulk/all.json.gz")

    by_etag = client.get("/api/notices/bulk/all.json.gz", HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(
        "/api/notices/bulk/all.json.gz", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )

    assert by_etag.status_code == 304 and by_date.status_code == 304
    assert by_etag["ETag"] == first["ETag"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/notices/bulk/2026-03-03.json.gz",  # no release that day
        "/api/notices/bulk/2026-02-30.json.gz",
        "/api/notices/bulk/2026-3-2.json.gz",
        "/api/notices/bulk/index.json.gz",
        "/api/notices/bulk/yesterday.json.gz",
    ],
)
def test_a_day_without_a_file_is_a_404(client, built, path):
    response = client.get(path)

    assert response.status_code == 404 and "error" in response.json()


def test_a_file_is_a_404_before_the_first_build(client):
    assert client.get("/api/notices/bulk/all.json.gz").status_code == 404


def test_the_bulk_addresses_only_read(client, built):
    assert client.post("/api/notices/bulk/").status_code == 405
    assert client.post("/api/notices/bulk/all.json.gz").status_code == 405


def test_the_api_links_its_bulk_files(client):
    NoticeFactory()

    response = client.get("/api/notices/")

    assert (
        response["Link"]
        == '<http://testserver/api/notices/bulk/>; rel="alternate"; title="bulk files"'
    )
    assert "Link" in response["Access-Control-Expose-Headers"]


def test_the_404_says_why_in_the_readers_language(client, built):
    response = client.get("/api/notices/bulk/2026-03-03.json.gz", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.json() == {"error": "这一天没有批量数据文件。"}
