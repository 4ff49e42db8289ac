"""suppliers.next_steps: what a supplier should do next, for each state of their company, its
assessment and its corrective actions (the rules alone, on objects that are not saved)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from suppliers.models import (
    ActionStatus,
    Assessment,
    AssessmentStatus,
    CorrectiveAction,
    Supplier,
    SupplierStatus,
)
from suppliers.next_steps import next_steps
from suppliers.profile import Missing
from suppliers.workspace import Company

TODAY = date(2026, 3, 10)
MISSING = [Missing("contacts", "Phone"), Missing("documents", "Business licence")]


def company(status=None, *, missing=(), assessment=None, actions=(), count=None) -> Company:
    supplier = None
    if status is not None:
        supplier = Supplier(status=status, submitted_at=timezone.now())
    return Company(
        supplier=supplier,
        today=TODAY,
        missing=list(missing),
        assessment=Assessment(status=assessment, submitted_at=timezone.now())
        if assessment
        else None,
        open_actions=list(actions),
        open_action_count=len(actions) if count is None else count,
    )


def action(pk: int, days: int) -> CorrectiveAction:
    return CorrectiveAction(
        pk=pk,
        description=f"Action {pk}",
        due_on=TODAY + timedelta(days=days),
        status=ActionStatus.OPEN,
    )


def keys(situation: Company, *, has_alert=True) -> list[str]:
    return [step.key for step in next_steps(company=situation, has_alert=has_alert)]


S, A = SupplierStatus, AssessmentStatus


@pytest.mark.parametrize(
    ("situation", "expected"),
    [
        (company(), ["register"]),
        (company(S.DRAFT, missing=MISSING), ["complete"]),
        (company(S.DRAFT), ["submit"]),
        (company(S.SUBMITTED), ["review", "assessment"]),
        (company(S.CHANGES_REQUESTED), ["changes", "submit"]),
        (company(S.CHANGES_REQUESTED, missing=MISSING), ["changes"]),
        (company(S.REJECTED), ["rejected"]),
        (company(S.APPROVED), ["assessment"]),
        (company(S.APPROVED, assessment=A.DRAFT), ["assessment"]),
        (company(S.APPROVED, assessment=A.SUBMITTED), ["assessment-review"]),
        (company(S.APPROVED, assessment=A.RETURNED), ["assessment-changes"]),
        (company(S.APPROVED, assessment=A.APPROVED), []),
        (company(S.APPROVED, assessment=A.APPROVED, actions=[action(1, 3)]), ["action"]),
        # A round begun while the profile is a draft is still to finish.
        (company(S.DRAFT, missing=MISSING, assessment=A.DRAFT), ["complete", "assessment"]),
    ],
    ids=lambda value: "-".join(keys(value)) if isinstance(value, Company) else None,
)
def test_the_steps_of_each_state(situation, expected):
    assert keys(situation) == expected


def test_a_user_without_alert_is_asked_to_save_one_last():
    assert keys(company(), has_alert=False) == ["register", "alert"]
    assert keys(company(S.APPROVED, assessment=A.APPROVED), has_alert=False) == ["alert"]


def test_completing_the_profile_leads_to_the_first_missing_item():
    (step,) = next_steps(company=company(S.DRAFT, missing=MISSING), has_alert=True)

    assert step.url == "/supplier/contacts/"
    assert "Phone" in step.detail
    assert "2 items left" in step.detail


def test_registering_leads_to_the_start_of_the_profile():
    (step,) = next_steps(company=company(), has_alert=True)

    assert step.url == "/supplier/start/"
    assert not step.waits


def test_submitting_is_a_button_that_posts():
    (step,) = next_steps(company=company(S.DRAFT), has_alert=True)

    assert step.posts
    assert step.url == "/supplier/submit/"


def test_waiting_for_the_review_has_nothing_to_click_and_says_since_when():
    step = next_steps(company=company(S.SUBMITTED), has_alert=True)[0]

    assert step.waits
    assert step.url == ""
    assert step.when is not None


def test_the_reviewers_changes_point_to_the_note_or_the_first_missing_item():
    complete = next_steps(company=company(S.CHANGES_REQUESTED), has_alert=True)[0]
    incomplete = next_steps(company=company(S.CHANGES_REQUESTED, missing=MISSING), has_alert=True)

    assert complete.url == "#review-status"
    assert incomplete[0].url == "/supplier/contacts/"


def test_the_assessment_is_offered_once_the_profile_is_with_the_reviewer_or_approved():
    for status in [S.DRAFT, S.CHANGES_REQUESTED, S.REJECTED]:
        assert "assessment" not in keys(company(status))
    for status in [S.SUBMITTED, S.APPROVED]:
        assert "assessment" in keys(company(status))
    step = next_steps(company=company(S.APPROVED), has_alert=True)[0]
    assert step.url == "/supplier/assessment/"


def test_corrective_actions_come_soonest_due_first_the_overdue_marked():
    # The read gives them soonest due first (suppliers.action_plans.open_actions_of).
    actions = [action(1, -2), action(2, 0), action(3, 5)]

    steps = next_steps(
        company=company(S.APPROVED, assessment=A.APPROVED, actions=actions), has_alert=True
    )

    assert [step.due_on for step in steps] == [a.due_on for a in actions]
    assert [step.overdue for step in steps] == [True, False, False]
    assert steps[0].url == "/supplier/assessment/plan/#action-1"


def test_more_corrective_actions_than_listed_are_one_step_to_the_plan():
    actions = [action(n, n) for n in range(1, 6)]

    steps = next_steps(
        company=company(S.APPROVED, assessment=A.APPROVED, actions=actions, count=7),
        has_alert=True,
    )

    assert [step.key for step in steps] == ["action", "action", "action", "actions"]
    assert "4 more" in steps[-1].title
    assert steps[-1].url == "/supplier/assessment/plan/"
