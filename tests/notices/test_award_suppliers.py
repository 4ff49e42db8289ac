"""Awards that name the program's registered suppliers: staff choose the supplier by its English
or Chinese name or its credit code on the award form (with the contract's dates) or link it in the
admin; the OCDS release names it as a party identified by its credit code (CN-USCC), and the
importer links an award back to the registered supplier with that code."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from notices import publishing
from notices.importing import import_file
from notices.models import Award, Notice
from tests.notices.conftest import assert_valid
from tests.notices.factories import NoticeFactory
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_notice():
    return NoticeFactory(deadline=timezone.now() - timedelta(days=2))


def award_form(**overrides) -> dict:
    return {
        "registered_supplier": "",
        "supplier_name": "",
        "value": "12000",
        "currency": "usd",
        "awarded_on": "2026-03-02",
        **overrides,
    }


def test_staff_award_a_registered_supplier_found_by_credit_code(client, staff, closed_notice):
    company = SupplierFactory(legal_name="Lotus Solar Co., Ltd.")
    client.force_login(staff)

    response = client.post(
        f"/staff/notices/{closed_notice.pk}/award/",
        award_form(
            registered_supplier=company.registration_number.lower(),
            signed_on="2026-03-05",
            starts_on="2026-04-01",
            ends_on="2027-03-31",
        ),
    )

    assert response.status_code == 302
    award = Award.objects.get(notice=closed_notice)
    assert (award.supplier_id, award.supplier_name) == (company.pk, "Lotus Solar Co., Ltd.")
    contract = award.contracts.get()
    assert (contract.starts_on, contract.ends_on, contract.signed_on) == (
        date(2026, 4, 1),
        date(2027, 3, 31),
        date(2026, 3, 5),
    )
    assert (contract.value, contract.currency) == (Decimal("12000"), "USD")


def test_staff_find_a_registered_supplier_by_its_chinese_name(client, staff, closed_notice):
    company = SupplierFactory(legal_name_local="莲花太阳能有限公司")
    SupplierFactory(legal_name_local="海港水泵有限公司")
    client.force_login(staff)

    client.post(
        f"/staff/notices/{closed_notice.pk}/award/",
        award_form(registered_supplier="莲花", supplier_name="Lotus Solar (Kunming branch)"),
    )

    award = Award.objects.get(notice=closed_notice)
    assert (award.supplier_id, award.supplier_name) == (company.pk, "Lotus Solar (Kunming branch)")
    assert not award.contracts.exists(), "no contract without its dates"


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"registered_supplier": "Nobody Ltd"}, "No registered supplier has this name"),
        ({"registered_supplier": "Shenzhen"}, "Several registered suppliers match"),
        ({}, "Name the supplier, or choose a registered one."),
        (
            {"supplier_name": "Acme", "starts_on": "2026-05-01", "ends_on": "2026-04-01"},
            "The contract cannot end before it starts.",
        ),
    ],
)
def test_the_award_form_refuses_bad_input(client, staff, closed_notice, fields, error):
    SupplierFactory(legal_name="Shenzhen Lotus Co., Ltd.")
    SupplierFactory(legal_name="Shenzhen Harbour Co., Ltd.")
    client.force_login(staff)

    response = client.post(f"/staff/notices/{closed_notice.pk}/award/", award_form(**fields))

    assert response.status_code == 200
    assert error in response.text
    assert not Award.objects.exists()


def test_a_supplier_cannot_record_an_award(client, supplier, closed_notice):
    client.force_login(supplier)

    response = client.post(
        f"/staff/notices/{closed_notice.pk}/award/", award_form(supplier_name="Mine")
    )

    assert response.status_code == 403
    assert not Award.objects.exists()


def test_an_admin_links_an_award_to_a_registered_supplier(client, admin_user, staff, closed_notice):
    award = publishing.record_award(
        closed_notice, supplier_name="Lotus", awarded_on=date(2026, 3, 2), by=staff
    )
    company = SupplierFactory()
    client.force_login(admin_user)
    page = f"/admin/notices/award/{award.pk}/change/"
    assert client.get(page).status_code == 200

    response = client.post(page, {"supplier": company.pk})

    assert response.status_code == 302
    award.refresh_from_db()
    assert (award.supplier_id, award.supplier_name) == (company.pk, "Lotus")


def awarded_release(client, notice) -> dict:
    package = client.get("/api/notices/").json()
    return next(r for r in package["releases"] if r["tender"]["id"] == notice.reference)


def test_the_release_names_the_registered_supplier_by_its_credit_code(
    client, staff, closed_notice, validator
):
    company = SupplierFactory(legal_name="Lotus Solar Co., Ltd.")
    publishing.record_award(
        closed_notice,
        supplier_name="Lotus Solar",
        supplier_id=company.pk,
        awarded_on=date(2026, 3, 2),
        by=staff,
    )

    release = awarded_release(client, closed_notice)

    party = next(p for p in release["parties"] if p["roles"] == ["supplier"])
    assert party["identifier"] == {
        "scheme": "CN-USCC",
        "id": company.registration_number,
        "legalName": "Lotus Solar Co., Ltd.",
    }
    assert release["awards"][0]["suppliers"] == [{"id": party["id"], "name": "Lotus Solar"}]
    assert_valid(validator, {"releases": [release]})


def test_a_supplier_registered_outside_china_has_no_credit_code_in_the_release(
    client, staff, closed_notice
):
    company = SupplierFactory(country="KE", registration_number="PVT-123")
    publishing.record_award(
        closed_notice, supplier_name="X", supplier_id=company.pk, awarded_on=date.today(), by=staff
    )

    party = next(
        p for p in awarded_release(client, closed_notice)["parties"] if "supplier" in p["roles"]
    )

    assert "identifier" not in party


def test_the_importer_links_an_award_to_the_supplier_with_its_credit_code(
    client, staff, closed_notice, tmp_path
):
    company = SupplierFactory()
    publishing.record_award(
        closed_notice,
        supplier_name="Lotus",
        supplier_id=company.pk,
        awarded_on=date.today(),
        by=staff,
    )
    (tmp_path / "ours.json").write_bytes(client.get("/api/notices/").content)
    Notice.objects.all().delete()

    report = import_file(tmp_path / "ours.json")
    again = import_file(tmp_path / "ours.json")

    assert report.created == 1
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    award = Award.objects.get()
    assert (award.supplier_id, award.supplier_name) == (company.pk, "Lotus")


def test_an_unknown_credit_code_leaves_the_name_only(client, staff, closed_notice, tmp_path):
    company = SupplierFactory()
    publishing.record_award(
        closed_notice,
        supplier_name="Lotus",
        supplier_id=company.pk,
        awarded_on=date.today(),
        by=staff,
    )
    package = client.get("/api/notices/").json()
    Notice.objects.all().delete()
    company.registration_number = "91440300MA5FUNKN0X"
    company.save()
    (tmp_path / "ours.json").write_text(json.dumps(package), encoding="utf-8")

    import_file(tmp_path / "ours.json")

    award = Award.objects.get()
    assert (award.supplier_id, award.supplier_name) == (None, "Lotus")


def test_reimporting_keeps_a_staff_link_the_file_does_not_name(
    client, staff, closed_notice, tmp_path
):
    """A supplier registered outside China has no credit code in the release: importing the
    portal's own release again leaves the award linked."""
    company = SupplierFactory(country="KE", registration_number="PVT-123")
    award = publishing.record_award(
        closed_notice, supplier_name="X", supplier_id=company.pk, awarded_on=date.today(), by=staff
    )
    (tmp_path / "ours.json").write_bytes(client.get("/api/notices/").content)

    report = import_file(tmp_path / "ours.json")

    assert report.unchanged == 1
    award.refresh_from_db()
    assert award.supplier_id == company.pk
