"""Events for the tests: a published workshop a month from now, in Shanghai, unless told otherwise."""

from datetime import timedelta

import factory
from django.utils import timezone

from events.models import (
    Buyer,
    Event,
    EventStatus,
    MeetingRequest,
    MeetingSlot,
    Registration,
    Session,
)


def in_days(days: int, hours: int = 0):
    start = timezone.now().replace(minute=0, second=0, microsecond=0)
    return start + timedelta(days=days, hours=hours)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = "workshop"
    title_en = factory.Sequence(lambda n: f"Capacity-building workshop {n}")
    title_zh = factory.Sequence(lambda n: f"能力建设研讨会{n}")
    description_en = "Talks in the morning, then three parallel trainings."
    description_zh = "上午为讲座，下午为三场并行培训。"
    city = "Shanghai"
    venue = "UN House"
    starts_at = factory.LazyFunction(lambda: in_days(30))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + timedelta(hours=8))
    time_zone = "Asia/Shanghai"
    capacity = 70
    registration_deadline = factory.LazyAttribute(lambda e: e.starts_at - timedelta(days=2))
    eligibility = "signed_in"
    status = EventStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title_en = factory.Sequence(lambda n: f"Training {n}")
    title_zh = factory.Sequence(lambda n: f"培训{n}")
    room = factory.Sequence(lambda n: f"Room {n}")
    starts_at = factory.LazyAttribute(lambda s: s.event.starts_at + timedelta(hours=4))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(hours=2))
    speakers = "Li Na\nJohn Smith"


def fair_that_ended_at(when, *, supplier, agency, title: str = ""):
    """A procurement fair that ended at `when`: the supplier's owner came (checked in), and met a
    buyer of `agency`, who accepted. For the dashboard's event figures."""
    from tests.factories import ProgramStaffFactory

    fair = EventFactory(
        kind="fair",
        title_en=title or f"Fair of {when:%Y-%m}",
        starts_at=when - timedelta(hours=5),
        ends_at=when - timedelta(minutes=1),
    )
    seat = Registration.objects.create(
        event=fair,
        user=supplier.owner,
        supplier=supplier,
        status="confirmed",
        attended_at=when - timedelta(hours=4),
    )
    buyer = Buyer.objects.create(event=fair, user=ProgramStaffFactory(), agency=agency)
    slot = MeetingSlot.objects.create(
        buyer=buyer,
        starts_at=when - timedelta(hours=3),
        ends_at=when - timedelta(hours=2),
        table="7",
    )
    MeetingRequest.objects.create(slot=slot, registration=seat, offer="Laptops", status="accepted")
    return fair
