"""What a notice carries into its OCDS release: the tender status as the notice's state says it,
valid tender periods, countries of delivery (Location extension), and the SME and women-owned flags
(our Supplier inclusion extension, notices/static/ocds/supplier-inclusion/). Releases are validated
against the OCDS 1.1.5 release schema with both extensions merged in (tests/notices/ocds_schema.py)."""

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from notices import ocds, ocds_enquiries, publishing
from notices.importing import import_file
from notices.models import Notice, NoticeStatus, NoticeType
from tests.notices.factories import NoticeFactory
from tests.notices.ocds_schema import merge_patch

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def errors_of(validator, release) -> list[str]:
    errors = sorted(validator.iter_errors(release), key=lambda e: list(e.path))
    return [f"{list(e.path)}: {e.message}" for e in errors]


def releases(client) -> dict[int, dict]:
    package = client.get("/api/notices/").json()
    return {int(r["ocid"].rsplit("-", 1)[1]): r for r in package["releases"]}


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({}, "active"),
        ({"deadline": NOW - timedelta(hours=1)}, "complete"),
        ({"status": NoticeStatus.CANCELLED, "cancellation_reason": "No funds"}, "cancelled"),
        ({"status": NoticeStatus.AWARDED, "deadline": NOW - timedelta(days=9)}, "complete"),
        ({"notice_type": NoticeType.CONTRACT_AWARD, "deadline": None}, "complete"),
    ],
    ids=["open", "closed", "cancelled", "awarded", "contract-award-notice"],
)
def test_the_tender_status_says_what_the_notice_is(fields, status):
    assert ocds.tender_status(NoticeFactory(**fields)) == status


def test_closed_cancelled_and_awarded_notices_are_valid_extended_releases(client, staff, validator):
    closed = NoticeFactory(
        deadline=NOW - timedelta(days=2),
        countries=["KE", "ET"],
        sme_friendly=True,
        women_owned_preference=True,
    )
    cancelled = NoticeFactory(status=NoticeStatus.CANCELLED, cancellation_reason="No funds")
    awarded = NoticeFactory(deadline=NOW - timedelta(days=3), countries=[])
    publishing.record_award(
        awarded,
        supplier_name="Acme",
        value=Decimal(900),
        currency="EUR",
        awarded_on=date(2026, 1, 2),
        by=staff,
    )

    found = releases(client)

    for release in found.values():
        assert not errors_of(validator, release)
    assert found[closed.pk]["tender"]["status"] == "complete"
    assert found[cancelled.pk]["tender"]["status"] == "cancelled"
    assert found[awarded.pk]["tender"]["status"] == "complete"
    assert found[awarded.pk]["awards"][0]["status"] == "active"
    assert found[closed.pk]["tender"]["deliveryAddresses"] == [
        {"countryName": "Ethiopia"},
        {"countryName": "Kenya"},
    ]
    assert "deliveryAddresses" not in found[awarded.pk]["tender"], "no country, no address"
    assert found[closed.pk]["tender"]["supplierInclusion"] == {
        "smeFriendly": True,
        "womenOwnedPreference": True,
    }
    assert found[cancelled.pk]["tender"]["supplierInclusion"] == {
        "smeFriendly": False,
        "womenOwnedPreference": False,
    }


def test_the_package_declares_its_extensions_and_ours_is_served(client, settings):
    settings.SITE_URL = "https://portal.example"
    NoticeFactory()

    extensions = client.get("/api/notices/").json()["extensions"]

    assert extensions == [
        ocds.LOCATION_EXTENSION,
        "https://portal.example/static/ocds/supplier-inclusion/extension.json",
        ocds_enquiries.ENQUIRIES_EXTENSION,
    ]
    described = json.loads(Path(finders.find("ocds/supplier-inclusion/extension.json")).read_text())
    assert described["compatibility"] == ["1.1"] and described["schemas"] == ["release-schema.json"]
    assert described["name"]["en"] == "Supplier inclusion" and described["description"]["en"]
    assert finders.find("ocds/supplier-inclusion/release-schema.json")


def test_the_validator_holds_releases_to_our_extension(client, validator):
    """The core schema alone would take any value here: the merged patch is what checks it."""
    NoticeFactory()
    release = next(iter(releases(client).values()))
    release["tender"]["supplierInclusion"]["smeFriendly"] = "yes"
    release["tender"]["deliveryAddresses"] = "Kenya"

    errors = errors_of(validator, release)

    assert any("supplierInclusion" in e and "'yes' is not of type" in e for e in errors)
    assert any("deliveryAddresses" in e and "not of type 'array'" in e for e in errors)


@pytest.mark.parametrize(
    ("target", "patch", "merged"),
    [
        ({"a": 1}, {"b": 2}, {"a": 1, "b": 2}),
        ({"a": {"x": 1, "y": 2}}, {"a": {"y": None}}, {"a": {"x": 1}}),
        ({"a": [1, 2]}, {"a": [3]}, {"a": [3]}),
        ({"a": 1}, {"a": {"b": 1}}, {"a": {"b": 1}}),
    ],
)
def test_schemas_merge_as_json_merge_patch_says(target, patch, merged):
    assert merge_patch(target, patch) == merged


def test_a_notice_published_after_its_deadline_has_a_valid_tender_period(client, validator):
    deadline = NOW - timedelta(days=3)
    notice = NoticeFactory(published_at=NOW, deadline=deadline)

    release = releases(client)[notice.pk]

    assert release["tender"]["tenderPeriod"] == {
        "endDate": notice.deadline_in_agency_time.isoformat()
    }, "when the period started is not known: no startDate rather than one after the end"
    assert release["tender"]["documents"][0]["datePublished"] == NOW.isoformat().replace(
        "+00:00", "Z"
    )
    assert not errors_of(validator, release)


def test_a_notice_published_after_its_deadline_imports_back_through_our_importer(client, tmp_path):
    notice = NoticeFactory(published_at=NOW, deadline=NOW - timedelta(days=3))
    (tmp_path / "ours.json").write_bytes(client.get("/api/notices/").content)

    report = import_file(tmp_path / "ours.json")

    assert report.refused == [] and report.unchanged == 1
    assert Notice.objects.get().deadline == notice.deadline


def test_a_release_gets_a_new_id_when_its_notice_closes(client):
    notice = NoticeFactory()
    Notice.objects.filter(pk=notice.pk).update(
        updated_at=NOW - timedelta(days=2), deadline=NOW + timedelta(days=2)
    )
    before = releases(client)[notice.pk]
    # Time passes: the deadline is now behind us, and nobody wrote to the notice.
    Notice.objects.filter(pk=notice.pk).update(deadline=NOW - timedelta(minutes=1))

    after = releases(client)[notice.pk]

    assert (before["tender"]["status"], after["tender"]["status"]) == ("active", "complete")
    assert after["id"] != before["id"] and after["date"] > before["date"]


@pytest.mark.parametrize("address", ["/api/notices/", "/api/notices/{ocid}/"])
def test_a_notice_closing_is_not_answered_with_a_stale_304(client, address):
    notice = NoticeFactory()
    Notice.objects.filter(pk=notice.pk).update(
        updated_at=NOW - timedelta(days=2), deadline=NOW + timedelta(days=2)
    )
    url = address.format(ocid=ocds.ocid_for(notice))
    etag = client.get(url)["ETag"]
    Notice.objects.filter(pk=notice.pk).update(deadline=NOW - timedelta(minutes=1))

    response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 200 and response["ETag"] != etag


def test_a_record_package_declares_the_extensions_and_its_releases_are_valid(client, validator):
    notice = NoticeFactory(deadline=NOW - timedelta(days=1), countries=["KE"], sme_friendly=True)

    package = client.get(f"/api/notices/{ocds.ocid_for(notice)}/").json()

    assert package["extensions"] == ocds.extension_urls()
    record = package["records"][0]
    for release in [*record["releases"], record["compiledRelease"]]:
        assert not errors_of(validator, release)
    assert record["compiledRelease"]["tender"]["status"] == "complete"
    assert record["compiledRelease"]["tender"]["deliveryAddresses"] == [{"countryName": "Kenya"}]
