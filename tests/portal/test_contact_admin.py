"""Staff read the contact page's messages in the admin, those to answer first, and mark them
handled; nobody adds or rewrites a message there."""

import pytest

from portal.models import ContactMessage
from tests.factories import totp_code

pytestmark = pytest.mark.django_db


def sign_in_with_second_factor(client, user, password):
    client.post("/accounts/login/", {"login": user.email, "password": password})
    client.post("/accounts/2fa/authenticate/", {"code": totp_code()})


@pytest.fixture
def messages_in(db):
    return [
        ContactMessage.objects.create(
            name="Wang Fang", email="wang@example.cn", topic="registration", message="Which scan?"
        ),
        ContactMessage.objects.create(
            name="Ali",
            email="ali@example.org",
            topic="other",
            message="Done",
            handled=True,
            handled_at="2026-01-02T03:04:05Z",
        ),
    ]


def test_an_admin_lists_the_messages_and_filters_the_unhandled(
    client, admin_user, password, messages_in
):
    sign_in_with_second_factor(client, admin_user, password)

    everything = client.get("/admin/portal/contactmessage/")
    unhandled = client.get("/admin/portal/contactmessage/?handled__exact=0")

    assert everything.status_code == 200
    assert "wang@example.cn" in everything.content.decode()
    assert "ali@example.org" in everything.content.decode()
    assert "wang@example.cn" in unhandled.content.decode()
    assert "ali@example.org" not in unhandled.content.decode()


def test_program_staff_mark_a_message_handled(client, staff, password, messages_in):
    sign_in_with_second_factor(client, staff, password)
    message = messages_in[0]

    response = client.post(
        "/admin/portal/contactmessage/",
        {"action": "mark_handled", "_selected_action": [message.pk]},
    )

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.handled and message.handled_by == staff


def test_the_change_page_changes_only_the_flag(client, admin_user, password, messages_in):
    sign_in_with_second_factor(client, admin_user, password)
    message = messages_in[0]
    url = f"/admin/portal/contactmessage/{message.pk}/change/"
    assert client.get(url).status_code == 200

    client.post(url, {"handled": "on", "message": "rewritten", "email": "x@example.com"})

    message.refresh_from_db()
    assert message.handled and message.handled_by == admin_user
    assert (message.message, message.email) == ("Which scan?", "wang@example.cn")


def test_no_message_is_added_in_the_admin(client, admin_user, password):
    sign_in_with_second_factor(client, admin_user, password)

    assert client.get("/admin/portal/contactmessage/add/").status_code == 403


def test_a_supplier_cannot_open_the_messages(client, supplier, password):
    client.force_login(supplier)

    response = client.get("/admin/portal/contactmessage/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]
