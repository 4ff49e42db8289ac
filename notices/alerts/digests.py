"""Daily and weekly digests: one e-mail per recipient at 08:00 in their own time zone (daily, or
on Monday for weekly) with the notices queued for them before it."""

import smtplib
import zoneinfo
from datetime import datetime, timedelta

from django.core import mail
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from accounts import mime
from accounts.emails import greeting_names
from accounts.models import User
from notices.alerts import emails
from notices.alerts.models import AlertDelivery, DeliveryStatus, Frequency
from notices.alerts.sending import Lease, claim, drop_unreachable, reconnect, record_failure

DIGEST_HOUR = 8  # in the recipient's own time zone
DIGEST_CAP = 50  # notices listed in one digest; the e-mail links to the rest


def digest_slot(frequency: str, *, now: datetime, time_zone: str) -> datetime:
    """The latest digest time at or before `now` for a recipient: 08:00 today (daily) or on
    Monday (weekly), in their time zone."""
    local = now.astimezone(zoneinfo.ZoneInfo(time_zone))
    slot = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    step = timedelta(days=1)
    if frequency == Frequency.WEEKLY:
        slot -= timedelta(days=local.weekday())
        step = timedelta(days=7)
    return slot if slot <= local else slot - step


DIGEST_CHUNK = 200  # recipients handled together: a few queries and one SMTP connection


def send_digests(
    frequency: str, *, now: datetime | None = None, due_now: bool = False
) -> dict[str, int]:
    """One e-mail per recipient whose digest time has come, with the rows queued before it.
    `due_now` makes `now` everyone's digest time (`manage.py send_digests --now`: a newcomer or an
    operator who does not want to wait for 08:00).

    Recipients are streamed from the database, never all loaded at once, and handled DIGEST_CHUNK
    at a time: who is due (one query, with each one's last digest), their rows claimed (one
    conditional update per digest time among them) and read (one query), and their e-mails sent
    over one SMTP connection, each digest's rows marked as it is accepted."""
    now = now or timezone.now()
    outcome = {"digests": 0, "notices": 0}
    recipients = (
        AlertDelivery.objects.filter(status=DeliveryStatus.PENDING, frequency=frequency)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by()
    )
    chunk = []
    for user_id in recipients.iterator(chunk_size=2000):
        chunk.append(user_id)
        if len(chunk) == DIGEST_CHUNK:
            _add(outcome, _send_digest_chunk(chunk, frequency, now=now, due_now=due_now))
            chunk = []
    if chunk:
        _add(outcome, _send_digest_chunk(chunk, frequency, now=now, due_now=due_now))
    return outcome


def _add(total: dict, part: dict) -> None:
    for key, value in part.items():
        total[key] += value


def _due_digests(
    user_ids: list[int], frequency: str, *, now: datetime, due_now: bool
) -> dict[datetime, list]:
    """The recipients among `user_ids` whose digest time has come and who have not had that digest
    yet, grouped by that time (their 08:00, which depends on their time zone; `now` if due_now)."""
    last_digest = (
        AlertDelivery.objects.filter(
            user=OuterRef("pk"), frequency=frequency, status=DeliveryStatus.SENT
        )
        .order_by("-sent_at")
        .values("sent_at")[:1]
    )
    users = (
        User.objects.filter(pk__in=user_ids)
        .only("id", "email", "language", "time_zone", "name")
        .annotate(last_digest=Subquery(last_digest))
    )
    due: dict[datetime, list] = {}
    for user in users:
        slot = now if due_now else digest_slot(frequency, now=now, time_zone=user.time_zone)
        if user.last_digest is None or user.last_digest < slot:
            due.setdefault(slot, []).append(user)
    return due


def _send_digest_chunk(
    user_ids: list[int], frequency: str, *, now: datetime, due_now: bool
) -> dict[str, int]:
    outcome = {"digests": 0, "notices": 0}
    recipients, ids = {}, []
    for slot, users in _due_digests(user_ids, frequency, now=now, due_now=due_now).items():
        recipients.update((user.pk, user) for user in users)
        ids += claim(
            frequency=frequency,
            now=now,
            user_ids=[user.pk for user in users],
            created_before=slot,
            limit=None,
        )
    deliveries = drop_unreachable(
        list(
            AlertDelivery.objects.filter(id__in=ids)
            .select_related("notice__agency", "alert")
            .order_by("user_id", "alert__name", "-notice__published_at", "id")
        )
    )
    by_user: dict[int, list[AlertDelivery]] = {}
    for delivery in deliveries:
        by_user.setdefault(delivery.user_id, []).append(delivery)
    lease = Lease(deliveries)
    names = greeting_names(recipients[user_id] for user_id in by_user)
    pieces: dict = {}  # each notice's entry, rendered once per language and time zone
    with mail.get_connection(fail_silently=False) as smtp:
        for user_id, rows in by_user.items():
            if not all(lease.holds(row.pk) for row in rows):
                continue  # given back by a sweep after a stall: the next run sends it
            user = recipients[user_id]
            message = emails.digest_message(
                user,
                rows,
                frequency=frequency,
                cap=DIGEST_CAP,
                greeting=names[user_id],
                pieces=pieces,
            )
            claimed = AlertDelivery.objects.filter(id__in=[row.pk for row in rows])
            try:
                mime.send(smtp, message)
            except (smtplib.SMTPException, OSError) as error:
                record_failure(rows[0], error)
                claimed.filter(status=DeliveryStatus.SENDING).update(
                    status=DeliveryStatus.PENDING, claimed_at=None
                )
                reconnect(smtp)
                continue
            # The digest's own time, which the next run compares with the recipient's next 08:00.
            claimed.update(status=DeliveryStatus.SENT, sent_at=now, last_error="")
            outcome["digests"] += 1
            outcome["notices"] += len(rows)
    return outcome
