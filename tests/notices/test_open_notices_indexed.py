"""The keyword indexes of open notices (`Notice.maybe_open`, migration 0035) on PostgreSQL: the flag
follows every write, is never false for an open notice, the closing sweep clears it once the
deadline has passed, and a keyword search of open notices reads those indexes."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.utils import timezone

from notices import search, tasks
from notices.filters import NoticeFilter
from notices.models import Notice, NoticeStatus
from tests.notices.factories import DraftFactory, NoticeFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def flagged(notice) -> bool:
    return Notice.objects.values_list("maybe_open", flat=True).get(pk=notice.pk)


def found(q: str, **params) -> list[str]:
    query = QueryDict(mutable=True)
    query.update({"q": q, **params})
    return [n.reference for n in NoticeFilter(query, queryset=search.public_notices()).results]


def test_the_flag_follows_the_status_and_the_deadline_on_every_write():
    notice = NoticeFactory()
    draft = DraftFactory()
    closed = NoticeFactory(deadline=timezone.now() - timedelta(days=1))
    assert flagged(notice) and not flagged(draft) and not flagged(closed)

    notice.status = NoticeStatus.CANCELLED
    notice.cancellation_reason = "Withdrawn."
    notice.save()
    assert not flagged(notice), "cancelled through the ORM's save"

    Notice.objects.filter(pk=closed.pk).update(deadline=timezone.now() + timedelta(days=3))
    assert flagged(closed), "an extended deadline reopens it (a raw UPDATE)"

    Notice.objects.filter(pk=closed.pk).update(maybe_open=False)
    assert flagged(closed), "nothing can clear the flag of an open notice"


@pytest.mark.django_db(transaction=True)
def test_a_notice_whose_deadline_passed_is_not_open_before_the_sweep_and_leaves_the_index_after():
    """Each statement is its own transaction here, so that the database's clock moves."""
    closing = NoticeFactory(title="Water pumps", deadline=timezone.now() + timedelta(seconds=1))
    later = NoticeFactory(title="Water tanks")
    assert sorted(found("water")) == sorted([closing.reference, later.reference])

    time.sleep(1.2)

    assert flagged(closing), "closing writes nothing: the flag waits for the sweep"
    assert found("water") == [later.reference], "yet it is no longer listed as open"
    assert found("water", status="closed") == [closing.reference]

    assert tasks.clear_closed_flags() == 1
    assert not flagged(closing) and flagged(later)
    assert tasks.clear_closed_flags() == 0
    assert found("water") == [later.reference]


def test_a_keyword_search_of_open_notices_reads_their_own_indexes(gin_plan):
    """Between the keyword indexes of the whole table and those of the open notices (any of them: a
    partial index also serves as the list of the rows it holds), a search of open notices takes the
    latter."""
    NoticeFactory.create_batch(3)
    plans = {
        status: gin_plan(f"q=office{status}") for status in ("", "&status=open", "&status=any")
    }
    assert "notice_open_" in plans[""], plans[""]
    assert "notice_open_" in plans["&status=open"], plans["&status=open"]
    assert "notice_search_gin" in plans["&status=any"], plans["&status=any"]
    assert "notice_open_" not in plans["&status=any"], "every notice: the whole table's indexes"
