"""Nobody sees or changes what is not theirs: every supplier page for each persona."""

import pytest

pytestmark = pytest.mark.django_db

OWN_PAGES = [
    "/supplier/",
    "/supplier/identity/",
    "/supplier/contacts/",
    "/supplier/size/",
    "/supplier/offer/",
    "/supplier/certifications/",
    "/supplier/documents/",
    "/supplier/declarations/",
]


@pytest.mark.parametrize("url", [*OWN_PAGES, "/supplier/start/", "/supplier/categories/search/"])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("url", ["/supplier/submit/"])
def test_state_changes_refuse_get(client, company, url):
    client.force_login(company.owner)

    assert client.get(url).status_code == 405


@pytest.mark.parametrize("url", OWN_PAGES)
def test_each_user_sees_only_their_own_profile(client, company, other_company, url):
    client.force_login(other_company.owner)

    response = client.get(url)

    assert company.legal_name.encode() not in response.content
    assert company.registration_number.encode() not in response.content


@pytest.mark.parametrize("url", OWN_PAGES[1:])
def test_a_user_without_a_profile_gets_404_on_its_sections(client, supplier, url):
    client.force_login(supplier)

    assert client.get(url).status_code == 404


def test_a_draft_is_visible_to_its_owner_and_admins_only(client, company, admin_user, staff):
    change_page = f"/admin/suppliers/supplier/{company.pk}/change/"

    client.force_login(admin_user)
    assert client.get(change_page).status_code == 200
    client.force_login(staff)
    assert client.get(change_page).status_code == 403


def test_submitting_someone_elses_profile_is_impossible(client, company, other_company):
    client.force_login(other_company.owner)

    client.post("/supplier/submit/")

    company.refresh_from_db()
    assert company.status == "draft"
