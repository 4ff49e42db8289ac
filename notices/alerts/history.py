"""What the outbox says a user was sent: their latest e-mails, and the notices each alert brought
them lately. Both read the user's own rows through the outbox's index that starts with the user
(`delivery_log`), in one query each however many rows and alerts they have."""

from datetime import datetime, timedelta

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from notices.alerts.models import AlertDelivery, DeliveryKind

# How far back "lately" looks: the alerts page counts the matches of the same 30 days.
RECENT = timedelta(days=30)


def latest_deliveries(user, *, limit: int) -> list[AlertDelivery]:
    """The user's `limit` latest outbox rows (sent, waiting or failed), newest first, with their
    notice."""
    return list(
        AlertDelivery.objects.filter(user=user)
        .select_related("notice", "registration__event")
        .order_by("-created_at", "-id")[:limit]
    )


def recent_matches(
    user, *, alert_ids: list[int], per_alert: int, now: datetime | None = None
) -> dict[int, list[AlertDelivery]]:
    """For each of the user's alerts in `alert_ids`, the newest `per_alert` notices it brought
    them in the last RECENT days (new-notice rows of the outbox, with their notice), newest first;
    an alert that brought none is left out."""
    since = (now or timezone.now()) - RECENT
    ranked: QuerySet = (
        AlertDelivery.objects.filter(
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
