"""Following a notice: a supplier hears of its amendments and its cancellation, through the alert
outbox (notices.alerts)."""

from datetime import datetime, timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.utils import timezone

from notices.alerts.models import Follow
from notices.models import Amendment, Notice, NoticeStatus


def follow(notice: Notice, *, user) -> Follow:
    """Idempotent: following twice keeps one follow."""
    follow, _created = Follow.objects.get_or_create(user=user, notice=notice)
    return follow


def unfollow(notice: Notice, *, user) -> int:
    """How many follows were removed (0 or 1)."""
    deleted, _detail = Follow.objects.filter(user=user, notice=notice).delete()
    return deleted


def is_following(notice: Notice, *, user) -> bool:
    return user.is_authenticated and Follow.objects.filter(user=user, notice=notice).exists()


# A followed notice "closes soon" when its deadline falls within this time: the week ahead.
CLOSES_SOON = timedelta(days=7)


def followed_notices(user, *, now: datetime | None = None) -> QuerySet:
    """The notices the user follows: the open ones first, soonest deadline first, then those that
    closed, were cancelled or awarded, latest deadline first. Each has `is_open_now`,
    `closes_soon` (open, and its deadline within CLOSES_SOON), and its latest amendment's
    `latest_amendment_at` and `latest_amendment_note` (None without amendment)."""
    now = now or timezone.now()
    latest = Amendment.objects.filter(notice=OuterRef("pk")).order_by("-number")
    still_open = Q(status=NoticeStatus.PUBLISHED, deadline__gt=now)
    return (
        Notice.objects.filter(follows__user=user)
        .select_related("agency")
        .annotate(
            is_open_now=ExpressionWrapper(still_open, output_field=BooleanField()),
            closes_soon=ExpressionWrapper(
                still_open & Q(deadline__lte=now + CLOSES_SOON), output_field=BooleanField()
            ),
            latest_amendment_at=Subquery(latest.values("created_at")[:1]),
            latest_amendment_note=Subquery(latest.values("note")[:1]),
        )
        .order_by(
            F("is_open_now").desc(),
            Case(When(still_open, then=F("deadline"))).asc(),
            F("deadline").desc(nulls_last=True),
            "pk",
        )
    )


def follow_counts(user, *, now: datetime | None = None) -> dict[str, int]:
    """How many notices the user follows: `open`, `ended` (closed, cancelled or awarded) and
    `closing_soon` (open, deadline within CLOSES_SOON), in one query."""
    now = now or timezone.now()
    still_open = Q(notice__status=NoticeStatus.PUBLISHED, notice__deadline__gt=now)
    return Follow.objects.filter(user=user).aggregate(
        open=Count("pk", filter=still_open),
        ended=Count("pk", filter=~still_open),
        closing_soon=Count("pk", filter=still_open & Q(notice__deadline__lte=now + CLOSES_SOON)),
    )
