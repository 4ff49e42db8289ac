"""Login, rate limits, and the admin's login through allauth with a second factor."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from tests.factories import TOTP_SECRET

pytestmark = pytest.mark.django_db


def test_a_confirmed_user_logs_in_with_email_and_password(client, supplier, password):
    response = client.post("/accounts/login/", {"login": supplier.email, "password": password})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(supplier.pk)


def test_a_wrong_password_says_so_without_logging_in(client, supplier):
    response = client.post("/accounts/login/", {"login": supplier.email, "password": "wrong"})

    assert response.status_code == 200
    assert b"not correct" in response.content
    assert "_auth_user_id" not in client.session


def test_repeated_wrong_passwords_are_rate_limited(client, supplier, password):
    statuses = [
        client.post(
            "/accounts/login/", {"login": supplier.email, "password": f"wrong-{i}"}
        ).status_code
        for i in range(6)
    ]

    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429
    # Even the right password is refused until the limit has passed.
    response = client.post("/accounts/login/", {"login": supplier.email, "password": password})
    assert response.status_code == 429
    assert b"Too many attempts" in response.content


def test_logout_needs_a_post(client, supplier):
    client.force_login(supplier)

    assert client.get("/accounts/logout/").status_code == 200
    assert "_auth_user_id" in client.session
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_allauths(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def now_counter() -> int:
    counters = list(yield_hotp_counters_from_time())
    return counters[len(counters) // 2]


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, now_counter()))


def test_staff_with_two_factor_are_asked_for_their_code_before_the_admin(
    client, admin_user, password
):
    secret = TOTP_SECRET  # admins have the second factor on

    response = client.post(
        "/accounts/login/?next=/admin/", {"login": admin_user.email, "password": password}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302

    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_user_can_turn_on_two_factor_with_an_authenticator_app(client, supplier, password):
    client.force_login(supplier)
    page = client.get("/accounts/2fa/totp/activate/")
    assert page["Location"].startswith("/accounts/reauthenticate/"), "the password is asked again"
    client.post(page["Location"], {"password": password})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = page.context["form"].secret

    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=supplier, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(
        user=supplier, type=Authenticator.Type.RECOVERY_CODES
    ).exists()
