"""A code the list no longer has is retired: the search and the picker's browsing stop offering it,
a form refuses it when it is chosen anew (one already chosen may stay), the CSV import refuses it
with the nearest current category, and the pages that use it still show it, marked retired."""

from datetime import UTC, datetime

import pytest

from categories.models import Category
from categories.picker import level_below, picker_context
from categories.search import forget_search_index, search_categories
from notices.alerts.models import Alert
from notices.importing import import_file
from notices.models import Notice
from tests.notices.factories import AgencyFactory, NoticeFactory, make_alert
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db

RETIRED = "43232104"  # Word processing software
BADGE = ">Retired</span>"  # templates/categories/retired.html
RETIRED_MESSAGE = "43232104: this UNSPSC code is retired (the list no longer has it)"


@pytest.fixture
def retired():
    Category.objects.filter(code=RETIRED).update(retired_at=datetime(2026, 11, 30, tzinfo=UTC))
    forget_search_index()  # a change in bulk, as the loader makes


def codes(categories) -> list[str]:
    return [category.code for category in categories]


def test_the_search_does_not_offer_a_retired_code(retired):
    assert RETIRED not in codes(search_categories("word processing"))
    assert RETIRED not in codes(search_categories("4323210"))
    assert "43232100" in codes(search_categories("4323210")), "its class is still current"


def test_browsing_does_not_offer_a_retired_code_nor_count_it(retired):
    before = Category.objects.filter(parent_id="43232100", retired_at__isnull=True).count()

    assert RETIRED not in codes(level_below("43232100"))
    assert len(level_below("43232100")) == before
    by_code = {c.code: c for c in level_below("43230000")}
    assert by_code["43232100"].subcategories == before


def test_the_company_profiles_retired_code_is_not_suggested_for_a_new_alert(retired):
    picker = picker_context(data=None, initial_codes=(), suggested_codes=[RETIRED, "39110000"])[
        "picker"
    ]

    assert codes(picker.suggested) == ["39110000"]


def test_a_new_alert_with_a_retired_code_is_refused_and_not_saved(client, supplier, retired):
    client.force_login(supplier)

    response = client.post(
        "/alerts/new/",
        {"name": "Software", "frequency": "daily", "categories": [RETIRED, "39110000"]},
    )

    assert response.status_code == 200
    assert RETIRED_MESSAGE in response.content.decode()
    assert not Alert.objects.exists()


def test_an_alert_keeps_its_retired_code_shown_as_retired(client, supplier, retired):
    saved = make_alert(user=supplier, name="Software", categories=[RETIRED])
    client.force_login(supplier)

    card = client.get("/alerts/").content.decode()
    form = client.get(f"/alerts/{saved.pk}/").content.decode()
    response = client.post(
        f"/alerts/{saved.pk}/",
        {"name": "Software, renamed", "frequency": "daily", "categories": [RETIRED]},
    )

    assert "Word processing software" in card and BADGE in card
    assert f'value="{RETIRED}" checked' in form and BADGE in form
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.name == "Software, renamed"
    assert list(saved.category_prefixes.values_list("prefix", flat=True)) == [RETIRED]


def test_the_profile_refuses_a_retired_code_chosen_anew_and_keeps_one_it_had(
    client, supplier, retired
):
    company = SupplierFactory(owner=supplier, categories=["26000000"])
    client.force_login(supplier)

    refused = client.post("/supplier/offer/", {"description_en": "x", "categories": [RETIRED]})

    assert refused.status_code == 200 and RETIRED_MESSAGE in refused.content.decode()
    assert list(company.categories.values_list("code", flat=True)) == ["26000000"]
    company.categories.add(RETIRED)
    page = client.get("/supplier/offer/").content.decode()
    kept = client.post("/supplier/offer/", {"description_en": "x", "categories": [RETIRED]})
    assert BADGE in page
    assert kept.status_code == 302
    assert list(company.categories.values_list("code", flat=True)) == [RETIRED]


def test_a_new_notice_with_a_retired_code_is_refused(client, staff, retired):
    client.force_login(staff)
    form = {
        "agency": AgencyFactory().pk,
        "reference": "RFQ/RETIRED",
        "title": "Word processors",
        "notice_type": "rfq",
        "categories": f"{RETIRED}, 43232100",
        "deadline": "2031-02-01T17:00",
        "deadline_time_zone": "",
        "description": "Licences.",
        "currency": "",
        "document_language": "en",
    }

    response = client.post("/staff/notices/new/", form)

    assert response.status_code == 200
    assert RETIRED_MESSAGE in response.content.decode()
    assert not Notice.objects.filter(reference="RFQ/RETIRED").exists()


def test_a_notice_page_shows_its_retired_code_with_its_title(client, retired):
    notice = NoticeFactory(categories=[RETIRED])

    content = client.get(f"/notices/{notice.pk}/").content.decode()

    assert "Word processing software" in content
    assert BADGE in content


def test_the_import_refuses_a_retired_code_with_the_nearest_current_category(tmp_path, retired):
    AgencyFactory(acronym="WFP")
    path = tmp_path / "notices.csv"
    path.write_text(
        "agency,reference,title,notice_type,categories,deadline\n"
        f"WFP,ITB/1,Word processors,itb,{RETIRED},2031-02-01 17:00\n",
        encoding="utf-8",
    )

    report = import_file(path)

    assert report.refused == [
        (
            "line 2",
            "43232104 is retired from the UNSPSC list (since 2026-11-30); did you mean 43232100 "
            "Content authoring and editing software?",
        )
    ]
    assert not Notice.objects.exists()
