"""Program staff review the titles the project team wrote, in the admin: they list those awaiting
review, mark them reviewed, and correct a title (which then says who corrected it and when).
Suppliers and visitors get nothing there, and nobody adds or deletes a code."""

import pytest

from categories.models import Category, TitleSource

pytestmark = pytest.mark.django_db

LIST = "/admin/categories/category/"
OURS = "Management services, as the project team wrote it"


def change_url(code: str) -> str:
    return f"/admin/categories/category/{code}/change/"


@pytest.fixture
def titles():
    """Every title published, but for three: an English title and a Chinese title awaiting review,
    and a Chinese title awaiting review that is empty (nothing to review)."""
    Category.objects.update(title_en_source=TitleSource.PUBLISHED)
    Category.objects.exclude(title_zh="").update(title_zh_source=TitleSource.PUBLISHED)
    Category.objects.filter(code="80000000").update(
        title_en=OURS, title_en_source=TitleSource.AWAITING_REVIEW
    )
    Category.objects.filter(code="43000000").update(
        title_zh="信息技术", title_zh_source=TitleSource.AWAITING_REVIEW
    )
    Category.objects.filter(code="43232104").update(
        title_zh="", title_zh_source=TitleSource.AWAITING_REVIEW
    )


def listed(response) -> list[str]:
    return [category.code for category in response.context["cl"].result_list]


def test_the_awaiting_review_filter_lists_exactly_those_codes(client, staff, titles):
    client.force_login(staff)

    response = client.get(LIST, {"awaiting_review": "yes"})

    assert response.status_code == 200
    assert listed(response) == ["43000000", "80000000"]
    assert "titles awaiting review" in response.content.decode()


def test_the_list_shows_the_titles_their_sources_and_the_retired_codes(client, staff, titles):
    Category.objects.filter(code="43232104").update(retired_at="2026-12-01T00:00:00Z")
    client.force_login(staff)

    everything = client.get(LIST, {"q": "word processing"}).content.decode()
    retired = client.get(LIST, {"retired": "yes"})
    current = client.get(LIST, {"retired": "no", "level__exact": "segment"})

    assert "Word processing software" in everything and "published source" in everything
    assert listed(retired) == ["43232104"]
    assert "43232104" not in listed(current) and "43000000" in listed(current)
    assert {c.level for c in current.context["cl"].result_list} == {"segment"}


def test_correcting_a_title_records_it_as_corrected_by_whom_and_when(client, staff, titles):
    client.force_login(staff)

    response = client.post(
        change_url("43000000"),
        {
            "title_en": "Information Technology Broadcasting and Telecommunications",
            "title_zh": "信息技术、广播与电信",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    segment = Category.objects.get(code="43000000")
    assert segment.title_zh == "信息技术、广播与电信"
    assert segment.title_zh_source == TitleSource.CORRECTED
    assert segment.title_en_source == TitleSource.PUBLISHED, "the English title was not changed"
    assert segment.titles_checked_by == staff and segment.titles_checked_at is not None
    assert segment.parent_id is None and segment.level == "segment", "nothing else changes"


def test_an_empty_english_title_is_refused_and_nothing_is_saved(client, staff, titles):
    client.force_login(staff)

    response = client.post(change_url("80000000"), {"title_en": " ", "title_zh": "管理"})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    ours = Category.objects.get(code="80000000")
    assert ours.title_en == OURS
    assert ours.title_en_source == TitleSource.AWAITING_REVIEW
    assert ours.titles_checked_by is None


def test_the_action_marks_the_titles_awaiting_review_as_reviewed(client, staff, titles):
    client.force_login(staff)

    response = client.post(
        LIST,
        {"action": "mark_reviewed", "_selected_action": ["43000000", "80000000", "43230000"]},
        follow=True,
    )

    assert "The titles of 2 categories are marked reviewed." in response.content.decode()
    rows = Category.objects.filter(code__in=["43000000", "80000000", "43230000"])
    sources = {c.code: (c.title_en_source, c.title_zh_source) for c in rows}
    assert sources == {
        "43000000": ("published", "reviewed"),
        "80000000": ("reviewed", "published"),
        "43230000": ("published", "published"),
    }
    assert {c.titles_checked_by for c in rows if c.code != "43230000"} == {staff}
    assert listed(client.get(LIST, {"awaiting_review": "yes"})) == []


def test_an_admin_may_review_too(client, admin_user, titles):
    client.force_login(admin_user)

    client.post(LIST, {"action": "mark_reviewed", "_selected_action": ["80000000"]})

    assert Category.objects.get(code="80000000").titles_checked_by == admin_user


def test_nobody_adds_or_deletes_a_code_in_the_admin(client, admin_user):
    client.force_login(admin_user)

    assert client.get("/admin/categories/category/add/").status_code == 403
    assert client.get("/admin/categories/category/43232104/delete/").status_code == 403
    assert Category.objects.filter(code="43232104").exists()


def test_a_supplier_gets_no_access_and_changes_nothing(client, supplier, titles):
    client.force_login(supplier)

    listing = client.get(LIST)
    change = client.post(change_url("80000000"), {"title_en": "Hacked", "title_zh": ""})
    action = client.post(LIST, {"action": "mark_reviewed", "_selected_action": ["80000000"]})

    assert listing.status_code == 302 and "/login/" in listing["Location"]
    assert change.status_code == 302 and action.status_code == 302
    ours = Category.objects.get(code="80000000")
    assert (ours.title_en, ours.title_en_source) == (OURS, TitleSource.AWAITING_REVIEW)


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(LIST)

    assert response.status_code == 302 and "/login/" in response["Location"]
