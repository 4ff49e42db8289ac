"""/api/notices/ takes the search's filters, read by the same FilterSet as /notices/ (notices.filters),
with one difference: without `status` it keeps every status, as it always has. A value the search
refuses is a 400 that names the parameter and says why."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notices.models import NoticeStatus, NoticeType
from tests.notices.conftest import assert_valid
from tests.notices.factories import AgencyFactory, DraftFactory, NoticeFactory

pytestmark = pytest.mark.django_db


def references(client, query: dict) -> set[str]:
    response = client.get("/api/notices/", query)
    assert response.status_code == 200, response.json()
    return {release["tender"]["id"] for release in response.json()["releases"]}


@pytest.fixture
def catalogue():
    undp, wfp = AgencyFactory(acronym="UNDP"), AgencyFactory(acronym="WFP")
    now = timezone.now()
    NoticeFactory(
        agency=undp,
        reference="LAPTOPS",
        title="Laptops for country offices",
        categories=["43211503"],
        countries=["CN"],
        notice_type=NoticeType.REQUEST_FOR_QUOTATION,
        sme_friendly=True,
        deadline=now + timedelta(days=10),
    )
    NoticeFactory(
        agency=wfp,
        reference="FOOD",
        title="Fortified wheat flour",
        categories=["50220000"],
        countries=["ET", "KE"],
        notice_type=NoticeType.INVITATION_TO_BID,
        published_at=now - timedelta(days=30),
        deadline=now + timedelta(days=40),
    )
    NoticeFactory(
        agency=wfp,
        reference="CLOSED",
        title="Trucks",
        categories=["25101500"],
        countries=["KE"],
        published_at=now - timedelta(days=60),
        deadline=now - timedelta(days=5),
    )
    NoticeFactory(
        agency=undp,
        reference="CANCELLED",
        title="Printers",
        status=NoticeStatus.CANCELLED,
        cancellation_reason="Budget",
        categories=["44101500"],
        countries=["FR"],
        deadline=now + timedelta(days=30),
    )
    DraftFactory(agency=undp, reference="DRAFT", categories=["43211503"])


def test_without_filters_every_public_notice_of_any_status(client, catalogue):
    assert references(client, {}) == {"LAPTOPS", "FOOD", "CLOSED", "CANCELLED"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "wheat"}, {"FOOD"}),
        ({"q": "-wheat"}, {"LAPTOPS", "CLOSED", "CANCELLED"}),
        ({"category": "43"}, {"LAPTOPS"}),
        ({"category": "43211503,50220000"}, {"LAPTOPS", "FOOD"}),
        ({"country": "KE"}, {"FOOD", "CLOSED"}),
        ({"country": ["KE", "CN"]}, {"LAPTOPS", "FOOD", "CLOSED"}),
        ({"agency": "UNDP"}, {"LAPTOPS", "CANCELLED"}),
        ({"type": "itb"}, {"FOOD"}),
        ({"status": "open"}, {"LAPTOPS", "FOOD"}),
        ({"status": "closed"}, {"CLOSED"}),
        ({"status": "cancelled"}, {"CANCELLED"}),
        ({"status": "any"}, {"LAPTOPS", "FOOD", "CLOSED", "CANCELLED"}),
        ({"deadline_after": str(timezone.localdate() + timedelta(days=20))}, {"FOOD", "CANCELLED"}),
        (
            {"deadline_before": str(timezone.localdate() + timedelta(days=20))},
            {"LAPTOPS", "CLOSED"},
        ),
        ({"sme_friendly": "on"}, {"LAPTOPS"}),
        ({"agency": "WFP", "status": "open"}, {"FOOD"}),
    ],
)
def test_each_filter_of_the_search_applies(client, catalogue, validator, query, expected):
    assert references(client, query) == expected
    assert_valid(validator, client.get("/api/notices/", query).json())


def test_the_next_link_keeps_the_filters(client, catalogue, monkeypatch):
    monkeypatch.setattr("notices.ocds.PAGE_SIZE", 1)

    package = client.get("/api/notices/", {"agency": "WFP"}).json()
    following = client.get(package["links"]["next"].replace("http://testserver", "")).json()

    assert "agency=WFP" in package["links"]["next"] and "links" not in following
    assert {r["tender"]["id"] for r in package["releases"] + following["releases"]} == {
        "FOOD",
        "CLOSED",
    }


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("country=XX", "country"),
        ("category=banana", "category"),
        ("agency=NOPE", "agency"),
        ("type=tender", "type"),
        ("status=soon", "status"),
        ("deadline_after=2026-02-30", "deadline_after"),
        ("deadline_before=tomorrow", "deadline_before"),
        ("order=random", None),
    ],
)
def test_a_refused_value_is_a_400_that_names_it(client, catalogue, query, parameter):
    response = client.get(f"/api/notices/?{query}")

    body = response.json()
    assert response.status_code == 400
    assert query.split("=")[0] in body["error"]
    if parameter:
        assert list(body["parameters"]) == [parameter] and body["parameters"][parameter]


def test_the_reason_is_in_the_readers_language(client, catalogue):
    response = client.get("/api/notices/?country=XX", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 400 and "参数" in response.json()["error"]
