"""Password reset without account enumeration; password and e-mail change."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

pytestmark = pytest.mark.django_db


def page_text(response, email: str) -> str:
    """The page as a visitor reads it: without the address they typed and the per-page CSRF token."""
    html = response.content.decode().replace(email, "")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, supplier):
    known = client.post("/accounts/password/reset/", {"email": supplier.email}, follow=True)
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.com"}, follow=True)

    assert (
        known.redirect_chain == unknown.redirect_chain == [("/accounts/password/reset/done/", 302)]
    )
    assert page_text(known, supplier.email) == page_text(unknown, "nobody@example.com")
    # Both addresses get an e-mail; only the known one gets a reset link.
    assert [m.to for m in mail.outbox] == [[supplier.email], ["nobody@example.com"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body


def test_the_reset_link_sets_a_new_password(client, supplier):
    client.post("/accounts/password/reset/", {"email": supplier.email})
    link = re.search(
        r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body
    ).group(1)

    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "brand-new-passphrase-9", "password2": "brand-new-passphrase-9"},
    )

    assert response.status_code == 302
    supplier.refresh_from_db()
    assert supplier.check_password("brand-new-passphrase-9")


def test_changing_the_password_ends_other_sessions(client, supplier, password):
    from django.test import Client

    other_browser = Client()
    other_browser.force_login(supplier)
    client.force_login(supplier)

    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": password,
            "password1": "another-passphrase-7",
            "password2": "another-passphrase-7",
        },
    )

    assert response.status_code == 302
    assert client.get("/accounts/preferences/").status_code == 200, "this browser stays signed in"
    assert other_browser.get("/accounts/preferences/").status_code == 302, "the other is signed out"


def test_adding_an_email_address_sends_a_confirmation(client, supplier):
    client.force_login(supplier)

    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "new-address@example.com"}
    )

    assert response.status_code == 302
    assert EmailAddress.objects.filter(
        user=supplier, email="new-address@example.com", verified=False
    ).exists()
    assert mail.outbox[-1].to == ["new-address@example.com"]
