"""Invitation-only events: staff invite addresses from the event's staff page; whoever has confirmed
an invited address on their account registers; nobody else does. Invitations of a draft leave when
it is published; one nobody used can be withdrawn."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError

from events import invitations, publishing, registration
from events.models import Invitation, Registration
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_workshop(db):
    return EventFactory(eligibility="invitation", title_en="Closed workshop", title_zh="闭门研讨会")


def test_staff_invite_from_the_staff_page_and_each_address_gets_the_e_mail_in_its_language(
    client, staff, private_workshop, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    staff_page = client.get(f"/staff/events/{private_workshop.pk}/").content.decode()
    assert "Invitations" in staff_page and "Nobody is invited yet." in staff_page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/staff/events/{private_workshop.pk}/invitations/",
            {
                "addresses": "Wang.Fang@Example.com, li@example.com\nwang.fang@example.com",
                "language": "zh-hans",
            },
            follow=True,
        )

    text = response.content.decode()
    assert "2 addresses invited; the e-mails are on their way." in text
    assert sorted(private_workshop.invitations.values_list("email", flat=True)) == [
        "li@example.com",
        "wang.fang@example.com",
    ]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "li@example.com",
        "wang.fang@example.com",
    ]
    message = mail.outbox[0]
    assert message.subject == "邀请您参加：闭门研讨会"
    assert f"/events/{private_workshop.pk}/" in message.body and "报名截止" in message.body


def test_invited_people_register_and_nobody_else(client, private_workshop):
    invitations.invite(event=private_workshop, text="Guest@example.com", language="en", by=None)
    invited = UserFactory(email="guest@example.com")
    stranger = UserFactory(email="stranger@example.com")

    client.force_login(stranger)
    refused = client.get(f"/events/{private_workshop.pk}/").content.decode()
    client.force_login(invited)
    response = client.post(f"/events/{private_workshop.pk}/register/", follow=True)

    assert "by invitation only: sign in with the address we invited" in refused
    assert "You are registered" in response.content.decode()
    assert Registration.objects.get().user == invited
    with pytest.raises(ValidationError, match="by invitation only"):
        registration.register(event=private_workshop, user=stranger)


def test_an_invited_address_counts_only_once_confirmed_on_the_account(private_workshop):
    user = UserFactory(email="main@example.com")
    EmailAddress.objects.create(user=user, email="second@example.com", verified=False)
    invitations.invite(event=private_workshop, text="second@example.com", language="en", by=None)

    assert not invitations.is_invited(private_workshop, user)
    EmailAddress.objects.filter(email="second@example.com").update(verified=True)
    assert invitations.is_invited(private_workshop, user)


def test_bad_addresses_are_named_and_nothing_is_invited_and_the_input_is_kept(
    client, staff, private_workshop
):
    client.force_login(staff)

    response = client.post(
        f"/staff/events/{private_workshop.pk}/invitations/",
        {"addresses": "good@example.com; not-an-address, also@bad", "language": "en"},
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "These are not e-mail addresses: not-an-address, also@bad. Nobody was invited." in text
    assert "good@example.com; not-an-address, also@bad" in text
    assert not Invitation.objects.exists()


def test_only_an_invitation_event_takes_invitations(staff):
    open_event = EventFactory(eligibility="signed_in")

    with pytest.raises(ValidationError, match="Only an event open by invitation"):
        invitations.invite(event=open_event, text="a@example.com", language="en", by=staff)


def test_the_invitations_of_a_draft_leave_when_it_is_published(
    staff, django_capture_on_commit_callbacks
):
    draft = EventFactory(eligibility="invitation", status="draft", published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invite(event=draft, text="a@example.com b@example.com", language="en", by=staff)
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(draft, by=staff)

    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.com", "b@example.com"]
    assert mail.outbox[0].subject.startswith("You are invited:")


def test_staff_see_who_registered_and_withdraw_only_an_unused_invitation(
    client, staff, private_workshop
):
    invitations.invite(
        event=private_workshop, text="came@example.com unused@example.com", language="en", by=None
    )
    registration.register(event=private_workshop, user=UserFactory(email="came@example.com"))
    used, unused = (
        Invitation.objects.get(email="came@example.com"),
        Invitation.objects.get(email="unused@example.com"),
    )
    client.force_login(staff)

    page = client.get(f"/staff/events/{private_workshop.pk}/").content.decode()
    withdrawn = client.post(
        f"/staff/events/{private_workshop.pk}/invitations/{unused.pk}/withdraw/", follow=True
    )

    assert "came@example.com · registered" in page
    assert "Withdraw the invitation of unused@example.com" in page
    assert "Withdraw the invitation of came@example.com" not in page
    assert "The invitation of unused@example.com is withdrawn." in withdrawn.content.decode()
    with pytest.raises(ValidationError, match="has registered"):
        invitations.withdraw(used)
    assert list(Invitation.objects.all()) == [used]


def test_the_invitation_e_mail_in_english_names_the_address_to_sign_in_with(
    staff, private_workshop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invite(event=private_workshop, text="x@example.com", language="en", by=staff)

    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert message.subject == "You are invited: Closed workshop"
    assert "sign in to the portal with this e-mail address" in message.body
    assert "China (Shanghai) Time" in message.body
    assert f'/events/{private_workshop.pk}/"' in html
