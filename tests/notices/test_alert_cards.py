"""/alerts/: each alert's card names its categories as they were chosen, and counts the open notices
it matches now exactly as its preview finds them."""

import pytest

from notices.alerts import criteria
from notices.alerts.models import Alert
from tests.notices.factories import NoticeFactory, make_alert

pytestmark = pytest.mark.django_db


def test_an_alert_on_39110000_shows_that_family_and_counts_what_its_preview_lists(client, supplier):
    NoticeFactory(title="Street lights", categories=["39111603"])
    NoticeFactory(title="Word processing", categories=["43232104"])
    client.force_login(supplier)

    client.post(
        "/alerts/new/", {"name": "Lighting", "categories": "39110000", "frequency": "instant"}
    )
    alert = Alert.objects.get(user=supplier)
    card = client.get("/alerts/").content.decode()
    edit = client.get(f"/alerts/{alert.pk}/")

    assert '<span class="code">39110000</span>' in card
    assert "Lighting Fixtures and Accessories" in card
    assert [notice.title for notice in edit.context["preview"]] == ["Street lights"]
    assert "1 open notice matches it now" in card


def test_the_card_names_the_categories_in_the_readers_language(client, supplier):
    supplier.language = "zh-hans"
    supplier.save()
    make_alert(user=supplier, categories=["39110000", "43"])
    client.force_login(supplier)

    content = client.get("/alerts/").content.decode()

    assert "照明灯具及配件" in content
    assert '<span class="code">43000000</span>' in content


def test_the_edit_form_shows_the_codes_as_chosen_not_their_prefixes(client, supplier):
    alert = make_alert(user=supplier, categories=["39110000", "4323"])

    assert criteria.criteria_of(alert)["categories"] == ["39110000", "43230000"]


def test_a_code_that_is_not_listed_is_shown_under_its_nearest_listed_category(supplier):
    alert = make_alert(user=supplier, categories=["39111699"])

    [card] = criteria.cards_of(supplier)

    assert [c.code for c in card.categories] == ["39111699"]
    assert card.categories[0].title_en == "Exterior lighting fixtures and accessories (39111600)"
    assert card.alert == alert


@pytest.mark.parametrize(
    ("alert_fields", "expected"),
    [
        ({}, 3),
        ({"categories": ["39"]}, 2),
        ({"categories": ["391116"]}, 1),
        ({"categories": ["39"], "keywords": "solar"}, 1),
        ({"categories": ["39"], "countries": ["KE"]}, 1),
        ({"categories": ["44"]}, 0),
    ],
)
def test_the_cards_count_is_the_length_of_the_full_preview(supplier, alert_fields, expected):
    NoticeFactory(title="Solar street lights", categories=["39111603"], countries=["KE"])
    NoticeFactory(title="Desk lamps", categories=["39111500"])
    NoticeFactory(title="Software", categories=["43232104"])
    alert = make_alert(user=supplier, **alert_fields)

    [card] = criteria.cards_of(supplier)

    assert card.matching_now == expected == len(criteria.preview(alert, limit=10))
