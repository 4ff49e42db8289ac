"""Celery tasks of the notices app: thin, they load ids and call domain functions."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def dispatch_notice(notice_id: int) -> None:
    """Tell a notice's audience what happened to it (published, amended, cancelled, awarded).

    The hook for alerts (issue 5): it will ask `notices.matching` which subscriptions and followers the
    notice concerns and write their outbox rows with `notices.alerts`. The event is read from the
    database (status, amendment numbers), so a second run must change nothing. Until alerts exist
    nobody listens, and the task does nothing.
    """
    logger.debug("notice %s changed; no alerts are configured yet", notice_id)


def announce(notice_id: int) -> None:
    """Enqueue `dispatch_notice`; called on commit by `notices.publishing`.

    A broker that is down must not turn a successful publication into an error page: the failure is
    logged, and the periodic sweep of the alerts (issue 5) dispatches the notice later.
    """
    try:
        dispatch_notice.delay(notice_id)
    except Exception:  # kombu's connection errors vary by transport
        logger.warning("could not enqueue dispatch_notice(%s)", notice_id, exc_info=True)
