"""Rounds of the sustainability assessment in a given state, through the domain functions."""

from datetime import timedelta

from django.utils import timezone

from suppliers import action_plans, assessment
from suppliers.models import AssessmentQuestion


def answer_all(round_, *, choice="yes", overrides=None):
    overrides = overrides or {}
    answers = {
        q.pk: (overrides.get(q.code, choice), "")
        for q in AssessmentQuestion.objects.filter(is_active=True)
    }
    assessment.save_answers(assessment=round_, answers=answers)
    return round_


def submitted_round(company, **answers):
    round_ = answer_all(assessment.start(supplier=company), **answers)
    return assessment.submit(assessment=round_)


def approved_round(company, reviewer, **answers):
    return assessment.approve(assessment=submitted_round(company, **answers), by=reviewer)


def raise_action(round_, reviewer, *, severity="major", days=14, question=None):
    return action_plans.raise_finding(
        assessment=round_,
        severity=severity,
        description="Fire exit blocked",
        action="Clear the fire exit and mark the floor",
        owner="Zhang Wei",
        due_on=timezone.localdate() + timedelta(days=days),
        by=reviewer,
        question=question,
    )
