"""Where a user lands: a supplier on their workspace after each sign-in and after confirming their
address (the workspace says which step they are on); staff where they always have, the home page."""

import re

import pytest
from django.core import mail
from django.test import Client

from tests.factories import totp_code

pytestmark = pytest.mark.django_db


def sign_in(client, email: str, password: str, path: str = "/accounts/login/"):
    return client.post(path, {"login": email, "password": password})


def test_a_supplier_lands_on_the_workspace_after_signing_in(client, supplier, password):
    response = sign_in(client, supplier.email, password)

    assert response.status_code == 302
    assert response["Location"] == "/supplier/"
    workspace = client.get("/supplier/")
    assert workspace.context["workspace"].steps[0].key == "register"


def test_a_next_address_still_wins(client, supplier, password):
    response = sign_in(client, supplier.email, password, "/accounts/login/?next=/alerts/")

    assert response["Location"] == "/alerts/"


def test_staff_keep_landing_on_the_home_page(client, staff, password):
    response = sign_in(client, staff.email, password)
    assert response["Location"].startswith("/accounts/2fa/authenticate/")

    response = client.post(response["Location"], {"code": totp_code()})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_confirming_the_address_lands_on_the_workspace_with_registration_first(client):
    client.post(
        "/accounts/signup/",
        {
            "email": "new@example.cn",
            "password1": "a-long-passphrase-2026",
            "password2": "a-long-passphrase-2026",
        },
    )
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body)

    response = client.post(link.group(1))

    assert response["Location"] == "/supplier/"
    page = client.get("/supplier/")
    assert [step.key for step in page.context["workspace"].steps] == ["register", "alert"]
    assert b"Register your company" in page.content


def test_the_home_page_leads_a_signed_in_user_to_the_workspace(supplier):
    client = Client()
    client.force_login(supplier)

    content = client.get("/").content.decode()

    assert '<a class="button" href="/supplier/">Go to my workspace</a>' in content
    assert ">My workspace</a>" in content, "the main menu names it so"
