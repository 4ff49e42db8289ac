"""RSS of one notice's updates (/notices/<id>/feed/): its amendments, the answers published on it
(never the asker, never an answer to the asker alone), its award and its cancellation, newest
first, in the reader's language; linked from the notice's page. Read with feedparser."""

from datetime import timedelta
from decimal import Decimal

import feedparser
import pytest
from django.utils import timezone

from notices import awarding, publishing, questions
from tests.notices.factories import DraftFactory, NoticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice():
    now = timezone.now()
    return NoticeFactory(
        title="Solar lanterns for schools",
        reference="RFQ-77",
        deadline=now + timedelta(days=14),
        clarification_deadline=now + timedelta(days=7),
    )


def read(client, notice, language="en"):
    response = client.get(f"/notices/{notice.pk}/feed/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    return feed


def test_a_new_notice_has_an_empty_feed_linked_from_its_page(client, notice):
    feed = read(client, notice)
    page = client.get(f"/notices/{notice.pk}/").content.decode()

    assert feed.entries == [] and "Solar lanterns for schools" in feed.feed.title
    assert 'rel="alternate" type="application/rss+xml"' in page
    assert f'href="/notices/{notice.pk}/feed/"' in page


def test_amendments_and_published_answers_newest_first_and_nothing_private(
    client, notice, staff, supplier
):
    publishing.amend(
        notice,
        changes={"deadline": notice.deadline + timedelta(days=3)},
        note="More time.",
        by=staff,
    )
    public = questions.ask(
        notice, user=supplier, company_name="Lotus Solar", text="Lotus Solar asks: lots?"
    )
    questions.publish_answer(
        public, published_text="May suppliers bid for one lot?", answer="Yes.", by=staff
    )
    private = questions.ask(
        notice, user=supplier, company_name="Lotus Solar", text="Our price list attached?"
    )
    questions.answer_asker(private, answer="Only through the agency's system.", by=staff)

    entries = read(client, notice).entries

    assert [e.title for e in entries] == [
        "Clarification: May suppliers bid for one lot?",
        "Amendment 1",
    ]
    answer, amendment = entries
    assert "Answer: Yes." in answer.summary and "Lotus" not in answer.summary
    assert "More time." in amendment.summary and "Changed: Deadline" in amendment.summary
    assert answer.link.endswith(f"/notices/{notice.pk}/#answer")
    assert len({e.id for e in entries}) == 2
    text = read(client, notice).entries[0].summary + "".join(e.title for e in entries)
    assert "price list" not in text and "agency's system" not in text


def test_the_award_and_the_cancellation_are_updates(client, staff):
    now = timezone.now()
    awarded = NoticeFactory(deadline=now - timedelta(days=1), published_at=now - timedelta(days=20))
    awarding.record_award(
        awarded,
        supplier_name="Lotus Solar Co., Ltd.",
        awarded_on=now.date(),
        value=Decimal("12500"),
        currency="USD",
        by=staff,
    )
    cancelled = NoticeFactory(deadline=now + timedelta(days=5))
    publishing.cancel(cancelled, reason="The requirement was withdrawn.", by=staff)

    award = read(client, awarded).entries
    cancellation = read(client, cancelled).entries

    assert [e.title for e in award] == ["Awarded to Lotus Solar Co., Ltd."]
    assert "12,500.00 USD" in award[0].summary
    assert [e.title for e in cancellation] == ["The notice was cancelled"]
    assert "withdrawn" in cancellation[0].summary


def test_the_feed_speaks_the_readers_language(client, notice, staff):
    publishing.amend(notice, changes={"title": "Solar lanterns"}, note="Title.", by=staff)

    entries = read(client, notice, language="zh-hans").entries

    assert entries[0].title == "第 1 次更正"


def test_a_draft_has_no_feed(client, staff):
    draft = DraftFactory()
    client.force_login(staff)

    assert client.get(f"/notices/{draft.pk}/feed/").status_code == 404
