"""Sign-up with mandatory e-mail verification (django-allauth)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import Language, User

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "new@example.com",
    "password1": "a-long-passphrase-2026",
    "password2": "a-long-passphrase-2026",
}


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


def test_sign_up_sends_a_verification_email_and_does_not_log_in(client):
    response = client.post("/accounts/signup/", SIGNUP)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.com"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    assert not EmailAddress.objects.get(email="new@example.com").verified
    assert "_auth_user_id" not in client.session


def test_an_unconfirmed_account_cannot_log_in(client):
    client.post("/accounts/signup/", SIGNUP)
    client.logout()
    mail.outbox.clear()

    response = client.post(
        "/accounts/login/", {"login": "new@example.com", "password": SIGNUP["password1"]}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/preferences/").status_code == 302


def test_the_confirmation_page_confirms_and_logs_in_on_the_supplier_page(client):
    client.post("/accounts/signup/", SIGNUP)

    response = client.post(confirmation_link(mail.outbox[0]))

    assert response.status_code == 302
    assert response["Location"] == "/supplier/", "where the registration continues"
    assert EmailAddress.objects.get(email="new@example.com").verified
    user = User.objects.get(email="new@example.com")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/accounts/preferences/").status_code == 200


def test_a_tampered_confirmation_link_confirms_nothing(client):
    client.post("/accounts/signup/", SIGNUP)
    link = confirmation_link(mail.outbox[0])

    response = client.post(link[:-6] + "AAAAA/")

    assert response.status_code == 200
    assert b"expired or is not valid" in response.content
    assert not EmailAddress.objects.get(email="new@example.com").verified


def test_sign_up_with_an_address_already_registered_gives_the_same_answer(client, supplier):
    response = client.post("/accounts/signup/", {**SIGNUP, "email": supplier.email})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert User.objects.filter(email=supplier.email).count() == 1
    assert "already" in mail.outbox[0].body.lower(), "the owner is told, not the visitor"


def test_mismatched_passwords_keep_the_address_and_say_why(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "password2": "something-else-2026"})

    assert response.status_code == 200
    assert b'value="new@example.com"' in response.content
    assert b"You must type the same password each time." in response.content
    assert not User.objects.exists()


def test_signing_up_in_chinese_keeps_chinese_for_the_account(client):
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})

    client.post("/accounts/signup/", SIGNUP)

    assert User.objects.get(email="new@example.com").language == Language.CHINESE
    assert "确认" in mail.outbox[0].subject + mail.outbox[0].body
