"""Everything a supplier can do is reachable from their workspace, or from the navigation every page
carries, in at most two clicks: the links of /supplier/ and of the pages they lead to are followed
as a browser would (GET, links only), and each page a supplier uses must be among those reached."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve

from notices.alerts.models import Follow
from suppliers import assessment, documents, review
from suppliers.models import DocumentKind
from tests.notices.factories import NoticeFactory, make_alert
from tests.suppliers.assessment_helpers import approved_round, raise_action
from tests.suppliers.conftest import real_pdf
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db

# The pages of a supplier's work, by URL name.
SUPPLIER_PAGES = {
    "suppliers:overview",
    "suppliers:section",  # identity, contacts, size, offer
    "suppliers:certifications",
    "suppliers:documents",
    "suppliers:declarations",
    "suppliers:assessment",
    "suppliers:assessment-plan",
    "alerts:list",
    "alerts:create",
    "alerts:edit",
    "alerts:log",
    "notices:list",
    "notices:detail",
    "notices:following",
    "preferences",
    "account_email",
    "account_change_password",
    "mfa_index",
    "help",
    "contact",
    "privacy",
    "accessibility",
}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_of(html: str) -> set[str]:
    """The site's own addresses a page links to (no fragments, other sites or downloads)."""
    parser = Links()
    parser.feed(html)
    found = set()
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.netloc or not parts.path.startswith("/") or "/download/" in parts.path:
            continue
        found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def reached_within(client, start: str, clicks: int) -> set[str]:
    """The URL names of the pages reached from `start` in at most `clicks` clicks."""
    seen, frontier, names = {start}, {start}, set()
    for _ in range(clicks + 1):
        following = set()
        for address in frontier:
            response = client.get(address)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            try:
                names.add(resolve(urlsplit(address).path).view_name)
            except Resolver404:
                continue
            following |= links_of(response.content.decode()) - seen
        seen |= following
        frontier = following
    return names


@pytest.fixture
def busy_supplier(supplier, admin_user, staff, settings, tmp_path):
    """An approved company with a reviewed assessment and an open action, an alert and a follow."""
    settings.MEDIA_ROOT = tmp_path / "media"
    company = SupplierFactory(owner=supplier)
    documents.add_document(
        supplier=company,
        kind=DocumentKind.BUSINESS_LICENCE,
        upload=SimpleUploadedFile("licence.pdf", real_pdf()),
    )
    review.submit(company, by=supplier)
    review.approve(company, by=admin_user)
    raise_action(approved_round(company, staff), staff)
    make_alert(supplier)
    Follow.objects.create(user=supplier, notice=NoticeFactory())
    return supplier


def test_every_page_of_a_suppliers_work_is_two_clicks_from_the_workspace(client, busy_supplier):
    client.force_login(busy_supplier)

    reached = reached_within(client, "/supplier/", clicks=2)

    assert SUPPLIER_PAGES - reached == set()


def test_the_sections_of_an_assessment_in_progress_are_two_clicks_from_the_workspace(
    client, supplier, settings, tmp_path
):
    company = SupplierFactory(owner=supplier)
    assessment.start(supplier=company)
    client.force_login(supplier)

    reached = reached_within(client, "/supplier/", clicks=2)

    assert "suppliers:assessment-section" in reached


def test_the_check_misses_a_page_that_nothing_links_to(client, busy_supplier):
    client.force_login(busy_supplier)

    reached = reached_within(client, "/supplier/", clicks=0)

    assert reached == {"suppliers:overview"}
