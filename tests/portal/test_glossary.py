"""The Chinese catalogue speaks with one voice: each concept has one term (locale/glossary.toml),
readers are addressed as 您, and Chinese text takes Chinese punctuation. The pages are checked too,
for what templates and Django add around the translated words (a label's colon, a list's commas)."""

import re
import tomllib
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.utils import timezone

from notices.alerts import dispatch
from notices.alerts.emails import digest_message
from notices.alerts.models import AlertDelivery
from tests.events.factories import EventFactory, SessionFactory
from tests.notices.factories import NoticeFactory, make_alert
from tests.suppliers.factories import SupplierFactory

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = tomllib.loads((ROOT / "locale" / "glossary.toml").read_text(encoding="utf-8"))["term"]
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"  # ideographs, CJK and full-width punctuation
# An ASCII mark right after Chinese text; placeholders (%(name)s, {name}) are not text.
ASCII_AFTER_CJK = re.compile(rf"[{CJK}][:.,;?!()]")


def messages(path: Path = CATALOGUE) -> list[tuple[str, str]]:
    """(English, Chinese) of every message of a catalogue, plural forms included."""
    with path.open("rb") as po:
        catalogue = read_po(po)
    pairs = []
    for message in catalogue:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        pairs += [(ids[min(i, len(ids) - 1)], string) for i, string in enumerate(strings)]
    return pairs


@pytest.mark.parametrize("term", GLOSSARY, ids=lambda term: term["concept"])
def test_no_message_uses_a_forbidden_variant(term):
    found = [
        (english, chinese)
        for english, chinese in messages()
        if any(variant in chinese for variant in term["forbidden"])
    ]
    assert found == []


@pytest.mark.parametrize(
    "term", [t for t in GLOSSARY if "english" in t], ids=lambda term: term["concept"]
)
def test_a_message_naming_the_concept_uses_the_glossarys_term(term):
    missing = [
        (english, chinese)
        for english, chinese in messages()
        if re.search(term["english"], english) and term["chinese"] not in chinese
    ]
    assert missing == []


def breaks_the_glossary(english: str, chinese: str) -> bool:
    for term in GLOSSARY:
        if any(variant in chinese for variant in term["forbidden"]):
            return True
        names_it = "english" in term and re.search(term["english"], english)
        if names_it and term["chinese"] not in chinese:
            return True
    return bool(ASCII_AFTER_CJK.search(re.sub(r"%\(\w+\)[sd]|\{\w+\}", "", chinese)))


def test_no_ascii_punctuation_follows_chinese_text_in_the_catalogue():
    found = [
        (english, chinese)
        for english, chinese in messages()
        if ASCII_AFTER_CJK.search(re.sub(r"%\(\w+\)[sd]|\{\w+\}", "", chinese))
    ]
    assert found == []


def test_the_portal_says_in_its_own_words_each_allauth_message_that_breaks_the_glossary():
    """allauth's Chinese says 账号 and 电子邮件地址; accounts/library_wording.py lists each such message
    of the parts of allauth the portal uses, so that the portal's catalogue, read first, says it."""
    import allauth

    theirs = Path(allauth.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    with theirs.open("rb") as po:
        unused = ("socialaccount", "idp", "headless", "usersessions", "oauth")
        used = {
            message.id
            for message in read_po(po)
            if isinstance(message.id, str)
            and not all(any(part in path for part in unused) for path, _ in message.locations)
        }
    ours = {english for english, _ in messages()}

    missing = [
        english
        for english, chinese in messages(theirs)
        if english in used
        and chinese
        and breaks_the_glossary(english, chinese)
        and english not in ours
    ]
    assert missing == []


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.django_db
def test_chinese_pages_put_chinese_punctuation_after_chinese_words(client):
    company = SupplierFactory()
    company.owner.language = "zh-hans"
    company.owner.save()
    notice = NoticeFactory(countries=["CN", "HK", "CC"])
    event = EventFactory()
    SessionFactory(event=event)
    client.force_login(company.owner)
    pages = [
        "/supplier/",
        "/notices/following/",
        "/supplier/identity/",
        "/supplier/size/",
        "/supplier/contacts/",
        "/notices/",
        f"/notices/{notice.pk}/",
        "/alerts/new/",
        "/accounts/preferences/",
        "/events/",
        f"/events/{event.pk}/",
    ]

    found = {}
    for url in pages:
        text = visible_text(client.get(url).content.decode())
        # A space between a Chinese word and the mark does not make it Chinese punctuation.
        hits = re.finditer(rf"[{CJK}] ?[:.,;?!()]", text)
        found[url] = [text[max(0, hit.start() - 10) : hit.end() + 6] for hit in hits]

    failures = {url: hits for url, hits in found.items() if hits}
    assert not failures, "\n".join(f"{url}: {hits}" for url, hits in failures.items())


@pytest.mark.django_db
def test_a_chinese_alert_e_mail_puts_chinese_punctuation_after_chinese_words(supplier):
    supplier.language = "zh-hans"
    supplier.save()
    alert = make_alert(user=supplier, name="全部", frequency="daily")
    dispatch.queue_for_notice(NoticeFactory(deadline=timezone.now() + timedelta(days=30)))
    deliveries = list(AlertDelivery.objects.filter(alert=alert).select_related("notice__agency"))

    message = digest_message(supplier, deliveries, frequency="daily", cap=50)

    html = message.alternatives[0][0]
    for text in (message.body, visible_text(html)):
        assert "截止时间：" in text
        assert not re.findall(rf"[{CJK}] ?[:.,;?!()]", text)


@pytest.mark.django_db
def test_a_failed_chinese_sign_in_speaks_the_portals_words(client, supplier):
    client.cookies["django_language"] = "zh-hans"

    response = client.post(
        "/accounts/login/", {"login": supplier.email, "password": "not the password"}
    )

    text = visible_text(response.content.decode())
    assert "您输入的电子邮箱地址或密码不正确。" in text
    assert "电子邮件地址" not in text
