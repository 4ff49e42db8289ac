"""The admin requires a second factor: staff without one are sent to turn it on (allauth's TOTP)."""

import pytest
from allauth.mfa.models import Authenticator

from tests.factories import AdminFactory, ProgramStaffFactory, totp_code

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"


@pytest.mark.parametrize("url", ["/admin/", "/admin/suppliers/supplier/", "/admin/notices/notice/"])
def test_staff_without_a_second_factor_are_sent_to_turn_it_on(client, url):
    client.force_login(ProgramStaffFactory())

    response = client.get(url, follow=True)

    assert response.redirect_chain[0] == (ACTIVATE, 302)
    assert "Turn on two-factor authentication to use the administration." in (
        response.content.decode()
    )


def test_an_admin_who_turns_it_on_reaches_the_admin(client, password):
    admin = AdminFactory(second_factor=False)
    client.force_login(admin)
    assert client.get("/admin/")["Location"] == ACTIVATE

    page = client.get(ACTIVATE)
    assert page["Location"].startswith("/accounts/reauthenticate/"), "the password is asked again"
    client.post(page["Location"], {"password": password})
    secret = client.get(ACTIVATE).context["form"].secret
    assert client.post(ACTIVATE, {"code": totp_code(secret)}).status_code == 302

    assert Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200


def test_an_admin_with_a_second_factor_uses_the_admin(client, admin_user):
    client.force_login(admin_user)

    assert client.get("/admin/").status_code == 200


def test_staff_without_a_second_factor_can_still_log_out_of_the_admin(client):
    client.force_login(ProgramStaffFactory())

    response = client.post("/admin/logout/")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_suppliers_are_sent_to_log_in_not_to_turn_on_a_second_factor(client, supplier):
    client.force_login(supplier)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
