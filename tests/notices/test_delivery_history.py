"""A user's outbox rows are indexed in two parts, those waiting to be sent and the others
(models.WAITING_STATUSES): what a user is shown of their e-mails still reads both, newest first,
and on PostgreSQL each query can reach the rows through those indexes rather than the whole table."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from notices.alerts import criteria, history
from notices.alerts.models import ANY_STATUS, AlertDelivery, DeliveryKind, DeliveryStatus
from tests.notices.factories import NoticeFactory, make_alert

pytestmark = pytest.mark.django_db

# Newest first: the statuses of the rows written an hour apart.
STATUSES = [
    DeliveryStatus.PENDING,
    DeliveryStatus.SENT,
    DeliveryStatus.SENDING,
    DeliveryStatus.FAILED,
    DeliveryStatus.SENT,
    DeliveryStatus.PENDING,
    DeliveryStatus.SUPPRESSED,
]


@pytest.fixture
def rows(supplier, other_supplier):
    alert = make_alert(user=supplier, name="Solar lights", categories=["39110000"])
    now = timezone.now()
    written = []
    for hours, status in enumerate(STATUSES):
        notice = NoticeFactory(title=f"Notice {hours}")
        written.append(
            AlertDelivery.objects.create(
                user=supplier,
                notice=notice,
                alert=alert,
                kind=DeliveryKind.NEW_NOTICE,
                status=status,
                created_at=now - timedelta(hours=hours),
            )
        )
        # Another user's row at the same time, never shown to this one.
        AlertDelivery.objects.create(
            user=other_supplier,
            notice=notice,
            kind=DeliveryKind.NEW_NOTICE,
            status=status,
            created_at=now - timedelta(hours=hours, minutes=-1),
        )
    return alert, written


def test_the_latest_rows_are_the_newest_whatever_their_status(supplier, rows):
    _alert, written = rows

    assert history.latest_deliveries(supplier, limit=4) == written[:4]
    assert history.latest_deliveries(supplier, limit=50) == written


def test_the_log_page_lists_them_newest_first(client, supplier, rows):
    client.force_login(supplier)

    log = client.get("/alerts/log/").content.decode()

    positions = [log.index(f"Notice {hours}<") for hours in range(len(STATUSES))]
    assert positions == sorted(positions)


def test_an_alerts_counts_and_matches_include_rows_of_every_status(supplier, rows):
    alert, written = rows

    assert criteria.alerts_of(supplier).get().matched_30_days == len(STATUSES)
    recent = history.recent_matches(supplier, alert_ids=[alert.pk], per_alert=3)
    assert recent == {alert.pk: written[:3]}
    criteria.delete_alert(alert)
    assert not AlertDelivery.objects.filter(alert=alert).exists()
    assert AlertDelivery.objects.filter(status=DeliveryStatus.WITHDRAWN).count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_a_users_rows_are_read_through_the_two_indexes_of_a_users_rows(supplier, rows):
    alert, _written = rows
    user_rows = AlertDelivery.objects.filter(user=supplier)
    waiting = user_rows.filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING])
    others = user_rows.exclude(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plans = {
        "waiting": waiting.order_by("-created_at")[:5].explain(),
        "others": others.order_by("-created_at")[:5].explain(),
        "any status": AlertDelivery.objects.filter(
            ANY_STATUS, user=supplier, alert=alert, created_at__gte=timezone.now()
        ).explain(),
    }

    # The waiting rows are indexed by user alone (a dispatch adds thousands): the user's few are sorted.
    assert "delivery_waiting" in plans["waiting"]
    assert "delivery_log" in plans["others"] and "Sort" not in plans["others"]
    assert "delivery_waiting" in plans["any status"] and "delivery_log" in plans["any status"]
