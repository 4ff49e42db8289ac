"""Celery tasks of the notices app: thin, they load ids and call domain functions."""

import logging

from celery import shared_task

from notices import bulk, search
from notices.alerts import criteria, digests, dispatch, routes, sending
from notices.models import Notice

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def dispatch_notice(notice_id: int) -> None:
    """Write the outbox rows of a notice's events (published, amended, cancelled), then have them sent.
    The events are read from the database, so a second run changes nothing."""
    notice = Notice.objects.select_related("agency").filter(pk=notice_id).first()
    if notice is None:
        return
    if dispatch.queue_for_notice(notice):
        send_instant_alerts.delay()


@shared_task(acks_late=True)
def dispatch_notices(notice_ids: list[int]) -> None:
    """dispatch_notice for each of many notices (an import's batch), then have them sent."""
    notices = Notice.objects.select_related("agency").filter(pk__in=notice_ids)
    if sum(dispatch.queue_for_notice(notice) for notice in notices):
        send_instant_alerts.delay()


@shared_task(acks_late=True)
def send_instant_alerts() -> dict:
    """Send every due instant alert (run after each dispatch and every minute by beat)."""
    return sending.send_pending()


@shared_task(acks_late=True)
def sweep_alerts() -> dict:
    """Every minute: dispatch what was missed (e.g. while the broker was down) and give rows that a
    dead sender left "sending" back to the queue."""
    outcome = dispatch.sweep()
    if outcome["written"] or outcome["released"]:
        send_instant_alerts.delay()
    return outcome


@shared_task(acks_late=True)
def send_digests(frequency: str) -> dict:
    """Every quarter of an hour: the daily or weekly digests whose 08:00 has come."""
    return digests.send_digests(frequency)


@shared_task(acks_late=True)
def queue_reminders() -> int:
    """Every quarter of an hour: deadline reminders for followers, then have them sent."""
    written = dispatch.queue_reminders()
    if written:
        send_instant_alerts.delay()
    return written


@shared_task(acks_late=True)
def clear_closed_flags() -> int:
    """Every quarter of an hour: the closing sweep of the open notices' search indexes."""
    return search.clear_closed_flags()


@shared_task(acks_late=True)
def rebuild_alert_routes() -> int:
    """Every night: rewrite the matcher's alert routes from the alerts and their owners."""
    return routes.rebuild_routes()


@shared_task(acks_late=True)
def purge_deleted_alerts() -> int:
    """Delete for good the alerts whose time to undo their deletion is over."""
    return criteria.purge_deleted_alerts()


# A build reads every public notice: it may run far longer than the default limits, but is killed
# before the broker's visibility timeout would hand it to another worker.
@shared_task(acks_late=True, soft_time_limit=3000, time_limit=3300)
def build_bulk_files() -> dict:
    """Every night: rewrite the open data's bulk files whose content changed."""
    report = bulk.build_bulk_files()
    return {
        "written": len(report.written),
        "unchanged": report.unchanged,
        "removed": report.removed,
    }


def announce(notice_id: int) -> None:
    """Enqueue `dispatch_notice`; called on commit by `notices.publishing`.

    A broker that is down must not turn a successful publication into an error page: the failure is
    logged, and the periodic sweep (`sweep_alerts`) dispatches the notice later.
    """
    try:
        dispatch_notice.delay(notice_id)
    except Exception:  # kombu's connection errors vary by transport
        logger.warning("could not enqueue dispatch_notice(%s)", notice_id, exc_info=True)


def announce_imported(notice_ids: list[int]) -> None:
    """Enqueue `dispatch_notices` for the notices an import created, one message per batch (one per
    notice would cost a broker round trip each); like `announce`, a broker that is down is logged
    and the sweep dispatches them later."""
    try:
        dispatch_notices.delay(list(notice_ids))
    except Exception:  # kombu's connection errors vary by transport
        logger.warning("could not enqueue dispatch_notices(%s ids)", len(notice_ids), exc_info=True)
