"""/alerts/new/ and /alerts/<id>/: the category picker the alert form shares with the company profile,
with the profile's categories offered first, all of it working without JavaScript."""

import re

import pytest

from notices.alerts.models import Alert
from tests.notices.factories import make_alert
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(supplier):
    return SupplierFactory(owner=supplier, categories=["39110000", "43232104"])


def alert(**fields) -> dict:
    return {"name": "Lighting", "keywords": "solar", "frequency": "daily", **fields}


def test_the_form_offers_the_company_profiles_categories_first(client, company):
    client.force_login(company.owner)

    content = client.get("/alerts/new/").content.decode()

    assert "From your company profile" in content
    suggested = content.index('name="categories" value="39110000">')
    assert suggested < content.index('id="id_categories_query"'), "before the search"
    assert 'name="categories" value="43232104">' in content
    assert "Use my company’s categories" in content


def test_one_click_uses_all_the_company_profiles_categories(client, company):
    client.force_login(company.owner)

    response = client.post("/alerts/new/", alert(category_add_suggested="1"))

    content = response.content.decode()
    assert [c.code for c in response.context["picker"].chosen] == ["39110000", "43232104"]
    assert 'value="39110000" checked' in content and 'value="43232104" checked' in content
    assert 'value="Lighting"' in content and 'value="solar"' in content
    assert not Alert.objects.exists(), "nothing is saved until the form is"


def test_a_user_without_a_company_profile_is_offered_no_suggestion(client, supplier):
    client.force_login(supplier)

    content = client.get("/alerts/new/").content.decode()

    assert "From your company profile" not in content


def test_searching_without_javascript_keeps_everything_typed(client, supplier):
    client.force_login(supplier)

    response = client.post(
        "/alerts/new/",
        alert(categories=["43232104"], category_query="lighting", category_search="1"),
    )

    content = response.content.decode()
    assert 'name="categories" value="39110000">' in content, "found, to tick"
    assert 'value="43232104" checked' in content
    assert 'value="lighting"' in content and 'value="Lighting"' in content
    assert re.search(r'value="daily"[^>]* checked', content)
    assert not Alert.objects.exists()


def test_browsing_without_javascript_keeps_everything_typed(client, supplier):
    client.force_login(supplier)

    response = client.post("/alerts/new/", alert(category_browse="39000000"))

    assert [c.code for c in response.context["picker"].level] == [
        "39100000",
        "39110000",
        "39120000",
        "39130000",
    ]
    assert b'value="Lighting"' in response.content
    assert not Alert.objects.exists()


def test_choosing_a_suggested_and_a_found_category_saves_both(client, company):
    client.force_login(company.owner)

    client.post("/alerts/new/", alert(categories=["39110000", "42000000"]))

    saved = Alert.objects.get()
    assert sorted(saved.category_prefixes.values_list("prefix", flat=True)) == ["3911", "42"]


def test_removing_a_category_on_the_edit_form(client, supplier):
    saved = make_alert(user=supplier, name="Lighting", categories=["39110000", "42"])
    client.force_login(supplier)

    page = client.get(f"/alerts/{saved.pk}/").content.decode()
    client.post(f"/alerts/{saved.pk}/", alert(categories=["39110000"]))

    assert 'value="39110000" checked' in page and 'value="42000000" checked' in page
    assert list(saved.category_prefixes.values_list("prefix", flat=True)) == ["3911"]


def test_a_search_carried_over_from_the_notices_shows_its_category_chosen(client, supplier):
    client.force_login(supplier)

    content = client.get("/alerts/new/?category=26").content.decode()

    assert 'value="26000000" checked' in content
