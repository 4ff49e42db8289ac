"""/dashboard/recount/: staff see when the dashboard's rollups were counted and may ask the worker for
a recount; one asked for and not done yet holds the next one back, and the page says so."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal import dashboard, rollups
from portal.models import RollupRefresh
from tests.notices.factories import NoticeFactory

pytestmark = pytest.mark.django_db


def shown(moment) -> str:
    """A time as the page writes it (the program's zone is the staff's)."""
    return timezone.localtime(moment, dashboard.Filters().zone).strftime("%H:%M")


@pytest.fixture
def counted_two_hours_ago(db):
    NoticeFactory()
    return rollups.refresh_rollups(now=timezone.now() - timedelta(hours=2))


def test_the_page_says_when_the_figures_were_counted_and_offers_a_recount(
    client, staff, counted_two_hours_ago
):
    client.force_login(staff)

    page = client.get("/dashboard/").content.decode()

    assert "Notices and category segments were last counted at " in page
    assert shown(counted_two_hours_ago) in page.split('id="recount-title"')[1].split("</p>")[0]
    assert 'action="/dashboard/recount/?period=12m"' in page
    assert "Recount now" in page


def test_before_the_first_count_the_page_says_not_counted_yet(client, staff):
    client.force_login(staff)

    page = client.get("/dashboard/").content.decode()

    assert "Notices and category segments are not counted yet." in page
    assert "Recount now" in page


def test_staff_ask_for_a_recount_and_the_page_then_shows_its_time(
    client, staff, counted_two_hours_ago, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    before = client.get("/dashboard/", {"period": "all"})  # the figures are now in the cache
    assert before.context["figures"]["published"] == 1
    NoticeFactory()

    with django_capture_on_commit_callbacks(execute=True) as queued:
        asked = client.post("/dashboard/recount/?period=all")
    response = client.get(asked["Location"])  # once the worker is done

    assert queued, "the recount waits for the commit, then goes to the worker"
    assert asked["Location"] == "/dashboard/?period=all"
    page = response.content.decode()
    assert "A recount is queued. Once it is done, the page shows its time." in page
    status = response.context["rollups"]
    assert status.as_of > counted_two_hours_ago and status.recount_queued_at is None
    assert response.context["figures"]["published"] == 2, "the cache does not hide the recount"
    assert response.context["figures"]["published_as_of"] == status.as_of
    notices = {chart.slug: chart for chart in response.context["charts"]}["notices"]
    assert notices.as_of == status.as_of
    assert shown(status.as_of) in page.split('id="recount-title"')[1].split("</p>")[0]


def test_a_second_request_while_one_is_queued_says_so_and_queues_nothing(
    client, staff, counted_two_hours_ago, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=False) as first:
        client.post("/dashboard/recount/")  # the worker has not run it yet
    asked_at = RollupRefresh.objects.get().recount_queued_at

    with django_capture_on_commit_callbacks(execute=False) as second:
        response = client.post("/dashboard/recount/", follow=True)

    assert len(first) == 1 and second == []
    page = response.content.decode()
    assert (
        "A recount is already queued or running. Once it is done, the page shows its time." in page
    )
    queued = page.split('class="recount-queued">')[1].split("</p>")[0]
    assert queued.startswith("A recount asked for at ") and shown(asked_at) in queued
    assert "Recount now" not in page
    assert RollupRefresh.objects.get().recount_queued_at == asked_at


def test_any_recount_done_after_the_request_answers_it(counted_two_hours_ago):
    """Beat's recount, run after staff asked, is the one they wait for: the next request queues."""
    assert rollups.queue_recount() is True
    assert rollups.status().recount_queued_at is not None

    rollups.refresh_rollups()

    assert rollups.status().recount_queued_at is None
    assert rollups.queue_recount() is True


def test_a_request_lost_with_the_broker_no_longer_holds_back_the_next(counted_two_hours_ago):
    long_ago = timezone.now() - rollups.RECOUNT_LOST_AFTER - timedelta(minutes=1)
    assert rollups.queue_recount(now=long_ago) is True

    assert rollups.status().recount_queued_at is None
    assert rollups.queue_recount() is True
    assert rollups.queue_recount() is False


def test_the_first_request_before_any_count_queues_a_count(
    client, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/dashboard/recount/")

    assert rollups.status().as_of is not None


def test_only_program_staff_may_ask_and_only_by_post(client, supplier, staff):
    assert client.post("/dashboard/recount/")["Location"] == (
        "/accounts/login/?next=/dashboard/recount/"
    )
    client.force_login(supplier)
    assert client.post("/dashboard/recount/").status_code == 403
    client.force_login(staff)
    assert client.get("/dashboard/recount/").status_code == 405
    assert not RollupRefresh.objects.exists()


def test_the_recount_speaks_chinese(
    client, staff, counted_two_hours_ago, django_capture_on_commit_callbacks
):
    staff.language = "zh-hans"
    staff.save()
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=False):
        client.post("/dashboard/recount/")
    page = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    again = client.post("/dashboard/recount/", follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert "统计时间" in page and "正在排队或进行中" in page
    assert "重新统计已在排队或进行中" in again.content.decode()
