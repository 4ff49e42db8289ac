"""The read replica (core/replica.py) against a real streaming replica of the test run's
PostgreSQL (tests/streaming_replica.py, one per test session): the public pages read notices from
it, a writer reads their own writes from the primary, a visitor sees a change once the replica has
replayed it, and no write ever goes to the replica.

The `replica` database mirrors the test database (TEST MIRROR): Django creates no test database
for it and only gives it the test database's name, so it reaches the replica's copy of that
database, which holds what the primary committed and streamed. Hence transactional tests: rows a
test writes inside a transaction that is never committed would never reach the replica.
"""

import time
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from core.replica import COOKIE, REPLICA, ROUTER
from notices.alerts.models import Follow
from notices.models import Notice, NoticeStatus
from tests.notices.factories import DraftFactory, NoticeFactory
from tests.streaming_replica import StreamingReplica, free_port, why_no_replica

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a read replica needs PostgreSQL (DATABASE_URL); the suite runs on SQLite",
    ),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]

FIGURES = Path(__file__).resolve().parents[2] / "var" / "reliability-figures.txt"


def record_figure(line: str) -> None:
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    with FIGURES.open("a", encoding="utf-8") as figures:
        figures.write(time.strftime("%Y-%m-%d %H:%M:%S ") + line + "\n")


@pytest.fixture(scope="session")
def streaming_replica(django_db_setup, django_db_blocker):
    """A hot standby of the test run's PostgreSQL, made once for the session, with the `replica`
    database pointed at it; stopped and removed at the end."""
    primary = dict(connections["default"].settings_dict)
    reason = why_no_replica(primary)
    if reason:
        pytest.skip(reason)
    replica = StreamingReplica(primary)
    mirror = connections["replica"].settings_dict
    saved = dict(mirror)
    try:
        with django_db_blocker.unblock():
            replica.start()
            mirror.update(replica.address(primary["NAME"]))
            connections["replica"].close()
            replica.wait_until_caught_up(timeout=60)
        yield replica
    finally:
        with django_db_blocker.unblock():
            connections["replica"].close()
        mirror.clear()
        mirror.update(saved)
        replica.remove()
        record_figure(
            "read replica: copied in {copy:.1f} s, streaming {start:.1f} s after the start, "
            "stopped and removed in {stop:.1f} s".format(
                **{"copy": 0, "start": 0, **replica.timings}
            )
        )


@pytest.fixture
def replica(streaming_replica, settings):
    """The portal reading from the replica as DATABASE_REPLICA_URL makes it (the router installed),
    with the replica caught up when the test starts and replaying again when it ends."""
    settings.DATABASE_ROUTERS = [ROUTER]
    streaming_replica.wait_until_caught_up()
    yield streaming_replica
    streaming_replica.resume_replay()


def queries_on(alias: str) -> CaptureQueriesContext:
    return CaptureQueriesContext(connections[alias])


def tables_read(captured: CaptureQueriesContext) -> str:
    return " ".join(query["sql"] for query in captured.captured_queries)


def test_the_public_pages_read_notices_from_the_replica(client, replica, supplier):
    notice = NoticeFactory(title="Solar water pumps for schools")
    replica.wait_until_caught_up()
    client.force_login(supplier)

    with queries_on("replica") as on_replica, queries_on("default") as on_primary:
        pages = [
            client.get("/notices/"),
            client.get(f"/notices/{notice.pk}/"),
            client.get("/notices/feed/"),
            client.get("/api/notices/"),
        ]

    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    assert "Solar water pumps for schools" in pages[0].content.decode()
    assert '"notices_notice"' in tables_read(on_replica)
    assert '"notices_notice"' not in tables_read(on_primary)
    # Who the reader is (session, user) always comes from the primary.
    assert '"django_session"' in tables_read(on_primary)
    assert '"django_session"' not in tables_read(on_replica)
    assert '"portal_user"' not in tables_read(on_replica)
    assert not any(COOKIE in page.cookies for page in pages), "reading is not writing"


def test_staff_see_the_notice_they_publish_at_once_and_visitors_once_it_is_replayed(
    client, staff, replica
):
    draft = DraftFactory(title="Mobile clinics for rural districts")
    replica.wait_until_caught_up()
    visitor = client.__class__()
    client.force_login(staff)
    assert "Mobile clinics" not in visitor.get("/notices/").content.decode()
    replica.pause_replay()

    published = client.post(f"/staff/notices/{draft.pk}/publish/")
    staff_list = client.get("/notices/").content.decode()
    visitor_list = visitor.get("/notices/").content.decode()
    visitor_page = visitor.get(f"/notices/{draft.pk}/")

    assert published.status_code == 302 and COOKIE in published.cookies
    assert "Mobile clinics for rural districts" in staff_list  # read from the primary
    assert "Mobile clinics" not in visitor_list  # the replica has not replayed it yet
    assert visitor_page.status_code == 404  # still a draft on the replica

    replica.resume_replay()
    waited = replica.wait_until_caught_up()

    assert "Mobile clinics for rural districts" in visitor.get("/notices/").content.decode()
    assert visitor.get(f"/notices/{draft.pk}/").status_code == 200
    record_figure(f"read replica: caught up {waited:.2f} s after replay resumed")


def test_a_supplier_who_follows_a_notice_reads_from_the_primary_until_the_cookie_expires(
    client, supplier, replica, settings
):
    notice = NoticeFactory()
    replica.wait_until_caught_up()
    client.force_login(supplier)
    replica.pause_replay()

    followed = client.post(f"/notices/{notice.pk}/follow/")
    with queries_on("replica") as on_replica:
        page = client.get(f"/notices/{notice.pk}/")

    assert followed.status_code == 302 and COOKIE in followed.cookies
    assert on_replica.captured_queries == []
    assert f"/notices/{notice.pk}/unfollow/" in page.content.decode()  # from the primary

    time.sleep(1.2)
    settings.READ_YOUR_WRITES_SECONDS = 1  # the cookie is now older than the window
    with queries_on("replica") as on_replica:
        stale = client.get(f"/notices/{notice.pk}/").content.decode()
    assert '"notices_notice"' in tables_read(on_replica)
    # The replica, still paused, has not replayed the follow.
    assert f"/notices/{notice.pk}/follow/" in stale


def is_a_read(sql: str) -> bool:
    """A read, the planner's estimate of one (EXPLAIN without ANALYZE: nothing runs), or the control
    of a read's transaction (a search runs in one: its planner settings)."""
    sql = sql.lstrip().upper()
    if sql.startswith("EXPLAIN (FORMAT JSON) "):
        sql = sql.removeprefix("EXPLAIN (FORMAT JSON) ")
    return sql.startswith(("SELECT", "WITH", "SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK"))


def test_a_write_never_goes_to_the_replica(client, staff, supplier, replica):
    draft = DraftFactory()
    notice = NoticeFactory()
    replica.wait_until_caught_up()

    with queries_on("replica") as on_replica:
        client.force_login(staff)
        published = client.post(f"/staff/notices/{draft.pk}/publish/")
        client.force_login(supplier)
        followed = client.post(f"/notices/{notice.pk}/follow/")
        listed = client.__class__().get("/notices/")  # a visitor: reads from the replica

    assert (published.status_code, followed.status_code, listed.status_code) == (302, 302, 200)
    assert [q["sql"] for q in on_replica.captured_queries if not is_a_read(q["sql"])] == []
    assert Notice.objects.get(pk=draft.pk).status == NoticeStatus.PUBLISHED
    assert Follow.objects.filter(notice=notice, user=supplier).exists()
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True  # a standby, which could not have taken a write


@pytest.fixture
def replica_down(streaming_replica, settings):
    """The router installed, the `replica` database pointed at a port where nothing answers."""
    settings.DATABASE_ROUTERS = [ROUTER]
    mirror = connections["replica"].settings_dict
    port = mirror["PORT"]
    connections["replica"].close()
    mirror["PORT"] = str(free_port())
    yield
    connections["replica"].close()
    mirror["PORT"] = port


def test_when_the_replica_is_down_the_pages_read_from_the_primary(client, replica_down):
    notice = NoticeFactory(title="Hand pumps for wells")

    with queries_on("default") as on_primary:
        listed = client.get("/notices/")
        page = client.get(f"/notices/{notice.pk}/")

    assert (listed.status_code, page.status_code) == (200, 200)
    assert "Hand pumps for wells" in listed.content.decode()
    assert '"notices_notice"' in tables_read(on_primary)
