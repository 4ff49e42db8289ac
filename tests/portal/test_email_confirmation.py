"""The link in the confirmation e-mail: opening it confirms nothing (mail scanners and link
previewers open every link), the button of the page it opens does; a used link says so."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "buyer@example.com",
    "password1": "a-long-passphrase-2026",
    "password2": "a-long-passphrase-2026",
}
LOGIN = {"login": SIGNUP["email"], "password": SIGNUP["password1"]}


def signed_up(client) -> str:
    """Sign up with `client`; the path of the link in the confirmation e-mail."""
    client.post("/accounts/signup/", SIGNUP)
    body = mail.outbox[-1].body
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", body).group(1)


def confirmed() -> bool:
    return EmailAddress.objects.get(email=SIGNUP["email"]).verified


def test_a_scanner_opening_the_link_confirms_nothing(client):
    link = signed_up(Client())
    scanner = Client()  # no cookie: a company's mail scanner or a link previewer

    page = scanner.get(link)

    assert page.status_code == 200
    assert b"Confirm my e-mail address" in page.content
    assert not confirmed()
    # Whoever signed up with the address still cannot log in with it.
    response = client.post("/accounts/login/", LOGIN)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_the_button_of_the_page_confirms_and_sends_on_to_log_in(client):
    link = signed_up(Client())
    phone = Client()  # the owner opens the e-mail on another device

    response = phone.post(link)

    assert confirmed()
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fsupplier%2F"
    response = phone.post(response["Location"], LOGIN)
    assert response["Location"] == "/supplier/", "the registration continues there"


def test_confirming_in_the_browser_that_signed_up_logs_in_on_the_supplier_page(client):
    link = signed_up(client)
    assert client.get(link).status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post(link)

    assert response["Location"] == "/supplier/"
    assert "_auth_user_id" in client.session
    assert client.get("/supplier/", follow=True).status_code == 200


def test_a_used_link_says_the_address_is_already_confirmed_and_offers_to_log_in(client):
    link = signed_up(Client())
    Client().post(link)

    for response in [client.get(link), client.post(link)]:
        assert response.status_code == 200
        content = response.content.decode()
        assert "This e-mail address is already confirmed." in content
        assert 'href="/accounts/login/"' in content
        assert "expired" not in content


def test_a_forged_link_says_it_is_not_valid(client):
    signed_up(Client())

    response = client.get("/accounts/confirm-email/not-a-key/")

    assert b"This confirmation link has expired or is not valid." in response.content
    assert not confirmed()


def test_the_confirmation_page_speaks_chinese(client):
    link = signed_up(Client())
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})

    page = client.get(link).content.decode()
    Client().post(link)
    used = client.get(link).content.decode()

    assert "确认我的电子邮箱地址" in page
    assert "此电子邮箱地址已确认" in used
