"""/dashboard/'s period: the filter shows the period the figures describe, and each chart says which
period it covers; its table on the page and the CSV its link downloads are the same figures."""

import csv
import html
import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from notices.alerts.models import AlertDelivery, DeliveryKind
from notices.models import Award
from portal import dashboard, rollups
from suppliers.models import Supplier, SupplierStatus
from tests.events.factories import fair_that_ended_at
from tests.factories import UserFactory
from tests.notices.factories import AgencyFactory, NoticeFactory, make_alert
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db

# The charts whose figures are counted over the period; the others describe today.
OVER_THE_PERIOD = {
    "registrations",
    "notices",
    "agencies",
    "alerts",
    "awards",
    "awards-size-classes",
    "awards-women-owned",
    "awards-provinces",
    "events-held",
    "event-attendance",
    "event-months",
    "event-reach",
    "event-conversions",
    "fair-meetings",
    "orders-after-fairs",
}
SEVEN_MONTHS_AGO = timedelta(days=212)  # in the last 12 months, not in the last 3


@pytest.fixture
def this_month_and_seven_months_ago(db):
    """Something for every chart now, and for each chart over the period seven months ago too."""
    now = timezone.now()
    for when in (now, now - SEVEN_MONTHS_AGO):
        supplier = SupplierFactory(province="53", categories=["43211500"])
        Supplier.objects.filter(pk=supplier.pk).update(
            status=SupplierStatus.APPROVED, created_at=when
        )
        notice = NoticeFactory(agency=AgencyFactory(acronym="UNDP"), published_at=when)
        delivery = AlertDelivery.objects.create(
            user=UserFactory(), notice=notice, kind=DeliveryKind.NEW_NOTICE, status="sent"
        )
        AlertDelivery.objects.filter(pk=delivery.pk).update(created_at=when)
        Award.objects.create(
            notice=notice,
            supplier=supplier,
            supplier_name=supplier.legal_name,
            value=Decimal("100"),
            currency="USD",
            awarded_on=timezone.localtime(when, dashboard.Filters().zone).date(),
        )
        fair_that_ended_at(when, supplier=supplier, agency=notice.agency)
    make_alert(categories=["43"], name="Software")
    rollups.refresh_rollups()


def section(page: str, slug: str) -> str:
    start = page.index(f'id="{slug}"')
    return page[start : page.index("</section>", start)]


def csv_link(page: str, slug: str) -> str:
    return html.unescape(re.search(rf'href="(/dashboard/{slug}\.csv[^"]*)"', page).group(1))


def downloaded(client, link: str) -> tuple[str, list[list[str]]]:
    response = client.get(link)
    assert response.status_code == 200
    filename = response["Content-Disposition"].split('filename="')[1].rstrip('"')
    return filename, list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def table(chart) -> list[list[str]]:
    return [list(map(str, chart.headers)), *[[str(cell) for cell in row] for row in chart.rows]]


def test_the_filter_shows_the_default_period_the_figures_describe(client, staff):
    client.force_login(staff)

    response = client.get("/dashboard/")

    assert response.context["filters"].period == dashboard.DEFAULT_PERIOD == "12m"
    assert '<option value="12m" selected>Last 12 months</option>' in response.content.decode()
    assert '<option value="3m" selected>' not in response.content.decode()


def test_every_chart_is_listed_as_over_the_period_or_today():
    assert dashboard.OVER_THE_PERIOD == OVER_THE_PERIOD <= set(dashboard.CHARTS)


@pytest.mark.parametrize("slug", list(dashboard.CHARTS))
def test_by_default_the_chart_its_table_and_its_csv_describe_the_last_12_months(
    client, staff, this_month_and_seven_months_ago, slug
):
    client.force_login(staff)

    response = client.get("/dashboard/")

    page = response.content.decode()
    chart = {chart.slug: chart for chart in response.context["charts"]}[slug]
    link = csv_link(page, slug)
    assert "period=12m" in link
    filename, rows = downloaded(client, link)
    assert filename == f"{slug}-12m.csv"
    assert rows == table(chart) and len(rows) > 1
    if slug in OVER_THE_PERIOD:
        assert "In the period: Last 12 months." in section(page, slug)
    else:
        assert "Today, whatever the period." in section(page, slug)


@pytest.mark.parametrize("slug", list(dashboard.CHARTS))
def test_a_chosen_period_reaches_the_chart_its_table_and_its_csv(
    client, staff, this_month_and_seven_months_ago, slug
):
    client.force_login(staff)
    year = {c.slug: c for c in client.get("/dashboard/").context["charts"]}[slug]

    response = client.get("/dashboard/", {"period": "3m", "province": "53"})

    page = response.content.decode()
    assert '<option value="3m" selected>Last 3 months</option>' in page
    chart = {chart.slug: chart for chart in response.context["charts"]}[slug]
    filename, rows = downloaded(client, csv_link(page, slug))
    assert filename == f"{slug}-3m.csv"
    assert rows == table(chart)
    if slug in OVER_THE_PERIOD:
        assert chart.rows != year.rows, "seven months ago is in the year, not in 3 months"
        assert "In the period: Last 3 months." in section(page, slug)
    else:
        assert "Today, whatever the period." in section(page, slug)


def test_the_period_notes_are_in_chinese_too(client, staff, this_month_and_seven_months_ago):
    staff.language = "zh-hans"
    staff.save()
    client.force_login(staff)

    page = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "统计期间：最近 12 个月。" in section(page, "notices")
    assert "当前数据，不受统计期间影响。" in section(page, "size-classes")
