"""/supplier/: creating the profile, saving sections as drafts, and every validation message."""

import pytest

from suppliers.models import Supplier, SupplierStatus
from tests.suppliers.factories import SupplierFactory, credit_code

pytestmark = pytest.mark.django_db

VALID_CODE = "91350100M000100Y43"


def test_a_new_user_is_asked_to_create_the_profile(client, supplier):
    client.force_login(supplier)

    response = client.get("/supplier/")

    assert response.status_code == 200, "the workspace shows, its first step the registration"
    assert response.context["workspace"].steps[0].key == "register"
    assert b'href="/supplier/start/"' in response.content
    assert client.get("/supplier/start/").status_code == 200


def test_creating_the_profile_with_a_valid_credit_code(client, supplier):
    client.force_login(supplier)

    response = client.post(
        "/supplier/start/",
        {
            "legal_name": "Fuzhou Example Co., Ltd.",
            "legal_name_local": "福州示例有限公司",
            "country": "CN",
            "registration_number": "9135 0100 m000 100y43",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/supplier/identity/"
    company = Supplier.objects.get(owner=supplier)
    assert company.registration_number == VALID_CODE
    assert company.status == SupplierStatus.DRAFT
    page = client.get("/supplier/identity/")
    assert "Fujian 福建省 (350100)".encode() in page.content


def test_a_wrong_check_character_is_refused_and_the_input_kept(client, supplier):
    client.force_login(supplier)

    response = client.post(
        "/supplier/start/",
        {
            "legal_name": "Fuzhou Example Co., Ltd.",
            "country": "CN",
            "registration_number": "91350100M000100Y44",
        },
    )

    assert response.status_code == 200
    assert b"The check character is wrong: it should be 3, not 4." in response.content
    assert b'value="Fuzhou Example Co., Ltd."' in response.content
    assert b'value="91350100M000100Y44"' in response.content
    assert not Supplier.objects.exists()


def test_a_chinese_company_needs_its_credit_code(client, supplier):
    client.force_login(supplier)

    response = client.post("/supplier/start/", {"legal_name": "X Co.", "country": "CN"})

    assert b"the Unified Social Credit Code is required" in response.content
    assert not Supplier.objects.exists()


def test_a_company_elsewhere_may_register_without_a_chinese_code(client, supplier):
    client.force_login(supplier)

    client.post(
        "/supplier/start/",
        {"legal_name": "Nairobi Works Ltd", "country": "KE", "registration_number": "PVT-123"},
    )

    assert Supplier.objects.get(owner=supplier).country == "KE"


def test_an_unknown_country_is_refused(client, supplier):
    client.force_login(supplier)

    response = client.post("/supplier/start/", {"legal_name": "X", "country": "XX"})

    assert b"Select a valid choice. XX is not one of the available choices." in response.content
    assert not Supplier.objects.exists()


def test_the_same_registration_cannot_register_twice_and_nothing_leaks(
    client, supplier, other_supplier
):
    SupplierFactory(
        owner=other_supplier, registration_number=VALID_CODE, legal_name="Secret Holder Ltd"
    )
    client.force_login(supplier)

    response = client.post(
        "/supplier/start/",
        {"legal_name": "Mine Ltd", "country": "CN", "registration_number": VALID_CODE},
    )

    content = response.content.decode()
    assert "already registered on the portal" in content
    assert "suppliers@example.org" in content, "the program's contact is given"
    assert "Secret Holder" not in content and other_supplier.email not in content
    assert Supplier.objects.count() == 1


def test_a_user_owns_one_supplier(client, company):
    client.force_login(company.owner)

    assert client.get("/supplier/start/")["Location"] == "/supplier/"


def test_a_section_saves_a_draft_and_moves_on(client, supplier):
    company = SupplierFactory(owner=supplier, phone="", city="")
    client.force_login(supplier)

    response = client.post(
        "/supplier/contacts/",
        {
            "city": "Shenzhen",
            "address": "2 Road",
            "phone": "+86 1",
            "contact_name": "Li",
            "contact_email": "li@example.com",
            "website": "example.com",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/supplier/size/"
    company.refresh_from_db()
    assert (company.city, company.website) == ("Shenzhen", "https://example.com")


@pytest.mark.parametrize(
    ("section", "data", "message"),
    [
        ("identity", {"year_established": "2999"}, "The year cannot be in the future"),
        ("identity", {"year_established": "95"}, "Please give the year as four digits"),
        ("size", {"annual_turnover": "-5"}, "The annual turnover cannot be negative."),
        ("size", {"women_ownership_pct": "120"}, "A share is a percentage between 0 and 100."),
        ("contacts", {"contact_email": "not-an-address"}, "Enter a valid email address."),
    ],
)
def test_bad_input_gets_a_specific_message_and_nothing_is_saved(
    client, company, section, data, message
):
    client.force_login(company.owner)
    page = client.get(f"/supplier/{section}/")
    form_data = {k: ("" if v is None else v) for k, v in page.context["form"].initial.items()}
    form_data = {k: v for k, v in form_data.items() if not isinstance(v, list)}
    form_data["country"] = "CN"
    form_data.update(data)
    before = Supplier.objects.values().get(pk=company.pk)

    response = client.post(f"/supplier/{section}/", form_data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Supplier.objects.values().get(pk=company.pk) == before


def test_the_overview_shows_completeness_and_what_is_missing(client, supplier):
    SupplierFactory(owner=supplier, phone="", employees=None)
    client.force_login(supplier)

    response = client.get("/supplier/")

    assert response.status_code == 200
    company = response.context["workspace"].company
    missing = [item.label for item, _url in company.missing_links]
    assert missing == [
        "Phone",
        "Number of employees",
        "Business licence or certificate of incorporation",
    ]
    assert 0 < company.completeness < 100
    assert b'href="/supplier/contacts/"' in response.content


def test_the_category_picker_searches_without_javascript_and_keeps_the_choice(client, company):
    client.force_login(company.owner)

    response = client.post(
        "/supplier/offer/",
        {
            "description_en": "Changed text",
            "categories": ["26000000"],
            "category_query": "word processing",
            "category_search": "1",
        },
    )

    assert response.status_code == 200, "searching does not save"
    assert b'value="43232104"' in response.content
    assert b'value="26000000" checked' in response.content
    assert b"Changed text" in response.content
    company.refresh_from_db()
    assert company.description_en == "Solar lanterns and water pumps."


def test_the_category_picker_searches_as_you_type_in_both_languages(client, company):
    from categories.models import Category

    Category.objects.filter(code="42000000").update(title_zh="医疗设备和配件及用品")
    client.force_login(company.owner)

    by_word = client.get("/supplier/categories/search/", {"category_query": "医疗"})
    by_code = client.get("/supplier/categories/search/", {"category_query": "4323"})

    assert "医疗设备和配件及用品".encode() in by_word.content
    assert b'value="43230000"' in by_code.content


def test_saving_categories_from_the_picker(client, company):
    client.force_login(company.owner)

    client.post("/supplier/offer/", {"description_en": "x", "categories": ["43232104", "42000000"]})

    assert sorted(company.categories.values_list("code", flat=True)) == ["42000000", "43232104"]


def test_certifications_with_expiry_dates(client, company):
    client.force_login(company.owner)
    data = {
        "certifications-TOTAL_FORMS": "2",
        "certifications-INITIAL_FORMS": "0",
        "certifications-0-kind": "iso9001",
        "certifications-0-expires_on": "2027-06-30",
        "certifications-1-kind": "other",
        "certifications-1-label": "",
    }

    refused = client.post("/supplier/certifications/", data)
    data["certifications-1-label"] = "China Compulsory Certificate (CCC)"
    accepted = client.post("/supplier/certifications/", data)

    assert b"Give the name of the certification." in refused.content
    assert accepted.status_code == 302
    assert sorted(str(c) for c in company.certifications.all()) == [
        "China Compulsory Certificate (CCC)",
        "ISO 9001",
    ]


def test_declarations_record_when_they_were_accepted(client, supplier):
    company = SupplierFactory(
        owner=supplier, code_of_conduct_accepted_at=None, eligibility_declared_at=None
    )
    client.force_login(supplier)

    client.post("/supplier/declarations/", {"code_of_conduct": "on", "eligibility": "on"})

    company.refresh_from_db()
    assert company.code_of_conduct_accepted_at is not None
    assert company.eligibility_declared_at is not None


def test_changing_a_material_fact_of_an_approved_profile_asks_first_then_reopens(
    client, company, admin_user
):
    from suppliers import review

    review.submit(company, by=company.owner)
    review.approve(company, by=admin_user)
    client.force_login(company.owner)
    page = client.get("/supplier/identity/")
    data = {k: ("" if v is None else v) for k, v in page.context["form"].initial.items()}
    data.update(legal_name="Renamed Co., Ltd.", country="CN")
    assert b"sends it back for review" in page.content, "told before saving"

    unconfirmed = client.post("/supplier/identity/", data)
    company.refresh_from_db()
    assert b"Tick the box to confirm" in unconfirmed.content
    assert (company.legal_name, company.status) != ("Renamed Co., Ltd.", SupplierStatus.SUBMITTED)

    confirmed = client.post("/supplier/identity/", {**data, "confirm_reopen": "on"})
    company.refresh_from_db()
    assert confirmed["Location"] == "/supplier/"
    assert (company.legal_name, company.status) == ("Renamed Co., Ltd.", SupplierStatus.SUBMITTED)
    assert company.review_events.first().action == "reopened"


def test_other_changes_to_an_approved_profile_do_not_reopen_it(client, company, admin_user):
    from suppliers import review

    review.submit(company, by=company.owner)
    review.approve(company, by=admin_user)
    client.force_login(company.owner)
    page = client.get("/supplier/contacts/")
    data = {k: ("" if v is None else v) for k, v in page.context["form"].initial.items()}
    data["phone"] = "+86 999"

    client.post("/supplier/contacts/", data)

    company.refresh_from_db()
    assert (company.phone, company.status) == ("+86 999", SupplierStatus.APPROVED)


def test_the_profile_cannot_change_during_review(client, company):
    from suppliers import review

    review.submit(company, by=company.owner)
    client.force_login(company.owner)

    response = client.post("/supplier/contacts/", {"phone": "changed"})

    assert response["Location"] == "/supplier/"
    company.refresh_from_db()
    assert company.phone != "changed"


def test_unknown_sections_are_404(client, company):
    client.force_login(company.owner)

    assert client.get("/supplier/nonsense/").status_code == 404


def test_distinct_valid_codes_from_the_factory():
    assert len({credit_code(n) for n in range(50)}) == 50
