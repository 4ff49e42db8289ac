"""RSS of the newest published notices, honouring the list's filters; read with feedparser."""

import feedparser
import pytest

from tests.notices.factories import AgencyFactory, DraftFactory, NoticeFactory

pytestmark = pytest.mark.django_db


def test_the_feed_lists_the_newest_public_notices(client):
    NoticeFactory(title="Laptops", reference="L-1", categories=["43211503"])
    NoticeFactory(title="太阳能光伏发电系统", reference="S-1")
    DraftFactory(title="Secret draft")

    response = client.get("/notices/feed/")
    feed = feedparser.parse(response.content)

    assert response.status_code == 200 and not feed.bozo
    assert response["Content-Type"].startswith("application/rss+xml")
    titles = [entry.title for entry in feed.entries]
    assert any("Laptops" in t for t in titles) and any("太阳能光伏发电系统" in t for t in titles)
    assert not any("Secret draft" in t for t in titles)
    laptops = next(e for e in feed.entries if "Laptops" in e.title)
    assert laptops.link.endswith("/notices/") is False and "/notices/" in laptops.link
    assert [tag.term for tag in laptops.tags] == ["43211503"]
    assert laptops.published_parsed is not None
    assert "Deadline:" in laptops.summary


def test_the_feed_honours_the_filters(client):
    wfp = AgencyFactory(acronym="WFP")
    NoticeFactory(agency=wfp, title="Flour", categories=["50220000"])
    NoticeFactory(title="Laptops", categories=["43211503"])

    feed = feedparser.parse(client.get("/notices/feed/?agency=WFP&category=50").content)

    assert [entry.title for entry in feed.entries] == ["Flour (WFP)"]
    assert "agency=WFP" in feed.feed.link


def test_the_feed_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    NoticeFactory.create_batch(15, categories=["43211503", "44120000"])

    with django_assert_max_num_queries(5):
        client.get("/notices/feed/")
