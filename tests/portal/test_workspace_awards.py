"""/supplier/: the contracts the company has won, shown to every member of the company (owner,
editors, viewers) and to nobody else."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from notices import publishing
from suppliers.models import Membership, TeamRole
from tests.factories import UserFactory
from tests.notices.factories import NoticeFactory
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(supplier):
    return SupplierFactory(owner=supplier)


@pytest.fixture
def won(company, staff):
    notice = NoticeFactory(title="Solar lanterns", deadline=timezone.now() - timedelta(days=3))
    return publishing.record_award(
        notice,
        supplier_name=company.legal_name,
        supplier_id=company.pk,
        value=Decimal("48000"),
        currency="USD",
        awarded_on=date(2026, 10, 2),
        starts_on=date(2026, 11, 1),
        ends_on=date(2027, 10, 31),
        by=staff,
    )


def awards_on_page(client, user) -> list:
    client.force_login(user)
    response = client.get("/supplier/")
    assert response.status_code == 200
    return response.context["workspace"].awards


def test_the_owner_sees_the_contract_won_with_its_value_and_period(client, supplier, won):
    client.force_login(supplier)

    response = client.get("/supplier/")

    assert [a.pk for a in response.context["workspace"].awards] == [won.pk]
    assert "Contracts your company has won" in response.text
    assert "Solar lanterns" in response.text
    assert "USD 48,000.00" in response.text
    assert response.context["workspace"].awards[0].contract_end == date(2027, 10, 31)


@pytest.mark.parametrize("role", [TeamRole.EDITOR, TeamRole.VIEWER])
def test_every_member_of_the_company_sees_its_awards(client, company, won, role):
    colleague = UserFactory(email=f"{role}@example.com")
    Membership.objects.create(supplier=company, user=colleague, role=role)

    assert [a.pk for a in awards_on_page(client, colleague)] == [won.pk]


def test_another_company_does_not_see_them(client, other_supplier, won):
    SupplierFactory(owner=other_supplier)

    assert awards_on_page(client, other_supplier) == []


def test_an_award_to_a_vendor_named_only_is_nobodys(client, supplier, company, staff):
    notice = NoticeFactory(deadline=timezone.now() - timedelta(days=3))
    publishing.record_award(
        notice, supplier_name=company.legal_name, awarded_on=date(2026, 10, 2), by=staff
    )

    response_awards = awards_on_page(client, supplier)

    assert response_awards == []


def test_visitors_are_sent_to_log_in(client):
    response = client.get("/supplier/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
