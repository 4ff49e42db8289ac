"""A colleague leaves a company from the workspace (/supplier/team/leave/): a page that says what
leaving means, then the button; their own alerts stay; the owner is told to hand the ownership
over first and stays."""

import pytest

from suppliers.models import Membership, TeamRole
from tests.factories import UserFactory
from tests.notices.factories import make_alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(company):
    user = UserFactory(email="li@example.cn", name="Li Na")
    Membership.objects.create(supplier=company, user=user, role=TeamRole.EDITOR)
    return user


def test_a_colleague_leaves_from_the_workspace_and_keeps_their_alerts(client, company, colleague):
    alert = make_alert(colleague)
    client.force_login(colleague)

    workspace = client.get("/supplier/").content.decode()
    page = client.get("/supplier/team/leave/").content.decode()
    response = client.post("/supplier/team/leave/", follow=True)

    assert 'href="/supplier/team/leave/"' in workspace
    assert "Your alerts, followed notices and language stay your own." in page
    assert f"You have left the team of {company.display_name}." in response.content.decode()
    assert not Membership.objects.filter(user=colleague).exists()
    assert colleague.alerts.filter(pk=alert.pk).exists()
    assert client.get("/supplier/team/leave/").status_code == 404, "on no team any more"


def test_the_owner_cannot_leave_and_is_told_why(client, company, colleague):
    client.force_login(company.owner)

    page = client.get("/supplier/team/leave/").content.decode()
    response = client.post("/supplier/team/leave/", follow=True)

    assert "hand the ownership to a colleague on the Team page first" in page
    assert "hand the ownership to a colleague" in response.content.decode()
    company.refresh_from_db()
    assert company.owner is not None and Membership.objects.filter(user=colleague).exists()


def test_leaving_needs_a_post(client, colleague):
    client.force_login(colleague)

    assert client.put("/supplier/team/leave/").status_code == 405
    assert Membership.objects.filter(user=colleague).exists()
