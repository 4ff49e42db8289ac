"""Demo notices for a local portal: a few hundred realistic notices of the seeded agencies, some in
Chinese, open, closed, amended, cancelled and awarded. Running it again adds nothing."""

import random
import zoneinfo
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from notices import publishing
from notices.alerts import criteria
from notices.award_models import Contract
from notices.interest_models import Question, QuestionStatus
from notices.models import (
    Agency,
    Award,
    DocumentLanguage,
    Notice,
    NoticeStatus,
    NoticeType,
)

DEMO_COUNT = 300
REFERENCE_PREFIX = "DEMO"


@dataclass(frozen=True)
class Template:
    title: str
    codes: tuple[str, ...]
    description: str
    language: str = DocumentLanguage.ENGLISH


TEMPLATES = [
    Template(
        "Supply of solar water pumping systems for rural health centres",
        ("40151500", "26131500"),
        "Supply, delivery and installation of **solar-powered submersible pumps** with controllers "
        "and storage tanks.\n\n- 12 sites\n- Two years of spare parts\n- Training of local technicians",
    ),
    Template(
        "Laptops and desktop computers for country offices",
        ("43211500", "43211503", "43211507"),
        "Long-term agreement for notebook and desktop computers with three-year on-site warranty. "
        "Energy Star certified models are preferred.",
    ),
    Template(
        "Medical consumables: syringes, gloves and surgical masks",
        ("42140000", "42130000"),
        "Framework agreement for medical consumables delivered to regional warehouses. "
        "Products must carry WHO prequalification or a stringent regulatory authority approval.",
    ),
    Template(
        "Essential medicines for primary health care kits",
        ("51100000", "51140000"),
        "Supply of antibiotics, analgesics and oral rehydration salts for emergency health kits.",
    ),
    Template(
        "Four-wheel-drive vehicles and ambulances",
        ("25101500", "25101700"),
        "Supply of **4x4 station wagons** and field ambulances, right-hand and left-hand drive, "
        "with armoured options quoted separately.",
    ),
    Template(
        "Construction of a two-storey school building",
        ("72120000", "30100000"),
        "Works for a climate-resilient school with eight classrooms, latrines and rainwater harvesting.",
    ),
    Template(
        "Rehabilitation of rural feeder roads",
        ("72140000", "30120000"),
        "Labour-based rehabilitation of 45 km of feeder roads, including culverts and drainage.",
    ),
    Template(
        "Fortified wheat flour and vegetable oil",
        ("50220000", "50150000"),
        "Procurement of fortified wheat flour and vitamin A fortified vegetable oil for food assistance.",
    ),
    Template(
        "High-energy biscuits for emergency food assistance",
        ("50180000", "50190000"),
        "Supply of high-energy biscuits meeting the agency's specification, packed in cartons of 10 kg.",
    ),
    Template(
        "Diesel fuel and lubricants for field operations",
        ("15100000", "15120000"),
        "Supply and delivery of diesel and lubricants to field locations, with fuel management services.",
    ),
    Template(
        "Office furniture and supplies for a new hub",
        ("56110000", "44120000"),
        "Desks, ergonomic chairs, filing cabinets and stationery for a new humanitarian hub.",
    ),
    Template(
        "Family tents and tarpaulins for displaced households",
        ("24110000", "56100000"),
        "Winterised family tents, plastic sheeting and blankets for emergency shelter.",
    ),
    Template(
        "Freight forwarding and customs clearance services",
        ("78100000", "78140000"),
        "Long-term agreement for sea, air and road freight, customs clearance and warehousing.",
    ),
    Template(
        "Management consultancy for a procurement capacity assessment",
        ("80100000",),
        "Assessment of national procurement systems using the MAPS methodology.",
    ),
    Template(
        "Engineering design and supervision of water supply works",
        ("81100000",),
        "Detailed design, tender documents and site supervision for urban water supply schemes.",
    ),
    Template(
        "Health services: mobile clinics and outreach",
        ("85100000", "85110000"),
        "Implementing partner to run mobile clinics providing maternal and child health services.",
    ),
    Template(
        "Teacher training on inclusive education",
        ("86100000", "86130000"),
        "Design and delivery of in-service teacher training on inclusive education and digital skills.",
    ),
    Template(
        "Network equipment and satellite communications",
        ("43220000", "43190000"),
        "Routers, switches, VSAT terminals and installation services for field offices.",
    ),
    Template(
        "Cloud-based case management software",
        ("43230000", "81110000"),
        "Software as a service for case management, with data hosted in the region and hand-over of data.",
    ),
    Template(
        "Cold chain equipment: solar direct-drive vaccine refrigerators",
        ("24130000", "42190000"),
        "Supply and installation of PQS-prequalified solar direct-drive refrigerators.",
    ),
    Template(
        "太阳能光伏发电系统采购及安装",
        ("26130000", "39120000"),
        "为县级医院采购并安装**离网太阳能光伏发电系统**，包括蓄电池、逆变器和两年运行维护。\n\n"
        "- 交货地点：各项目现场\n- 需提供中英文技术文件",
        DocumentLanguage.CHINESE,
    ),
    Template(
        "医用防护口罩和防护服框架协议",
        ("42130000", "46180000"),
        "医用防护口罩（N95/KN95）及一次性防护服长期供货协议，产品须具备相应注册证书。",
        DocumentLanguage.CHINESE,
    ),
    Template(
        "笔记本电脑及办公设备采购",
        ("43211500", "44100000"),
        "采购笔记本电脑、打印机和投影仪，供国家办事处使用，须提供三年保修。",
        DocumentLanguage.CHINESE,
    ),
    Template(
        "农业机械：小型拖拉机和脱粒机",
        ("21100000",),
        "为农业合作社采购小型拖拉机、播种机和脱粒机，包括操作培训。",
        DocumentLanguage.CHINESE,
    ),
    Template(
        "净水设备和水处理药剂",
        ("47100000", "12160000"),
        "采购家用净水器、净水片及水处理化学品，用于应急供水。",
        DocumentLanguage.CHINESE,
    ),
    Template(
        "Pre-qualification of suppliers of prefabricated buildings",
        ("95140000", "30200000"),
        "Pre-qualification of manufacturers of prefabricated offices, clinics and accommodation units.",
    ),
    Template(
        "Request for information: electric vehicles and charging stations",
        ("25101500", "26110000"),
        "Market survey on electric vehicles and solar charging suited to field operations.",
    ),
    Template(
        "Individual consultant: gender and procurement specialist",
        ("80110000",),
        "Home-based consultancy to review procurement practices that affect women-owned businesses.",
    ),
]

AGENCY_COUNTRIES = {
    "UNDP": ["CN", "KE", "ET", "BD", "PK", "NG"],
    "UNOPS": ["KE", "MM", "HT", "UA", "AF"],
    "UNICEF": ["ET", "SO", "SS", "YE", "CN", "BD"],
    "UNHCR": ["JO", "LB", "UG", "TR", "BD"],
    "WFP": ["SD", "SS", "YE", "ET", "SY"],
    "WHO": ["CH", "NG", "CD", "IN"],
    "FAO": ["IT", "ET", "KE", "CN", "LA"],
    "UNFPA": ["DK", "MW", "MZ", "TZ"],
    "UN Secretariat": ["US", "ML", "CD", "SS"],
    "ILO": ["CH", "BD", "VN", "CN"],
    "IOM": ["LY", "NE", "HT", "CO"],
    "UNIDO": ["AT", "CN", "ET", "EG"],
    "UN Women": ["US", "KE", "JO", "CN"],
}
TYPES = [
    NoticeType.REQUEST_FOR_QUOTATION,
    NoticeType.INVITATION_TO_BID,
    NoticeType.REQUEST_FOR_PROPOSAL,
    NoticeType.EXPRESSION_OF_INTEREST,
    NoticeType.REQUEST_FOR_INFORMATION,
    NoticeType.INDIVIDUAL_CONSULTANTS,
    NoticeType.IMPLEMENTING_PARTNERS,
    NoticeType.PREQUALIFICATION,
]
SUPPLIERS = [
    "Shenzhen Sunrise Solar Technology Co., Ltd.",
    "Nairobi Medical Supplies Ltd",
    "Addis Logistics PLC",
    "Hangzhou Greenfield Agricultural Machinery Co., Ltd.",
    "Dhaka Textile Works",
]


def seed_notices(*, count: int = DEMO_COUNT, now=None) -> int:
    """Create the demo notices that are missing; returns how many were created."""
    now = now or timezone.now()
    agencies = {a.acronym: a for a in Agency.objects.filter(acronym__in=AGENCY_COUNTRIES)}
    existing = set(
        Notice.objects.filter(reference__startswith=REFERENCE_PREFIX).values_list(
            "agency__acronym", "reference"
        )
    )
    created = 0
    with transaction.atomic():
        for number in range(1, count + 1):
            # One generator per notice: the same number always gives the same notice.
            rng = random.Random(f"demo-notice-{number}")  # noqa: S311  # nosec B311  # demo data, not security
            acronym = rng.choice(sorted(agencies))
            template = rng.choice(TEMPLATES)
            notice_type = rng.choice(TYPES)
            reference = f"{REFERENCE_PREFIX}/{notice_type.upper()}/2026/{number:04d}"
            published_days_ago = rng.randint(0, 75)
            duration = rng.choice([7, 10, 14, 21, 30, 45])
            state = rng.random()
            if (acronym, reference) in existing:
                continue
            _create(
                agencies[acronym],
                reference=reference,
                template=template,
                notice_type=notice_type,
                countries=rng.sample(AGENCY_COUNTRIES[acronym], k=rng.randint(1, 2)),
                published_at=now - timedelta(days=published_days_ago, hours=rng.randint(0, 23)),
                duration=duration,
                state=state,
                rng=rng,
            )
            created += 1
    return created


def _create(
    agency, *, reference, template, notice_type, countries, published_at, duration, state, rng
):
    # 17:00 in the agency's own time zone, as agencies give their deadlines.
    deadline = (
        (published_at + timedelta(days=duration))
        .astimezone(zoneinfo.ZoneInfo(agency.time_zone))
        .replace(hour=17, minute=0, second=0, microsecond=0)
    )
    value = Decimal(rng.randrange(10, 2000) * 1000) if rng.random() < 0.6 else None
    notice = Notice.objects.create(
        agency=agency,
        reference=reference,
        title=template.title,
        description=template.description,
        notice_type=notice_type,
        status=NoticeStatus.PUBLISHED,
        published_at=published_at,
        deadline=deadline,
        deadline_time_zone=agency.time_zone,
        estimated_value=value,
        currency="USD" if value is not None else "",
        contact_name="Procurement Unit",
        contact_email=f"procurement@{agency.acronym.lower().replace(' ', '')}.example.org",
        tender_url=f"https://procurement.example.org/{agency.acronym.replace(' ', '-')}/{reference}",
        environmental_criteria=(
            "Energy-efficient products; packaging take-back." if rng.random() < 0.4 else ""
        ),
        social_criteria="Suppliers commit to the UN Supplier Code of Conduct."
        if rng.random() < 0.3
        else "",
        sme_friendly=rng.random() < 0.45,
        women_owned_preference=rng.random() < 0.25,
        document_language=template.language,
    )
    publishing.set_categories(notice, template.codes)
    publishing.set_countries(notice, countries)
    if notice.deadline > timezone.now() and state < 0.15:
        publishing.amend_from_source(
            notice,
            changes={"deadline": notice.deadline + timedelta(days=7)},
            note="Deadline extended by one week at the request of bidders.",
        )
    elif notice.deadline < timezone.now() and state < 0.3:
        _award(notice, supplier_name=rng.choice(SUPPLIERS), value=value)
        Notice.objects.filter(pk=notice.pk).update(status=NoticeStatus.AWARDED)
    elif 0.5 < state < 0.7:
        _answer_questions(notice, answers=rng.randint(1, len(DEMO_ANSWERS)))
    elif state > 0.96:
        Notice.objects.filter(pk=notice.pk).update(
            status=NoticeStatus.CANCELLED,
            cancelled_at=published_at + timedelta(days=2),
            cancellation_reason="The requirement has changed; a new notice will be issued.",
        )


def _award(notice, *, supplier_name: str, value) -> Award:
    """The award, with its contract signed a week later for a year."""
    awarded_on = min(notice.deadline.date() + timedelta(days=20), date.today())
    award = Award.objects.create(
        notice=notice,
        supplier_name=supplier_name,
        value=value,
        currency=notice.currency,
        awarded_on=awarded_on,
    )
    Contract.objects.create(
        award=award,
        ocds_id=f"{notice.reference}-contract",
        status="active",
        value=value,
        currency=notice.currency,
        signed_on=awarded_on + timedelta(days=7),
        starts_on=awarded_on + timedelta(days=14),
        ends_on=awarded_on + timedelta(days=379),
    )
    return award


DEMO_ANSWERS = [
    ("Can the goods be delivered in two lots?", "Yes, two lots are accepted within the period."),
    ("可以提交中文的产品说明书吗？", "可以，但须附英文摘要。"),
]


def _answer_questions(notice, *, answers: int) -> None:
    """A clarification deadline three days before the deadline, and answers published on the
    notice (asked and answered before now)."""
    notice.clarification_deadline = notice.deadline - timedelta(days=3)
    Notice.objects.filter(pk=notice.pk).update(clarification_deadline=notice.clarification_deadline)
    now = timezone.now()
    Question.objects.bulk_create(
        Question(
            notice=notice,
            text=question,
            published_text=question,
            answer=answer,
            status=QuestionStatus.PUBLISHED,
            asked_at=min(notice.published_at + timedelta(hours=20 + n), now),
            answered_at=min(notice.published_at + timedelta(hours=44 + n), now),
        )
        for n, (question, answer) in enumerate(DEMO_ANSWERS[:answers])
    )


DEMO_ALERTS = [
    # owner, name, keywords, categories, frequency
    ("supplier@example.org", "Medical textiles", "", ["42", "53"], "instant"),
    ("supplier@example.org", "太阳能 / Solar", "solar", [], "daily"),
]


def seed_alerts() -> int:
    """The demo supplier's alerts (created once); returns how many were created."""
    from accounts.models import User
    from notices.alerts.models import Alert

    created = 0
    for email, name, keywords, categories, frequency in DEMO_ALERTS:
        owner = User.objects.filter(email=email).first()
        if owner is None or Alert.objects.filter(user=owner, name=name).exists():
            continue
        alert = Alert(user=owner, name=name, keywords=keywords, frequency=frequency)
        criteria.save_alert(alert, categories=categories)
        created += 1
    return created
