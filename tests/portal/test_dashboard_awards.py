"""/dashboard/: the orders won by the program's registered suppliers, their number and value by
currency, by size class, women-owned status and province, each a chart with its CSV."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from notices.award_models import AwardStatus
from notices.models import Award
from portal import award_figures, dashboard
from suppliers.models import Supplier, SupplierStatus
from tests.notices.factories import NoticeFactory
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def company(province="44", **facts):
    supplier = SupplierFactory(province=province, **facts)
    Supplier.objects.filter(pk=supplier.pk).update(status=SupplierStatus.APPROVED)
    supplier.refresh_from_db()
    return supplier


def award(supplier, value=None, currency="", *, days_ago=10, **fields):
    notice = NoticeFactory(deadline=timezone.now() - timedelta(days=days_ago + 5))
    return Award.objects.create(
        notice=notice,
        supplier=supplier,
        supplier_name=supplier.legal_name if supplier else "Acme",
        value=value,
        currency=currency,
        awarded_on=TODAY - timedelta(days=days_ago),
        **fields,
    )


@pytest.fixture
def orders(db):
    """Two micro suppliers in Guangdong (one women-owned, verified) and a large one in Zhejiang;
    awards in USD and CNY, one without a value; awards that do not count."""
    micro = company("44", employees=5, annual_turnover=100_000)
    women = company("44", employees=5, annual_turnover=100_000, women_ownership_pct=60)
    Supplier.objects.filter(pk=women.pk).update(women_owned_verified_at=timezone.now())
    large = company("33", employees=500, annual_turnover=900_000_000)
    award(micro, Decimal("1000"), "USD")
    award(micro, Decimal("500.50"), "USD")
    award(women, Decimal("20000"), "CNY")
    award(large, None, "")
    award(large, Decimal("7"), "USD", status=AwardStatus.CANCELLED)  # not counted
    award(None, Decimal("99"), "USD")  # to a vendor that is not ours
    award(micro, Decimal("3"), "USD", days_ago=800)  # before the period


def rows(slug, **filters) -> list[list]:
    return award_figures.CHARTS[slug](dashboard.Filters(**filters)).rows


def test_orders_by_currency_count_and_sum_what_the_program_suppliers_won(orders):
    assert rows("awards") == [
        ["CNY", 1, Decimal("20000")],
        ["USD", 2, Decimal("1500.50")],
        ["No value given", 1, 0],
    ]


def test_the_period_and_the_province_narrow_them(orders):
    assert rows("awards", period="all")[1] == ["USD", 3, Decimal("1503.50")]
    assert rows("awards", province="33") == [["No value given", 1, 0]]


def test_orders_by_size_class_with_a_value_per_currency(orders):
    table = award_figures.by_size_class(dashboard.Filters())

    assert table.headers == ["Size class", "Orders", "Value (CNY)", "Value (USD)"]
    by_class = {row[0]: row[1:] for row in table.rows}
    assert by_class["Micro"] == [3, Decimal("20000"), Decimal("1500.50")]
    assert by_class["Large"] == [1, 0, 0]
    assert by_class["Small"] == [0, 0, 0]


def test_orders_by_women_owned_status(orders):
    assert rows("awards-women-owned") == [
        ["Women-owned, verified", 1, Decimal("20000"), 0],
        ["Women-owned, self-declared", 0, 0, 0],
        ["Not women-owned", 3, 0, Decimal("1500.50")],
    ]


def test_orders_by_province(orders):
    assert rows("awards-provinces") == [
        ["Guangdong", 3, Decimal("20000"), Decimal("1500.50")],
        ["Zhejiang", 1, 0, 0],
    ]


def test_no_order_no_rows(db):
    assert rows("awards") == []
    assert rows("awards-provinces") == []


def test_staff_see_the_charts_and_download_their_csv(client, staff, orders):
    client.force_login(staff)

    page = client.get("/dashboard/")
    response = client.get("/dashboard/awards-provinces.csv", {"period": "12m"})

    assert "Orders won by the program&#x27;s suppliers, by currency" in page.text
    assert "Orders won by size class" in page.text
    assert response["Content-Disposition"] == 'attachment; filename="awards-provinces-12m.csv"'
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table == [
        ["Province", "Orders", "Value (CNY)", "Value (USD)"],
        ["Guangdong", "3", "20000.00", "1500.50"],
        ["Zhejiang", "1", "0.00", "0.00"],
    ]


def test_suppliers_cannot_download_them(client, supplier):
    client.force_login(supplier)

    assert client.get("/dashboard/awards.csv").status_code == 403


def test_the_charts_are_in_chinese_for_chinese_staff(client, staff, orders):
    staff.language = "zh-hans"
    staff.save()
    client.force_login(staff)

    response = client.get("/dashboard/awards-women-owned.csv", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.content.decode("utf-8-sig").splitlines()[0].startswith("女性拥有状况,订单")
