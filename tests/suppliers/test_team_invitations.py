"""Inviting a colleague to a company's account: the e-mail, its link, and who may accept it."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from accounts.models import Language, User
from suppliers.models import Invitation, InvitationStatus, Membership, TeamRole
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

INVITED = "colleague@example.com"


def join_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/supplier/team/join/[^\s]+/)", message.body).group(1)


def confirmation_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


@pytest.fixture
def owner_client(client, company):
    client.force_login(company.owner)
    return client


def invite(client, capture, **fields):
    data = {"email": INVITED, "role": "editor", "language": "en"} | fields
    with capture(execute=True):
        return client.post("/supplier/team/", data)


def test_the_owner_invites_a_colleague_by_e_mail(
    owner_client, company, django_capture_on_commit_callbacks
):
    response = invite(owner_client, django_capture_on_commit_callbacks, language="zh-hans")

    assert response.status_code == 302
    assert response["Location"] == "/supplier/team/"
    invitation = Invitation.objects.get()
    assert (invitation.supplier, invitation.email, invitation.role) == (company, INVITED, "editor")
    assert invitation.status == InvitationStatus.PENDING
    assert invitation.expires_at - invitation.sent_at == timedelta(days=14)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [INVITED]
    assert company.legal_name_local in message.subject, "in the language the owner chose"
    assert "邀请" in message.body
    assert join_path(message).startswith("/supplier/team/join/")
    page = owner_client.get("/supplier/team/")
    assert INVITED in page.content.decode()


def test_the_invitation_is_in_the_inviters_language_unless_they_choose(owner_client, company):
    company.owner.language = Language.CHINESE
    company.owner.save()

    page = owner_client.get("/supplier/team/")

    assert page.context["form"]["language"].value() == "zh-hans"


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"role": "owner"}, "Select a valid choice."),
        ({"language": "fr"}, "Select a valid choice."),
        ({"email": "supplier@example.com"}, "is already on your team"),
    ],
)
def test_a_bad_invitation_is_refused_and_nothing_is_sent(
    owner_client, fields, error, django_capture_on_commit_callbacks
):
    response = invite(owner_client, django_capture_on_commit_callbacks, **fields)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_address_already_invited_is_not_invited_twice(
    owner_client, django_capture_on_commit_callbacks
):
    invite(owner_client, django_capture_on_commit_callbacks)

    response = invite(owner_client, django_capture_on_commit_callbacks, email=INVITED.upper())

    assert "is already invited" in response.content.decode()
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_colleague_with_an_account_signs_in_through_the_link_and_accepts(
    owner_client, company, client_factory, django_capture_on_commit_callbacks
):
    invite(owner_client, django_capture_on_commit_callbacks)
    colleague = UserFactory(email=INVITED)
    browser = client_factory()
    link = join_path(mail.outbox[0])

    page = browser.get(link)
    assert page.status_code == 200
    assert "Sign in" in page.content.decode()
    signed_in = browser.post(
        f"/accounts/login/?next={link}", {"login": INVITED, "password": PASSWORD}
    )
    assert signed_in["Location"] == link
    accepted = browser.post(link)

    assert accepted.status_code == 302
    assert accepted["Location"] == "/supplier/"
    membership = Membership.objects.get(user=colleague)
    assert (membership.supplier, membership.role) == (company, TeamRole.EDITOR)
    assert Invitation.objects.get().status == InvitationStatus.ACCEPTED
    workspace = browser.get("/supplier/")
    assert company.legal_name in workspace.content.decode()


def test_a_name_that_ends_with_a_full_stop_is_not_followed_by_another(
    owner_client, company, client_factory, django_capture_on_commit_callbacks
):
    company.legal_name = "Fuzhou Bamboo Co., Ltd."
    company.save()
    invite(owner_client, django_capture_on_commit_callbacks)
    UserFactory(email=INVITED)
    browser = client_factory()
    browser.login(email=INVITED, password=PASSWORD)

    team_page = owner_client.get("/supplier/team/").content.decode()
    welcome = browser.post(join_path(mail.outbox[0]), follow=True).content.decode()

    assert "Ltd.." not in team_page and "Ltd.." not in welcome
    assert "You are on the team of Fuzhou Bamboo Co., Ltd. now." in welcome


def test_a_newcomer_signs_up_through_the_link_confirms_the_address_and_accepts(
    owner_client, company, client_factory, django_capture_on_commit_callbacks
):
    invite(owner_client, django_capture_on_commit_callbacks)
    link = join_path(mail.outbox[0])
    browser = client_factory()
    assert "/accounts/signup/" in browser.get(link).content.decode()

    password = "a-long-passphrase-2026"
    signup = {"email": INVITED, "password1": password, "password2": password}
    browser.post(f"/accounts/signup/?next={link}", signup)
    assert browser.post(link).status_code == 302, "not signed in before the address is confirmed"
    confirmed = browser.post(confirmation_path(mail.outbox[-1]))
    assert confirmed.status_code == 302
    workspace = browser.get("/supplier/")
    assert link in workspace.content.decode(), "the workspace offers the invitation"
    accepted = browser.post(link)

    assert accepted["Location"] == "/supplier/"
    user = User.objects.get(email=INVITED)
    assert Membership.objects.get(user=user).supplier == company


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


@pytest.fixture
def sent_link(owner_client, django_capture_on_commit_callbacks):
    invite(owner_client, django_capture_on_commit_callbacks)
    return join_path(mail.outbox[0])


def signed_in(client_factory, user):
    browser = client_factory()
    browser.force_login(user)
    return browser


def test_a_link_works_once(sent_link, client_factory):
    signed_in(client_factory, UserFactory(email=INVITED)).post(sent_link)
    Membership.objects.all().delete()  # even once they have left, the link stays used

    response = signed_in(client_factory, User.objects.get(email=INVITED)).post(sent_link)

    assert response.status_code == 403
    assert "already been used" in response.content.decode()
    assert not Membership.objects.exists()


def test_a_link_opened_by_another_account_is_refused_and_says_why(sent_link, client_factory):
    stranger = UserFactory(email="stranger@example.com")

    response = signed_in(client_factory, stranger).post(sent_link)

    assert response.status_code == 403
    assert f"This invitation was sent to {INVITED}" in response.content.decode()
    assert not Membership.objects.exists()
    assert Invitation.objects.get().status == InvitationStatus.PENDING


def test_the_invited_address_must_be_confirmed(sent_link, client_factory):
    colleague = UserFactory(email=INVITED, verified=False)

    response = signed_in(client_factory, colleague).post(sent_link)

    assert response.status_code == 403
    assert not Membership.objects.exists()


def test_a_confirmed_second_address_of_the_account_may_accept(sent_link, client_factory):
    colleague = UserFactory(email="personal@example.com")
    EmailAddress.objects.create(user=colleague, email=INVITED, verified=True, primary=False)

    response = signed_in(client_factory, colleague).post(sent_link)

    assert response.status_code == 302
    assert Membership.objects.filter(user=colleague).exists()


def test_an_expired_link_is_refused(sent_link, client_factory):
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    response = signed_in(client_factory, UserFactory(email=INVITED)).post(sent_link)

    assert response.status_code == 403
    assert "has expired" in response.content.decode()
    assert not Membership.objects.exists()


def test_a_withdrawn_invitation_is_refused(owner_client, sent_link, client_factory):
    invitation = Invitation.objects.get()
    withdrawn = owner_client.post(f"/supplier/team/invitations/{invitation.pk}/withdraw/")

    response = signed_in(client_factory, UserFactory(email=INVITED)).post(sent_link)

    assert withdrawn["Location"] == "/supplier/team/"
    assert response.status_code == 403
    assert "withdrawn" in response.content.decode()
    assert not Membership.objects.exists()


def test_sending_again_gives_a_new_link_and_the_old_one_stops_working(
    owner_client, sent_link, client_factory, django_capture_on_commit_callbacks
):
    invitation = Invitation.objects.get()
    Invitation.objects.update(
        sent_at=timezone.now() - timedelta(days=15), expires_at=timezone.now() - timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(f"/supplier/team/invitations/{invitation.pk}/send-again/")
    new_link = join_path(mail.outbox[-1])
    colleague = UserFactory(email=INVITED)

    old = signed_in(client_factory, colleague).get(sent_link)
    new = signed_in(client_factory, colleague).post(new_link)

    assert new_link != sent_link
    assert old.status_code == 404
    assert new.status_code == 302
    assert Membership.objects.filter(user=colleague).exists()


def test_a_forged_link_is_not_found(client):
    assert client.get("/supplier/team/join/1-0123456789abcdef/").status_code == 404
    assert client.get("/supplier/team/join/not-a-token/").status_code == 404


def test_a_person_of_another_company_cannot_join_a_second_one(
    sent_link, client_factory, other_company
):
    other_company.owner.email = INVITED
    other_company.owner.save()
    EmailAddress.objects.filter(user=other_company.owner).update(email=INVITED)

    response = signed_in(client_factory, other_company.owner).post(sent_link)

    assert response.status_code == 403
    assert "one company at most" in response.content.decode()
    assert not Membership.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in_to_accept(sent_link, client_factory):
    response = client_factory().post(sent_link)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Membership.objects.exists()


def test_the_join_page_takes_no_other_method(sent_link, client_factory):
    assert client_factory().put(sent_link).status_code == 405


def test_invitations_of_another_company_are_not_found(client, other_company, sent_link):
    client.force_login(other_company.owner)
    invitation = Invitation.objects.get()

    for action in ("withdraw", "send-again"):
        response = client.post(f"/supplier/team/invitations/{invitation.pk}/{action}/")
        assert response.status_code == 404
    assert Invitation.objects.get().status == InvitationStatus.PENDING


def test_the_invitation_actions_take_only_post(owner_client, sent_link):
    invitation = Invitation.objects.get()
    for action in ("withdraw", "send-again"):
        response = owner_client.get(f"/supplier/team/invitations/{invitation.pk}/{action}/")
        assert response.status_code == 405


def test_the_team_page_sends_visitors_to_sign_in(client):
    response = client.get("/supplier/team/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_company_never_shows_another_companys_team(client, company, other_company):
    Membership.objects.create(
        supplier=company, user=UserFactory(email="editor@example.com"), role="editor"
    )
    client.force_login(other_company.owner)

    page = client.get("/supplier/team/")

    assert page.status_code == 200
    assert "editor@example.com" not in page.content.decode()
    assert company.owner.email not in page.content.decode()


def test_someone_without_a_company_has_no_team_page(client, supplier):
    client.force_login(supplier)
    assert client.get("/supplier/team/").status_code == 404


def test_an_invitation_is_not_sent_again_within_ten_minutes(
    owner_client, sent_link, django_capture_on_commit_callbacks
):
    invitation = Invitation.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            f"/supplier/team/invitations/{invitation.pk}/send-again/", follow=True
        )

    assert "you can send it again after 10 minutes" in response.content.decode()
    assert len(mail.outbox) == 1
    assert Invitation.objects.get().nonce == invitation.nonce


def test_a_company_has_twenty_invitations_waiting_at_most(
    owner_client, company, django_capture_on_commit_callbacks
):
    for n in range(20):
        invite(owner_client, django_capture_on_commit_callbacks, email=f"person{n}@example.com")

    response = invite(owner_client, django_capture_on_commit_callbacks)

    assert "20 invitations are waiting already" in response.content.decode()
    assert Invitation.objects.count() == 20
    assert len(mail.outbox) == 20
