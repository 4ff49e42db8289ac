"""What a supplier should do next, in order: the rules behind the workspace's first list.

    register the company → complete its sections → submit it → (wait for the review)
        → make the changes the reviewer asked → answer the sustainability assessment
        → (wait for its review) → close the corrective actions, soonest due first
        → save a first alert

A step that only waits has no address. The list is empty when nothing is left to do.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from suppliers import profile, team
from suppliers.models import AssessmentStatus, SupplierStatus, TeamRole
from suppliers.workspace import Company

# Corrective actions listed as steps one by one; the others are one step to the plan.
ACTION_STEPS = 3
# A supplier is asked to answer the assessment once the profile is with the reviewer or approved.
ASSESSMENT_INVITED = {SupplierStatus.SUBMITTED, SupplierStatus.APPROVED}


@dataclass(frozen=True)
class Step:
    """One thing to do. `url` is where it is done ("" when the step only waits); when `posts`, the
    step is a button that sends a form there. `when` dates a waiting step; `due_on` a task."""

    key: str
    title: str
    detail: str = ""
    url: str = ""
    action: str = ""
    posts: bool = False
    when: datetime | None = None
    due_on: date | None = None
    overdue: bool = False

    @property
    def waits(self) -> bool:
        return not self.url


def next_steps(*, company: Company, has_alert: bool) -> list[Step]:
    """The supplier's steps in the order they should take them (see the module's docstring)."""
    steps = [*registration_steps(company), *assessment_steps(company), *action_steps(company)]
    if company.role == TeamRole.VIEWER:
        # A viewer does none of the company's work: they see only what waits.
        steps = [step for step in steps if step.waits]
    if not has_alert:
        steps.append(
            Step(
                "alert",
                _("Save your first alert"),
                _("Tell us what you sell and we e-mail you every notice that fits."),
                url=reverse("alerts:create"),
                action=_("Create an alert"),
            )
        )
    return steps


def registration_steps(company: Company) -> list[Step]:
    supplier = company.supplier
    if supplier is None:
        return [*invitation_steps(company), registration_step()]
    if supplier.status == SupplierStatus.DRAFT:
        return [complete_step(company) if company.missing else submit_step(again=False)]
    if supplier.status == SupplierStatus.CHANGES_REQUESTED:
        changes = Step(
            "changes",
            _("Make the changes the reviewer asked for"),
            _("Read the reviewer's note, change your profile, then submit it again."),
            url=first_missing_url(company) or "#review-status",
            action=_("See what to change"),
        )
        return [changes] if company.missing else [changes, submit_step(again=True)]
    if supplier.status == SupplierStatus.SUBMITTED:
        return [
            Step(
                "review",
                _("Wait for the review of your profile"),
                _("We will e-mail you when the review is done."),
                when=supplier.submitted_at,
            )
        ]
    if supplier.status == SupplierStatus.REJECTED:
        return [
            Step(
                "rejected",
                _("Your registration was not accepted"),
                _("If you think this is a mistake, write to the program team."),
                url=f"mailto:{settings.PROGRAM_CONTACT_EMAIL}",
                action=_("Write to the program team"),
            )
        ]
    return []


def first_missing_url(company: Company) -> str:
    return profile.section_url(company.missing[0].section) if company.missing else ""


def complete_step(company: Company) -> Step:
    count = len(company.missing)
    return Step(
        "complete",
        _("Complete your company profile"),
        ngettext(
            "Next: %(item)s (%(count)d item left).",
            "Next: %(item)s (%(count)d items left).",
            count,
        )
        % {"item": company.missing[0].label, "count": count},
        url=first_missing_url(company),
        action=_("Continue the profile"),
    )


def submit_step(*, again: bool) -> Step:
    return Step(
        "submit",
        _("Submit your profile again") if again else _("Submit your profile for review"),
        _("Every section is complete: the program team reviews it next."),
        url=reverse("suppliers:submit"),
        action=_("Submit for review"),
        posts=True,
    )


def assessment_steps(company: Company) -> list[Step]:
    supplier, round_ = company.supplier, company.assessment
    if supplier is None:
        return []
    url, status = reverse("suppliers:assessment"), round_ and round_.status
    if round_ is None:
        if supplier.status not in ASSESSMENT_INVITED:
            return []
        return [
            Step(
                "assessment",
                _("Answer the sustainability assessment"),
                _("It takes about 30 minutes; you can save and come back."),
                url=url,
                action=_("Open the assessment"),
            )
        ]
    if status == AssessmentStatus.DRAFT:
        return [
            Step(
                "assessment",
                _("Finish the sustainability assessment"),
                _("Answer every question, then submit it for review."),
                url=url,
                action=_("Continue the assessment"),
            )
        ]
    if status == AssessmentStatus.RETURNED:
        return [
            Step(
                "assessment-changes",
                _("Make the changes the reviewer asked for in your assessment"),
                _("Read the reviewer's note, change your answers, then submit it again."),
                url=url,
                action=_("Open the assessment"),
            )
        ]
    if status == AssessmentStatus.SUBMITTED:
        return [
            Step(
                "assessment-review",
                _("Wait for the review of your assessment"),
                _("We will e-mail you when the review is done."),
                when=round_.submitted_at,
            )
        ]
    return []


def action_steps(company: Company) -> list[Step]:
    """One step per open corrective action, soonest due (so the overdue) first, then one for the rest."""
    plan = reverse("suppliers:assessment-plan")
    steps = [
        Step(
            "action",
            _("Close a corrective action: %(action)s")
            % {"action": Truncator(action.description).chars(80)},
            url=f"{plan}#action-{action.pk}",
            action=_("Open the action plan"),
            due_on=action.due_on,
            overdue=action.due_on < company.today,
        )
        for action in company.open_actions[:ACTION_STEPS]
    ]
    rest = company.open_action_count - len(steps)
    if rest > 0:
        steps.append(
            Step(
                "actions",
                ngettext(
                    "Close %(count)d more corrective action",
                    "Close %(count)d more corrective actions",
                    rest,
                )
                % {"count": rest},
                url=plan,
                action=_("Open the action plan"),
            )
        )
    return steps


def invitation_steps(company: Company) -> list[Step]:
    """Invitations waiting for a user without a company, to their confirmed addresses."""
    return [
        Step(
            "join",
            _("Join %(company)s") % {"company": invitation.supplier.display_name},
            _("You are invited to the company's account on the portal."),
            url=reverse("suppliers:team-join", args=[team.token_of(invitation)]),
            action=_("Open the invitation"),
        )
        for invitation in company.invitations
    ]


def registration_step() -> Step:
    return Step(
        "register",
        _("Register your company"),
        _("Describe your company once; the program team reviews it."),
        url=reverse("suppliers:start"),
        action=_("Register your company"),
    )
