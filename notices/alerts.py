"""Alerts: saving a supplier's criteria, writing the outbox, and sending it.

How an alert travels (see the architecture): an event of a notice (published, amended, cancelled)
is dispatched by `queue_for_notice`, which writes one AlertDelivery row per recipient with a single
INSERT ... SELECT over the matching alerts (a unique constraint makes a second dispatch a no-op) and
records the event as dispatched. Senders claim due rows with a conditional update, e-mail each
recipient's rows over one SMTP connection, and mark them sent or failed. Nothing is sent inside a
transaction; a killed sender leaves rows "sending", which `release_stuck` returns to "pending".
"""

import logging
import smtplib
import zoneinfo
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.db.models import (
    BigIntegerField,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext_noop

from notices import keywords, matching, routing, search
from notices.models import (
    Alert,
    AlertAgency,
    AlertCategory,
    AlertCountry,
    AlertDelivery,
    AlertKeyword,
    AlertNoticeType,
    Amendment,
    DeliveryKind,
    DeliveryStatus,
    DispatchedEvent,
    Follow,
    Frequency,
    Notice,
    NoticeCategoryPrefix,
    NoticeStatus,
    PublicStatus,
    SuppressedAddress,
)
from portal.models import User

logger = logging.getLogger(__name__)

# How long a claimed row may stay "sending" before a sweep hands it to another sender.
STUCK_AFTER = timedelta(minutes=10)
# Transient SMTP errors are retried after 1, 5, 30 minutes, 2 and 6 hours; then the row fails.
RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 30, 120, 360)]


# --- Saving an alert ---------------------------------------------------------------------------------


@transaction.atomic
def save_alert(
    alert: Alert,
    *,
    categories: Iterable[str] = (),
    countries: Iterable[str] = (),
    agencies: Iterable = (),
    notice_types: Iterable[str] = (),
) -> Alert:
    """Save an alert with its lists of criteria (codes at any level, countries, agencies, types);
    its keywords are read from `alert.keywords` and `alert.excluded_keywords`."""
    prefixes = sorted({search.category_prefix(code) for code in categories})
    countries = sorted(set(countries))
    agencies = sorted({getattr(agency, "pk", agency) for agency in agencies})
    notice_types = sorted(set(notice_types))
    terms = keywords.alert_terms(alert.keywords, alert.excluded_keywords)
    alert.any_category, alert.any_country = not prefixes, not countries
    alert.any_agency, alert.any_type = not agencies, not notice_types
    alert.save()
    for model in (AlertCategory, AlertCountry, AlertAgency, AlertNoticeType, AlertKeyword):
        model.objects.filter(alert=alert).delete()
    AlertCategory.objects.bulk_create(AlertCategory(alert=alert, prefix=p) for p in prefixes)
    AlertCountry.objects.bulk_create(AlertCountry(alert=alert, country=c) for c in countries)
    AlertAgency.objects.bulk_create(AlertAgency(alert=alert, agency_id=a) for a in agencies)
    AlertNoticeType.objects.bulk_create(
        AlertNoticeType(alert=alert, notice_type=t) for t in notice_types
    )
    AlertKeyword.objects.bulk_create(
        AlertKeyword(
            alert=alert,
            term=term.text,
            excluded=term.excluded,
            as_substring=term.chinese or connection.vendor != "postgresql",
        )
        for term in terms
    )
    routing.route_users([alert.user_id])
    return alert


# --- The outbox --------------------------------------------------------------------------------------

DELIVERY_COLUMNS = [
    "user_id",
    "notice_id",
    "kind",
    "event",
    "alert_id",
    "frequency",
    "matched_prefix",
    "matched_country",
    "status",
    "attempts",
    "last_error",
    "next_attempt_at",
    "created_at",
]


# The annotations that give DELIVERY_COLUMNS, in the same order.
DELIVERY_VALUES = [
    "d_user",
    "d_notice",
    "d_kind",
    "d_event",
    "d_alert",
    "d_frequency",
    "d_prefix",
    "d_country",
    "d_status",
    "d_attempts",
    "d_error",
    "d_next",
    "d_created",
]


def _insert_deliveries(select_sql: str, params: list, *, skip_existing: bool = True) -> int:
    """INSERT ... SELECT the rows of `select_sql` (its columns are DELIVERY_COLUMNS, in order); rows
    that exist already are skipped by the unique constraint (with skip_existing=False, one that
    exists fails the statement). Returns how many were written."""
    table = connection.ops.quote_name(AlertDelivery._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in DELIVERY_COLUMNS)
    # Only quoted names and SQL built from the models go into the string; values stay parameters.
    sql = (
        f"INSERT INTO {table} ({columns}) SELECT * FROM ({select_sql}) AS matched "  # noqa: S608  # nosec B608  # names quoted, values parameters
        "WHERE true"
    )
    if skip_existing:
        sql += " ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def _insert_new_notice_rows(notice: Notice) -> int:
    """The new notice's rows are written by one dispatch, all at once: as a plain INSERT, which
    PostgreSQL writes a quarter faster than with ON CONFLICT's check of each row. Should another
    dispatch of the notice have written them (the sweep racing the task), the unique constraint
    refuses the statement, and it runs again skipping the rows that exist."""
    rows = _new_notice_rows(notice)
    try:
        with transaction.atomic():
            return _insert_deliveries(*rows, skip_existing=False)
    except IntegrityError:
        return _insert_deliveries(*rows)


def _insert_queryset(recipients) -> int:
    """_insert_deliveries of a values() query of DELIVERY_VALUES (see _row_values)."""
    return _insert_deliveries(*recipients.query.sql_with_params())


def _row_values(queryset, *, notice, kind: str, event, user: str, alert, frequency):
    """The queryset as outbox rows without a reason to give (amendments, cancellations, reminders):
    values() of DELIVERY_VALUES, ready for _insert_queryset. `notice`, `event`, `alert` and
    `frequency` are expressions (a Value or a column)."""
    now = timezone.now()
    return queryset.annotate(
        d_user=F(user),
        d_notice=notice,
        d_kind=Value(kind),
        d_event=event,
        d_alert=alert,
        d_frequency=frequency,
        d_prefix=Value(""),
        d_country=Value(""),
        d_status=Value(DeliveryStatus.PENDING),
        d_attempts=Value(0, output_field=IntegerField()),
        d_error=Value(""),
        d_next=Value(now),
        d_created=Value(now),
    ).values(*DELIVERY_VALUES)


# A typed NULL: PostgreSQL reads an untyped parameter in a SELECT list as text.
NO_ALERT = Cast(Value(None), output_field=BigIntegerField())


def _notice_id(notice: Notice):
    return Value(notice.pk, output_field=IntegerField())


def _new_notice_rows(notice: Notice) -> tuple[str, list]:
    """The outbox rows of a new notice: one per user whose alerts fit it (see
    matching.recipients_sql), with the alert that caused it and why it matched."""
    sql, params = matching.recipients_sql(notice)
    now = timezone.now()
    select = (
        "SELECT user_id, %s, %s, '', alert_id, frequency, prefix, country, %s, 0, '', %s, %s "  # noqa: S608  # nosec B608
        f"FROM ({sql}) AS recipient"
    )
    return select, [notice.pk, DeliveryKind.NEW_NOTICE, DeliveryStatus.PENDING, now, now, *params]


def _audience_recipients(notice: Notice, *, kind: str, event: str):
    """Followers and everyone who was alerted about the notice hear of what happened to it, at once."""
    alerted = AlertDelivery.objects.filter(notice=notice, kind=DeliveryKind.NEW_NOTICE).values(
        "user_id"
    )
    followers = Follow.objects.filter(notice=notice).values("user_id")
    users = routing.reachable_users().filter(Q(pk__in=alerted) | Q(pk__in=followers))
    return _row_values(
        users,
        notice=_notice_id(notice),
        kind=kind,
        event=Value(event),
        user="pk",
        alert=NO_ALERT,
        frequency=Value(Frequency.INSTANT),
    )


def events_of(notice: Notice) -> list[tuple[str, str]]:
    """The events of a notice that its audience must hear of, as (kind, event)."""
    if notice.status == NoticeStatus.DRAFT or notice.published_at is None:
        return []
    events = [(DeliveryKind.NEW_NOTICE, "")]
    events += [
        (DeliveryKind.AMENDMENT, str(n)) for n in notice.amendments.values_list("number", flat=True)
    ]
    if notice.status == NoticeStatus.CANCELLED:
        events.append((DeliveryKind.CANCELLATION, ""))
    return events


def queue_for_notice(notice: Notice) -> int:
    """Write the outbox rows of every event of the notice not dispatched yet; returns rows written.
    Running it again writes nothing."""
    done = set(DispatchedEvent.objects.filter(notice=notice).values_list("kind", "event"))
    written = 0
    for kind, event in events_of(notice):
        if (kind, event) in done:
            continue
        with transaction.atomic():
            if kind == DeliveryKind.NEW_NOTICE:
                count = _insert_new_notice_rows(notice)
            else:
                count = _insert_queryset(_audience_recipients(notice, kind=kind, event=event))
            DispatchedEvent.objects.get_or_create(
                notice=notice, kind=kind, event=event, defaults={"recipients": count}
            )
        written += count
    return written


def undispatched_notices(*, within: timedelta = timedelta(days=30)):
    """Notices published in the last `within` with an event whose outbox rows are not written yet:
    the sweep dispatches them (e.g. when the broker was down as they were published or amended)."""
    dispatched = DispatchedEvent.objects.filter(notice=OuterRef("pk"))
    amendment_dispatched = DispatchedEvent.objects.filter(
        notice=OuterRef("notice"), kind=DeliveryKind.AMENDMENT, event=OuterRef("event_key")
    )
    undispatched_amendment = (
        Amendment.objects.filter(notice=OuterRef("pk"))
        .annotate(event_key=Cast("number", CharField()))
        .filter(~Exists(amendment_dispatched))
    )
    return (
        Notice.objects.exclude(status=NoticeStatus.DRAFT)
        .filter(published_at__gte=timezone.now() - within)
        .filter(
            ~Exists(dispatched.filter(kind=DeliveryKind.NEW_NOTICE))
            | Exists(undispatched_amendment)
            | Q(status=NoticeStatus.CANCELLED)
            & ~Exists(dispatched.filter(kind=DeliveryKind.CANCELLATION))
        )
    )


# --- Sending -----------------------------------------------------------------------------------------


def claim(
    *,
    frequency: str = Frequency.INSTANT,
    limit: int | None = 500,
    now: datetime | None = None,
    user_ids: list[int] | None = None,
    created_before: datetime | None = None,
) -> list[int]:
    """Mark up to `limit` (None: all) due pending rows as "sending" for this sender and return
    their ids (of `user_ids` only, and queued before `created_before`, when given).

    The update is conditional on the row still being pending, so two senders never claim the same
    row; on PostgreSQL the rows are picked with SKIP LOCKED so that senders don't wait on each other.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = AlertDelivery.objects.filter(
            status=DeliveryStatus.PENDING, frequency=frequency, next_attempt_at__lte=now
        ).order_by("user_id", "id")
        if user_ids is not None:
            due = due.filter(user_id__in=user_ids)
        if created_before is not None:
            due = due.filter(created_at__lt=created_before)
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


def release_stuck(*, now: datetime | None = None) -> int:
    """Rows left "sending" by a sender that died go back to "pending"."""
    now = now or timezone.now()
    return AlertDelivery.objects.filter(
        status=DeliveryStatus.SENDING, claimed_at__lt=now - STUCK_AFTER
    ).update(status=DeliveryStatus.PENDING, claimed_at=None)


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
    from notices import emails

    deliveries = list(
        AlertDelivery.objects.filter(id__in=ids, status=DeliveryStatus.SENDING)
        .select_related("user", "alert")
        .order_by("user_id", "id")
    )
    deliveries = _drop_unreachable(deliveries)
    messages = emails.AlertMessages(deliveries)
    outcome = {"sent": 0, "retry": 0, "failed": 0}
    refused = set()
    batch = SendingBatch({delivery.notice_id for delivery in deliveries if delivery.notice_id})
    with mail.get_connection(fail_silently=False) as smtp:
        for delivery in deliveries:
            if delivery.notice_id:  # a corrective action's reminder names no notice
                delivery.notice = batch.notice(delivery.notice_id)
                if delivery.notice is None:
                    continue  # deleted since: its rows go with it
            if delivery.user_id in refused:
                continue  # an earlier row of this batch found the address refused: now suppressed
            try:
                smtp.send_messages([messages.message(delivery)])
            except (smtplib.SMTPException, OSError) as error:
                batch.flush()
                result = _record_failure(delivery, error)
                outcome[result] += 1
                if is_permanent(error):
                    refused.add(delivery.user_id)
                _reconnect(smtp)
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


def _drop_unreachable(deliveries: list[AlertDelivery]) -> list[AlertDelivery]:
    """The rows whose recipient may still be e-mailed (routing.reachable_users: the address may
    have been suppressed since the row was written); the others are marked suppressed."""
    reachable = set(
        routing.reachable_users()
        .filter(pk__in={delivery.user_id for delivery in deliveries})
        .values_list("pk", flat=True)
    )
    dropped = [delivery.pk for delivery in deliveries if delivery.user_id not in reachable]
    if dropped:
        AlertDelivery.objects.filter(pk__in=dropped).update(
            status=DeliveryStatus.SUPPRESSED, last_error=UNREACHABLE
        )
    return [delivery for delivery in deliveries if delivery.user_id in reachable]


def _reconnect(smtp) -> None:
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


def _record_failure(delivery: AlertDelivery, error: Exception) -> str:
    text = f"{type(error).__name__}: {error}"[:1000]
    rows = AlertDelivery.objects.filter(pk=delivery.pk)
    if is_permanent(error):
        with transaction.atomic():
            rows.update(status=DeliveryStatus.FAILED, last_error=text)
            SuppressedAddress.objects.get_or_create(
                email=delivery.user.email.lower(), defaults={"reason": text}
            )
            AlertDelivery.objects.filter(
                user=delivery.user, status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]
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


def send_pending(*, limit: int = 500) -> dict[str, int]:
    """Send due instant alerts, batch after batch, until none is due."""
    total = {"sent": 0, "retry": 0, "failed": 0}
    while ids := claim(frequency=Frequency.INSTANT, limit=limit):
        for key, value in send_claimed(ids).items():
            total[key] += value
    return total


# --- Digests -----------------------------------------------------------------------------------------

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


def send_digests(frequency: str, *, now: datetime | None = None) -> dict[str, int]:
    """One e-mail per recipient whose digest time has come, with the rows queued before it.

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
            _add(outcome, _send_digest_chunk(chunk, frequency, now=now))
            chunk = []
    if chunk:
        _add(outcome, _send_digest_chunk(chunk, frequency, now=now))
    return outcome


def _add(total: dict, part: dict) -> None:
    for key, value in part.items():
        total[key] += value


def _due_digests(user_ids: list[int], frequency: str, *, now: datetime) -> dict[datetime, list]:
    """The recipients among `user_ids` whose digest time has come and who have not had that digest
    yet, grouped by that time (their 08:00, which depends on their time zone)."""
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
        slot = digest_slot(frequency, now=now, time_zone=user.time_zone)
        if user.last_digest is None or user.last_digest < slot:
            due.setdefault(slot, []).append(user)
    return due


def _send_digest_chunk(user_ids: list[int], frequency: str, *, now: datetime) -> dict[str, int]:
    from notices import emails

    outcome = {"digests": 0, "notices": 0}
    recipients, ids = {}, []
    for slot, users in _due_digests(user_ids, frequency, now=now).items():
        recipients.update((user.pk, user) for user in users)
        ids += claim(
            frequency=frequency,
            now=now,
            user_ids=[user.pk for user in users],
            created_before=slot,
            limit=None,
        )
    deliveries = _drop_unreachable(
        list(
            AlertDelivery.objects.filter(id__in=ids)
            .select_related("notice__agency", "alert")
            .order_by("user_id", "alert__name", "-notice__published_at", "id")
        )
    )
    by_user: dict[int, list[AlertDelivery]] = {}
    for delivery in deliveries:
        by_user.setdefault(delivery.user_id, []).append(delivery)
    with mail.get_connection(fail_silently=False) as smtp:
        for user_id, rows in by_user.items():
            user = recipients[user_id]
            message = emails.digest_message(user, rows, frequency=frequency, cap=DIGEST_CAP)
            claimed = AlertDelivery.objects.filter(id__in=[row.pk for row in rows])
            try:
                smtp.send_messages([message])
            except (smtplib.SMTPException, OSError) as error:
                _record_failure(rows[0], error)
                claimed.filter(status=DeliveryStatus.SENDING).update(
                    status=DeliveryStatus.PENDING, claimed_at=None
                )
                _reconnect(smtp)
                continue
            # The digest's own time, which the next run compares with the recipient's next 08:00.
            claimed.update(status=DeliveryStatus.SENT, sent_at=now, last_error="")
            outcome["digests"] += 1
            outcome["notices"] += len(rows)
    return outcome


# --- Deadline reminders -------------------------------------------------------------------------------


def queue_reminders(*, now: datetime | None = None) -> int:
    """Followers of open notices hear 7, 3 and 1 days (ALERT_REMINDER_DAYS) before the deadline; a
    notice followed late gets only the reminders still ahead. Written from the database, so a beat
    task can run it as often as it likes."""
    now = now or timezone.now()
    days = sorted(settings.ALERT_REMINDER_DAYS)
    written = 0
    for index, day in enumerate(days):
        closer = days[index - 1] if index else 0
        follows = Follow.objects.filter(
            notice__status=NoticeStatus.PUBLISHED,
            notice__deadline__gt=now + timedelta(days=closer),
            notice__deadline__lte=now + timedelta(days=day),
            user__in=routing.reachable_users(),
        )
        written += _insert_queryset(
            _row_values(
                follows,
                notice=F("notice_id"),
                kind=DeliveryKind.REMINDER,
                event=Value(str(day)),
                user="user_id",
                alert=NO_ALERT,
                frequency=Value(Frequency.INSTANT),
            )
        )
    return written


def suppression_of(user) -> SuppressedAddress | None:
    return SuppressedAddress.objects.filter(email__iexact=user.email).first()


def request_reconfirmation(user, *, request) -> None:
    """The owner says their address works again: it is confirmed anew (allauth's confirmation
    e-mail), and the suppression is lifted when they follow the link (see NoticesConfig.ready)."""
    address = EmailAddress.objects.get(user=user, primary=True)
    address.verified = False
    address.save(update_fields=["verified"])
    address.send_confirmation(request)


def unsuppress(email: str) -> int:
    """The owner confirmed the address again: mail may go to it."""
    return SuppressedAddress.objects.filter(email__iexact=email).delete()[0]


# --- Reading and pausing alerts ----------------------------------------------------------------------


def alerts_of(user):
    """The user's alerts, each with how many notices it brought them in the last 30 days (counted
    in the user's own outbox rows, through the index that starts with the user)."""
    since = timezone.now() - timedelta(days=30)
    brought = (
        AlertDelivery.objects.filter(
            user=OuterRef("user"), alert=OuterRef("pk"), created_at__gte=since
        )
        .order_by()
        .values("alert")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Alert.objects.filter(user=user).annotate(
        matched_30_days=Coalesce(Subquery(brought, output_field=IntegerField()), 0)
    )


def forget_alert(alert: Alert) -> int:
    """An alert is being deleted: its outbox rows stay in the log without it. (The outbox names its
    alert without a database constraint or index, see AlertDelivery.alert; the rows are found
    through the owner's.)"""
    return AlertDelivery.objects.filter(user_id=alert.user_id, alert=alert).update(alert=None)


def criteria_of(alert: Alert) -> dict:
    """The alert's lists, as the form shows them."""
    return {
        "categories": ", ".join(alert.category_prefixes.values_list("prefix", flat=True)),
        "countries": list(alert.countries.values_list("country", flat=True)),
        "agencies": list(alert.agencies.values_list("agency_id", flat=True)),
        "notice_types": list(alert.notice_types.values_list("notice_type", flat=True)),
    }


def preview(alert: Alert, *, limit: int = 5):
    """Open notices the alert would match now, newest first (the same criteria, as a search)."""
    notices = search.with_status(search.public_notices(), PublicStatus.OPEN)
    prefixes = list(alert.category_prefixes.values_list("prefix", flat=True))
    if prefixes:
        notices = notices.filter(
            Exists(NoticeCategoryPrefix.objects.filter(notice=OuterRef("pk"), prefix__in=prefixes))
        )
    countries = list(alert.countries.values_list("country", flat=True))
    if countries:
        notices = search.in_countries(notices, countries)
    if not alert.any_agency:
        notices = notices.filter(agency__in=alert.agencies.values("agency_id"))
    if not alert.any_type:
        notices = notices.filter(notice_type__in=alert.notice_types.values("notice_type"))
    if alert.sme_friendly:
        notices = notices.filter(sme_friendly=True)
    if alert.women_owned_preference:
        notices = notices.filter(women_owned_preference=True)
    terms = keywords.alert_terms(alert.keywords, alert.excluded_keywords)
    return search.matching_terms(notices, terms).order_by("-published_at", "-id")[:limit]


@transaction.atomic
def set_paused(alert: Alert, *, paused: bool) -> Alert:
    if alert.is_paused != paused:
        alert.is_paused = paused
        alert.save(update_fields=["is_paused", "updated_at"])
        routing.route_users([alert.user_id])
    return alert


@transaction.atomic
def pause_digest(user, frequency: str) -> int:
    """Stop the user's digest of this frequency: pause every alert that feeds it."""
    paused = Alert.objects.filter(user=user, frequency=frequency).update(is_paused=True)
    routing.route_users([getattr(user, "pk", user)])
    return paused
