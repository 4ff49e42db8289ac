"""The page /notices/: results, facets, empty state, htmx partial updates, bounded queries."""

import pytest

from tests.notices.factories import AgencyFactory, NoticeFactory

pytestmark = pytest.mark.django_db


def test_the_list_shows_open_notices_with_counts_per_agency_and_type(client):
    wfp = AgencyFactory(acronym="WFP")
    NoticeFactory(agency=wfp, title="Fortified wheat flour")
    NoticeFactory(title="Laptops for country offices")

    response = client.get("/notices/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Fortified wheat flour" in content and "Laptops for country offices" in content
    assert "2 notices" in content
    assert 'href="?agency=WFP"' in content, "a facet link per agency"
    assert '<form class="notice-filters' in content and 'role="search"' in content
    assert content.count("<main") == 1


def test_facets_count_the_first_matches_only_and_say_so(client, monkeypatch):
    from notices import search, views

    monkeypatch.setattr(search, "FACET_SAMPLE", 2)
    monkeypatch.setattr(views, "FACET_SAMPLE", 2)
    for title in ("Water pumps", "Solar pumps", "Hand pumps"):
        NoticeFactory(title=title)

    content = client.get("/notices/").content.decode()

    assert "3 notices" in content, "the count itself is not sampled"
    assert "Counts over the first 2 matches." in content
    assert '<span class="facets__count">2</span>' in content


def test_facets_follow_a_change_to_the_notices_at_once(client):
    """The facets of a search are kept for its other pages, not past a change to the notices: the
    counts beside the results never disagree with them."""
    wfp = AgencyFactory(acronym="WFP")
    NoticeFactory(agency=wfp, title="Wheat flour")
    assert '<span class="facets__count">1</span>' in client.get("/notices/").content.decode()

    NoticeFactory(agency=wfp, title="Rice")
    content = client.get("/notices/?page=2").content.decode()

    assert "2 notices" in content
    assert '<span class="facets__count">1</span>' not in content
    assert '<span class="facets__count">2</span>' in content


def test_facets_over_every_match_say_nothing_of_a_sample(client):
    NoticeFactory(title="Water pumps")

    assert "Counts over the first" not in client.get("/notices/").content.decode()


def test_filters_are_in_the_url_and_shown_in_the_form(client):
    NoticeFactory(title="Laptops", categories=["43211503"])
    NoticeFactory(title="Flour", categories=["50220000"])

    response = client.get("/notices/?category=43000000&q=laptops")

    content = response.content.decode()
    assert "Laptops" in content and "Flour" not in content
    assert 'value="laptops"' in content
    assert '<option value="43000000" selected>' in content


def test_an_htmx_request_gets_only_the_results(client):
    NoticeFactory(title="Laptops")

    response = client.get("/notices/?q=laptops", headers={"HX-Request": "true"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Laptops" in content
    assert "<html" not in content and "notice-filters" not in content
    assert "HX-Request" in response["Vary"]


def test_without_results_the_page_suggests_loosening_the_filters(client):
    response = client.get("/notices/?q=submarine")

    content = response.content.decode()
    assert "No notice matches these filters" in content
    assert "Any status" in content and 'href="/notices/"' in content


def test_an_invalid_filter_value_is_explained_not_an_error(client):
    response = client.get("/notices/?deadline_after=someday&status=whatever&category=432")

    assert response.status_code == 200
    assert b"Enter a valid date." in response.content
    assert b"A UNSPSC code has 8 digits" in response.content


def test_the_page_is_in_chinese_for_a_chinese_reader(client, supplier):
    supplier.language = "zh-hans"
    supplier.save()
    client.force_login(supplier)
    NoticeFactory(title="太阳能光伏发电系统采购")

    content = client.get("/notices/").content.decode()

    assert "太阳能光伏发电系统采购" in content
    assert "采购公告" in content


def test_the_list_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(25):
        NoticeFactory(categories=["43211503", "44120000"], countries=["CN", "KE"])

    with django_assert_max_num_queries(8):
        response = client.get("/notices/?page=2")

    assert response.status_code == 200
    assert b"Page 2 of 2" in response.content


def test_only_get_is_allowed(client):
    assert client.post("/notices/").status_code == 405
