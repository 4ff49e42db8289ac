"""One-click unsubscription (RFC 8058): every e-mail of the pipeline carries a signed link that names
what one click stops, and `stop` is the one function that stops it.

A token names one of: an alert ({"alert": id}: it is paused), following a notice ({"user", "notice"}:
the user unfollows it), a digest ({"user", "frequency"}: every alert feeding it is paused), or a kind
of reminder that is not about a notice ({"user", "kind"}: e.g. corrective-action reminders, which
then stop for that user, see ReminderOptOut).
"""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from notices import following
from notices.alerts import criteria
from notices.alerts.models import Alert, AlertDelivery, ReminderOptOut
from notices.models import Notice

SALT = "notices.alerts.unsubscribe"


def token_for(delivery: AlertDelivery) -> str:
    """What one click on this delivery's e-mail stops: its alert, following its notice, or the
    kind of reminder it is."""
    if delivery.alert_id:
        return signing.dumps({"alert": delivery.alert_id}, salt=SALT)
    if delivery.notice_id:
        return signing.dumps({"user": delivery.user_id, "notice": delivery.notice_id}, salt=SALT)
    return signing.dumps({"user": delivery.user_id, "kind": delivery.kind}, salt=SALT)


def digest_token(user, frequency: str) -> str:
    return signing.dumps({"user": user.pk, "frequency": frequency}, salt=SALT)


def url_of(token: str) -> str:
    return settings.SITE_URL + reverse("alerts:unsubscribe", args=[token])


@dataclass
class Target:
    """What a token stops, as the page shows it (an alert or a notice that no longer exists is
    None, and nothing is left to stop)."""

    user_id: int | None
    alert: Alert | None = None
    notice: Notice | None = None
    frequency: str = ""
    kind: str = ""

    @cached_property
    def digest(self) -> bool:
        return (
            bool(self.frequency)
            and Alert.objects.filter(
                user=self.user_id, frequency=self.frequency, deleted_at__isnull=True
            ).exists()
        )

    @property
    def exists(self) -> bool:
        return bool(self.alert or self.notice or self.digest or self.kind)


def target_of(token: str) -> Target:
    """What the token names; raises signing.BadSignature for a forged or altered token."""
    named = signing.loads(token, salt=SALT)
    # A deleted alert (even while its deletion can be undone) has nothing left to stop.
    alive = Alert.objects.filter(deleted_at__isnull=True)
    alert = alive.filter(pk=named["alert"]).first() if "alert" in named else None
    return Target(
        user_id=alert.user_id if alert else named.get("user"),
        alert=alert,
        notice=Notice.objects.filter(pk=named["notice"]).first() if "notice" in named else None,
        frequency=named.get("frequency", ""),
        kind=named.get("kind", ""),
    )


@transaction.atomic
def stop(target: Target) -> None:
    """Stop what the target names (running it twice changes nothing)."""
    if target.alert is not None:
        criteria.set_paused(target.alert, paused=True)
    elif target.notice is not None:
        following.unfollow(target.notice, user=target.user_id)
    elif target.frequency:
        criteria.pause_digest(target.user_id, target.frequency)
    elif target.kind:
        ReminderOptOut.objects.get_or_create(user_id=target.user_id, kind=target.kind)
