"""The hot pages run a fixed number of queries, whatever the number of rows they show.

Each page is requested with a few rows, then with several times more: the number of queries must be
the same (an N+1 shows up as a difference) and stay within the page's budget. The cache is cleared
before each request, so that the budget includes what a cold cache costs (facets, reference data).
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notices import publishing
from notices.alerts import criteria
from notices.alerts.models import Alert, AlertDelivery, DeliveryKind, Frequency
from suppliers.models import Certification, CertificationKind
from tests.notices.factories import AgencyFactory, DraftFactory, NoticeFactory
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db


def queries(client, path: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured.captured_queries)


def grows_not(client, path: str, add_rows, *, budget: int) -> None:
    """Same number of queries with 2 and with 8 rows of what the page lists, at most `budget`."""
    add_rows(2)
    few = queries(client, path)
    add_rows(6)
    many = queries(client, path)
    assert many == few, f"{path}: {few} queries with 2 rows, {many} with 8 (an N+1?)"
    assert many <= budget, f"{path}: {many} queries, budget {budget}"


def notices(count: int, **extra) -> list:
    agency = AgencyFactory(acronym="UNICEF")
    return [
        NoticeFactory(
            agency=agency,
            title=f"Solar water pumps, lot {n}",
            categories=["43211503", "26131500"],
            countries=["CN", "KE"],
            **extra,
        )
        for n in range(count)
    ]


def test_the_notice_list(client):
    grows_not(client, "/notices/", notices, budget=8)


def test_the_notice_list_with_keywords_and_filters(client):
    path = "/notices/?q=solar&category=26&country=KE&agency=UNICEF&type=rfq&sort=closing"
    grows_not(client, path, notices, budget=9)  # + the search's planner settings, in production


def test_a_notice_page_with_its_amendments(client, staff, supplier):
    notice = notices(1)[0]
    client.force_login(supplier)

    def amend(count):
        for n in range(count):
            publishing.amend(notice, changes={"title": f"Title {n}"}, note="n", by=staff)

    # + the published answers, + the reader's company (is it interested?)
    grows_not(client, f"/notices/{notice.pk}/", amend, budget=16)  # + its retired categories


def test_the_alerts_list(client, supplier):
    client.force_login(supplier)
    notice = notices(1)[0]

    def add_alerts(count):
        for n in range(count):
            alert = criteria.save_alert(
                Alert(user=supplier, name=f"Alert {n}", frequency=Frequency.DAILY),
                categories=["26"],
                countries=["KE"],
                agencies=[],
                notice_types=[],
            )
            AlertDelivery.objects.create(
                user=supplier,
                notice=notice,
                alert=alert,
                kind=DeliveryKind.NEW_NOTICE,
                event=str(alert.pk),
            )

    grows_not(client, "/alerts/", add_alerts, budget=8)


def test_the_alerts_log(client, supplier):
    client.force_login(supplier)

    def add_deliveries(count):
        for notice in notices(count):
            AlertDelivery.objects.create(user=supplier, notice=notice, kind=DeliveryKind.NEW_NOTICE)

    grows_not(client, "/alerts/log/", add_deliveries, budget=8)


def test_the_supplier_profile(client, supplier):
    client.force_login(supplier)
    company = SupplierFactory(owner=supplier, categories=["26000000", "43000000"])

    def add_certifications(count):
        for n in range(count):
            Certification.objects.create(
                supplier=company,
                kind=CertificationKind.OTHER,
                label=f"Label {Certification.objects.count()} {n}",
                expires_on=timezone.now().date() + timedelta(days=300),
            )

    # The workspace: the profile and its review (13, as the profile page had), the assessment and
    # its open actions (4), the alerts, the notices followed and the e-mails sent (6: the latest
    # e-mails are read from each of the two parts of the user's outbox index), the team's
    # latest changes to the profile, the company's expressions of interest, the awards it won and
    # the person's events with their certificates, and the coming events open to them.
    grows_not(client, "/supplier/", add_certifications, budget=27)


def test_the_staff_notice_list(client, staff):
    client.force_login(staff)

    def add(count):
        notices(count)
        for _ in range(count):
            DraftFactory()

    grows_not(client, "/staff/notices/", add, budget=8)


def test_a_page_of_the_api(client, staff):
    def add(count):
        for notice in notices(count):
            publishing.amend(notice, changes={"title": "Changed"}, note="n", by=staff)

    grows_not(client, "/api/notices/", add, budget=9)  # + the published answers (enquiries)


def test_the_feed(client):
    grows_not(client, "/notices/feed/?category=26", notices, budget=5)
