"""A person who finds their company already registered asks its owner for an invitation."""

import re

import pytest
from django.core import mail

from accounts.models import Language
from suppliers.models import Invitation, JoinRequest, JoinRequestStatus
from tests.factories import UserFactory
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(client):
    user = UserFactory(email="newcomer@example.com", name="Chen Jing")
    client.force_login(user)
    return user


def start(client, company):
    return client.post(
        "/supplier/start/",
        {
            "legal_name": "Our company",
            "legal_name_local": "",
            "country": "CN",
            "registration_number": company.registration_number.lower(),
        },
    )


def ask(client, company, capture):
    with capture(execute=True):
        return client.post(
            "/supplier/team/ask/",
            {"country": "CN", "registration_number": company.registration_number.lower()},
        )


def test_the_refused_registration_offers_to_ask_the_owner(client, newcomer, company):
    response = start(client, company)

    page = response.content.decode()
    assert response.status_code == 200
    assert "ask its owner for an invitation" in page
    assert 'action="/supplier/team/ask/"' in page
    assert f'value="{company.registration_number.lower()}"' in page
    assert company.legal_name not in page, "the company is not named to a stranger"


def test_the_owner_is_asked_by_e_mail_in_their_language_and_answers_on_the_team_page(
    client, newcomer, company, django_capture_on_commit_callbacks
):
    company.owner.language = Language.CHINESE
    company.owner.save()

    response = ask(client, company, django_capture_on_commit_callbacks)

    assert response["Location"] == "/supplier/"
    join_request = JoinRequest.objects.get()
    assert (join_request.supplier, join_request.user) == (company, newcomer)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [company.owner.email]
    assert "newcomer@example.com" in message.body
    assert "申请" in message.subject
    team_url = re.search(r"https?://[^/\s]+(/supplier/team/)", message.body).group(1)
    client.force_login(company.owner)
    page = client.get(team_url).content.decode()
    assert "newcomer@example.com" in page
    assert f"/supplier/team/requests/{join_request.pk}/invite/" in page
    assert f"/supplier/team/requests/{join_request.pk}/decline/" in page


def test_asking_again_sends_nothing_new(
    client, newcomer, company, django_capture_on_commit_callbacks
):
    ask(client, company, django_capture_on_commit_callbacks)

    response = ask(client, company, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert JoinRequest.objects.count() == 1
    assert len(mail.outbox) == 1
    follow = client.get("/supplier/")
    assert "You have asked already" in follow.content.decode()


def test_one_person_waits_for_three_companies_at_most(
    client, newcomer, django_capture_on_commit_callbacks
):
    companies = SupplierFactory.create_batch(4)
    for company in companies[:3]:
        ask(client, company, django_capture_on_commit_callbacks)

    response = ask(client, companies[3], django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert JoinRequest.objects.count() == 3
    assert len(mail.outbox) == 3
    assert "requests waiting for an answer already" in client.get("/supplier/").content.decode()


def test_an_unknown_registration_is_not_found(client, newcomer, django_capture_on_commit_callbacks):
    response = client.post(
        "/supplier/team/ask/", {"country": "CN", "registration_number": "nothing"}
    )

    assert response.status_code == 404
    assert not JoinRequest.objects.exists()


def test_someone_with_a_company_cannot_ask(client, company, other_company):
    client.force_login(other_company.owner)

    response = client.post(
        "/supplier/team/ask/",
        {"country": "CN", "registration_number": company.registration_number},
        follow=True,
    )

    assert "already belongs to a company" in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_asking_needs_a_signed_in_post(client, company):
    assert client.post("/supplier/team/ask/")["Location"].startswith("/accounts/login/")
    client.force_login(UserFactory())
    assert client.get("/supplier/team/ask/").status_code == 405


def test_the_owner_invites_the_requester_in_their_language(
    client, newcomer, company, django_capture_on_commit_callbacks
):
    newcomer.language = Language.CHINESE
    newcomer.save()
    ask(client, company, django_capture_on_commit_callbacks)
    join_request = JoinRequest.objects.get()
    client.force_login(company.owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/supplier/team/requests/{join_request.pk}/invite/", {"role": "editor"}
        )

    assert response["Location"] == "/supplier/team/"
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.language) == (
        newcomer.email,
        "editor",
        "zh-hans",
    )
    assert JoinRequest.objects.get().status == JoinRequestStatus.INVITED
    assert mail.outbox[-1].to == [newcomer.email]


def test_the_owner_declines_a_request(
    client, newcomer, company, django_capture_on_commit_callbacks
):
    ask(client, company, django_capture_on_commit_callbacks)
    join_request = JoinRequest.objects.get()
    client.force_login(company.owner)

    response = client.post(f"/supplier/team/requests/{join_request.pk}/decline/")

    assert response["Location"] == "/supplier/team/"
    assert JoinRequest.objects.get().status == JoinRequestStatus.DECLINED
    assert not Invitation.objects.exists()
    page = client.get("/supplier/team/").content.decode()
    assert f"/supplier/team/requests/{join_request.pk}/" not in page


def test_a_request_is_answered_once(client, newcomer, company, django_capture_on_commit_callbacks):
    ask(client, company, django_capture_on_commit_callbacks)
    join_request = JoinRequest.objects.get()
    client.force_login(company.owner)
    client.post(f"/supplier/team/requests/{join_request.pk}/decline/")

    response = client.post(
        f"/supplier/team/requests/{join_request.pk}/invite/", {"role": "viewer"}, follow=True
    )

    assert "already answered" in response.content.decode()
    assert not Invitation.objects.exists()


def test_requests_of_another_company_are_not_found(
    client, newcomer, company, other_company, django_capture_on_commit_callbacks
):
    ask(client, company, django_capture_on_commit_callbacks)
    join_request = JoinRequest.objects.get()
    client.force_login(other_company.owner)

    for action in ("invite", "decline"):
        response = client.post(f"/supplier/team/requests/{join_request.pk}/{action}/")
        assert response.status_code == 404
    assert JoinRequest.objects.get().status == JoinRequestStatus.PENDING


def test_the_database_keeps_one_pending_request_per_person_and_company(company, newcomer):
    from django.db import IntegrityError, transaction

    JoinRequest.objects.create(supplier=company, user=newcomer)
    with pytest.raises(IntegrityError), transaction.atomic():
        JoinRequest.objects.create(supplier=company, user=newcomer)


def test_from_the_refused_registration_to_a_member_of_the_company(
    client, newcomer, company, client_factory, django_capture_on_commit_callbacks
):
    page = start(client, company).content.decode()
    form = page[page.index('action="/supplier/team/ask/"') :]
    fields = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/supplier/team/ask/", fields)
    owner = client_factory()
    owner.force_login(company.owner)
    join_request = JoinRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(f"/supplier/team/requests/{join_request.pk}/invite/", {"role": "viewer"})
    link = re.search(r"https?://[^/\s]+(/supplier/team/join/[^\s]+/)", mail.outbox[-1].body)

    accepted = client.post(link.group(1))

    assert accepted["Location"] == "/supplier/"
    assert newcomer.membership.supplier == company
    assert newcomer.membership.role == "viewer"


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client
