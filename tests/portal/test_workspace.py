"""/supplier/: the supplier's workspace. What to do next for each state of the company, what is due
this week, the notices they follow, their alerts with what each matched lately, the e-mails sent to
them, their assessment; nobody sees another's; the page costs the same queries however much they
have on file."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import formats, timezone

from notices.alerts.models import AlertDelivery, DeliveryKind, DeliveryStatus, Follow
from notices.award_models import Award, Contract
from notices.interest_models import Interest
from notices.models import Amendment, NoticeStatus
from suppliers import documents, review
from suppliers.models import DocumentKind
from tests.notices.factories import NoticeFactory, make_alert
from tests.suppliers.assessment_helpers import approved_round, raise_action
from tests.suppliers.conftest import real_pdf
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(supplier, settings, tmp_path):
    """The supplier persona's complete, draft profile (with a business licence)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    company = SupplierFactory(owner=supplier)
    documents.add_document(
        supplier=company,
        kind=DocumentKind.BUSINESS_LICENCE,
        upload=SimpleUploadedFile("licence.pdf", real_pdf()),
    )
    return company


def page(client, user):
    client.force_login(user)
    response = client.get("/supplier/")
    assert response.status_code == 200
    return response


def step_keys(response) -> list[str]:
    return [step.key for step in response.context["workspace"].steps]


def follow(user, **notice):
    notice = NoticeFactory(**notice)
    Follow.objects.create(user=user, notice=notice)
    return notice


def delivered(user, notice, *, alert=None, kind=DeliveryKind.NEW_NOTICE, event="", days_ago=0):
    when = timezone.now() - timedelta(days=days_ago)
    return AlertDelivery.objects.create(
        user=user,
        notice=notice,
        alert=alert,
        kind=kind,
        event=event,
        status=DeliveryStatus.SENT,
        sent_at=when,
        created_at=when,
    )


# --- Who may see it ----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/supplier/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/supplier/")


def test_it_answers_only_get(client, supplier):
    client.force_login(supplier)

    assert client.post("/supplier/").status_code == 405


def test_nobody_sees_another_suppliers_workspace(client, supplier, other_supplier):
    theirs = SupplierFactory(owner=other_supplier, legal_name_local="别人的公司")
    notice = follow(other_supplier, title="Their followed notice")
    alert = make_alert(other_supplier, name="Their alert")
    delivered(other_supplier, notice, alert=alert)

    response = page(client, supplier)
    content = response.content.decode()

    assert theirs.legal_name_local not in content
    assert "Their followed notice" not in content
    assert "Their alert" not in content
    workspace = response.context["workspace"]
    assert workspace.company.supplier is None
    assert (workspace.followed, workspace.alerts, workspace.emails) == ([], [], [])


# --- What to do next, for each state --------------------------------------------------------------


def test_a_user_without_company_is_asked_to_register_it_first_and_to_save_an_alert(
    client, supplier
):
    response = page(client, supplier)
    content = response.content.decode()

    assert step_keys(response) == ["register", "alert"]
    assert 'href="/supplier/start/"' in content
    assert 'href="/alerts/new/"' in content
    assert "Registration status" not in content
    assert "Notices you follow" in content, "follows and alerts show without a company too"


def test_a_draft_is_led_to_its_first_missing_item(client, supplier):
    SupplierFactory(owner=supplier, phone="")
    make_alert(supplier)

    response = page(client, supplier)
    content = response.content.decode()

    assert step_keys(response) == ["complete"]
    assert "Complete your company profile" in content
    assert 'href="/supplier/contacts/"' in content
    assert "Registration status: Draft" in content


def test_a_complete_draft_is_asked_to_submit_with_a_button(client, company):
    make_alert(company.owner)

    response = page(client, company.owner)

    assert step_keys(response) == ["submit"]
    assert response.content.decode().count('action="/supplier/submit/"') == 2


def test_a_submitted_profile_waits_and_is_invited_to_the_assessment(client, company):
    review.submit(company, by=company.owner)
    make_alert(company.owner)

    response = page(client, company.owner)
    content = response.content.decode()

    assert step_keys(response) == ["review", "assessment"]
    assert "Wait for the review of your profile" in content
    assert "Registration status: Submitted for review" in content
    assert 'href="/supplier/assessment/"' in content


def test_changes_requested_show_the_reviewers_note_and_a_way_to_resubmit(
    client, company, admin_user
):
    review.submit(company, by=company.owner)
    review.request_changes(company, by=admin_user, note="Add your client references.")
    make_alert(company.owner)

    response = page(client, company.owner)
    content = response.content.decode()

    assert step_keys(response) == ["changes", "submit"]
    assert "Add your client references." in content
    assert 'href="#review-status"' in content
    assert 'id="review-status"' in content


def test_an_approved_company_without_assessment_is_asked_to_answer_it(client, company, admin_user):
    review.submit(company, by=company.owner)
    review.approve(company, by=admin_user)
    make_alert(company.owner)

    response = page(client, company.owner)
    content = response.content.decode()

    assert step_keys(response) == ["assessment"]
    assert "Answer the sustainability assessment" in content
    assert "You have not started an assessment yet." in content


def test_overdue_corrective_actions_come_first_and_are_due_this_week(
    client, company, admin_user, staff
):
    review.submit(company, by=company.owner)
    review.approve(company, by=admin_user)
    round_ = approved_round(company, staff)
    later = raise_action(round_, staff, days=20)
    soon = raise_action(round_, staff, days=2)
    overdue = raise_action(round_, staff, days=1)
    overdue.due_on = timezone.localdate() - timedelta(days=3)
    overdue.save()
    make_alert(company.owner)

    response = page(client, company.owner)
    workspace = response.context["workspace"]
    content = response.content.decode()

    steps = workspace.steps
    assert [step.key for step in steps] == ["action", "action", "action"]
    assert [step.overdue for step in steps] == [True, False, False]
    assert [step.url.rsplit("-", 1)[1] for step in steps] == [
        str(overdue.pk),
        str(soon.pk),
        str(later.pk),
    ]
    assert workspace.due_actions == [overdue, soon]
    assert "Overdue" in content
    assert "3 to close · 1 overdue" in content
    assert f"Score: {round_.score} out of 100" in content


def test_the_workspace_shows_the_sustainability_assessed_mark_while_it_holds(
    client, company, admin_user, staff
):
    review.submit(company, by=company.owner)
    review.approve(company, by=admin_user)
    round_ = approved_round(company, staff)
    assert "Sustainability assessed" in page(client, company.owner).content.decode()

    raise_action(round_, staff, severity="critical")

    assert "Sustainability assessed" not in page(client, company.owner).content.decode()


# --- Notices they follow -----------------------------------------------------------------------


def test_followed_notices_show_deadline_and_latest_amendment_soonest_first(
    client, supplier, settings
):
    now = timezone.now()
    later = follow(supplier, title="Closes in a month", deadline=now + timedelta(days=30))
    soon = follow(supplier, title="Closes in two days", deadline=now + timedelta(days=2))
    Amendment.objects.create(notice=soon, number=1, note="Site visit added.")
    Amendment.objects.create(notice=soon, number=2, note="Deadline moved by a week.")
    follow(supplier, title="Closed last week", deadline=now - timedelta(days=7))
    follow(
        supplier,
        title="Cancelled",
        status=NoticeStatus.CANCELLED,
        cancellation_reason="Budget withdrawn.",
    )
    supplier.time_zone = "Asia/Tokyo"
    supplier.save()

    response = page(client, supplier)
    workspace = response.context["workspace"]
    content = response.content.decode()

    titles = [notice.title for notice in workspace.followed]
    assert titles[:2] == [soon.title, later.title]
    assert set(titles[2:]) == {"Closed last week", "Cancelled"}
    assert workspace.follow_counts == {"open": 2, "ended": 2, "closing_soon": 1}
    assert workspace.due_notices == [soon]
    assert "Deadline moved by a week." in content
    assert "Site visit added." not in content
    assert "(Japan Time)" in content, "deadlines in the reader's time zone"
    in_tokyo = timezone.localtime(soon.deadline, ZoneInfo("Asia/Tokyo"))
    assert formats.date_format(in_tokyo, "SHORT_DATETIME_FORMAT") in content
    assert "Closes this week" in content
    assert "2 have closed, been cancelled or awarded." in content
    assert f'action="/notices/{soon.pk}/unfollow/"' in content
    assert 'href="/notices/following/"' in content


def test_only_the_first_ten_followed_notices_are_listed(client, supplier):
    for days in range(1, 14):
        follow(supplier, deadline=timezone.now() + timedelta(days=days + 10))

    workspace = page(client, supplier).context["workspace"]

    assert len(workspace.followed) == 10
    assert workspace.follow_counts["open"] == 13


def test_unfollowing_from_the_workspace_comes_back_to_it(client, supplier):
    notice = follow(supplier)
    client.force_login(supplier)

    response = client.post(f"/notices/{notice.pk}/unfollow/", {"next": "/supplier/"})

    assert response["Location"] == "/supplier/"
    assert not Follow.objects.filter(user=supplier).exists()


def test_unfollowing_never_sends_to_another_site(client, supplier):
    notice = follow(supplier)
    client.force_login(supplier)

    response = client.post(f"/notices/{notice.pk}/unfollow/", {"next": "https://evil.example/"})

    assert response["Location"] == f"/notices/{notice.pk}/"


# --- Alerts and e-mails --------------------------------------------------------------------------


def test_alerts_show_what_each_matched_lately(client, supplier):
    pumps = make_alert(supplier, name="Water pumps")
    tents = make_alert(supplier, name="Tents")
    quiet = make_alert(supplier, name="Quiet alert")
    notices = [NoticeFactory(title=f"Pump tender {n}") for n in range(5)]
    for age, notice in enumerate(notices):
        delivered(supplier, notice, alert=pumps, days_ago=age)
    delivered(supplier, NoticeFactory(title="Tent tender"), alert=tents, days_ago=1)
    delivered(supplier, NoticeFactory(title="Old tent tender"), alert=tents, days_ago=40)

    response = page(client, supplier)
    alerts = {alert.name: alert for alert in response.context["workspace"].alerts}
    content = response.content.decode()

    assert [d.notice.title for d in alerts["Water pumps"].recent] == [
        "Pump tender 0",
        "Pump tender 1",
        "Pump tender 2",
    ]
    assert [d.notice.title for d in alerts["Tents"].recent] == ["Tent tender"]
    assert alerts["Quiet alert"].recent == []
    assert "Old tent tender" not in content
    assert f'href="/alerts/{quiet.pk}/"' in content
    assert 'href="/alerts/"' in content
    assert "save_alert" not in step_keys(response)


def test_the_latest_emails_are_listed_with_a_link_to_the_log(client, supplier):
    for n in range(7):
        delivered(supplier, NoticeFactory(title=f"E-mailed notice {n}"), days_ago=n)
    failed = delivered(
        supplier, NoticeFactory(title="Refused notice"), kind=DeliveryKind.AMENDMENT, event="1"
    )
    failed.status, failed.sent_at = DeliveryStatus.FAILED, None
    failed.save()

    response = page(client, supplier)
    emails = response.context["workspace"].emails
    content = response.content.decode()

    assert len(emails) == 5
    assert emails[0] == failed
    assert "Failed" in content
    assert "Amendment" in content
    assert "E-mailed notice 6" not in content
    assert 'href="/alerts/log/"' in content


def test_a_user_without_anything_sees_empty_states(client, supplier):
    content = page(client, supplier).content.decode()

    assert "You follow no notice yet." in content
    assert "You have no alert yet." in content
    assert "We have not sent you any alert yet." in content
    assert "Nothing you follow closes in the next seven days" in content


# --- Cost --------------------------------------------------------------------------------------


def fill(user, count: int) -> None:
    """`count` followed notices with an amendment, the company's interest and an award with its
    contract, alerts, deliveries and corrective actions."""
    company = user.supplier
    for n in range(count):
        notice = follow(user, deadline=timezone.now() + timedelta(days=n + 1))
        Amendment.objects.create(notice=notice, number=1, note=f"Change {n}")
        Interest.objects.create(
            notice=notice, supplier=company, user=user, company_name=company.legal_name
        )
        award = Award.objects.create(
            notice=notice, supplier=company, supplier_name="Won", awarded_on=timezone.localdate()
        )
        Contract.objects.create(award=award, ocds_id=f"c-{n}", starts_on=timezone.localdate())
        alert = make_alert(user, name=f"Alert {n}")
        for age in range(3):
            delivered(user, notice, alert=alert, days_ago=age, event=str(age))


def count_queries(client, user, django_assert_max_num_queries, budget) -> int:
    client.force_login(user)
    with django_assert_max_num_queries(budget) as captured:
        assert client.get("/supplier/").status_code == 200
    return len(captured)


def test_the_workspace_costs_the_same_queries_however_much_is_on_file(
    client, company, admin_user, staff, django_assert_max_num_queries
):
    review.submit(company, by=company.owner)
    review.approve(company, by=admin_user)
    round_ = approved_round(company, staff)
    raise_action(round_, staff, days=2)
    fill(company.owner, 2)
    few = count_queries(client, company.owner, django_assert_max_num_queries, 30)

    for days in range(12):
        raise_action(round_, staff, days=days + 3)
    fill(company.owner, 20)
    many = count_queries(client, company.owner, django_assert_max_num_queries, 30)

    assert many == few, "no query per follow, interest, award, alert, delivery or action"
