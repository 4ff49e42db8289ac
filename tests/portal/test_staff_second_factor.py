"""Staff (program staff and admins) use the portal only with a second factor: without one, every
page but the account pages sends them to turn it on (allauth's TOTP). Every URL of the site is
checked for them in tests/security/test_access_matrix.py."""

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import Group

from tests.factories import AdminFactory, ProgramStaffFactory, StaffFactory, totp_code

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"
MESSAGE = "Turn on two-factor authentication to use the portal with your staff account."


@pytest.mark.parametrize(
    "url",
    [
        "/staff/notices/",
        "/staff/notices/new/",
        "/staff/assessments/",
        "/dashboard/",
        "/dashboard/registrations.csv",
        "/admin/",
        "/admin/suppliers/supplier/",
        "/admin/notices/notice/",
    ],
)
def test_program_staff_without_a_second_factor_are_sent_to_turn_it_on(client, url):
    client.force_login(ProgramStaffFactory(second_factor=False))

    response = client.get(url, follow=True)

    assert response.redirect_chain[0] == (ACTIVATE, 302)
    assert MESSAGE in response.content.decode()


@pytest.mark.parametrize(
    "factory", [ProgramStaffFactory, AdminFactory, StaffFactory], ids=["staff", "admin", "is_staff"]
)
def test_no_staff_member_publishes_with_a_password_alone(client, factory):
    client.force_login(factory(second_factor=False))

    response = client.post("/staff/notices/new/", {"title": "Anything"})

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE


def test_a_member_of_the_staff_group_without_the_staff_flag_needs_one_too(client, supplier):
    supplier.groups.add(Group.objects.get(name=settings.PROGRAM_STAFF_GROUP))
    client.force_login(supplier)

    assert client.get("/staff/notices/")["Location"] == ACTIVATE


@pytest.mark.parametrize("factory", [ProgramStaffFactory, AdminFactory], ids=["staff", "admin"])
def test_staff_who_turn_it_on_reach_the_staff_pages(client, password, factory):
    user = factory(second_factor=False)
    client.force_login(user)
    assert client.get("/staff/notices/")["Location"] == ACTIVATE

    page = client.get(ACTIVATE)
    assert page["Location"].startswith("/accounts/reauthenticate/"), "the password is asked again"
    client.post(page["Location"], {"password": password})
    secret = client.get(ACTIVATE).context["form"].secret
    assert client.post(ACTIVATE, {"code": totp_code(secret)}).status_code == 302

    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.get("/staff/notices/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_staff_with_a_second_factor_use_the_staff_pages(client, staff, admin_user):
    client.force_login(staff)
    assert client.get("/staff/notices/").status_code == 200
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200


def test_staff_without_a_second_factor_can_still_log_out(client):
    client.force_login(ProgramStaffFactory(second_factor=False))

    assert client.post("/admin/logout/").status_code == 200
    assert "_auth_user_id" not in client.session
    client.force_login(ProgramStaffFactory(second_factor=False))
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_suppliers_are_not_asked_for_a_second_factor(client, supplier):
    client.force_login(supplier)

    assert client.get("/alerts/").status_code == 200
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
