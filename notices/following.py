"""Following a notice: a supplier hears of its amendments and its cancellation, through the alert
outbox (notices.alerts)."""

from notices.alerts.models import Follow
from notices.models import Notice


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
