"""The supplier's half of their workspace: their company's registration, its review, the
sustainability assessment and the corrective actions still to close, read in a fixed number of
queries whatever the company has on file."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from suppliers import access, action_plans, assessment, profile, review, team, ungm
from suppliers.models import (
    Assessment,
    CorrectiveAction,
    Invitation,
    ReviewEvent,
    Supplier,
    TeamRole,
)

# Corrective actions listed on the workspace (the plan's page lists them all).
LISTED_ACTIONS = 5
# Changes to the profile listed in the workspace's history, newest first.
LISTED_CHANGES = 10


@dataclass
class Company:
    """What the workspace shows of the user's company; `supplier` is None before it is registered."""

    supplier: Supplier | None
    today: date
    # The user's role in it (a TeamRole value); what it lets them do.
    role: str = ""
    can_edit: bool = False
    is_owner: bool = False
    # Without a company: the invitations waiting for the user (team.invitations_for).
    invitations: list[Invitation] = field(default_factory=list)
    missing: list[profile.Missing] = field(default_factory=list)
    completeness: int = 0
    can_submit: bool = False
    decision: ReviewEvent | None = None
    history: list[ReviewEvent] = field(default_factory=list)
    # The latest changes to the profile, each with what it changed in the reader's words.
    changes: list[tuple] = field(default_factory=list)
    ungm_levels: list = field(default_factory=list)
    credit_code: object = None
    assessment: Assessment | None = None
    # A reviewed round in force and no open critical action (assessment.is_assessed).
    assessed: bool = False
    # Open or in progress, soonest due (so the overdue) first, at most LISTED_ACTIONS of them.
    open_actions: list[CorrectiveAction] = field(default_factory=list)
    open_action_count: int = 0
    overdue_action_count: int = 0

    @property
    def role_label(self) -> str:
        return TeamRole(self.role).label if self.role else ""

    @property
    def missing_links(self) -> list[tuple[profile.Missing, str]]:
        """Each missing item with the address of the section where it is given."""
        return [(item, profile.section_url(item.section)) for item in self.missing]

    @property
    def section_links(self) -> list[tuple]:
        return profile.section_links()


def company_of(user, *, today: date | None = None) -> Company:
    """The user's company as the workspace shows it (see Company)."""
    today = today or timezone.localdate()
    supplier = access.supplier_of(user)
    if supplier is None:
        return Company(supplier=None, today=today, invitations=team.invitations_for(user))
    actions = action_plans.open_actions_of(supplier)
    return Company(
        supplier=supplier,
        today=today,
        role=supplier.team_role,
        can_edit=access.may_edit(supplier),
        is_owner=access.is_owner(supplier),
        missing=(missing := profile.missing_items(supplier)),
        completeness=profile.completeness_of(missing),
        can_submit=review.can_submit(supplier),
        decision=review.latest_decision(supplier),
        history=list(review.history(supplier)),
        changes=[
            (change, profile.changed_labels(change))
            for change in profile.latest_changes(supplier, limit=LISTED_CHANGES)
        ],
        ungm_levels=ungm.readiness(supplier),
        credit_code=profile.credit_code_of(supplier),
        assessment=assessment.current_round(supplier),
        assessed=assessment.is_assessed(supplier),
        open_actions=list(actions[:LISTED_ACTIONS]),
        **action_counts(actions, today=today),
    )


def action_counts(actions, *, today: date) -> dict:
    """How many of `actions` there are, and how many are overdue, in one query."""
    return actions.order_by().aggregate(
        open_action_count=Count("id"), overdue_action_count=Count("id", filter=Q(due_on__lt=today))
    )
