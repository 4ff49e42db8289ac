"""Wrong passwords and wrong codes: limited, answered with 429 and the same page, without letting
a stranger lock the owner of an address out.

The decision: failed logins count per address *and network address* (5 in 15 minutes), per
network address (10 a minute), and per address from anywhere (50 an hour, which takes guessing
from three networks or more). A stranger who knows an address is stopped at their own network; the
owner logs in from theirs. An attempt refused at the first limit does not count towards the last.
"""

import pytest
from django.test import Client

from tests.factories import AdminFactory, totp_code

pytestmark = pytest.mark.django_db

ATTACKER, OWNER = "203.0.113.9", "198.51.100.7"
GUESS = "wrong-guess"  # nosec B105  # a wrong password, on purpose


def attempt(client, email, password=GUESS):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_a_stranger_is_stopped_after_five_wrong_passwords(supplier):
    attacker = Client(REMOTE_ADDR=ATTACKER)

    statuses = [attempt(attacker, supplier.email).status_code for _ in range(6)]

    assert statuses == [200] * 5 + [429]


def test_the_owner_still_logs_in_from_their_own_network(supplier, password):
    attacker, owner = Client(REMOTE_ADDR=ATTACKER), Client(REMOTE_ADDR=OWNER)
    for _ in range(30):
        attempt(attacker, supplier.email)
    assert attempt(attacker, supplier.email, password).status_code == 429

    response = attempt(owner, supplier.email, password)

    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(supplier.pk)


def test_an_admin_still_logs_in_with_password_and_second_factor(password):
    admin = AdminFactory(email="admin@example.org")
    attacker, owner = Client(REMOTE_ADDR=ATTACKER), Client(REMOTE_ADDR=OWNER)
    for _ in range(10):
        attempt(attacker, admin.email)

    assert attempt(owner, admin.email, password)["Location"] == "/accounts/2fa/authenticate/"
    response = owner.post("/accounts/2fa/authenticate/", {"code": totp_code()})

    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(admin.pk)


def test_guessing_from_many_networks_meets_the_limit_per_address(supplier, password):
    for network in range(10):
        client = Client(REMOTE_ADDR=f"192.0.2.{network + 1}")
        assert [attempt(client, supplier.email).status_code for _ in range(5)] == [200] * 5

    newcomer = Client(REMOTE_ADDR="192.0.2.200")

    assert attempt(newcomer, supplier.email).status_code == 429
    assert attempt(newcomer, supplier.email, password).status_code == 429


def test_behind_the_tls_proxy_each_client_is_counted_apart(supplier, password, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=ATTACKER)
    owner = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=OWNER)
    for _ in range(6):
        attempt(attacker, supplier.email)

    assert attempt(owner, supplier.email, password).status_code == 302


def test_too_many_wrong_codes_of_the_second_factor_answer_429(client, password):
    admin = AdminFactory(email="admin@example.org")
    attempt(client, admin.email, password)

    statuses = []
    for _ in range(12):
        response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
        statuses.append(response.status_code)
        if response.status_code == 429:
            break

    assert statuses[:-1] and set(statuses[:-1]) == {200}, "a wrong code is a form error"
    assert statuses[-1] == 429
    assert b"Too many attempts" in response.content, "the same page as the other limits"
    assert "_auth_user_id" not in client.session


def test_too_many_wrong_codes_when_turning_the_second_factor_on_answer_429(client, password):
    admin = AdminFactory(email="admin@example.org", second_factor=False)
    client.force_login(admin)
    client.post("/accounts/reauthenticate/", {"password": password})

    statuses = [
        client.post("/accounts/2fa/totp/activate/", {"code": "000000"}).status_code
        for _ in range(12)
    ]

    assert 429 in statuses and set(statuses[: statuses.index(429)]) == {200}
