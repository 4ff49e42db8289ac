"""The links in account e-mails (confirm the address, reset the password, sign up) point at
SITE_URL, its scheme and host, as the alert e-mails do: not https on a plain-http stack, and not
whatever host the request came in on."""

import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "new@example.com",
    "password1": "a-long-passphrase-2026",
    "password2": "a-long-passphrase-2026",
}
SITES = [
    "http://localhost:8000",  # docker-compose's default, with USE_HTTPS=false
    "https://portal.example.org",
]


def links(message) -> list[str]:
    return re.findall(r"https?://[^\s\"<>]+", message.body)


@pytest.fixture(params=SITES)
def site_url(request, settings):
    settings.SITE_URL = request.param
    settings.USE_HTTPS = request.param.startswith("https")
    return request.param


def test_the_confirmation_link_is_on_the_site_url(client, site_url):
    client.post("/accounts/signup/", SIGNUP)

    assert [link.split("/accounts/")[0] for link in links(mail.outbox[0])] == [site_url]
    assert "/accounts/confirm-email/" in links(mail.outbox[0])[0]


def test_the_password_reset_link_is_on_the_site_url(client, supplier, site_url):
    client.post("/accounts/password/reset/", {"email": supplier.email})

    (link,) = links(mail.outbox[0])
    assert link.startswith(f"{site_url}/accounts/password/reset/key/")
    # The link works.
    path = link.removeprefix(site_url)
    assert client.get(path, follow=True).status_code == 200


def test_the_sign_up_link_for_an_unknown_address_is_on_the_site_url(client, site_url):
    client.post("/accounts/password/reset/", {"email": "nobody@example.com"})

    assert links(mail.outbox[0]) == [f"{site_url}/accounts/signup/"]


def test_the_links_for_an_address_already_registered_are_on_the_site_url(
    client, supplier, site_url
):
    client.post("/accounts/signup/", {**SIGNUP, "email": supplier.email})

    found = links(mail.outbox[0])
    assert found and all(link.startswith(f"{site_url}/accounts/") for link in found)


def test_a_forged_host_header_does_not_reach_the_links(client, settings):
    settings.SITE_URL = "https://portal.example.org"
    settings.ALLOWED_HOSTS = ["portal.example.org", "evil.example"]

    client.post("/accounts/signup/", SIGNUP, HTTP_HOST="evil.example")

    assert links(mail.outbox[0])[0].startswith("https://portal.example.org/accounts/")
