# ruff: noqa: RUF001  (the Chinese texts use Chinese punctuation on purpose)
"""Demo events for a local portal: the yearly capacity-building workshop in Shanghai (a morning of
talks, then three parallel trainings) and a procurement fair in Shenzhen, both published and open
for registration; at the fair the demo's staff account is UNDP's buyer, with its meeting times. Running it again adds nothing (events are found by their English title)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from events import meetings, publishing
from events.models import Eligibility, Event, EventKind, Session
from notices.models import Agency

WORKSHOP = "Capacity-building workshop: selling to the United Nations"
FAIR = "Procurement fair: meet UN buyers in Shenzhen"
TRAININGS = [
    ("Registering on UNGM and finding tenders", "在联合国全球采购网注册并查找招标", "Room A"),
    ("Writing a winning technical offer", "撰写有竞争力的技术标书", "Room B"),
    ("Sustainability criteria and certifications", "可持续性标准与认证", "Room C"),
]


@transaction.atomic
def seed_events(*, by=None, now: datetime | None = None) -> int:
    """The demo events that were missing, created and published; their number."""
    now = now or timezone.now()
    created = 0
    if not Event.objects.filter(title_en=WORKSHOP).exists():
        _workshop(by=by, now=now)
        created += 1
    if not Event.objects.filter(title_en=FAIR).exists():
        _fair(by=by, now=now)
        created += 1
    return created


def _day(now: datetime, days: int, hour: int, zone: str = "Asia/Shanghai") -> datetime:
    day = (now + timedelta(days=days)).astimezone(ZoneInfo(zone)).date()
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(zone))


def _workshop(*, by, now: datetime) -> Event:
    start = _day(now, 45, 9)
    event = publishing.create_draft(
        values={
            "kind": EventKind.WORKSHOP,
            "title_en": WORKSHOP,
            "title_zh": "能力建设研讨会：向联合国销售产品和服务",
            "description_en": (
                "The programme's yearly workshop for small and women-owned businesses. In the "
                "morning, UN procurement officers explain how the UN buys; in the afternoon, "
                "three trainings run in parallel: choose one."
            ),
            "description_zh": (
                "项目面向中小企业和女性拥有企业的年度研讨会。上午由联合国采购官员介绍联合国的采购方式；"
                "下午同时举行三场培训，请选择其中一场。"
            ),
            "venue": "UN House, 2 Liangmahe Nanlu",
            "city": "Shanghai",
            "starts_at": start,
            "ends_at": start + timedelta(hours=8),
            "time_zone": "Asia/Shanghai",
            "capacity": 80,
            "registration_deadline": start - timedelta(days=7),
            "eligibility": Eligibility.SUPPLIERS,
            "colleagues_allowed": True,
        },
        by=by,
    )
    Session.objects.create(
        event=event,
        title_en="How the UN buys: talks and questions",
        title_zh="联合国如何采购：讲座与问答",
        room="Main hall",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        speakers="Procurement officer, UNDP\nProcurement officer, UNICEF",
    )
    for title_en, title_zh, room in TRAININGS:
        Session.objects.create(
            event=event,
            title_en=title_en,
            title_zh=title_zh,
            room=room,
            starts_at=start + timedelta(hours=5),
            ends_at=start + timedelta(hours=8),
            capacity=25,
        )
    return publishing.publish(event, by=by, now=now)


def _fair(*, by, now: datetime) -> Event:
    start = _day(now, 75, 10)
    event = publishing.create_draft(
        values={
            "kind": EventKind.FAIR,
            "title_en": FAIR,
            "title_zh": "采购展会：在深圳与联合国采购方见面",
            "description_en": (
                "Meet the procurement teams of UN agencies, present your company and learn what "
                "they will buy next year. Open to approved suppliers."
            ),
            "description_zh": "与联合国各机构的采购团队见面，介绍您的公司，了解他们明年的采购计划。面向已获批准的供应商。",
            "venue": "Shenzhen Convention and Exhibition Center",
            "city": "Shenzhen",
            "starts_at": start,
            "ends_at": start + timedelta(hours=7),
            "time_zone": "Asia/Shanghai",
            "capacity": 200,
            "registration_deadline": start - timedelta(days=10),
            "eligibility": Eligibility.APPROVED_SUPPLIERS,
        },
        by=by,
    )
    event = publishing.publish(event, by=by, now=now)
    _buyer_desk(event, by=by)
    return event


def _buyer_desk(event: Event, *, by) -> None:
    """The demo's staff account meets suppliers at the fair for UNDP: four times in the morning
    (My meetings shows them; suppliers ask for them from the fair's page)."""
    agency = Agency.objects.filter(acronym="UNDP").first() or Agency.objects.first()
    if by is None or not by.is_staff or agency is None:
        return
    desk = meetings.add_buyer(event=event, user=by, agency=agency)
    for n in range(4):
        start = event.starts_at + timedelta(minutes=30 * n)
        meetings.publish_slot(
            buyer=desk, starts_at=start, ends_at=start + timedelta(minutes=20), table="12"
        )
