"""The open-data API may be read from any web page (CORS, no credentials), each client a limited
number of times (API_RATE_LIMIT, a 429 with Retry-After), and a page costs the same few queries
whatever its size."""

import pytest

from notices import ocds, publishing
from tests.notices.factories import NoticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice():
    return NoticeFactory()


def api_urls(notice) -> list[str]:
    return ["/api/notices/", f"/api/notices/{ocds.ocid_for(notice)}/"]


def test_every_answer_of_the_api_may_be_read_from_any_origin(client, notice):
    answers = [client.get(url, HTTP_ORIGIN="https://example.org") for url in api_urls(notice)]
    answers += [client.head("/api/notices/"), client.get("/api/notices/?country=XX")]
    answers += [client.get("/api/notices/ocds-unsupp-0/")]

    assert [a.status_code for a in answers] == [200, 200, 200, 400, 404]
    for answer in answers:
        assert answer["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in answer
        assert "ETag" in answer["Access-Control-Expose-Headers"]


def test_a_preflight_is_answered(client, notice):
    for url in api_urls(notice):
        response = client.options(
            url,
            HTTP_ORIGIN="https://example.org",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
        )

        assert response.status_code == 204 and response.content == b""
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
        assert "If-None-Match" in response["Access-Control-Allow-Headers"]
        assert "Access-Control-Allow-Credentials" not in response


def test_writing_is_not_allowed(client, notice):
    for url in api_urls(notice):
        assert client.post(url).status_code == 405
        assert client.delete(url).status_code == 405


@pytest.mark.parametrize("path", ["/", "/notices/", "/notices/feed/", "/help/"])
def test_other_pages_say_nothing_of_cors(client, path):
    response = client.get(path, HTTP_ORIGIN="https://example.org")

    assert response.status_code == 200
    assert not any(name.startswith("Access-Control-") for name in response.headers)


def test_a_client_over_the_limit_gets_a_429_with_retry_after(client, notice, settings):
    settings.API_RATE_LIMIT = "3/m"
    urls = [*api_urls(notice), "/api/notices/?status=open"]

    allowed = [client.get(url).status_code for url in urls]
    refused = client.get("/api/notices/")
    elsewhere = client.get("/api/notices/", REMOTE_ADDR="192.0.2.7")

    assert allowed == [200, 200, 200]
    assert refused.status_code == 429 and refused["Content-Type"] == "application/json"
    assert "Too many requests" in refused.json()["error"]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert elsewhere.status_code == 200


def test_the_default_limit_lets_a_harvester_walk(client, notice):
    statuses = {client.get("/api/notices/").status_code for _ in range(120)}

    assert statuses == {200}
    assert client.get("/api/notices/").status_code == 429


@pytest.mark.parametrize("page_size", [2, 15])
def test_a_page_runs_a_bounded_number_of_queries_whatever_its_size(
    client, staff, monkeypatch, django_assert_max_num_queries, page_size
):
    monkeypatch.setattr(ocds, "PAGE_SIZE", page_size)
    for _ in range(16):
        notice = NoticeFactory(categories=["43211503", "44120000"])
        publishing.amend(notice, changes={"title": "Changed"}, note="n", by=staff)

    # One query per relation a release shows (countries of delivery and the published clarification
    # answers included), whatever the page size.
    with django_assert_max_num_queries(10):
        response = client.get("/api/notices/?agency=" + notice.agency.acronym + "&country=CN")

    assert len(response.json()["releases"]) == 1
    with django_assert_max_num_queries(10):
        response = client.get("/api/notices/?country=CN&order=oldest")

    assert len(response.json()["releases"]) == page_size
