"""The hook alerts use: every change suppliers see enqueues dispatch_notice on commit, and a broker
that is down never turns a successful publication into an error."""

import logging

import pytest
from kombu.exceptions import OperationalError

from notices import publishing, tasks
from tests.notices.factories import DraftFactory, NoticeFactory

pytestmark = pytest.mark.django_db


def test_publish_amend_and_cancel_each_enqueue_the_dispatch_on_commit(
    staff, monkeypatch, django_capture_on_commit_callbacks
):
    enqueued = []
    monkeypatch.setattr(tasks.dispatch_notice, "delay", enqueued.append)
    draft = DraftFactory()

    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(draft, by=staff)
        publishing.amend(draft, changes={"title": "New"}, note="n", by=staff)
        publishing.cancel(draft, reason="r", by=staff)

    assert enqueued == [draft.pk, draft.pk, draft.pk]


def test_nothing_is_enqueued_when_the_change_is_refused(
    staff, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(tasks.dispatch_notice, "delay", lambda notice_id: None)
    notice = NoticeFactory()

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(Exception):  # noqa: B017
        publishing.amend(notice, changes={}, note="n", by=staff)

    assert callbacks == []


def test_a_broker_that_is_down_is_logged_not_raised(monkeypatch, caplog):
    def refuse(notice_id):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.dispatch_notice, "delay", refuse)

    with caplog.at_level(logging.WARNING, logger="notices.tasks"):
        tasks.announce(42)

    assert "could not enqueue dispatch_notice(42)" in caplog.text


def test_the_task_itself_runs(settings):
    assert tasks.dispatch_notice.apply(args=[1]).successful()
