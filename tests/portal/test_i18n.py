"""English and Simplified Chinese: the switcher, Accept-Language, and the saved preference."""

import pytest

from accounts.models import Language

pytestmark = pytest.mark.django_db

CHINESE_TITLE = "联合国供应商门户".encode()


def test_pages_are_in_english_by_default(client):
    response = client.get("/")

    assert b'<html lang="en">' in response.content
    assert b"Sell to the United Nations" in response.content


def test_the_language_switch_renders_the_page_in_chinese_and_keeps_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/accounts/login/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    page = client.get("/accounts/login/")
    assert b'<html lang="zh-Hans">' in page.content
    assert CHINESE_TITLE in page.content
    assert "登录".encode() in page.content


def test_the_browser_language_is_used_for_visitors(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5")

    assert CHINESE_TITLE in response.content


def test_a_signed_in_users_saved_language_wins_over_the_browser(client, supplier):
    supplier.language = Language.CHINESE
    supplier.save()
    client.force_login(supplier)

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert CHINESE_TITLE in response.content


def test_switching_language_when_signed_in_saves_the_preference(client, supplier):
    client.force_login(supplier)

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})

    supplier.refresh_from_db()
    assert supplier.language == Language.CHINESE


def test_an_unknown_language_changes_nothing(client, supplier):
    client.force_login(supplier)

    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})

    supplier.refresh_from_db()
    assert supplier.language == Language.ENGLISH


def test_the_switcher_refuses_get(client):
    assert client.get("/i18n/setlang/?language=zh-hans").status_code == 405
