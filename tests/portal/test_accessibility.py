"""What every page owes a keyboard or screen reader user, checked on the HTML of the main pages: one
`main` landmark, the page's language, a skip link to the main content, a label for every form
field; and a form sent back with errors announces them and ties each to its field."""

from html.parser import HTMLParser

import pytest

from accounts.models import Language
from tests.portal.conftest import SUPPLIER_PAGES, VISITOR_PAGES

pytestmark = pytest.mark.django_db

FIELDS = {"input", "select", "textarea"}
UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}


class Structure(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.mains, self.ids, self.label_for, self.fields = 0, set(), set(), []
        self.html_lang, self.skip_target = None, None
        self.open_labels = 0
        self.labelled_by_nesting = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "html":
            self.html_lang = attributes.get("lang")
        elif tag == "main" or attributes.get("role") == "main":
            self.mains += 1
        elif tag == "a" and "skip-link" in (attributes.get("class") or ""):
            self.skip_target = (attributes.get("href") or "").lstrip("#")
        elif tag == "label":
            self.open_labels += 1
            if attributes.get("for"):
                self.label_for.add(attributes["for"])
        if tag in FIELDS and attributes.get("type") not in UNLABELLED_INPUTS:
            self.fields.append(attributes)
            if self.open_labels:
                self.labelled_by_nesting.add(id(attributes))

    def handle_endtag(self, tag):
        if tag == "label" and self.open_labels:
            self.open_labels -= 1

    def unlabelled(self) -> list[str]:
        return [
            field.get("name") or field.get("id") or "?"
            for field in self.fields
            if not (
                field.get("aria-label")
                or field.get("aria-labelledby")
                or field.get("id") in self.label_for
                or id(field) in self.labelled_by_nesting
            )
        ]


def structure_of(response) -> Structure:
    parser = Structure()
    parser.feed(response.content.decode())
    return parser


def assert_accessible_frame(response, *, lang: str, path: str):
    page = structure_of(response)
    assert page.mains == 1, f"{path}: {page.mains} main landmarks"
    assert page.html_lang == lang, path
    assert page.skip_target and page.skip_target in page.ids, f"{path}: skip link target"
    assert page.unlabelled() == [], f"{path}: fields without a label"


@pytest.mark.parametrize("path", VISITOR_PAGES)
def test_visitor_pages(client, world, path):
    assert_accessible_frame(client.get(path), lang="en", path=path)


@pytest.mark.parametrize("path", SUPPLIER_PAGES)
def test_supplier_pages_in_chinese(client, world, reader, path):
    client.force_login(reader)

    assert_accessible_frame(client.get(path), lang="zh-Hans", path=path)


def test_staff_pages(client, world, staff):
    client.force_login(staff)
    notice = world["notice"]

    for path in [
        "/staff/notices/",
        "/staff/notices/new/",
        f"/staff/notices/{notice.pk}/",
        f"/staff/notices/{notice.pk}/edit/",
        f"/notices/{notice.pk}/",
    ]:
        assert_accessible_frame(client.get(path), lang="en", path=path)


@pytest.mark.parametrize(
    ("path", "data", "field"),
    [
        ("/alerts/new/", {"name": "Solar", "categories": "4x", "frequency": "daily"}, "categories"),
        ("/staff/notices/new/", {"title": "Lamps", "categories": "12"}, "reference"),
        ("/accounts/preferences/", {"language": "xx", "time_zone": "Asia/Shanghai"}, "language"),
    ],
)
def test_errors_are_announced_and_tied_to_their_fields(client, staff, path, data, field):
    staff.language = Language.ENGLISH
    staff.save()
    client.force_login(staff)

    content = client.post(path, data).content.decode()

    assert '<div class="error-summary" role="alert" tabindex="-1"' in content
    assert f'<a href="#id_{field}">' in content, "the summary links to the field"
    assert f'id="id_{field}_error"' in content
    start = content.index(f'id="id_{field}"')
    tag = content[content.rindex("<", 0, start) : content.index(">", start)]
    assert 'aria-invalid="true"' in tag
    assert f"id_{field}_error" in tag.split('aria-describedby="')[1].split('"')[0]


def test_a_valid_page_has_no_error_summary(client, supplier):
    client.force_login(supplier)

    assert b"error-summary" not in client.get("/alerts/new/").content
