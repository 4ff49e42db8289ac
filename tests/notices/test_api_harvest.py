"""Harvesting /api/notices/: with `order=oldest` the pages run from the oldest change to the newest
by a cursor over (updated_at, id), so that a walker following links.next sees every notice changed
since it started, one amended, cancelled or published mid-walk included. A deadline passing writes
nothing, so no walk brings a notice back for it: `status=closed&deadline_after=<day>` lists the
notices closed since that day. The newest-first order and its cursors work as before."""

import base64

import pytest
from django.utils import timezone

from notices import ocds, publishing
from notices.models import Notice
from tests.notices.conftest import assert_valid
from tests.notices.factories import NoticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    monkeypatch.setattr(ocds, "PAGE_SIZE", 2)


def get(client, url: str) -> dict:
    response = client.get(url.replace("http://testserver", ""))
    assert response.status_code == 200, response.content
    return response.json()


def ids(package: dict) -> list[int]:
    return [int(release["ocid"].rsplit("-", 1)[1]) for release in package["releases"]]


def test_a_walk_sees_a_notice_amended_after_its_page_again_before_the_end(client, staff, validator):
    notices = NoticeFactory.create_batch(6)
    oldest_first = [n.pk for n in sorted(notices, key=lambda n: (n.updated_at, n.pk))]

    first = get(client, "/api/notices/?order=oldest")
    second = get(client, first["links"]["next"])
    amended = notices[[n.pk for n in notices].index(ids(first)[0])]
    publishing.amend(amended, changes={"title": "Amended mid-walk"}, note="n", by=staff)
    published = NoticeFactory()

    seen, releases, url = ids(first) + ids(second), [], second["links"]["next"]
    while url:
        package = get(client, url)
        assert_valid(validator, package)
        seen += ids(package)
        releases += package["releases"]
        url = package.get("links", {}).get("next")

    assert seen[:4] == oldest_first[:4]
    assert seen[4:] == [*oldest_first[4:], amended.pk, published.pk]
    assert releases[-2]["tender"]["title"] == "Amended mid-walk"
    assert releases[-2]["tag"] == ["tenderAmendment"]


def walk(client, url: str, validator=None) -> list[dict]:
    """Every release of the walk that starts at `url`, following links.next to the end."""
    releases = []
    while url:
        package = get(client, url)
        if validator:
            assert_valid(validator, package)
        releases += package["releases"]
        url = package.get("links", {}).get("next")
    return releases


def test_a_walk_amended_between_its_first_and_second_page_ends_holding_the_amendment(
    client, staff, validator
):
    NoticeFactory.create_batch(5)
    first = get(client, "/api/notices/?order=oldest")
    amended = Notice.objects.get(pk=ids(first)[0])

    publishing.amend(amended, changes={"title": "Amended between pages"}, note="n", by=staff)
    rest = walk(client, first["links"]["next"], validator)

    latest = {r["ocid"]: r for r in first["releases"] + rest}  # what a harvester keeps
    again = [r for r in rest if r["ocid"] == ocds.ocid_for(amended)]
    assert len(latest) == 5 and len(again) == 1 and rest[-1] is again[0]
    assert latest[ocds.ocid_for(amended)]["tender"]["title"] == "Amended between pages"
    assert latest[ocds.ocid_for(amended)]["tag"] == ["tenderAmendment"]


def test_a_walk_sees_a_notice_cancelled_mid_walk_at_its_end(client, staff, validator):
    NoticeFactory.create_batch(5)
    first = get(client, "/api/notices/?order=oldest")
    cancelled = Notice.objects.get(pk=ids(first)[1])

    publishing.cancel(cancelled, reason="Funding withdrawn", by=staff)
    rest = walk(client, first["links"]["next"], validator)

    assert [int(r["ocid"].rsplit("-", 1)[1]) for r in rest][-1] == cancelled.pk
    assert rest[-1]["tender"]["status"] == "cancelled"
    assert rest[-1]["tag"] == ["tenderCancellation"]
    assert rest[-1]["id"] != first["releases"][1]["id"]
    assert len(first["releases"]) + len(rest) == 6  # the others once each


def test_a_deadline_passing_mid_walk_is_seen_by_asking_for_the_notices_closed_since(client):
    """Closing by the clock changes no row: the walk does not bring the notice back (its last
    change is where it was), but the closed notices whose deadline falls on or after the day the
    walk began list it, as it now is."""
    NoticeFactory.create_batch(5)
    began = timezone.now()
    first = get(client, "/api/notices/?order=oldest")
    closing = ids(first)[0]
    Notice.objects.filter(pk=closing).update(deadline=timezone.now())  # passes now, mid-walk

    rest = walk(client, first["links"]["next"])
    closed = walk(client, f"/api/notices/?status=closed&deadline_after={began.date().isoformat()}")

    assert closing not in [int(r["ocid"].rsplit("-", 1)[1]) for r in rest]
    assert [int(r["ocid"].rsplit("-", 1)[1]) for r in closed] == [closing]
    assert (
        closed[0]["tender"]["status"] == "complete"
        and first["releases"][0]["tender"]["status"] == "active"
    )
    assert closed[0]["id"] != first["releases"][0]["id"]


def test_updated_after_starts_the_walk_after_that_moment(client):
    NoticeFactory.create_batch(2)
    cutoff = timezone.now()
    later = NoticeFactory.create_batch(3)

    first = get(client, f"/api/notices/?order=oldest&updated_after={cutoff.isoformat()}")
    rest = get(client, first["links"]["next"])

    assert ids(first) + ids(rest) == [n.pk for n in later] and "links" not in rest


def test_the_newest_first_order_and_its_old_cursors_still_work(client):
    notices = NoticeFactory.create_batch(3)
    newest = sorted(notices, key=lambda n: (n.updated_at, n.pk), reverse=True)
    # A cursor as the API wrote them before the harvest order existed.
    position = f"{newest[1].updated_at.isoformat()}|{newest[1].pk}".encode()
    old_cursor = base64.urlsafe_b64encode(position).decode().rstrip("=")

    first = get(client, "/api/notices/")
    resumed = get(client, f"/api/notices/?cursor={old_cursor}")

    assert ids(first) == [newest[0].pk, newest[1].pk]
    assert ids(resumed) == [newest[2].pk] and "links" not in resumed


def test_a_cursor_of_one_order_is_refused_in_the_other(client):
    NoticeFactory.create_batch(3)
    harvest_next = get(client, "/api/notices/?order=oldest")["links"]["next"]
    cursor = harvest_next.split("cursor=")[1]

    response = client.get(f"/api/notices/?cursor={cursor}")

    assert response.status_code == 400 and "cursor" in response.json()["error"]
