"""core.replica's rules, without a database: which reads a request sends to the replica, and when
a reader gets the read-your-writes cookie (the real replica: tests/portal/test_read_replica.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import RequestFactory

from core.replica import (
    COOKIE,
    PRIMARY,
    REPLICA,
    ROUTER,
    ReadYourWritesMiddleware,
    ReplicaRouter,
    reads_from_replica,
)
from notices.models import Notice

router = ReplicaRouter()


@pytest.fixture
def with_router(settings, monkeypatch):
    """The router installed, and a replica that answers (a real one: test_read_replica.py)."""
    settings.DATABASE_ROUTERS = [ROUTER]
    monkeypatch.setattr("core.replica.replica_answers", lambda: True)


def answer(request, view):
    """`request` through the middleware to `view`, which records the router's choices."""
    seen = {}

    def recording(request):
        seen["notice"] = router.db_for_read(Notice)
        seen["user"] = router.db_for_read(get_user_model())
        view(request)
        seen["after"] = router.db_for_read(Notice)
        return HttpResponse("ok")

    response = ReadYourWritesMiddleware(reads_from_replica(recording))(request)
    return seen, response


def only_reads(request):
    pass


def writes(request):
    router.db_for_write(Notice)


def test_a_marked_page_reads_notices_from_the_replica_and_users_from_the_primary(with_router):
    seen, response = answer(RequestFactory().get("/notices/"), only_reads)

    assert seen == {"notice": REPLICA, "user": PRIMARY, "after": REPLICA}
    assert COOKIE not in response.cookies


def test_once_a_request_writes_its_reads_go_to_the_primary_and_its_reader_gets_the_cookie(
    with_router,
):
    seen, response = answer(RequestFactory().get("/notices/"), writes)

    assert (seen["notice"], seen["after"]) == (REPLICA, PRIMARY)
    assert COOKIE in response.cookies
    assert response.cookies[COOKIE]["httponly"]


def test_a_post_gives_the_cookie_and_a_reader_with_it_reads_from_the_primary(with_router):
    _, posted = answer(RequestFactory().post("/notices/1/follow/"), only_reads)
    request = RequestFactory().get("/notices/")
    request.COOKIES[COOKIE] = posted.cookies[COOKIE].value

    seen, _ = answer(request, only_reads)

    assert seen["notice"] == PRIMARY


def test_a_forged_cookie_does_not_count(with_router):
    request = RequestFactory().get("/notices/")
    request.COOKIES[COOKIE] = "1"

    seen, _ = answer(request, only_reads)

    assert seen["notice"] == REPLICA


def test_a_replica_that_does_not_answer_leaves_the_page_to_the_primary(with_router, monkeypatch):
    monkeypatch.setattr("core.replica.replica_answers", lambda: False)

    seen, _ = answer(RequestFactory().get("/notices/"), only_reads)

    assert seen["notice"] == PRIMARY


def test_outside_a_request_tasks_and_commands_read_and_write_the_primary(with_router):
    assert router.db_for_read(Notice) == PRIMARY
    assert router.db_for_write(Notice) == PRIMARY
    assert router.allow_migrate(REPLICA, "notices") is False


def test_without_a_replica_nothing_changes():
    seen, response = answer(RequestFactory().post("/notices/1/follow/"), writes)

    assert set(seen.values()) == {PRIMARY}
    assert COOKIE not in response.cookies
