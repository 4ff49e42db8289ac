"""/api/notices/: an OCDS 1.1 release package, validated against the OCDS 1.1.5 release schema (the
`validator` fixture, tests/notices/conftest.py)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from notices import ocds, publishing
from notices.models import NoticeStatus
from tests.notices.conftest import assert_valid
from tests.notices.factories import AgencyFactory, DraftFactory, NoticeFactory

pytestmark = pytest.mark.django_db


def test_every_kind_of_notice_is_a_valid_release(client, staff, validator, settings):
    settings.OCDS_OCID_PREFIX = "ocds-test01"
    agency = AgencyFactory(acronym="UNDP", name_en="United Nations Development Programme")
    plain = NoticeFactory(agency=agency, estimated_value=Decimal("1500.50"), currency="USD")
    amended = NoticeFactory(agency=agency, categories=["72141000", "81100000"], countries=[])
    publishing.amend(amended, changes={"title": "Roads, amended"}, note="Scope.", by=staff)
    cancelled = NoticeFactory(status=NoticeStatus.CANCELLED, cancellation_reason="No funds")
    awarded = NoticeFactory(deadline=timezone.now() - timedelta(days=3))
    publishing.record_award(
        awarded,
        supplier_name="Acme",
        value=Decimal(900),
        currency="EUR",
        awarded_on=date(2026, 1, 2),
        by=staff,
    )
    DraftFactory()

    response = client.get("/api/notices/")
    package = response.json()

    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert package["version"] == "1.1" and package["uri"].endswith("/api/notices/")
    assert_valid(validator, package)
    releases = {r["ocid"]: r for r in package["releases"]}
    assert set(releases) == {f"ocds-test01-{n.pk}" for n in (plain, amended, cancelled, awarded)}
    assert releases[f"ocds-test01-{plain.pk}"]["tag"] == ["tender"]
    assert releases[f"ocds-test01-{amended.pk}"]["tag"] == ["tenderAmendment"]
    assert releases[f"ocds-test01-{cancelled.pk}"]["tag"] == ["tenderCancellation"]
    assert releases[f"ocds-test01-{awarded.pk}"]["tag"] == ["tender", "award"]
    tender = releases[f"ocds-test01-{plain.pk}"]["tender"]
    assert tender["items"][0]["classification"] == {
        "scheme": "UNSPSC",
        "id": "43232104",
        "description": "Word processing software",
    }
    assert tender["value"] == {"amount": 1500.5, "currency": "USD"}
    assert tender["tenderPeriod"]["endDate"] == plain.deadline_in_agency_time.isoformat()
    assert (
        releases[f"ocds-test01-{plain.pk}"]["buyer"]["name"]
        == "United Nations Development Programme"
    )
    assert releases[f"ocds-test01-{awarded.pk}"]["awards"][0]["suppliers"][0]["name"] == "Acme"


def test_releases_are_newest_first_and_paginated_with_a_next_link(client, monkeypatch, validator):
    monkeypatch.setattr(ocds, "PAGE_SIZE", 2)
    notices = NoticeFactory.create_batch(5)
    expected = [n.pk for n in sorted(notices, key=lambda n: (n.updated_at, n.pk), reverse=True)]

    seen, url = [], "/api/notices/"
    while url:
        package = client.get(url).json()
        assert_valid(validator, package)
        seen += [int(r["ocid"].rsplit("-", 1)[1]) for r in package["releases"]]
        url = package.get("links", {}).get("next", "").replace("http://testserver", "")

    assert seen == expected


def test_updated_after_keeps_the_newer_notices(client):
    old = NoticeFactory()
    cutoff = timezone.now()
    new = NoticeFactory()

    package = client.get("/api/notices/", {"updated_after": cutoff.isoformat()}).json()

    ocids = [r["ocid"] for r in package["releases"]]
    assert ocids == [ocds.ocid_for(new)] and ocds.ocid_for(old) not in ocids


@pytest.mark.parametrize(
    "query",
    [
        "updated_after=yesterday",
        "cursor=%%%",
        # Found by the parameter fuzzing: in UTC, these fall outside the calendar.
        "updated_after=0001-01-01T00:00:00%2B01:00",
        "updated_after=9999-12-31T23:59:59-01:00",
    ],
)
def test_bad_parameters_are_a_400_with_a_reason(client, query):
    response = client.get(f"/api/notices/?{query}")

    assert response.status_code == 400 and "error" in response.json()


def test_the_api_speaks_english_whoever_asks(client, supplier):
    supplier.language = "zh-hans"
    supplier.save()
    client.force_login(supplier)
    NoticeFactory(categories=["43232104"])

    release = client.get("/api/notices/").json()["releases"][0]

    assert release["tender"]["procurementMethodDetails"] == "Request for quotation"
    assert (
        release["tender"]["items"][0]["classification"]["description"] == "Word processing software"
    )


def test_a_page_of_the_api_runs_a_bounded_number_of_queries(
    client, staff, django_assert_max_num_queries
):
    for _ in range(12):
        notice = NoticeFactory(categories=["43211503", "44120000"])
        publishing.amend(notice, changes={"title": "Changed"}, note="n", by=staff)

    # 9: the published clarification answers (tender.enquiries) are one more relation.
    with django_assert_max_num_queries(9):
        response = client.get("/api/notices/")

    assert len(response.json()["releases"]) == 12
