"""The main pages, rendered for a reader of Chinese, carry no leftover English interface text.

The page's text and its announced attributes (title, aria-label, placeholder, alt, button values) are
read with an HTML parser; what the reader entered or the agency published (a notice, a company name,
an e-mail address, codes and acronyms) is taken out, and any Latin word that remains is a string that
missed translation. Text inside an element that declares another language (`lang="en"`, as the
language switcher's "English" does) is English on purpose and is skipped.
"""

import re
import zoneinfo
from html.parser import HTMLParser

import pytest

from accounts.models import Language
from categories.models import Category
from notices.models import Agency
from tests.portal.conftest import CATEGORY, SUPPLIER_PAGES, VISITOR_PAGES

pytestmark = pytest.mark.django_db

# Words that are the same in a Chinese interface: names of standards, formats and programmes.
KEPT_IN_LATIN = {
    "UN", "UNSPSC", "UNGM", "RSS", "SME", "SMEs", "PDF", "JPEG", "PNG", "Word", "Excel",
    "PowerPoint", "OpenDocument", "IFC", "WEConnect", "International", "Markdown", "HTML", "CPV",
    "ISO", "USD", "CNY", "EUR", "HKD", "GBP", "CHF", "GB", "Ctrl", "Cmd", "OCDS", "UTC", "ID",
    "URL", "TOTP", "MB", "KB", "SA", "CSV",
    "English",  # the language switcher and the language field name English in English
    "medical",  # the category search's placeholder shows that an English word is found too
    # The privacy notice and the accessibility statement name standards, tools and web terms.
    "WCAG", "AA", "Web", "axe", "JavaScript", "Django", "Cookie", "CSRF", "IP",
}  # fmt: skip
# Place names of the zone database that CLDR gives no Chinese name for keep their spelling.
ZONE_WORDS = {
    word for zone in zoneinfo.available_timezones() for word in re.split(r"[/_-]", zone) if word
}
ANNOUNCED_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
SKIPPED_ELEMENTS = {"script", "style", "code", "kbd", "samp"}
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
}  # fmt: skip


class VisibleText(HTMLParser):
    """The text a reader sees or hears, outside elements in another language, scripts and code."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[bool] = []  # per open element: is its content skipped?

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang")
        skipped = (
            self._skipping()
            or tag in SKIPPED_ELEMENTS
            or (tag != "html" and lang is not None and not lang.lower().startswith("zh"))
        )
        if not skipped:
            for name in ANNOUNCED_ATTRIBUTES & attributes.keys():
                self.parts.append(attributes[name] or "")
            if tag == "input" and attributes.get("type") in {"submit", "button"}:
                self.parts.append(attributes.get("value") or "")
        if tag not in VOID_ELEMENTS:
            self.stack.append(skipped)

    def handle_endtag(self, tag):
        if tag not in VOID_ELEMENTS and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self._skipping():
            self.parts.append(data)


def leftover_english(html: str, *, own_text: list[str]) -> list[str]:
    """Latin words on the page that are neither kept in Latin nor the data's own text."""
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    for own in sorted(own_text, key=len, reverse=True):
        text = text.replace(own, " ")
    text = re.sub(r"\S+@\S+|https?://\S+|/[\w/.-]*", " ", text)  # addresses, links, paths
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]", text)
    return sorted({word for word in words if word not in KEPT_IN_LATIN | ZONE_WORDS})


OWN_TEXT = [
    "RFQ-CN-2026-001", "RFQ-CN-2026-002", "UNOPS", "Fuzhou Solar Co., Ltd.", "Li Na",
    "li@example.cn", "Wang", "Fang", "营业执照.pdf",
]  # fmt: skip

STAFF_PAGES = [
    "/staff/notices/",
    "/staff/notices/new/",
    "/dashboard/",
]


def _assert_chinese(response, path):
    assert response.status_code in {200, 403, 404}, (path, response.status_code)
    html = response.content.decode()
    assert re.search(r'<html lang="zh-hans"', html, re.IGNORECASE), path  # the admin writes zh-hans
    acronyms = list(Agency.objects.values_list("acronym", flat=True))
    # Classes and commodities have no Chinese titles (categories/data/README.md): the English one shows.
    untranslated = list(
        Category.objects.filter(code=CATEGORY, title_zh="").values_list("title_en", flat=True)
    )
    leftover = leftover_english(html, own_text=[*OWN_TEXT, *acronyms, *untranslated])
    assert leftover == [], f"English left on {path}: {leftover}"


@pytest.mark.parametrize("path", VISITOR_PAGES)
def test_visitor_pages_in_chinese_have_no_english_left(client, world, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")

    _assert_chinese(response, path)


@pytest.mark.parametrize("path", SUPPLIER_PAGES)
def test_supplier_pages_in_chinese_have_no_english_left(client, world, reader, path):
    client.force_login(reader)

    _assert_chinese(client.get(path), path)


def test_the_notice_page_and_its_alert_in_chinese_have_no_english_left(client, world, reader):
    client.force_login(reader)

    for path in [
        f"/notices/{world['notice'].pk}/",
        f"/alerts/{world['alert'].pk}/",
    ]:
        _assert_chinese(client.get(path), path)


def test_staff_pages_in_chinese_have_no_english_left(client, world, staff):
    staff.language, staff.name = Language.CHINESE, "王芳"
    staff.save()
    client.force_login(staff)
    notice, draft = world["notice"], world["draft"]

    for path in [
        *STAFF_PAGES,
        f"/staff/notices/{notice.pk}/",
        f"/staff/notices/{notice.pk}/edit/",
        f"/staff/notices/{notice.pk}/cancel/",
        f"/staff/notices/{draft.pk}/",
        f"/staff/notices/{draft.pk}/edit/",
    ]:
        _assert_chinese(client.get(path), path)


def test_validation_messages_in_chinese_have_no_english_left(client, world, reader, staff):
    client.force_login(reader)
    for path, data in [
        ("/alerts/new/", {"name": "", "categories": "4x", "frequency": "每周"}),
        ("/supplier/identity/", {"legal_name": "", "country": "CN", "registration_number": "1"}),
        ("/supplier/size/", {"employees": "-1", "annual_turnover": "abc"}),
        ("/accounts/password/change/", {"oldpassword": "x", "password1": "1", "password2": "2"}),
    ]:
        _assert_chinese(client.post(path, data), path)
    client.logout()
    for path, data in [
        ("/accounts/login/", {"login": "nobody@example.org", "password": "wrong"}),
        ("/accounts/signup/", {"email": "not-an-address", "password1": "1", "password2": "2"}),
    ]:
        _assert_chinese(client.post(path, data, HTTP_ACCEPT_LANGUAGE="zh-CN"), path)
    staff.language, staff.name = Language.CHINESE, "王芳"
    staff.save()
    client.force_login(staff)
    for path, data in [
        ("/staff/notices/new/", {"reference": "", "deadline": "soon", "categories": "12"}),
        (f"/staff/notices/{world['notice'].pk}/cancel/", {"reason": ""}),
    ]:
        _assert_chinese(client.post(path, data), path)


def test_the_admins_review_pages_in_chinese_have_no_english_left(client, world, admin_user):
    admin_user.language, admin_user.name = Language.CHINESE, "王芳"
    admin_user.save()
    client.force_login(admin_user)
    company = world["company"]

    for path in ["/admin/", "/admin/suppliers/supplier/", "/admin/notices/notice/"]:
        _assert_chinese(client.get(path), path)
    for action in ["request_changes", "reject", "approve_selected"]:
        response = client.post(
            "/admin/suppliers/supplier/",
            {"action": action, "_selected_action": [company.pk], "index": "0"},
        )
        _assert_chinese(response, action)


def test_error_pages_in_chinese_have_no_english_left(rf):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("zh-hans"):
        for name in ["403.html", "404.html", "429.html", "500.html"]:
            html = render_to_string(name, request=rf.get("/"))
            assert leftover_english(html, own_text=[]) == [], name
