"""The world the page-wide tests of the portal render: a Chinese-speaking supplier with a company and
an alert, an agency, an open notice with Chinese text and a draft."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Language
from notices.alerts.models import Alert
from notices.publishing import create_draft
from suppliers import documents
from suppliers.models import DocumentKind
from tests.factories import UserFactory
from tests.notices.factories import AgencyFactory, NoticeFactory
from tests.suppliers.conftest import real_pdf
from tests.suppliers.factories import SupplierFactory

CATEGORY = "39111610"  # a commodity (flashlights), under a family that has a Chinese title

# The main pages a visitor and a signed-in supplier see in this world (page-wide checks run on them).
VISITOR_PAGES = [
    "/",
    "/notices/",
    "/notices/?q=%E5%A4%AA%E9%98%B3%E8%83%BD&status=any",
    "/notices/?q=nothing-matches-this",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/help/",
    "/contact/",
    "/privacy/",
    "/accessibility/",
    "/no-such-page/",
]
SUPPLIER_PAGES = [
    "/",
    "/notices/",
    "/supplier/",
    "/supplier/identity/",
    "/supplier/contacts/",
    "/supplier/size/",
    "/supplier/offer/",
    "/supplier/certifications/",
    "/supplier/documents/",
    "/supplier/declarations/",
    "/alerts/",
    "/alerts/new/",
    "/alerts/log/",
    "/accounts/preferences/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/contact/",
    "/staff/notices/",  # 403
]


@pytest.fixture
def reader(db):
    return UserFactory(email="li@example.cn", language=Language.CHINESE, name="Li Na")


@pytest.fixture
def world(reader, staff):
    """An agency, an open notice with Chinese text, a company and an alert of the reader."""
    agency = AgencyFactory(acronym="UNOPS", name_en="UN Office", name_zh="联合国项目事务署")
    notice = NoticeFactory(
        agency=agency,
        reference="RFQ-CN-2026-001",
        title="太阳能路灯采购",
        description="为十个村庄提供太阳能路灯。",
        contact_name="王芳",
        contact_email="wang@example.org",
        estimated_value=1234567,
        currency="USD",
        deadline=datetime(2031, 12, 1, 10, 0, tzinfo=ZoneInfo("Europe/Rome")),
        categories=[CATEGORY],
    )
    company = SupplierFactory(
        owner=reader,
        legal_name="Fuzhou Solar Co., Ltd.",
        legal_name_local="福州太阳能有限公司",
        province="35",
        city="福州",
        address="竹路8号",
        contact_name="李娜",
        description_en="",
        description_zh="太阳能灯具。",
    )
    documents.add_document(
        supplier=company,
        kind=DocumentKind.BUSINESS_LICENCE,
        upload=SimpleUploadedFile("营业执照.pdf", real_pdf(), content_type="application/pdf"),
    )
    alert = Alert.objects.create(user=reader, name="太阳能", keywords="太阳能")
    draft = create_draft(
        agency=agency,
        reference="RFQ-CN-2026-002",
        values={"title": "净水设备", "notice_type": "rfq", "categories": ["39111610"]},
        by=staff,
    )
    return {"notice": notice, "company": company, "alert": alert, "draft": draft}
