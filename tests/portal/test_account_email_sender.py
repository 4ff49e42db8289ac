"""allauth's account e-mails (confirm the address, reset the password) come from the portal under its
name in the reader's language, from DEFAULT_FROM_EMAIL's address, like every other e-mail."""

import pytest
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "lotus.zh@example.cn",
    "password1": "a-long-passphrase-2026",
    "password2": "a-long-passphrase-2026",
}


@pytest.fixture(autouse=True)
def _sender(settings):
    settings.DEFAULT_FROM_EMAIL = "UN Supplier Portal <noreply@portal.example.org>"


def test_signing_up_in_chinese_brings_a_confirmation_from_the_chinese_name(client):
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})

    client.post("/accounts/signup/", SIGNUP)

    (confirmation,) = mail.outbox
    assert confirmation.from_email == "联合国供应商门户 <noreply@portal.example.org>"
    assert confirmation.body.startswith("您好！这里是联合国供应商门户。"), (
        "a greeting without a name"
    )


def test_signing_up_in_english_brings_a_confirmation_from_the_english_name(client):
    client.post("/accounts/signup/", SIGNUP)

    assert mail.outbox[0].from_email == "UN Supplier Portal <noreply@portal.example.org>"


def test_a_chinese_readers_password_reset_comes_from_the_chinese_name_whatever_page_asked(client):
    user = UserFactory(email="lotus.zh@example.cn", language="zh-hans")

    client.post("/accounts/password/reset/", {"email": user.email})

    (reset,) = mail.outbox
    assert reset.from_email == "联合国供应商门户 <noreply@portal.example.org>"
    assert "联合国供应商门户" in reset.subject
