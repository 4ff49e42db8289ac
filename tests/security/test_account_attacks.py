"""Accounts under attack: sign-up and password-reset floods are answered with 429, and sign-up does
not tell whether an address is registered."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_a_sign_up_flood_is_answered_with_429(client):
    statuses = [
        client.post(
            "/accounts/signup/",
            {"email": f"flood{n}@example.com", "password1": "x", "password2": "y"},
        ).status_code
        for n in range(21)
    ]

    assert statuses[:20] == [200] * 20 and statuses[20] == 429  # 20 a minute per address


def test_a_password_reset_flood_is_answered_with_429(client, supplier):
    statuses = [
        client.post("/accounts/password/reset/", {"email": supplier.email}).status_code
        for _ in range(6)
    ]

    assert statuses[:5] == [302] * 5 and statuses[5] == 429  # 5 a minute per address


def test_signing_up_with_a_registered_address_looks_like_a_new_one(client, supplier):
    def page(email):
        response = client.post(
            "/accounts/signup/",
            {
                "email": email,
                "password1": "a-long-passphrase-7",
                "password2": "a-long-passphrase-7",
            },
            follow=True,
        )
        html = response.content.decode().replace(email, "")
        return response.redirect_chain, re.sub(r'value="[^"]{20,}"', "", html)

    assert page(supplier.email) == page("nobody-yet@example.com")
