"""Import after export is the identity: notices built here, exported by the API, imported into an
empty database and exported again give the same releases, for every field the portal owns (what
differs is only what names this database's rows: ocids, release ids and dates of the new
versions, the notice page's address, the supplier parties' ids). Both exports are valid OCDS."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from notices import publishing, questions
from notices.importing import import_file
from notices.models import Agency, Notice, NoticeStatus, NoticeType
from tests.factories import UserFactory
from tests.notices.conftest import assert_valid
from tests.notices.factories import AgencyFactory, NoticeFactory
from tests.notices.round_trip import comparable
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def build_notices(staff) -> None:
    undp = AgencyFactory(acronym="UNDP", website="https://procurement.undp.org/")
    unicef = AgencyFactory(acronym="UNICEF", time_zone="Asia/Shanghai")
    NoticeFactory(
        agency=undp,
        title="Solar water pumps",
        description="**Solar** pumps, 20 units.",
        contact_name="Li Wei",
        contact_email="li.wei@undp.org",
        tender_url="https://procurement.undp.org/rfq/1",
        estimated_value=Decimal("12000.50"),
        currency="USD",
        sme_friendly=True,
        women_owned_preference=True,
        environmental_criteria="Energy Star rated.",
        countries=["KE", "ET"],
        categories=["40151500", "43232104"],
        external_classifications=[{"scheme": "CPV", "id": "42122000", "description": "Pumps"}],
        document_language="zh",
    )
    amended = NoticeFactory(agency=unicef, title="Vaccine fridges", contact_name="Zhang")
    publishing.amend(
        amended,
        changes={"deadline": NOW + timedelta(days=20), "contact_name": "Zhang San"},
        note="Deadline extended.",
        by=staff,
    )
    NoticeFactory(agency=unicef, status=NoticeStatus.CANCELLED, cancellation_reason="No funds.")
    closed = NoticeFactory(agency=undp, deadline=NOW - timedelta(days=3))
    awarded = NoticeFactory(agency=undp, deadline=NOW - timedelta(days=5))
    publishing.record_award(
        awarded,
        supplier_name="Shenzhen Solar Co.",
        awarded_on=date(2026, 11, 30),
        value=Decimal("9800"),
        currency="USD",
        by=staff,
    )
    NoticeFactory(agency=unicef, notice_type=NoticeType.CONTRACT_AWARD, deadline=None)
    assert closed.public_status == "closed"
    build_a_notice_with_answers_and_a_linked_award(undp, staff)


def build_a_notice_with_answers_and_a_linked_award(agency, staff) -> None:
    """A clarification deadline, two published answers (one question left unanswered, one
    answered to the asker only: neither is in the release), an award to a registered supplier
    with its contract."""
    notice = NoticeFactory(
        agency=agency,
        title="Water pumps with answers",
        deadline=NOW - timedelta(days=2),
        clarification_deadline=NOW - timedelta(days=9),
    )
    asker = UserFactory()
    for n in range(3):
        question = questions.ask(
            notice,
            user=asker,
            company_name="Lotus",
            text=f"Question {n}?",
            now=NOW - timedelta(days=12 - n),
        )
        if n < 2:
            questions.publish_answer(
                question, published_text=f"May we offer model {n}?", answer=f"Yes {n}.", by=staff
            )
    company = SupplierFactory(legal_name="Lotus Pumps Co., Ltd.")
    publishing.record_award(
        notice,
        supplier_name="Lotus Pumps",
        supplier_id=company.pk,
        awarded_on=date(2026, 11, 28),
        value=Decimal("5000"),
        currency="CNY",
        signed_on=date(2026, 11, 29),
        starts_on=date(2026, 12, 1),
        ends_on=date(2027, 5, 31),
        by=staff,
    )


def test_notices_exported_imported_and_exported_again_give_the_same_releases(
    client, staff, tmp_path, validator
):
    build_notices(staff)
    first = client.get("/api/notices/").json()
    assert_valid(validator, first)
    (tmp_path / "ours.json").write_text(json.dumps(first), encoding="utf-8")
    Notice.objects.all().delete()
    Agency.objects.all().delete()

    report = import_file(tmp_path / "ours.json")

    assert (report.created, report.refused) == (7, []), report.refused
    second = client.get("/api/notices/").json()
    assert_valid(validator, second)
    assert comparable(second) == comparable(first)
    answered = next(r for r in second["releases"] if r["tender"]["title"].endswith("answers"))
    assert [e["answer"] for e in answered["tender"]["enquiries"]] == ["Yes 0.", "Yes 1."]
    assert answered["tender"]["enquiryPeriod"]["endDate"]
    assert answered["parties"][-1]["identifier"]["scheme"] == "CN-USCC"
    assert answered["contracts"][0]["period"]["endDate"] == "2027-05-31T00:00:00Z"
    again = import_file(tmp_path / "ours.json")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7), "re-import writes nothing"
    assert not Agency.objects.filter(listed=True).exists(), "imported buyers are not listed"


def test_the_apis_own_pages_imported_into_the_same_database_change_nothing(
    client, staff, tmp_path, mailoutbox
):
    """Defect: importing the API's pages blanked contacts (read only from buyer.contactPoint),
    recorded each as an amendment and e-mailed its followers."""
    build_notices(staff)
    (tmp_path / "ours.json").write_bytes(client.get("/api/notices/").content)
    amendments = [n.amendments.count() for n in Notice.objects.order_by("pk")]

    report = import_file(tmp_path / "ours.json")

    assert (report.created, report.updated, report.unchanged) == (0, 0, 7), report.refused
    assert [n.amendments.count() for n in Notice.objects.order_by("pk")] == amendments
    assert Notice.objects.get(title="Solar water pumps").contact_email == "li.wei@undp.org"
