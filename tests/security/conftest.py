"""A small world with one of everything, and the five kinds of visitor the access tests use."""

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from notices import publishing
from notices.alerts import unsubscribe
from notices.alerts.models import AlertDelivery
from suppliers import documents
from suppliers.models import DocumentKind
from tests.notices.factories import DraftFactory, NoticeFactory, make_alert
from tests.security.access_matrix import rows_of
from tests.suppliers.conftest import real_pdf
from tests.suppliers.factories import SupplierFactory

PERSONAS = ["anonymous", "supplier", "other", "staff", "admin"]

# Values an attacker or a broken client sends: markup, SQL, NUL bytes, paths, huge and odd numbers,
# impossible dates, full-width digits, templates, right-to-left text, nothing at all.
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE notices_notice; --",
    "1 OR 1=1",
    "%' OR '%'='",
    "\x00",
    "nul\x00inside",
    "../../etc/passwd",
    "9" * 400,
    "-1",
    "0",
    "1e309",
    "NaN",
    "2026-02-30",
    "2026-02-30T25:61:00",
    "9999-12-31T23:59:59-23:59",
    "0000-00-00",
    "１２３",
    "43" * 2000,
    "",
    " ",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "\u202e\u0645\u0631\u062d\u0628\u0627",
]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class World:
    supplier: object
    other: object
    staff: object
    admin: object
    company: object
    other_company: object
    document: object
    alert: object
    notice: object
    attachment: object
    draft: object
    unsubscribe_token: str

    def client(self, persona: str, **kwargs) -> Client:
        client = Client(**kwargs)
        user = getattr(self, persona, None) if persona != "anonymous" else None
        if user is not None:
            client.force_login(user)
        return client


@pytest.fixture
def world(supplier, other_supplier, staff, admin_user) -> World:
    """The supplier owns a profile with a document and an alert that was e-mailed; the other
    supplier has a profile of their own; there is a published notice with a document, and a draft.
    Staff and admins have the second factor the portal asks of them."""
    company = SupplierFactory(owner=supplier)
    document = documents.add_document(
        supplier=company,
        kind=DocumentKind.BUSINESS_LICENCE,
        upload=SimpleUploadedFile("licence.pdf", real_pdf()),
    )
    alert = make_alert(user=supplier, name="Office equipment")
    notice = NoticeFactory(title="Office equipment for the country office")
    attachment = publishing.attach_document(
        notice,
        upload=SimpleUploadedFile("terms.pdf", real_pdf()),
        title="Terms of reference",
        by=staff,
    )
    delivery = AlertDelivery.objects.create(
        user=supplier, notice=notice, kind="new", alert=alert, frequency="instant"
    )
    return World(
        supplier=supplier,
        other=other_supplier,
        staff=staff,
        admin=admin_user,
        company=company,
        other_company=SupplierFactory(owner=other_supplier),
        document=document,
        alert=alert,
        notice=notice,
        attachment=attachment,
        draft=DraftFactory(title="A draft nobody outside the staff may see"),
        unsubscribe_token=unsubscribe.token_for(delivery),
    )


@pytest.fixture
def site_rows(world) -> list:
    """Every row of the access matrix (tests/security/access_matrix.py), its paths filled in with
    the world's objects: (route, path, what each persona gets)."""
    return rows_of(world)


def all_routes() -> list[str]:
    """Every URL pattern of the site, as the resolver joins them (e.g. "alerts/<int:pk>/")."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    return list(dict.fromkeys(walk(get_resolver().url_patterns)))


def database_state() -> dict:
    """Every row of every table but the sessions, to compare before and after requests."""
    from django.apps import apps

    state = {}
    for model in apps.get_models():
        if model._meta.label == "sessions.Session":
            continue
        state[model._meta.label] = list(model.objects.order_by("pk").values_list())
    return state
