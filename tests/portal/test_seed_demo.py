"""manage.py seed_demo: demo accounts for each role, idempotent, never in production by accident."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.roles import is_admin, is_program_staff
from suppliers.models import Supplier, SupplierStatus
from tests.factories import add_second_factor, totp_code

pytestmark = pytest.mark.django_db


def seed(settings, capsys) -> str:
    settings.DEBUG = True
    call_command("seed_demo")
    return capsys.readouterr().out


def test_it_creates_one_account_per_role_and_prints_the_logins(settings, capsys):
    out = seed(settings, capsys)

    assert "supplier@example.org" in out and "supplier-demo-2026" in out
    supplier = User.objects.get(email="supplier@example.org")
    staff = User.objects.get(email="staff@example.org")
    admin = User.objects.get(email="admin@example.org")
    assert not is_program_staff(supplier) and not is_admin(supplier)
    assert is_program_staff(staff) and not staff.is_superuser
    assert is_admin(admin) and admin.is_superuser


def test_running_it_twice_changes_nothing(settings, capsys):
    seed(settings, capsys)
    seed(settings, capsys)

    assert User.objects.count() == 3 + 4, "three roles and four more suppliers"
    assert Supplier.objects.count() == 5
    assert User.objects.get(email="staff@example.org").groups.count() == 1


def test_there_is_a_demo_supplier_in_each_review_state(settings, capsys):
    seed(settings, capsys)

    assert sorted(Supplier.objects.values_list("status", flat=True)) == sorted(
        SupplierStatus.values
    )
    assert Supplier.objects.get(owner__email="supplier@example.org").status == "approved"


def test_the_demo_logins_work(settings, capsys, client):
    seed(settings, capsys)

    response = client.post(
        "/accounts/login/", {"login": "supplier@example.org", "password": "supplier-demo-2026"}
    )

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_it_refuses_to_run_in_production(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only with DEBUG on"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_the_demo_supplier_has_alerts_that_match_demo_notices(settings, capsys):
    from notices.alerts.criteria import preview
    from notices.alerts.models import Alert

    seed(settings, capsys)

    alerts = Alert.objects.filter(user__email="supplier@example.org")
    assert sorted(alerts.values_list("frequency", flat=True)) == ["daily", "instant"]
    assert any(len(preview(alert)) for alert in alerts), "the demo shows matches"


def test_the_demo_supplier_has_a_reviewed_assessment_with_a_plan_and_the_dashboard_shows_it(
    settings, capsys, client, tmp_path
):
    from suppliers.models import ActionStatus, Assessment, CorrectiveAction

    settings.MEDIA_ROOT = tmp_path
    out = seed(settings, capsys)
    seed(settings, capsys)

    assert "corrective action plan" in out
    assessment = Assessment.objects.get(supplier__owner__email="supplier@example.org")
    assert assessment.status == "approved" and assessment.band
    assert sorted(CorrectiveAction.objects.values_list("status", flat=True)) == sorted(
        [ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE]
    )
    staff = User.objects.get(email="staff@example.org")
    add_second_factor(staff)  # as the demo staff do at their first sign-in
    client.force_login(staff)
    figures = client.get("/dashboard/").context["figures"]
    assert figures["open_plans"] == 1 and figures["overdue_actions"] == 1
    assert figures["approved"] == 1 and figures["published"] > 0


def test_the_demo_staff_turn_on_their_second_factor_and_publish(settings, capsys, client):
    """A newcomer signs in as the demo staff, is sent to add the portal to an authenticator app,
    types its code and reaches the staff pages; running seed_demo again keeps the factor."""
    out = seed(settings, capsys)
    assert "two-factor authentication at their first sign-in" in out
    login = {"login": "staff@example.org", "password": "staff-demo-2026"}

    client.post("/accounts/login/", login)
    response = client.get("/staff/notices/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/reauthenticate/")
    client.post(response.redirect_chain[-1][0], {"password": login["password"]})
    secret = client.get("/accounts/2fa/totp/activate/").context["form"].secret
    client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert client.get("/staff/notices/").status_code == 200

    seed(settings, capsys)
    client.logout()
    response = client.post("/accounts/login/", login)
    assert response["Location"] == "/accounts/2fa/authenticate/", "the code is asked at sign-in"


def test_the_demo_supplier_has_won_contracts_that_the_workspace_and_dashboard_show(
    settings, capsys, client, tmp_path
):
    from notices.models import Award

    settings.MEDIA_ROOT = tmp_path
    out = seed(settings, capsys)
    seed(settings, capsys)

    assert "Demo awards won by the demo supplier: 4." in out
    won = Award.objects.filter(supplier__owner__email="supplier@example.org")
    assert won.count() == 4, "a second run links no more"
    client.force_login(User.objects.get(email="supplier@example.org"))
    assert len(client.get("/supplier/").context["workspace"].awards) == 4
    staff = User.objects.get(email="staff@example.org")
    add_second_factor(staff)
    client.force_login(staff)
    charts = {c.slug: c for c in client.get("/dashboard/", {"period": "all"}).context["charts"]}
    assert sum(row[1] for row in charts["awards"].rows) == 4
