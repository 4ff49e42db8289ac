"""What the outbox says a user was sent: their latest e-mails, and the notices each alert brought
them lately. Both read only the user's own rows, through the two indexes of a user's rows
(`delivery_waiting` and `delivery_log`, see models.WAITING_STATUSES), however many rows and alerts
they have."""

import heapq
from datetime import datetime, timedelta
from itertools import islice

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from notices.alerts.models import ANY_STATUS, IS_WAITING, AlertDelivery, DeliveryKind

# How far back "lately" looks: the alerts page counts the matches of the same 30 days.
RECENT = timedelta(days=30)


def latest_deliveries(user, *, limit: int) -> list[AlertDelivery]:
    """The user's `limit` latest outbox rows (sent, waiting or failed), newest first, with their
    notice (and its agency), alert or event.

    Two queries, one per part of the user's rows, merged here: the rows waiting (indexed by user
    alone, so sorted here: at most a week of digests, usually a few hundred) and the newest `limit`
    of the others (read in order from their index). One query over both parts would read and sort all of the user's rows, thousands
    for a busy supplier."""
    rows = AlertDelivery.objects.filter(user=user).select_related(
        "notice__agency", "alert", "registration__event"
    )
    parts = (rows.filter(IS_WAITING), rows.exclude(IS_WAITING))
    newest = (part.order_by("-created_at", "-id")[:limit] for part in parts)
    merged = heapq.merge(*newest, key=lambda row: (row.created_at, row.id), reverse=True)
    return list(islice(merged, limit))


def recent_matches(
    user, *, alert_ids: list[int], per_alert: int, now: datetime | None = None
) -> dict[int, list[AlertDelivery]]:
    """For each of the user's alerts in `alert_ids`, the newest `per_alert` notices it brought
    them in the last RECENT days (new-notice rows of the outbox, with their notice), newest first;
    an alert that brought none is left out."""
    since = (now or timezone.now()) - RECENT
    ranked: QuerySet = (
        AlertDelivery.objects.filter(
            ANY_STATUS,
            user=user,
            created_at__gte=since,
            alert_id__in=alert_ids,
            kind=DeliveryKind.NEW_NOTICE,
        )
        .select_related("notice")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("alert_id")],
                order_by=[F("created_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=per_alert)
        .order_by("alert_id", "rank")
    )
    matches: dict[int, list[AlertDelivery]] = {}
    for delivery in ranked:
        matches.setdefault(delivery.alert_id, []).append(delivery)
    return matches
