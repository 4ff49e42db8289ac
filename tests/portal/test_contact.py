"""The contact page: anyone may write; the message is stored first, then e-mailed to program staff
through the alert outbox (one row per staff member, sent by the alert senders, in each reader's
language, answering to the sender). Robots and floods are refused."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from notices.alerts import sending
from notices.alerts.models import AlertDelivery, DeliveryKind, DeliveryStatus
from portal import contact
from portal.models import ContactMessage
from tests.factories import AdminFactory, ProgramStaffFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Wang Fang",
    "email": "wang@example.cn",
    "topic": "registration",
    "message": "Our business licence was issued in 2019; which scan do you need?",
    "website": "",
}


def post(client, **changes):
    return client.post("/contact/", {**VALID, **changes})


def test_a_visitor_sees_the_form_with_its_labels(client):
    html = client.get("/contact/").content.decode()

    for label in ["Your name", "Your e-mail address", "Topic", "Your message"]:
        assert label in html
    assert 'class="field contact-trap"' in html, "the robots' field is hidden from people"


def test_a_signed_in_user_finds_their_address_and_name_filled_in(client):
    user = UserFactory(email="li@example.cn", name="Li Na")
    client.force_login(user)

    html = client.get("/contact/").content.decode()

    assert 'value="li@example.cn"' in html
    assert 'value="Li Na"' in html


def test_a_valid_message_is_stored_and_queued_for_each_staff_member(client, staff):
    other = ProgramStaffFactory(email="other-staff@example.com")

    response = post(client)

    assert response.status_code == 302 and response["Location"] == "/contact/"
    message = ContactMessage.objects.get()
    assert (message.name, message.email, message.topic, message.handled) == (
        "Wang Fang",
        "wang@example.cn",
        "registration",
        False,
    )
    assert message.user is None
    rows = AlertDelivery.objects.filter(contact_message=message)
    assert {row.user_id for row in rows} == {staff.pk, other.pk}
    assert {row.kind for row in rows} == {DeliveryKind.CONTACT_MESSAGE}
    assert {row.status for row in rows} == {DeliveryStatus.PENDING}


def test_the_sender_is_told_the_message_is_on_its_way(client, staff):
    response = client.post("/contact/", VALID, follow=True)

    html = response.content.decode()
    assert "Your message is saved and on its way to the program team" in html
    assert "wang@example.cn" in html


def test_a_signed_in_senders_account_is_kept_with_the_message(client, supplier, staff):
    client.force_login(supplier)

    post(client, email=supplier.email)

    assert ContactMessage.objects.get().user == supplier


def test_the_senders_deliver_an_e_mail_to_each_staff_member_in_their_language(client, staff):
    reader = ProgramStaffFactory(email="zh-staff@example.com", language="zh-hans", name="李娜")
    post(client)

    assert sending.send_pending() == {"sent": 2, "retry": 0, "failed": 0}

    by_address = {message.to[0]: message for message in mail.outbox}
    english, chinese = by_address[staff.email], by_address[reader.email]
    for message in (english, chinese):
        assert message.reply_to == ["wang@example.cn"]
        assert VALID["message"] in message.body
        assert VALID["message"] in message.alternatives[0][0]
        assert "List-Unsubscribe" not in message.extra_headers, "no list to leave"
        assert "/admin/portal/contactmessage/" in message.body
    assert english.subject == (
        "Contact page: Registering my company and its review, from Wang Fang"
    )
    assert "Reply to this e-mail to answer them" in english.body
    assert chinese.subject.startswith("联系页面")
    assert "Reply to this e-mail" not in chinese.body
    assert set(AlertDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_the_e_mails_leave_once_the_message_is_committed(
    client, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client)

    assert [message.to for message in mail.outbox] == [[staff.email]]


def test_a_staff_member_sees_the_message_in_their_e_mail_log(client, staff):
    post(client)
    sending.send_pending()
    client.force_login(staff)

    html = client.get("/alerts/log/").content.decode()

    assert "A message from the contact page" in html


@pytest.mark.parametrize(
    "field, value, error",
    [
        ("name", "", "This field is required."),
        ("email", "not-an-address", "Enter a valid email address."),
        ("topic", "", "This field is required."),
        ("topic", "lottery", "Select a valid choice."),
        ("message", "", "This field is required."),
        ("message", "x" * 5001, "Ensure this value has at most 5000 characters"),
    ],
)
def test_a_wrong_field_is_named_nothing_is_stored_and_the_input_is_kept(
    client, staff, field, value, error
):
    response = post(client, **{field: value})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert error in html
    assert 'aria-invalid="true"' in html
    kept = [v for k, v in VALID.items() if k != field and k not in ("topic", "website")]
    assert all(v in html for v in kept)
    assert not ContactMessage.objects.exists()
    assert not AlertDelivery.objects.exists()


def test_a_filled_robots_field_is_refused_and_nothing_is_stored(client, staff):
    response = post(client, website="http://spam.example")

    html = response.content.decode()
    assert response.status_code == 200
    assert "This field must stay empty." in html
    assert 'class="field field--error"' in html, "shown to a person whose browser filled it"
    assert not ContactMessage.objects.exists()


def test_a_network_address_may_send_five_messages_in_ten_minutes(staff):
    sender, neighbour = Client(REMOTE_ADDR="203.0.113.9"), Client(REMOTE_ADDR="198.51.100.7")

    statuses = [post(sender).status_code for _ in range(6)]

    assert statuses == [302] * 5 + [429]
    assert ContactMessage.objects.count() == 5
    refused = post(sender)
    assert "You have sent several messages in a short time" in refused.content.decode()
    assert post(neighbour).status_code == 302


def test_invalid_attempts_do_not_count_towards_the_limit(staff):
    sender = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(6):
        post(sender, message="")

    assert post(sender).status_code == 302


def test_without_reachable_program_staff_the_admins_receive_the_message(client):
    Group.objects.get(name="Program staff").user_set.clear()
    admin = AdminFactory(email="root@example.com")
    ProgramStaffFactory(email="left@example.com", is_active=False)

    post(client)

    assert list(AlertDelivery.objects.values_list("user_id", flat=True)) == [admin.pk]


def test_staff_with_an_unconfirmed_address_are_left_out(client, staff):
    ProgramStaffFactory(email="new-staff@example.com", verified=False)

    post(client)

    assert list(AlertDelivery.objects.values_list("user_id", flat=True)) == [staff.pk]


def test_with_nobody_to_e_mail_the_message_is_still_stored(client, caplog):
    response = post(client)

    assert response.status_code == 302
    assert ContactMessage.objects.count() == 1
    assert not AlertDelivery.objects.exists()
    assert "has no staff to e-mail" in caplog.text


def test_marking_handled_records_who_and_when_once():
    first, second = (
        ContactMessage.objects.create(name="A", email="a@example.com", topic="other", message="m")
        for _ in range(2)
    )
    admin = AdminFactory()

    assert contact.mark_handled(ContactMessage.objects.filter(pk=first.pk), by=admin) == 1
    assert contact.mark_handled(ContactMessage.objects.all(), by=admin) == 1
    first.refresh_from_db()
    assert first.handled and first.handled_by == admin and first.handled_at is not None
    assert contact.mark_unhandled(ContactMessage.objects.filter(pk=second.pk)) == 1
