"""suppliers.action_plans: inspections, findings, the life of a corrective action, and reminders
through the alert outbox (the same senders, retries, suppression and log as notice alerts)."""

from datetime import date, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from notices.alerts import sending
from notices.alerts.models import (
    AlertDelivery,
    DeliveryKind,
    DeliveryStatus,
    ReminderOptOut,
    SuppressedAddress,
)
from suppliers import action_plans, assessment, tasks
from suppliers.models import ActionStatus, CorrectiveAction, Finding, Inspection
from tests.suppliers.assessment_helpers import approved_round, raise_action, submitted_round
from tests.suppliers.conftest import real_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(company, staff):
    return approved_round(company, staff)


def evidence():
    return SimpleUploadedFile("proof.pdf", real_pdf())


def test_an_inspection_is_recorded_on_a_submitted_or_reviewed_round(company, staff):
    draft = assessment.start(supplier=company)
    with pytest.raises(ValidationError, match="submitted or reviewed"):
        action_plans.record_inspection(
            assessment=draft, inspected_on=date.today(), inspector="A", summary="B", by=staff
        )
    round_ = submitted_round(company)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        action_plans.record_inspection(
            assessment=round_,
            inspected_on=timezone.localdate() + timedelta(days=1),
            inspector="A",
            summary="B",
            by=staff,
        )

    inspection = action_plans.record_inspection(
        assessment=round_,
        inspected_on=timezone.localdate(),
        inspector=" Wang Lei ",
        summary="Visited the plant.",
        by=staff,
    )
    assert (inspection.inspector, inspection.recorded_by) == ("Wang Lei", staff)


def test_a_finding_becomes_an_open_corrective_action(reviewed, staff):
    action = raise_action(reviewed, staff, severity="critical")

    assert action.status == ActionStatus.OPEN and action.owner == "Zhang Wei"
    assert action.finding.severity == "critical" and action.finding.raised_by == staff
    assert list(action_plans.plan_of(reviewed)) == [action]


def test_a_finding_cannot_be_due_in_the_past(reviewed, staff):
    with pytest.raises(ValidationError, match="due date cannot be in the past"):
        raise_action(reviewed, staff, days=-1)
    assert not Finding.objects.exists()


def test_a_finding_cannot_cite_another_rounds_inspection(reviewed, other_company, staff):
    other = submitted_round(other_company)
    inspection = Inspection.objects.create(
        assessment=other, inspected_on=date.today(), inspector="X", summary="Y"
    )

    with pytest.raises(ValidationError, match="another assessment"):
        action_plans.raise_finding(
            assessment=reviewed,
            severity="minor",
            description="d",
            action="a",
            owner="o",
            due_on=timezone.localdate(),
            by=staff,
            inspection=inspection,
        )


def test_the_life_of_an_action_from_open_to_verified(reviewed, staff):
    action = raise_action(reviewed, staff)

    action = action_plans.start_action(action=action, note="Ordered new shelves.")
    assert action.status == ActionStatus.IN_PROGRESS
    with pytest.raises(ValidationError, match="Upload evidence"):
        action_plans.report_done(action=action, note="")
    action_plans.add_action_evidence(action=action, upload=evidence())
    action = action_plans.report_done(action=action, note="Photos attached.")
    assert action.status == ActionStatus.DONE and action.done_at
    assert action.supplier_note == "Photos attached."

    action = action_plans.verify(action=action, by=staff, note="Seen on site.")
    assert (action.status, action.verified_by) == (ActionStatus.VERIFIED, staff)
    assert action_plans.plan_progress(reviewed) | {} == {
        "total": 1,
        "open": 0,
        "in_progress": 0,
        "done": 0,
        "verified": 1,
        "percent": 100,
    }


def test_staff_send_insufficient_evidence_back_with_a_note(reviewed, staff):
    action = raise_action(reviewed, staff)
    action_plans.add_action_evidence(action=action, upload=evidence())
    action = action_plans.report_done(action=action, note="")

    with pytest.raises(ValidationError, match="Say what is missing"):
        action_plans.reopen(action=action, by=staff, note="")
    action = action_plans.reopen(action=action, by=staff, note="The photo is blurred.")

    assert action.status == ActionStatus.IN_PROGRESS and action.done_at is None
    assert action.verification_note == "The photo is blurred."


@pytest.mark.parametrize(
    ("step", "status"),
    [
        ("start_action", ActionStatus.IN_PROGRESS),
        ("report_done", ActionStatus.DONE),
        ("verify", ActionStatus.OPEN),
        ("verify", ActionStatus.IN_PROGRESS),
    ],
)
def test_steps_out_of_order_are_refused(reviewed, staff, step, status):
    action = raise_action(reviewed, staff)
    CorrectiveAction.objects.filter(pk=action.pk).update(status=status, done_at=timezone.now())
    kwargs = {"by": staff} if step == "verify" else {}

    with pytest.raises(ValidationError, match="this step is not possible now"):
        getattr(action_plans, step)(action=action, note="", **kwargs)


def test_no_evidence_is_added_to_a_verified_action(reviewed, staff):
    action = raise_action(reviewed, staff)
    CorrectiveAction.objects.filter(pk=action.pk).update(
        status=ActionStatus.VERIFIED, done_at=timezone.now(), verified_at=timezone.now()
    )

    with pytest.raises(ValidationError):
        action_plans.add_action_evidence(action=action, upload=evidence())


def test_the_database_refuses_a_verified_action_without_a_date(reviewed, staff):
    action = raise_action(reviewed, staff)

    with pytest.raises(IntegrityError), transaction.atomic():
        CorrectiveAction.objects.filter(pk=action.pk).update(
            status=ActionStatus.VERIFIED, done_at=timezone.now()
        )


def test_overdue_actions_are_those_open_or_in_progress_past_their_due_date(reviewed, staff):
    late = raise_action(reviewed, staff, days=1)
    raise_action(reviewed, staff, days=30)
    done = raise_action(reviewed, staff, days=1)
    action_plans.add_action_evidence(action=done, upload=evidence())
    action_plans.report_done(action=done, note="")

    later = timezone.localdate() + timedelta(days=3)
    assert list(action_plans.overdue_actions(today=later)) == [late]
    assert list(action_plans.overdue_actions()) == []


# --- Reminders ------------------------------------------------------------------------------------


def test_reminders_are_queued_once_per_action_and_reminder_day(reviewed, staff, settings):
    settings.ACTION_REMINDER_DAYS = [7, 1]
    soon = raise_action(reviewed, staff, days=5)
    raise_action(reviewed, staff, days=20)

    assert action_plans.queue_action_reminders() == 1
    assert action_plans.queue_action_reminders() == 0, "running again writes nothing"
    row = AlertDelivery.objects.get()
    assert (row.kind, row.action, row.notice, row.user) == (
        DeliveryKind.ACTION_REMINDER,
        soon,
        None,
        reviewed.supplier.owner,
    )
    assert row.event == f"{soon.due_on:%Y-%m-%d}/7"

    tomorrow_minus = timezone.now() + timedelta(days=4)
    assert action_plans.queue_action_reminders(now=tomorrow_minus) == 1
    assert AlertDelivery.objects.filter(event__endswith="/1").count() == 1


def test_an_action_raised_late_gets_only_the_reminders_still_ahead(reviewed, staff, settings):
    settings.ACTION_REMINDER_DAYS = [7, 1]
    raise_action(reviewed, staff, days=0)

    assert action_plans.queue_action_reminders() == 1
    assert AlertDelivery.objects.get().event.endswith("/1")


def test_a_new_due_date_brings_new_reminders(reviewed, staff, settings):
    settings.ACTION_REMINDER_DAYS = [7]
    action = raise_action(reviewed, staff, days=3)
    action_plans.queue_action_reminders()
    CorrectiveAction.objects.filter(pk=action.pk).update(due_on=action.due_on + timedelta(days=2))

    assert action_plans.queue_action_reminders() == 1
    assert AlertDelivery.objects.count() == 2


def test_no_reminder_for_a_done_action_or_a_suppressed_address(reviewed, staff, settings):
    settings.ACTION_REMINDER_DAYS = [7]
    done = raise_action(reviewed, staff, days=2)
    action_plans.add_action_evidence(action=done, upload=evidence())
    action_plans.report_done(action=done, note="")
    raise_action(reviewed, staff, days=2)
    SuppressedAddress.objects.create(email=reviewed.supplier.owner.email, reason="550")

    assert action_plans.queue_action_reminders() == 0


def test_the_database_refuses_a_second_reminder_row_for_the_same_event(reviewed, staff):
    action = raise_action(reviewed, staff)
    fields = {
        "user": reviewed.supplier.owner,
        "action": action,
        "kind": DeliveryKind.ACTION_REMINDER,
        "event": "x/7",
    }
    AlertDelivery.objects.create(**fields)

    with pytest.raises(IntegrityError), transaction.atomic():
        AlertDelivery.objects.create(**fields)


def test_an_outbox_row_must_name_a_notice_or_an_action(supplier):
    with pytest.raises(IntegrityError), transaction.atomic():
        AlertDelivery.objects.create(user=supplier, kind=DeliveryKind.REMINDER, event="7")


def test_reminders_are_sent_by_the_alert_senders_in_the_suppliers_language(
    reviewed, staff, settings, client
):
    settings.ACTION_REMINDER_DAYS = [7]
    owner = reviewed.supplier.owner
    owner.language = "zh-hans"
    owner.save()
    raise_action(reviewed, staff, days=6)
    action_plans.queue_action_reminders()

    assert sending.send_pending() == {"sent": 1, "retry": 0, "failed": 0}

    message = mail.outbox[-1]
    assert message.to == [owner.email]
    assert message.subject.startswith("一项纠正措施将于")
    assert "Clear the fire exit and mark the floor" in message.body
    assert "/supplier/assessment/plan/" in message.body
    assert AlertDelivery.objects.get().status == DeliveryStatus.SENT

    client.force_login(owner)
    log = client.get("/alerts/log/").content.decode()
    assert "/supplier/assessment/plan/" in log


def test_the_task_queues_reminders_and_has_them_sent(reviewed, staff, settings):
    settings.ACTION_REMINDER_DAYS = [7]
    raise_action(reviewed, staff, days=6)

    assert tasks.queue_action_reminders() == 1
    assert [m.subject for m in mail.outbox] == [
        "A corrective action is due on "
        + date_format(AlertDelivery.objects.get().action.due_on, "DATE_FORMAT")
    ]


def test_a_suppressed_address_is_matched_without_regard_to_case(reviewed, staff, settings):
    settings.ACTION_REMINDER_DAYS = [7]
    raise_action(reviewed, staff, days=2)
    SuppressedAddress.objects.create(email=reviewed.supplier.owner.email.upper(), reason="550")

    assert action_plans.queue_action_reminders() == 0


def test_no_reminder_to_an_unconfirmed_address(reviewed, staff, settings):
    settings.ACTION_REMINDER_DAYS = [7]
    raise_action(reviewed, staff, days=2)
    EmailAddress.objects.filter(user=reviewed.supplier.owner).update(verified=False)

    assert action_plans.queue_action_reminders() == 0


def test_a_reminder_carries_one_click_unsubscription_that_stops_further_reminders(
    reviewed, staff, settings, client
):
    settings.ACTION_REMINDER_DAYS = [7, 1]
    action = raise_action(reviewed, staff, days=6)
    action_plans.queue_action_reminders()
    sending.send_pending()
    message = mail.outbox[-1]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = link.removeprefix(settings.SITE_URL)

    page = client.get(path).content.decode()
    assert "Stop the e-mail reminders of your corrective actions?" in page
    assert ReminderOptOut.objects.count() == 0, "opening the link changes nothing"

    response = client.post(path)  # what a mail client does: no cookie, no CSRF token
    assert "You will receive no more reminders of your corrective actions." in response.text
    assert ReminderOptOut.objects.get().user == reviewed.supplier.owner

    action.due_on = timezone.localdate() + timedelta(days=1)
    action.save()
    assert action_plans.queue_action_reminders() == 0, "the day-1 reminder is not queued"
