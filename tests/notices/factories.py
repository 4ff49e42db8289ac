"""Factories for agencies, notices and alerts. Notices are written straight to the database in the state
asked for; tests of the publishing rules go through `notices.publishing` instead."""

from datetime import timedelta

import factory
from django.utils import timezone

from notices.alerts import criteria as alert_criteria
from notices.alerts.models import Alert
from notices.models import Agency, Notice, NoticeStatus, NoticeType
from notices.publishing import set_categories, set_countries
from tests.factories import UserFactory


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["acronym"]

    acronym = factory.Sequence(lambda n: f"AGENCY{n}")
    name_en = factory.LazyAttribute(lambda a: f"{a.acronym} Procurement")
    name_zh = factory.LazyAttribute(lambda a: f"{a.acronym} 采购")
    time_zone = "Europe/Rome"


class NoticeFactory(factory.django.DjangoModelFactory):
    """A published, open notice (status and dates can be overridden), classified under 43232104
    (word processing software) and delivered to China unless `categories` / `countries` say
    otherwise."""

    class Meta:
        model = Notice
        skip_postgeneration_save = True

    agency = factory.SubFactory(AgencyFactory)
    reference = factory.Sequence(lambda n: f"RFQ/2026/{n:05d}")
    title = factory.Sequence(lambda n: f"Supply of office equipment, lot {n}")
    description = "Delivery to the country office within 30 days."
    notice_type = NoticeType.REQUEST_FOR_QUOTATION
    status = NoticeStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    deadline_time_zone = "Europe/Rome"

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if create:
            set_categories(obj, ["43232104"] if extracted is None else extracted)

    @factory.post_generation
    def countries(obj, create, extracted, **kwargs):
        if create:
            set_countries(obj, ["CN"] if extracted is None else extracted)


class DraftFactory(NoticeFactory):
    status = NoticeStatus.DRAFT
    published_at = None


def make_alert(user=None, **fields) -> Alert:
    """An alert saved as the alert form saves it (`notices.alerts.criteria.save_alert`), for `user` or a new
    one: `categories`, `countries`, `agencies` and `notice_types` are its lists of criteria, every
    other keyword argument a field of the alert ("test" is the name unless given)."""
    criteria = {
        k: fields.pop(k)
        for k in ["categories", "countries", "agencies", "notice_types"]
        if k in fields
    }
    fields.setdefault("name", "test")
    alert = Alert(user=user or UserFactory(), **fields)
    return alert_criteria.save_alert(alert, **criteria)
