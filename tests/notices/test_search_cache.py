"""The search page's rendered fragment is reused per query, language and time zone, and any change
to a notice makes it stale at once (notices.caching)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notices import publishing
from tests.notices.factories import NoticeFactory

pytestmark = pytest.mark.django_db


def get(client, path: str, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    assert response.status_code == 200
    return response.content.decode(), len(captured.captured_queries)


def test_a_repeated_search_is_served_without_searching_again(client):
    NoticeFactory(title="Solar water pumps")
    first, first_queries = get(client, "/notices/?q=solar")

    again, queries = get(client, "/notices/?q=solar")

    assert "Solar water pumps" in again
    assert queries == 0 < first_queries
    assert again.count('name="q"') == first.count('name="q"') == 1


def test_a_published_amended_or_cancelled_notice_shows_at_once(client, staff):
    NoticeFactory(title="Solar water pumps")
    get(client, "/notices/")

    notice = NoticeFactory(title="Diesel generators")
    assert "Diesel generators" in get(client, "/notices/")[0]

    publishing.amend(notice, changes={"title": "Diesel generators, 50 kVA"}, note="n", by=staff)
    assert "Diesel generators, 50 kVA" in get(client, "/notices/")[0]


def test_each_language_and_the_htmx_partial_have_their_own_fragment(client, supplier):
    NoticeFactory(title="Solar water pumps")
    english, _ = get(client, "/notices/")
    partial, _ = get(client, "/notices/", HTTP_HX_REQUEST="true")
    supplier.language = "zh-hans"
    supplier.save()
    client.force_login(supplier)
    chinese, _ = get(client, "/notices/")

    assert "<form" in english and "<form" not in partial and "Solar water pumps" in partial
    assert "采购公告" in chinese and "采购公告" not in english


def test_the_selected_filters_are_marked_in_the_options(client):
    content, _ = get(client, "/notices/?country=KE&type=itb&category=43000000")

    assert '<option value="KE" selected>' in content
    assert '<option value="itb" selected>' in content
    assert '<option value="43000000" selected>' in content
    assert '<option value="CN">' in content


def test_the_cache_can_be_turned_off(client, settings):
    settings.NOTICES_PAGE_CACHE_SECONDS = 0
    NoticeFactory(title="Solar water pumps")
    get(client, "/notices/")

    assert get(client, "/notices/")[1] > 0


def test_a_notice_page_reuses_its_body_and_keeps_the_follow_panel_the_readers(client):
    from notices import following
    from tests.factories import UserFactory

    notice = NoticeFactory(title="Solar water pumps", categories=["43232104"])
    path = notice.get_absolute_url()
    _first, first_queries = get(client, path)

    again, queries = get(client, path)
    assert "Solar water pumps" in again and "43232104" in again
    assert queries < first_queries, "the body's documents, awards, amendments are not read again"

    reader = UserFactory()
    following.follow(notice, user=reader)
    client.force_login(reader)
    mine = get(client, path)[0]
    assert "Stop following" in mine and "Solar water pumps" in mine


def test_an_amended_notice_page_shows_the_change_at_once(client, staff):
    notice = NoticeFactory(title="Diesel generators")
    get(client, notice.get_absolute_url())

    publishing.amend(notice, changes={"title": "Diesel generators, 50 kVA"}, note="n", by=staff)

    page = get(client, notice.get_absolute_url())[0]
    assert "Diesel generators, 50 kVA" in page and "Amendment 1" in page


def test_an_expired_search_is_rendered_again_by_one_reader_while_the_others_get_the_last_copy(
    client, settings, monkeypatch
):
    import time

    from notices import caching

    settings.NOTICES_PAGE_CACHE_SECONDS = 60
    NoticeFactory(title="Solar water pumps")
    get(client, "/notices/?q=solar")
    later = time.time() + 61
    monkeypatch.setattr(caching.time, "time", lambda: later)
    with monkeypatch.context() as another_reader_renders:
        another_reader_renders.setattr(caching.cache, "add", lambda *args, **kwargs: False)

        served, queries = get(client, "/notices/?q=solar")

    assert queries == 0 and "Solar water pumps" in served
    assert get(client, "/notices/?q=solar")[1] > 0, "once the lock is free, it is rendered"
    assert get(client, "/notices/?q=solar")[1] == 0, "and kept fresh again"
