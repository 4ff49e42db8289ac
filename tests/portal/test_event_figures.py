"""The dashboard's event figures, exactly: what counts (held events, seats, check-ins, companies
reached, people who joined afterwards, meetings held, orders after a fair) and what does not (a
cancelled event, the waiting list, a no-show, a declined meeting, an award before the fair)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from events.models import Buyer, MeetingRequest, MeetingSlot, Registration
from notices.models import Award
from portal import event_figures
from portal.dashboard import Filters
from suppliers.models import ReviewAction, ReviewEvent, Supplier
from tests.events.factories import EventFactory
from tests.factories import ProgramStaffFactory, UserFactory
from tests.notices.factories import AgencyFactory, NoticeFactory
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db
ALL = Filters(period="all")


def rows(chart) -> dict:
    return {str(row[0]): row[1:] for row in chart.rows}


def order_won(supplier, awarded_on) -> Award:
    return Award.objects.create(
        notice=NoticeFactory(),
        supplier=supplier,
        supplier_name=supplier.legal_name,
        value=Decimal("1000"),
        currency="USD",
        awarded_on=awarded_on,
    )


@pytest.fixture
def program():
    now = timezone.now()
    day = timedelta(days=1)
    workshop = EventFactory(starts_at=now - 10 * day, ends_at=now - 10 * day + timedelta(hours=8))
    fair = EventFactory(
        kind="fair", title_en="Kunming fair", starts_at=now - 5 * day, ends_at=now - 4 * day
    )
    cancelled = EventFactory(status="cancelled", starts_at=now - 3 * day, ends_at=now - 2 * day)
    small = SupplierFactory(size_class="small")
    registered_long_ago = now - 60 * day
    Supplier.objects.filter(pk=small.pk).update(
        women_owned=True, size_class="small", created_at=registered_long_ago
    )
    micro = SupplierFactory()
    Supplier.objects.filter(pk=micro.pk).update(size_class="micro", created_at=registered_long_ago)
    small.refresh_from_db()
    micro.refresh_from_db()

    def seat(event, user, supplier=None, *, came=True, status="confirmed", position=None):
        return Registration.objects.create(
            event=event,
            user=user,
            supplier=supplier,
            status=status,
            position=position,
            attended_at=event.starts_at + timedelta(hours=1) if came else None,
        )

    seat(workshop, small.owner, small)
    seat(workshop, micro.owner, micro, came=False)
    seat(workshop, UserFactory(), status="waiting", came=False, position=1)
    newcomer = UserFactory()
    seat(workshop, newcomer)  # came with no company; registered one afterwards, then approved
    joined = SupplierFactory(owner=newcomer)
    Supplier.objects.filter(pk=joined.pk).update(created_at=now - 8 * day)
    ReviewEvent.objects.create(
        supplier=joined, action=ReviewAction.APPROVED, from_status="submitted", to_status="approved"
    )
    at_fair = seat(fair, small.owner, small)
    seat(cancelled, micro.owner, micro)
    # Meetings: held, a no-show, declined.
    buyer = Buyer.objects.create(event=fair, user=ProgramStaffFactory(), agency=AgencyFactory())
    for n, (status, no_show) in enumerate(
        [("accepted", False), ("accepted", True), ("declined", False)]
    ):
        slot = MeetingSlot.objects.create(
            buyer=buyer,
            starts_at=fair.starts_at + timedelta(hours=n + 1),
            ends_at=fair.starts_at + timedelta(hours=n + 1, minutes=30),
            table=str(n),
        )
        MeetingRequest.objects.create(
            slot=slot, registration=at_fair, offer="Tanks", status=status, no_show=no_show
        )
    # Orders: one after the fair, one before.
    for days_ago in (1, 30):
        order_won(small, (now - days_ago * day).date())
    return {"workshop": workshop, "fair": fair}


def test_events_held_by_kind_leave_out_the_cancelled(program):
    assert rows(event_figures.events_held(ALL)) == {
        "Procurement fair": [1],
        "Workshop": [1],
        "Training": [0],
        "Webinar": [0],
    }


def test_seats_and_attendance_by_kind_and_month_leave_out_the_waiting_list(program):
    by_kind = rows(event_figures.attendance_by_kind(ALL))
    months = event_figures.attendance_by_month(ALL)

    assert by_kind["Workshop"] == [3, 2] and by_kind["Procurement fair"] == [1, 1]
    assert sum(row[1] for row in months.rows) == 3  # attended
    assert sum(row[2] for row in months.rows) == 1  # registered, did not come


def test_companies_reached_are_those_whose_people_came(program):
    reached = rows(event_figures.companies_reached(ALL))

    assert reached["Small"] == [1, 1]  # one company, women-owned
    assert reached["Micro"] == [0, 0]  # registered, did not come (and the cancelled event)


def test_people_who_came_then_registered_or_were_approved(program):
    figures = rows(event_figures.attended_then_joined(ALL))

    assert figures == {
        "Attended an event": [2],
        "Then registered a company profile": [1],
        "Then had their company approved": [1],
    }


def test_meetings_held_and_orders_after_the_fair(program):
    assert rows(event_figures.meetings_at_fairs(ALL)) == {"Kunming fair": [1]}
    assert rows(event_figures.orders_after_fairs(ALL)) == {"Kunming fair": [1]}


@pytest.mark.parametrize("viewer_zone", ["UTC", "Asia/Shanghai", "America/New_York"])
def test_an_order_counts_from_the_day_of_the_fair_in_the_programs_zone(viewer_zone):
    """Award dates are the program's days (Asia/Shanghai): a check-in at 22:30 UTC is the next
    morning there, so an order dated that next day counts and one dated the UTC day before does
    not, whichever zone the member of staff looking has."""
    checked_in = datetime(2026, 11, 3, 22, 30, tzinfo=UTC)  # 4 November, 06:30 in Shanghai
    supplier = SupplierFactory()
    fair = EventFactory(
        kind="fair", title_en="Yiwu fair", starts_at=checked_in - timedelta(hours=1)
    )
    Registration.objects.create(
        event=fair,
        user=supplier.owner,
        supplier=supplier,
        status="confirmed",
        attended_at=checked_in,
    )
    for day in (3, 4):
        order_won(supplier, date(2026, 11, day))

    with timezone.override(viewer_zone):
        figures = rows(event_figures.orders_after_fairs(ALL))

    assert figures == {"Yiwu fair": [1]}


def test_the_province_narrows_the_companies(program):
    elsewhere = Filters(period="all", province="11")

    assert rows(event_figures.companies_reached(elsewhere))["Small"] == [0, 0]
    assert rows(event_figures.orders_after_fairs(elsewhere)) == {}
