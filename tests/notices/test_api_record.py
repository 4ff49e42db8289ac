"""/api/notices/<ocid>/: a public notice's OCDS record package (its release and the compiled
release, each valid against the release schema); a JSON 404 for anything else."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from notices import ocds, publishing
from tests.notices.conftest import assert_valid_release
from tests.notices.factories import DraftFactory, NoticeFactory

pytestmark = pytest.mark.django_db


def test_a_notices_record_holds_its_release_and_the_compiled_release(
    client, staff, validator, settings
):
    settings.OCDS_OCID_PREFIX = "ocds-test01"
    notice = NoticeFactory(estimated_value=Decimal(2000), currency="USD")
    publishing.amend(notice, changes={"title": "Laptops, amended"}, note="Scope.", by=staff)
    type(notice).objects.filter(pk=notice.pk).update(deadline=timezone.now() - timedelta(days=1))
    notice.refresh_from_db()
    publishing.record_award(
        notice,
        supplier_name="Acme",
        value=Decimal(1900),
        currency="USD",
        awarded_on=date(2026, 1, 2),
        by=staff,
    )

    response = client.get(f"/api/notices/ocds-test01-{notice.pk}/")

    package = response.json()
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert package["version"] == "1.1" and package["uri"].endswith(f"-{notice.pk}/")
    assert "releases" not in package
    [record] = package["records"]
    [release] = record["releases"]
    assert record["ocid"] == release["ocid"] == f"ocds-test01-{notice.pk}"
    assert release["tag"] == ["tenderAmendment", "award"]
    assert record["compiledRelease"]["tag"] == ["compiled"]
    assert record["compiledRelease"]["tender"]["title"] == "Laptops, amended"
    assert record["compiledRelease"]["awards"][0]["suppliers"][0]["name"] == "Acme"
    assert_valid_release(validator, release)
    assert_valid_release(validator, record["compiledRelease"])


def test_the_record_is_the_release_the_list_shows(client):
    notice = NoticeFactory()

    listed = client.get("/api/notices/").json()["releases"][0]
    record = client.get(f"/api/notices/{ocds.ocid_for(notice)}/").json()["records"][0]

    assert record["releases"] == [listed]


@pytest.mark.parametrize(
    "ocid",
    [
        "ocds-unsupp-999999",  # no such notice
        "ocds-other-1",  # another publisher's
        "ocds-unsupp-abc",
        "ocds-unsupp-1e3",
        "ocds-unsupp-99999999999999999999999999",
        "ocds-unsupp-",
    ],
)
def test_an_unknown_ocid_is_a_json_404(client, ocid):
    response = client.get(f"/api/notices/{ocid}/")

    assert response.status_code == 404 and "error" in response.json()


def test_a_draft_has_no_record(client, staff):
    draft = DraftFactory()
    client.force_login(staff)

    response = client.get(f"/api/notices/{ocds.ocid_for(draft)}/")

    assert response.status_code == 404 and "error" in response.json()
