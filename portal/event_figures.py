"""The program dashboard's figures on its events (capacity building): events held, registrations
and attendance, the SMEs and women-owned businesses reached, who attended and then registered or
was approved, meetings held at fairs, and orders won after a fair. Each chart is one aggregate
query (registrations grow to hundreds of thousands: nothing here loops over them in Python).

The period is the events' (by their start); the province filter narrows the figures about
companies to the companies of that province. Cancelled events never count; a place on the waiting
list is a registration but never attendance.
"""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from core.bilingual import in_reader_language
from events.models import (
    Event,
    EventKind,
    EventStatus,
    MeetingRequest,
    MeetingStatus,
    Registration,
    RegistrationStatus,
)
from notices.award_models import Award
from portal import charts
from portal.award_figures import COUNTED
from suppliers.models import ReviewAction, ReviewEvent, Supplier
from suppliers.sizing import ORDER as SIZE_ORDER
from suppliers.sizing import SizeClass

TOP_FAIRS = 10


def _events(filters) -> QuerySet:
    """The events of the period (by their start), cancelled ones left out."""
    events = Event.objects.exclude(status__in=[EventStatus.DRAFT, EventStatus.CANCELLED])
    events = events.filter(starts_at__lte=filters.end)
    if filters.start is not None:
        events = events.filter(starts_at__gte=filters.start)
    return events


def _seats(filters) -> QuerySet:
    """Confirmed registrations at the period's events (of the province's companies if one is
    chosen)."""
    seats = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED, event__in=_events(filters)
    )
    if filters.province:
        seats = seats.filter(supplier__province=filters.province)
    return seats


def events_held(filters) -> charts.Chart:
    held = _events(filters).filter(ends_at__lte=timezone.now())
    counts = dict(held.values_list("kind").annotate(n=Count("pk")).order_by())
    return charts.bars(
        slug="events-held",
        title=_("Events held, by kind"),
        description=_("Events of the period that have taken place (cancelled ones left out)."),
        rows=[(label, counts.get(value, 0)) for value, label in EventKind.choices],
        headers=[_("Kind of event"), _("Events")],
    )


def attendance_by_kind(filters) -> charts.Chart:
    rows = (
        _seats(filters)
        .values_list("event__kind")
        .annotate(seats=Count("pk"), came=Count("pk", filter=Q(attended_at__isnull=False)))
        .order_by()
    )
    counts = {kind: (seats, came) for kind, seats, came in rows}
    chart = charts.bars(
        slug="event-attendance",
        title=_("Participants who came, by kind of event"),
        description=_(
            "Confirmed registrations at the period's events and, of them, the participants checked "
            "in at the door."
        ),
        rows=[(label, counts.get(value, (0, 0))[1]) for value, label in EventKind.choices],
        headers=[_("Kind of event"), _("Attended")],
    )
    chart.headers = [_("Kind of event"), _("Registrations"), _("Attended")]
    chart.rows = [[label, *counts.get(value, (0, 0))] for value, label in EventKind.choices]
    return chart


def attendance_by_month(filters) -> charts.Chart:
    rows = list(
        _seats(filters)
        .annotate(month=TruncMonth("event__starts_at", tzinfo=filters.zone))
        .values("month")
        .annotate(seats=Count("pk"), came=Count("pk", filter=Q(attended_at__isnull=False)))
        .order_by("month")
    )
    months = {row["month"].strftime("%Y-%m"): row for row in rows}
    first = rows[0]["month"].date() if rows else None
    last = timezone.localtime(filters.end, filters.zone).date()
    if filters.start is not None and first is not None:
        first = min(first, timezone.localtime(filters.start, filters.zone).date())
    periods = charts.month_labels(first, max(last, rows[-1]["month"].date()) if rows else last)
    came = [months[p]["came"] if p in months else 0 for p in periods]
    missed = [months[p]["seats"] - months[p]["came"] if p in months else 0 for p in periods]
    return charts.columns(
        slug="event-months",
        title=_("Registrations and attendance per month"),
        description=_(
            "Confirmed registrations at the events of each month (by the event's start): those "
            "who came, and those who did not (or not yet)."
        ),
        periods=periods,
        series=[(_("Attended"), came), (_("Registered, did not attend"), missed)],
        period_header=_("Month"),
    )


def companies_reached(filters) -> charts.Chart:
    """Distinct companies with a participant checked in, by size class; and women-owned ones."""
    attended = _seats(filters).filter(attended_at__isnull=False, supplier__isnull=False)
    reached = Supplier.objects.filter(pk__in=attended.values("supplier_id"))
    rows = (
        reached.values_list("size_class")
        .annotate(n=Count("pk"), women=Count("pk", filter=Q(women_owned=True)))
        .order_by()
    )
    counts = {size: (n, women) for size, n, women in rows}
    groups = [(value, SizeClass(value).label) for value in SIZE_ORDER]
    if "" in counts:
        groups.append(("", _("Not known")))
    chart = charts.bars(
        slug="event-reach",
        title=_("Companies reached by the events, by size class"),
        description=_(
            "Registered companies with at least one participant checked in at an event of the "
            "period, by size class; the table adds those that are women-owned (declared or "
            "verified)."
        ),
        rows=[(label, counts.get(value, (0, 0))[0]) for value, label in groups],
        headers=[_("Size class"), _("Companies")],
    )
    chart.headers = [_("Size class"), _("Companies"), _("Of them women-owned")]
    chart.rows = [[label, *counts.get(value, (0, 0))] for value, label in groups]
    return chart


def attended_then_joined(filters) -> charts.Chart:
    """People checked in at an event who afterwards registered a company profile, or whose company
    was approved afterwards (each person counted once per figure). Colleagues registered by name
    have no account to follow, so they are not counted here."""
    came = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        attended_at__isnull=False,
        attendee_email="",
        event__in=_events(filters),
    )
    owned_later = Supplier.objects.filter(
        owner=OuterRef("user_id"), created_at__gt=OuterRef("attended_at")
    )
    approved_later = ReviewEvent.objects.filter(
        supplier__owner=OuterRef("user_id"),
        action=ReviewAction.APPROVED,
        created_at__gt=OuterRef("attended_at"),
    )
    if filters.province:
        owned_later = owned_later.filter(province=filters.province)
        approved_later = approved_later.filter(supplier__province=filters.province)
    figures = came.aggregate(
        attended=Count("user_id", distinct=True),
        registered=Count("user_id", distinct=True, filter=Q(Exists(owned_later))),
        approved=Count("user_id", distinct=True, filter=Q(Exists(approved_later))),
    )
    return charts.bars(
        slug="event-conversions",
        title=_("People who attended an event, then registered or were approved"),
        description=_(
            "People checked in at an event of the period; of them, those who registered a company "
            "profile afterwards, and those whose company was approved afterwards."
        ),
        rows=[
            (_("Attended an event"), figures["attended"]),
            (_("Then registered a company profile"), figures["registered"]),
            (_("Then had their company approved"), figures["approved"]),
        ],
        headers=[_("People"), _("Number")],
    )


def meetings_at_fairs(filters) -> charts.Chart:
    held = MeetingRequest.objects.filter(
        status=MeetingStatus.ACCEPTED,
        no_show=False,
        slot__ends_at__lte=timezone.now(),
        slot__buyer__event__in=_events(filters).filter(kind=EventKind.FAIR),
    )
    if filters.province:
        held = held.filter(registration__supplier__province=filters.province)
    rows = (
        held.values_list("slot__buyer__event__title_en", "slot__buyer__event__title_zh")
        .annotate(n=Count("pk"))
        .order_by("-n")[:TOP_FAIRS]
    )
    return charts.bars(
        slug="fair-meetings",
        title=_("Meetings held at procurement fairs"),
        description=_(
            "Meetings between a supplier and a buyer that the buyer accepted and that took place "
            "(not recorded as a no-show), by fair."
        ),
        rows=[(in_reader_language(en, zh), n) for en, zh, n in rows],
        headers=[_("Fair"), _("Meetings")],
    )


def orders_after_fairs(filters) -> charts.Chart:
    """Awards to a registered supplier dated on or after the day one of its people was checked in
    at a fair, counted for that fair. The day of the check-in is the program's (the zone the
    dashboard counts in and award dates are written in), whoever looks."""
    at_fairs = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        attended_at__isnull=False,
        supplier__isnull=False,
        event__in=_events(filters).filter(kind=EventKind.FAIR),
    )
    if filters.province:
        at_fairs = at_fairs.filter(supplier__province=filters.province)
    rows = (
        Award.objects.filter(status__in=COUNTED)
        .filter(
            supplier__event_registrations__in=at_fairs,
            awarded_on__gte=TruncDate(
                "supplier__event_registrations__attended_at", tzinfo=filters.zone
            ),
        )
        .values_list(
            "supplier__event_registrations__event__title_en",
            "supplier__event_registrations__event__title_zh",
        )
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n")[:TOP_FAIRS]
    )
    return charts.bars(
        slug="orders-after-fairs",
        title=_("Orders signed after a procurement fair"),
        description=_(
            "Awards recorded to a registered supplier, dated on or after the day its participant "
            "came to the fair, by fair."
        ),
        rows=[(in_reader_language(en, zh), n) for en, zh, n in rows],
        headers=[_("Fair"), _("Orders")],
    )


CHARTS = {
    "events-held": events_held,
    "event-attendance": attendance_by_kind,
    "event-months": attendance_by_month,
    "event-reach": companies_reached,
    "event-conversions": attended_then_joined,
    "fair-meetings": meetings_at_fairs,
    "orders-after-fairs": orders_after_fairs,
}
