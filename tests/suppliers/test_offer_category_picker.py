"""/supplier/offer/: the category picker of the company profile without JavaScript (each button sends
the form, which comes back with everything kept and nothing saved), and its fragments for JavaScript."""

import pytest

pytestmark = pytest.mark.django_db


def offer(**fields) -> dict:
    return {"description_en": "Lamps and lanterns.", "categories": ["26000000"], **fields}


def test_browsing_opens_a_segment_and_keeps_what_was_typed(client, company):
    client.force_login(company.owner)

    response = client.post("/supplier/offer/", offer(category_browse="39000000"))

    content = response.content.decode()
    assert response.status_code == 200, "browsing does not save"
    assert [c.code for c in response.context["picker"].level] == [
        "39100000",
        "39110000",
        "39120000",
        "39130000",
    ]
    assert 'name="categories" value="39110000">' in content, "a family can be ticked"
    assert 'name="category_browse" value="39110000"' in content, "and opened"
    assert 'value="26000000" checked' in content
    assert "Lamps and lanterns." in content
    company.refresh_from_db()
    assert company.description_en == "Solar lanterns and water pumps."


def test_the_tree_starts_with_the_segments_and_goes_down_to_the_commodities(client, company):
    client.force_login(company.owner)

    segments = client.post("/supplier/offer/", offer(category_browse="")).context["picker"]
    commodities = client.post("/supplier/offer/", offer(category_browse="39111600"))

    assert len(segments.level) == 57 and segments.trail == []
    picker = commodities.context["picker"]
    assert [c.code for c in picker.trail] == ["39000000", "39110000", "39111600"]
    assert "39111610" in [c.code for c in picker.level]
    assert b'aria-current="location"' in commodities.content


def test_a_category_chosen_while_browsing_is_not_offered_twice(client, company):
    client.force_login(company.owner)

    response = client.post("/supplier/offer/", offer(category_browse=""))

    assert response.content.decode().count('name="categories" value="26000000"') == 1


def test_choosing_and_removing_categories(client, company):
    client.force_login(company.owner)

    client.post("/supplier/offer/", offer(categories=["39110000", "43232104"]))
    assert sorted(company.categories.values_list("code", flat=True)) == ["39110000", "43232104"]
    client.post("/supplier/offer/", offer(categories=["43232104"]))

    assert list(company.categories.values_list("code", flat=True)) == ["43232104"]


def test_a_category_that_is_not_listed_is_refused_and_nothing_saved(client, company):
    client.force_login(company.owner)

    response = client.post("/supplier/offer/", offer(categories=["39119999"]))

    assert "39119999: we do not list this category" in response.content.decode()
    assert list(company.categories.values_list("code", flat=True)) == ["26000000"]


def test_the_fragments_for_javascript_search_and_browse(client, company):
    client.force_login(company.owner)

    found = client.get(
        "/supplier/categories/search/",
        {"category_query": "lighting", "categories": ["39110000"]},
    )
    browsed = client.get("/supplier/categories/search/", {"category_browse": "39110000"})

    assert b'value="39111600"' in found.content
    assert b'value="39110000"' not in found.content, "a chosen category is not offered again"
    assert b'name="category_browse" value="39111600"' in browsed.content


def test_a_search_result_shows_the_categories_above_it(client, company):
    client.force_login(company.owner)

    found = client.get("/supplier/categories/search/", {"category_query": "laptop"})

    html = found.content.decode()
    assert 'value="43211503"' in html
    assert (
        '<span lang="en">Computer Equipment and Accessories</span> › <span lang="en">Computers</span>'
        in html
    )
