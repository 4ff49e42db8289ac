"""/notices/following/: every notice a user follows, open ones first, soonest deadline first, then
the closed ones, a page at a time; "Stop following" comes back to the page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notices.alerts.models import Follow
from notices.models import Amendment
from tests.notices.factories import NoticeFactory

pytestmark = pytest.mark.django_db


def follow(user, *, days: int, **fields):
    notice = NoticeFactory(deadline=timezone.now() + timedelta(days=days), **fields)
    Follow.objects.create(user=user, notice=notice)
    return notice


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get("/notices/following/")["Location"].startswith("/accounts/login/")


def test_open_notices_come_first_soonest_deadline_first_then_the_closed(client, supplier):
    closed_long_ago = follow(supplier, days=-30, title="Closed long ago")
    later = follow(supplier, days=20, title="Later")
    closed_lately = follow(supplier, days=-1, title="Closed lately")
    soon = follow(supplier, days=3, title="Soon")
    Amendment.objects.create(notice=soon, number=1, note="Quantities corrected.")
    client.force_login(supplier)

    response = client.get("/notices/following/")

    assert list(response.context["page"].object_list) == [
        soon,
        later,
        closed_lately,
        closed_long_ago,
    ]
    content = response.content.decode()
    assert "Quantities corrected." in content
    assert "Closes this week" in content


def test_it_pages_through_many(client, supplier):
    for days in range(30):
        follow(supplier, days=days + 1)
    client.force_login(supplier)

    first = client.get("/notices/following/")
    second = client.get("/notices/following/?page=2")

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert 'href="?page=2"' in first.content.decode()


def test_nobody_sees_anothers_follows(client, supplier, other_supplier):
    follow(other_supplier, days=5, title="Somebody else's notice")
    client.force_login(supplier)

    response = client.get("/notices/following/")

    assert "Somebody else&#x27;s notice" not in response.content.decode()
    assert "You follow no notice yet." in response.content.decode()


def test_stop_following_comes_back_to_the_list(client, supplier):
    notice = follow(supplier, days=5)
    client.force_login(supplier)

    response = client.post(
        f"/notices/{notice.pk}/unfollow/", {"next": "/notices/following/?page=1"}
    )

    assert response["Location"] == "/notices/following/?page=1"
    assert not Follow.objects.filter(user=supplier).exists()
