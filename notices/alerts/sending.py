"""Sending the outbox: claim due rows, e-mail them over one SMTP connection, mark each row sent,
retried later (a transient error) or failed with the address suppressed (SMTP 5xx).

Nothing is sent inside a transaction. A claim is a lease: the sender renews it (`Lease`) every
RENEW_EVERY while it sends, so a slow batch keeps its rows; a killed sender stops renewing, and
`release_stuck` (the sweep, every minute) returns its rows to "pending" once the lease has run out.
"""

import logging
import smtplib
import time
from datetime import UTC, datetime, timedelta

from django.core import mail
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts import mime
from notices.alerts import emails, reachability
from notices.alerts.models import (
    WAITING_STATUSES,
    AlertDelivery,
    DeliveryKind,
    DeliveryStatus,
    Frequency,
    SuppressedAddress,
)
from notices.models import Notice

logger = logging.getLogger(__name__)

# How long a claim lasts unless its sender renews it; then a sweep hands its rows to another sender.
LEASE = timedelta(seconds=120)
# How often a sender renews its lease, between two e-mails. A message must be handed to the mail
# server within LEASE - RENEW_EVERY of a renewal, or another sender may send it too: the SMTP
# timeout (EMAIL_TIMEOUT, 30 s) bounds each of its few exchanges below that.
RENEW_EVERY = timedelta(seconds=10)
# Transient SMTP errors are retried after 1, 5, 30 minutes, 2 and 6 hours; then the row fails.
RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 30, 120, 360)]
# Rows one sender claims at a time.
CLAIM_BATCH = 500


def claim(
    *,
    frequency: str = Frequency.INSTANT,
    limit: int | None = CLAIM_BATCH,
    now: datetime | None = None,
    user_ids: list[int] | None = None,
    created_before: datetime | None = None,
) -> list[int]:
    """Mark up to `limit` (None: all) due pending rows as "sending" for this sender and return
    their ids (of `user_ids` only, and queued before `created_before`, when given).

    The update is conditional on the row still being pending, so two senders never claim the same
    row; on PostgreSQL the rows are picked with SKIP LOCKED so that senders don't wait on each other.
    A change to a notice (amendment, cancellation) is not claimed while its recipient's e-mail of
    the notice itself waits, unless that one is claimable with it (see held_changes).
    """
    now = now or timezone.now()
    claimable = Q(status=DeliveryStatus.PENDING, frequency=frequency, next_attempt_at__lte=now)
    if user_ids is not None:
        claimable &= Q(user_id__in=user_ids)
    if created_before is not None:
        claimable &= Q(created_at__lt=created_before)
    with transaction.atomic():
        due = (
            AlertDelivery.objects.filter(claimable)
            .exclude(held_changes(claimable))
            .order_by("user_id", "id")
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("id", flat=True)[:limit])
        claimed = AlertDelivery.objects.filter(id__in=ids, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    if claimed != len(ids):
        ids = list(
            AlertDelivery.objects.filter(
                id__in=ids, status=DeliveryStatus.SENDING, claimed_at=now
            ).values_list("id", flat=True)
        )
    return ids


CHANGES = [DeliveryKind.AMENDMENT, DeliveryKind.CANCELLATION]
# A recipient whose e-mail of a notice is waiting (models.WAITING_STATUSES) has not been told of the
# notice, and hears of its changes with it, not before (held_changes here, dispatch._audience_rows).


def held_changes(claimable: Q) -> Q:
    """The rows that tell of a change to a notice (amendment, cancellation) whose recipient has not
    been sent the notice itself (their new-notice row is pending or being sent) and would not get
    it in the same claim (that row is not `claimable` too): they wait for it, so that nobody hears
    of a change to a tender before the tender. A claim takes a recipient's rows in the order they
    were written, so the notice's row, written first, comes in the same batch as its change."""
    waiting = (
        AlertDelivery.objects.filter(
            user_id=OuterRef("user_id"),
            notice_id=OuterRef("notice_id"),
            kind=DeliveryKind.NEW_NOTICE,
            status__in=WAITING_STATUSES,
        )
        .exclude(claimable)
        .order_by()
    )
    return Q(kind__in=CHANGES) & Exists(waiting)


def release_stuck(*, now: datetime | None = None) -> int:
    """Rows whose lease ran out (their sender died, or lost the database) go back to "pending"."""
    now = now or timezone.now()
    return AlertDelivery.objects.filter(
        status=DeliveryStatus.SENDING, claimed_at__lt=now - LEASE
    ).update(status=DeliveryStatus.PENDING, claimed_at=None)


class Lease:
    """A sender's hold on the rows it claimed, renewed while it sends.

    `holds(id)` answers whether the row is still this sender's to send; every RENEW_EVERY it moves
    `claimed_at` forward on the rows still "sending" under this lease, and forgets the rows that are
    not (a sweep gave them back after a stall longer than LEASE, and another sender may have them).
    """

    def __init__(self, deliveries: list[AlertDelivery]):
        self.claimed_at = deliveries[0].claimed_at if deliveries else None
        self.ids = {d.pk for d in deliveries if d.claimed_at == self.claimed_at}
        self.renewed = time.monotonic()

    def holds(self, delivery_id: int) -> bool:
        if time.monotonic() - self.renewed >= RENEW_EVERY.total_seconds():
            self.renew()
        return delivery_id in self.ids

    def renew(self) -> None:
        now = timezone.now()
        rows = AlertDelivery.objects.filter(id__in=self.ids, status=DeliveryStatus.SENDING)
        rows.filter(claimed_at=self.claimed_at).update(claimed_at=now)
        self.ids = set(rows.filter(claimed_at=now).values_list("id", flat=True))
        self.claimed_at, self.renewed = now, time.monotonic()


def is_permanent(error: Exception) -> bool:
    """An SMTP 5xx answer about the recipient: retrying will not help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600


def send_claimed(ids: list[int]) -> dict[str, int]:
    """E-mail the claimed rows, one message per recipient and row, over one SMTP connection, and
    mark each row sent, retried later (transient error) or failed and suppressed (5xx)."""
    deliveries = list(
        AlertDelivery.objects.filter(id__in=ids, status=DeliveryStatus.SENDING)
        .select_related("user", "alert")
        .order_by("user_id", "id")
    )
    deliveries = drop_unreachable(deliveries)
    messages = emails.AlertMessages(deliveries)
    outcome = {"sent": 0, "retry": 0, "failed": 0}
    refused = set()
    batch = SendingBatch({delivery.notice_id for delivery in deliveries if delivery.notice_id})
    lease = Lease(deliveries)
    with mail.get_connection(fail_silently=False) as smtp:
        for delivery in deliveries:
            if not lease.holds(delivery.pk):
                continue  # given back by a sweep after a stall: another sender has it
            if delivery.notice_id:  # a reminder, a contact message, an event message: no notice
                delivery.notice = batch.notice(delivery.notice_id)
                if delivery.notice is None:
                    continue  # deleted since: its rows go with it
            if delivery.user_id in refused:
                continue  # an earlier row of this batch found the address refused: now suppressed
            message = messages.message(delivery)
            try:
                mime.send(smtp, message)
            except (smtplib.SMTPException, OSError) as error:
                batch.flush()
                result = record_failure(delivery, error, address=message.to[0])
                outcome[result] += 1
                if is_permanent(error) and _is_users_address(delivery, message.to[0]):
                    refused.add(delivery.user_id)
                reconnect(smtp)
            else:
                batch.sent(delivery.pk)
                outcome["sent"] += 1
        batch.flush()
    return outcome


class SendingBatch:
    """What a sender asks the database between two e-mails of a batch, in one round trip each.

    The notices are given as they are now, not as they were when the batch was loaded: an amendment
    committed while a batch is being sent must not be contradicted by its later e-mails. A notice
    is read once (with its agency and categories); before each e-mail only its `updated_at` is
    asked, and the notice read again when it changed. A row whose e-mail the server accepted is
    marked sent before the next e-mail goes out: on PostgreSQL in the same statement as that
    question, elsewhere just before it.
    """

    def __init__(self, notice_ids: set[int]):
        self.loaded = self._load(notice_ids)
        self.accepted: int | None = None

    @staticmethod
    def _load(notice_ids) -> dict[int, Notice]:
        notices = Notice.objects.select_related("agency").prefetch_related("categories")
        return notices.in_bulk(list(notice_ids))

    def sent(self, delivery_id: int) -> None:
        self.flush()
        self.accepted = delivery_id

    def flush(self) -> None:
        """Mark the accepted row sent now."""
        if self.accepted is not None:
            with connection.cursor() as cursor:
                cursor.execute(*self._mark_sent())
            self.accepted = None

    def notice(self, notice_id: int) -> Notice | None:
        """The notice as it is now (None: deleted)."""
        notices, updated_at = _column(Notice, "updated_at")
        question = f"SELECT {updated_at} FROM {notices} WHERE id = %s"  # noqa: S608  # nosec B608
        if self.accepted is not None and connection.vendor == "postgresql":
            mark, params = self._mark_sent()
            question, params = f"WITH sent AS ({mark}) {question}", [*params, notice_id]
            self.accepted = None
        else:
            self.flush()
            params = [notice_id]
        with connection.cursor() as cursor:
            cursor.execute(question, params)
            row = cursor.fetchone()
        if row is None:
            return None
        notice = self.loaded.get(notice_id)
        if notice is None or _as_datetime(row[0]) != notice.updated_at:
            self.loaded.update(self._load([notice_id]))
        return self.loaded.get(notice_id)

    def _mark_sent(self) -> tuple[str, list]:
        table, status = _column(AlertDelivery, "status")
        sent_at, error = (
            _column(AlertDelivery, "sent_at")[1],
            _column(AlertDelivery, "last_error")[1],
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        return (
            f"UPDATE {table} SET {status} = %s, {sent_at} = %s, {error} = '' WHERE id = %s",  # noqa: S608  # nosec B608
            [DeliveryStatus.SENT, now, self.accepted],
        )


def _column(model, field: str) -> tuple[str, str]:
    quote = connection.ops.quote_name
    return quote(model._meta.db_table), quote(model._meta.get_field(field).column)


def _as_datetime(value) -> datetime:
    """A timestamp as a raw query returns it (SQLite: text, in UTC) as the ORM returns it."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value


# Stored in English, as SMTP errors are; the e-mail log shows it translated.
UNREACHABLE = gettext_noop(
    "Not sent: the account is closed, or its address is unconfirmed or suppressed."
)


def drop_unreachable(deliveries: list[AlertDelivery]) -> list[AlertDelivery]:
    """The rows whose recipient may still be e-mailed (reachability.reachable_users: the address may
    have been suppressed since the row was written); the others are marked suppressed."""
    reachable = set(
        reachability.reachable_users()
        .filter(pk__in={delivery.user_id for delivery in deliveries})
        .values_list("pk", flat=True)
    )
    dropped = [delivery.pk for delivery in deliveries if delivery.user_id not in reachable]
    if dropped:
        AlertDelivery.objects.filter(pk__in=dropped).update(
            status=DeliveryStatus.SUPPRESSED, last_error=UNREACHABLE
        )
    return [delivery for delivery in deliveries if delivery.user_id in reachable]


def reconnect(smtp) -> None:
    """After a failed message, start the next one on a fresh connection: a server that answers
    421 closes the connection (and smtplib with it), and every later message of the batch would
    otherwise fail with "SMTPServerDisconnected" and wait for a retry it did not need. When the
    server does not answer at all, the next message tries to connect by itself and its own
    failure is recorded on its row."""
    try:
        smtp.close()
        smtp.open()
    except (smtplib.SMTPException, OSError):
        logger.warning("could not reconnect to the mail server", exc_info=True)


def record_failure(delivery: AlertDelivery, error: Exception, *, address: str = "") -> str:
    """Record why the row's e-mail failed: retried later, or failed for good with the address it
    went to (`address`; by default the user's) suppressed. Only when that address is the user's do
    their other rows go with it: a message about a registration may go to the colleague it was
    made for (events), whose refused address says nothing of the user's."""
    text = f"{type(error).__name__}: {error}"[:1000]
    rows = AlertDelivery.objects.filter(pk=delivery.pk)
    if is_permanent(error):
        address = address or delivery.user.email
        with transaction.atomic():
            rows.update(status=DeliveryStatus.FAILED, last_error=text)
            SuppressedAddress.objects.get_or_create(
                email=address.lower(), defaults={"reason": text}
            )
            if _is_users_address(delivery, address):
                AlertDelivery.objects.filter(
                    user=delivery.user, status__in=WAITING_STATUSES
                ).exclude(pk=delivery.pk).update(status=DeliveryStatus.SUPPRESSED, last_error=text)
        return "failed"
    if delivery.attempts > len(RETRY_DELAYS):
        rows.update(status=DeliveryStatus.FAILED, last_error=text)
        return "failed"
    rows.update(
        status=DeliveryStatus.PENDING,
        last_error=text,
        claimed_at=None,
        next_attempt_at=timezone.now() + RETRY_DELAYS[delivery.attempts - 1],
    )
    return "retry"


def _is_users_address(delivery: AlertDelivery, address: str) -> bool:
    return address.lower() == delivery.user.email.lower()


def send_pending(*, limit: int = CLAIM_BATCH) -> dict[str, int]:
    """Send due instant alerts, batch after batch, until none is due."""
    total = {"sent": 0, "retry": 0, "failed": 0}
    while ids := claim(frequency=Frequency.INSTANT, limit=limit):
        for key, value in send_claimed(ids).items():
            total[key] += value
    return total
