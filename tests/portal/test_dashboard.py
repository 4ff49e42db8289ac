"""/dashboard/: the program's figures for program staff, from aggregate queries, with filters and a
CSV per chart."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import figures as account_counts
from notices.alerts.models import AlertDelivery, DeliveryKind
from portal import dashboard, rollups
from suppliers.models import Supplier, SupplierStatus
from suppliers.regions import PROVINCES
from tests.factories import UserFactory
from tests.notices.factories import AgencyFactory, DraftFactory, NoticeFactory, make_alert
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db


def supplier_in(province="44", status=SupplierStatus.APPROVED, **facts):
    supplier = SupplierFactory(province=province, **facts)
    Supplier.objects.filter(pk=supplier.pk).update(status=status)
    return supplier


@pytest.fixture
def program(db):
    """Suppliers in two provinces, notices of two agencies over two months, alerts and deliveries."""
    now = timezone.now()
    supplier_in("44", employees=5, annual_turnover=100_000)  # micro
    supplier_in("44", women_ownership_pct=60)
    supplier_in("33", employees=500, annual_turnover=900_000_000)  # large
    supplier_in("33", status=SupplierStatus.SUBMITTED)
    supplier_in("33", status=SupplierStatus.DRAFT)
    unicef, undp = AgencyFactory(acronym="UNICEF"), AgencyFactory(acronym="UNDP")
    NoticeFactory.create_batch(3, agency=unicef)
    NoticeFactory(agency=undp, published_at=now - timedelta(days=40))
    NoticeFactory(agency=undp, published_at=now - timedelta(days=500))
    DraftFactory(agency=undp)
    user = UserFactory()
    make_alert(user=user, categories=["43"], name="Software")
    notice = NoticeFactory(agency=undp)
    for status in ("sent", "sent", "failed"):
        AlertDelivery.objects.create(
            user=UserFactory(), notice=notice, kind=DeliveryKind.NEW_NOTICE, status=status
        )
    rollups.refresh_rollups()  # as beat does: the notice and segment figures read the rollups


def as_dict(chart):
    return {row[0]: row[1:] if len(row) > 2 else row[1] for row in chart.rows}


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/dashboard/"


def test_suppliers_are_refused(client, supplier):
    client.force_login(supplier)

    assert client.get("/dashboard/").status_code == 403
    assert client.get("/dashboard/provinces.csv").status_code == 403


def test_staff_see_the_figures_and_a_chart_per_figure(client, staff, program):
    client.force_login(staff)

    response = client.get("/dashboard/")

    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["approved"] == 3
    assert figures["smes"] == 2 and figures["women_owned"] == 1
    assert figures["queue"] == 1
    assert figures["published"] == 5, "the notice published 500 days ago is outside 12 months"
    assert figures["open_notices"] == 6
    page = response.content.decode()
    for slug in dashboard.CHARTS:
        assert f'href="/dashboard/{slug}.csv' in page
    assert page.count('<svg class="chart" role="img"') >= 8
    assert "Notices published per month, by type" in page


def test_the_charts_count_by_segment(client, staff, program):
    charts = {
        c.slug: c for c in (build(dashboard.Filters()) for build in dashboard.CHARTS.values())
    }

    assert as_dict(charts["size-classes"]) == {
        "Micro": 1,
        "Small": 1,
        "Medium": 0,
        "Large": 1,
    }
    assert as_dict(charts["women-owned"]) == {
        "Women-owned, verified": 0,
        "Women-owned, self-declared": 1,
        "Not women-owned": 2,
    }
    assert as_dict(charts["provinces"]) == {"Guangdong": 2, "Zhejiang": 1}
    assert as_dict(charts["agencies"]) == {"UNICEF": 3, "UNDP": 2}
    assert as_dict(charts["alerts"])["Delivered"] == 2
    assert as_dict(charts["alerts"])["Failed"] == 1
    assert list(as_dict(charts["subscribers"]).values()) == [1]
    assert as_dict(charts["segments"]) == {
        "26 Power Generation and Distribution Machinery and Accessories": 3
    }


def test_the_province_filter_narrows_supplier_figures_only(client, staff, program):
    client.force_login(staff)

    response = client.get("/dashboard/", {"province": "33", "period": "all"})

    figures = response.context["figures"]
    assert figures["approved"] == 1 and figures["queue"] == 1
    assert figures["published"] == 6, "notices have no province; 'all' includes the old one"
    assert 'value="33" selected' in response.content.decode()


def test_registrations_over_time_are_stacked_by_status(program):
    chart = dashboard.registrations(dashboard.Filters(period="3m"))

    assert chart.headers[0] == "Month" and len(chart.rows) == 1
    month = timezone.localtime(timezone=dashboard.Filters().zone).strftime("%Y-%m")
    row = dict(zip(chart.headers, chart.rows[0], strict=True))
    assert row == {"Month": month, "Draft": 1, "Submitted for review": 1, "Approved": 3}


def test_the_median_review_time(program):
    now = timezone.now()
    for days in (2, 4, 9):
        supplier = supplier_in()
        Supplier.objects.filter(pk=supplier.pk).update(
            submitted_at=now - timedelta(days=days + 1), decided_at=now - timedelta(days=1)
        )

    assert dashboard.median_review_days(dashboard.Filters()) == 4.0
    supplier = supplier_in()
    Supplier.objects.filter(pk=supplier.pk).update(
        submitted_at=now - timedelta(days=7), decided_at=now - timedelta(days=1)
    )
    assert dashboard.median_review_days(dashboard.Filters()) == 5.0, "the mean of the middle two"


def test_no_decision_no_median():
    assert dashboard.median_review_days(dashboard.Filters()) is None


def test_each_chart_downloads_as_csv_with_the_same_filters(client, staff, program):
    client.force_login(staff)

    response = client.get("/dashboard/provinces.csv", {"province": "44", "period": "3m"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="provinces-3m.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["Province", "Suppliers"], ["Guangdong", "2"]]


def test_the_csv_is_in_the_staffs_language(client, staff, program):
    staff.language = "zh-hans"
    staff.save()
    client.force_login(staff)

    response = client.get("/dashboard/size-classes.csv", HTTP_ACCEPT_LANGUAGE="zh-hans")

    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "企业规模,供应商"


def test_an_unknown_chart_is_404_and_bad_filters_are_400(client, staff):
    client.force_login(staff)

    assert client.get("/dashboard/nothing.csv").status_code == 404
    assert client.get("/dashboard/", {"period": "7y"}).status_code == 400
    assert client.get("/dashboard/", {"province": "Atlantis"}).status_code == 400
    assert client.get("/dashboard/agencies.csv", {"period": "7y"}).status_code == 400


def test_the_dashboard_refuses_post(client, staff):
    client.force_login(staff)

    assert client.post("/dashboard/").status_code == 405
    assert client.post("/dashboard/agencies.csv").status_code == 405


def test_the_page_is_bilingual(client, staff, program):
    staff.language = "zh-hans"
    staff.save()
    client.force_login(staff)

    page = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "每月发布的公告（按类型）" in page
    assert "已批准供应商（按企业规模）" in page


def test_the_number_of_queries_does_not_grow_with_the_data(
    client, staff, program, django_assert_max_num_queries, settings
):
    settings.DASHBOARD_CACHE_SECONDS = 0  # every figure computed on every request
    client.force_login(staff)
    client.get("/dashboard/")  # warm the session and the user's groups

    # The notice and segment figures read the rollups, and the time they are as of (four times);
    # the orders won, one query per chart (four); the events, one per chart (seven).
    with django_assert_max_num_queries(51):
        client.get("/dashboard/")
    for province in list(PROVINCES)[:20]:
        supplier_in(province)
        NoticeFactory()
    with django_assert_max_num_queries(51):
        response = client.get("/dashboard/", {"period": "all"})
    assert response.context["figures"]["approved"] == 23


def test_the_figures_are_computed_once_per_cache_period_and_shared_with_the_csv(
    client, staff, program, django_assert_max_num_queries
):
    client.force_login(staff)
    client.get("/dashboard/")
    supplier_in("46")  # not seen until the cache expires

    # The session, the user, the filters' provinces, the plans' lists and the accounts' figures;
    # computing the figures takes more than twice as many (see above).
    with django_assert_max_num_queries(16):
        response = client.get("/dashboard/")
        csv_response = client.get("/dashboard/provinces.csv")

    assert response.context["figures"]["approved"] == 3
    assert "Hainan" not in csv_response.content.decode("utf-8-sig")


def test_the_account_figures_count_each_user_once(staff, supplier):
    """Counted without joining the groups: a user in two groups is still one account."""
    staff.groups.add(Group.objects.create(name="Reviewers"))
    UserFactory(is_active=False, language="zh-hans")

    figures = account_counts.account_figures()

    assert figures["total"] == 3 and figures["active"] == 2
    assert figures["program_staff"] == 1
    assert figures["chinese"] + figures["english"] == 3
    assert figures["verified"] == 3 and figures["with_two_factor"] == 1, "staff have one"


def test_the_filter_lists_each_province_once_in_order(db):
    for province in ("33", "", "44", "33", "34", "44"):
        supplier_in(province, status=SupplierStatus.DRAFT)

    expected = list(
        Supplier.objects.exclude(province="")
        .order_by("province")
        .values_list("province", flat=True)
        .distinct()
    )
    assert dashboard.provinces() == expected == ["33", "34", "44"]


def test_no_supplier_no_province(db):
    assert dashboard.provinces() == []
