"""Writing the outbox: the one place where outbox rows are written.

An event of a notice (published, amended, cancelled) is dispatched by `queue_for_notice`, which
writes one AlertDelivery row per recipient with a single INSERT ... SELECT (a unique constraint
makes a second dispatch a no-op) and records the event as dispatched (DispatchedEvent). `sweep`
dispatches what was missed (the broker was down) and gives back rows a dead sender left "sending".
Deadline reminders (`queue_reminders`) and other apps' reminders (`queue_personal_reminders`, for a
supplier's corrective actions) and the contact page's messages to staff (`queue_contact_message`)
go through here too, so every e-mail the pipeline sends is a row first.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone

from notices.alerts import matching, reachability, sending
from notices.alerts.models import (
    WAITING_STATUSES,
    AlertDelivery,
    DeliveryKind,
    DeliveryStatus,
    DispatchedEvent,
    Follow,
    Frequency,
)
from notices.models import Amendment, Notice, NoticeStatus

# How far back the sweep looks for a notice whose events were not dispatched.
SWEEP_WITHIN = timedelta(days=30)
# Notices the sweep dispatches in one run (the next run takes the rest).
SWEEP_BATCH = 200


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


def _audience_rows(notice: Notice, *, kind: str, event: str) -> list:
    """Who hears of what happened to the notice (an amendment, its cancellation), and why, as
    outbox rows: its followers at once (no alert: they follow it), and everyone else an alert told
    of it with that alert as the reason. One whose e-mail of the notice itself is still waiting
    (in their digest, or a retry) gets the change on the same road as that e-mail, its frequency,
    so that the change comes with the notice or after it, never before."""
    followers = Follow.objects.filter(notice=notice).values("user_id")
    reachable = reachability.reachable_users().values("pk")
    following = _row_values(
        reachability.reachable_users().filter(pk__in=followers),
        notice=_notice_id(notice),
        kind=kind,
        event=Value(event),
        user="pk",
        alert=NO_ALERT,
        frequency=Value(Frequency.INSTANT),
    )
    alerted = _row_values(
        AlertDelivery.objects.filter(
            notice=notice, kind=DeliveryKind.NEW_NOTICE, user__in=reachable
        )
        .exclude(user__in=followers)
        .order_by(),
        notice=_notice_id(notice),
        kind=kind,
        event=Value(event),
        user="user_id",
        alert=F("alert_id"),
        frequency=Case(
            When(status__in=WAITING_STATUSES, then=F("frequency")),
            default=Value(Frequency.INSTANT),
            output_field=CharField(),
        ),
    )
    return [following, alerted]


def events_of(notice: Notice) -> list[tuple[str, str]]:
    """The events of a notice that its audience must hear of, as (kind, event). An amendment
    recorded as not announced (an import's change to nothing alert e-mails show) is not one."""
    if notice.status == NoticeStatus.DRAFT or notice.published_at is None:
        return []
    events = [(DeliveryKind.NEW_NOTICE, "")]
    events += [
        (DeliveryKind.AMENDMENT, str(n))
        for n in notice.amendments.filter(announced=True).values_list("number", flat=True)
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
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if outermost:  # never a caller's transaction: its own writes may not wait
                _commit_without_waiting_for_the_disk()
            if kind == DeliveryKind.NEW_NOTICE:
                count = _insert_new_notice_rows(notice)
            else:
                count = sum(
                    _insert_queryset(rows)
                    for rows in _audience_rows(notice, kind=kind, event=event)
                )
            DispatchedEvent.objects.get_or_create(
                notice=notice, kind=kind, event=event, defaults={"recipients": count}
            )
        written += count
    return written


def _commit_without_waiting_for_the_disk() -> None:
    """An event's rows (8,000 for a notice that fits 8,000 alerts, 5 MB of WAL) are committed
    without waiting for the WAL to reach the disk (PostgreSQL's `synchronous_commit = off`, for this
    transaction only). A crash in the fraction of a second after the commit can lose the transaction,
    and only whole: its rows and its DispatchedEvent together. The sweep, every minute, then finds
    the event undispatched and writes it again. Nothing is lost and nothing is sent twice that the
    portal's at-least-once sending would not already resend: a sender commits a row as sent only
    after reading it, and its own (synchronous) commit flushes the WAL up to it, this commit
    included."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


def undispatched_notices(*, within: timedelta = SWEEP_WITHIN):
    """Notices published in the last `within` with an event whose outbox rows are not written yet:
    the sweep dispatches them (e.g. when the broker was down as they were published or amended)."""
    dispatched = DispatchedEvent.objects.filter(notice=OuterRef("pk"))
    amendment_dispatched = DispatchedEvent.objects.filter(
        notice=OuterRef("notice"), kind=DeliveryKind.AMENDMENT, event=OuterRef("event_key")
    )
    undispatched_amendment = (
        Amendment.objects.filter(notice=OuterRef("pk"), announced=True)
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
            user__in=reachability.reachable_users(),
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


@dataclass(frozen=True)
class PersonalReminder:
    """A reminder to one user about something of theirs that is not a notice (a corrective action):
    unique per (user, action, event)."""

    user_id: int
    action_id: int
    event: str


def queue_personal_reminders(reminders: Iterable[PersonalReminder]) -> int:
    """Write the outbox rows of reminders another app found due, to the users the portal may
    e-mail (`reachability.reachable_users`) who have not stopped them (ReminderOptOut); a row that
    exists is skipped. Returns rows written."""
    rows = list(reminders)
    reachable = set(
        reachability.reachable_users()
        .filter(pk__in={row.user_id for row in rows})
        .exclude(reminder_opt_outs__kind=DeliveryKind.ACTION_REMINDER)
        .values_list("pk", flat=True)
    )
    rows = [
        AlertDelivery(
            user_id=row.user_id,
            action_id=row.action_id,
            kind=DeliveryKind.ACTION_REMINDER,
            event=row.event,
            frequency=Frequency.INSTANT,
        )
        for row in rows
        if row.user_id in reachable
    ]
    if not rows:
        return 0
    # bulk_create(ignore_conflicts=True) cannot say which rows it skipped: count around it.
    queued = AlertDelivery.objects.filter(
        kind=DeliveryKind.ACTION_REMINDER, action_id__in={row.action_id for row in rows}
    )
    before = queued.count()
    AlertDelivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return queued.count() - before


def queue_contact_message(contact_message_id: int, *, user_ids: Iterable[int]) -> int:
    """Write the outbox rows of a message from the contact page to the staff it is for, those the
    portal may e-mail (`reachability.reachable_users`); a row that exists is skipped. No opt-out:
    answering these messages is what their recipients are there for. Returns rows written."""
    users = reachability.reachable_users().filter(pk__in=list(user_ids))
    rows = [
        AlertDelivery(
            user_id=user_id,
            contact_message_id=contact_message_id,
            kind=DeliveryKind.CONTACT_MESSAGE,
            frequency=Frequency.INSTANT,
        )
        for user_id in users.values_list("pk", flat=True)
    ]
    queued = AlertDelivery.objects.filter(contact_message_id=contact_message_id)
    before = queued.count()
    AlertDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    return queued.count() - before


@dataclass(frozen=True)
class RegistrationMessage:
    """A message to one user about their registration for an event (events.outbox): unique per
    (user, registration, kind, event)."""

    user_id: int
    registration_id: int
    kind: str
    event: str = ""


def queue_registration_messages(messages: Iterable[RegistrationMessage]) -> int:
    """Write the outbox rows of messages about event registrations to the users the portal may
    e-mail (`reachability.reachable_users`); a row that exists is skipped. Written in the caller's
    transaction, with what it records. Returns rows written."""
    rows = list(messages)
    reachable = set(
        reachability.reachable_users()
        .filter(pk__in={row.user_id for row in rows})
        .values_list("pk", flat=True)
    )
    deliveries = [
        AlertDelivery(
            user_id=row.user_id,
            registration_id=row.registration_id,
            kind=row.kind,
            event=row.event,
            frequency=Frequency.INSTANT,
        )
        for row in rows
        if row.user_id in reachable
    ]
    if not deliveries:
        return 0
    queued = AlertDelivery.objects.filter(
        registration_id__in={row.registration_id for row in deliveries}
    )
    before = queued.count()
    AlertDelivery.objects.bulk_create(deliveries, ignore_conflicts=True, batch_size=1000)
    return queued.count() - before


def withdraw_registration_messages(*, registration_id: int, kind: str) -> int:
    """The registration's rows of `kind` not yet sent are not sent (WITHDRAWN): the participant
    turned them off. Returns rows withdrawn."""
    return AlertDelivery.objects.filter(
        registration_id=registration_id, kind=kind, status=DeliveryStatus.PENDING
    ).update(status=DeliveryStatus.WITHDRAWN)


def queue_notice_message(notice: Notice, *, kind: str, event: str, audience: Q) -> int:
    """Write the outbox rows of a message about the notice (an answer to a clarification question,
    a message to the interested suppliers) to the users of `audience` (a condition on users) whom
    the portal may e-mail: one row per user, however many ways the condition finds them; a row that
    exists is skipped. Written in the caller's transaction, with what it records. Returns rows
    written."""
    users = reachability.reachable_users().filter(audience)
    rows = _row_values(
        users,
        notice=_notice_id(notice),
        kind=kind,
        event=Value(event),
        user="pk",
        alert=NO_ALERT,
        frequency=Value(Frequency.INSTANT),
    )
    return _insert_queryset(rows)


def sweep() -> dict[str, int]:
    """Dispatch the notices whose events were missed (e.g. the broker was down as they were
    published or amended) and give rows that a dead sender left "sending" back to the queue.
    Returns what it did; the caller has the rows sent when something was written or released."""
    notices = list(undispatched_notices().select_related("agency")[:SWEEP_BATCH])
    written = sum(queue_for_notice(notice) for notice in notices)
    released = sending.release_stuck()
    return {"notices": len(notices), "written": written, "released": released}
