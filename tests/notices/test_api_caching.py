"""Conditional requests on the open-data API: ETag and Last-Modified from the data, a 304 while they
hold, a new ETag when a notice on the page changes; Cache-Control for public data."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.http import http_date

from notices import ocds, publishing
from tests.notices.factories import NoticeFactory

pytestmark = pytest.mark.django_db

URLS = ["/api/notices/", "/api/notices/?agency=UNDP&order=oldest", "/api/notices/{ocid}/"]


@pytest.fixture
def notice():
    NoticeFactory()
    return NoticeFactory(agency__acronym="UNDP")


def url_of(template: str, notice) -> str:
    return template.format(ocid=ocds.ocid_for(notice))


@pytest.mark.parametrize("template", URLS)
def test_an_unchanged_answer_is_a_304_for_its_etag(client, notice, template):
    first = client.get(url_of(template, notice))

    again = client.get(url_of(template, notice), HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200 and first["ETag"].startswith('W/"')
    assert first["Cache-Control"] == "public, max-age=60"
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"] and again["Cache-Control"] == "public, max-age=60"


@pytest.mark.parametrize("template", URLS)
def test_an_unchanged_answer_is_a_304_since_its_last_modified(client, notice, template):
    first = client.get(url_of(template, notice))

    again = client.get(url_of(template, notice), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    earlier = http_date((notice.updated_at - timedelta(seconds=2)).timestamp())
    stale = client.get(url_of(template, notice), HTTP_IF_MODIFIED_SINCE=earlier)

    assert first["Last-Modified"] == http_date(notice.updated_at.timestamp())
    assert again.status_code == 304 and stale.status_code == 200


@pytest.mark.parametrize("template", URLS)
def test_an_amended_notice_changes_the_etag(client, staff, notice, template):
    first = client.get(url_of(template, notice))
    publishing.amend(notice, changes={"title": "Amended"}, note="n", by=staff)

    again = client.get(url_of(template, notice), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200 and again["ETag"] != first["ETag"]
    assert "Amended" in again.content.decode()


def test_a_new_notice_changes_the_lists_etag(client, notice):
    first = client.get("/api/notices/")
    NoticeFactory()

    again = client.get("/api/notices/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200 and again["ETag"] != first["ETag"]


def test_a_notice_leaving_the_filter_changes_the_etag(client, notice):
    first = client.get("/api/notices/?status=open")
    notice.deadline = timezone.now() - timedelta(minutes=1)  # closes, by the clock
    type(notice).objects.filter(pk=notice.pk).update(deadline=notice.deadline)

    again = client.get("/api/notices/?status=open", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200 and len(again.json()["releases"]) == 1


def test_a_304_costs_one_query_for_the_page(client, notice, django_assert_max_num_queries):
    etag = client.get("/api/notices/")["ETag"]

    with django_assert_max_num_queries(2):  # the agencies of the filters' form, the page
        response = client.get("/api/notices/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304


def test_errors_are_not_cached_as_public(client):
    response = client.get("/api/notices/?country=XX")

    assert response.status_code == 400 and "public" not in response.get("Cache-Control", "")
