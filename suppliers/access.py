"""Who may see what of a supplier. A company's people are its owner and its members
(suppliers.models.team): all of them read its pages; the owner and editors change the profile, the
documents, the assessment and the action plan (a viewer gets 403); only the owner manages the team.
Admins read every company's documents, program staff every company's assessment evidence; anyone
else gets 404 and learns nothing, not even that a company or a file exists."""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, OuterRef, Q, Subquery, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.roles import is_program_staff
from suppliers.models import (
    CorrectiveAction,
    Evidence,
    Invitation,
    JoinRequest,
    Membership,
    Supplier,
    SupplierDocument,
    TeamRole,
)

# The roles that change the company's profile, documents, assessment and action plan.
EDITING_ROLES = frozenset({TeamRole.OWNER, TeamRole.EDITOR})


def can_review(user) -> bool:
    """Admins who review registrations (the Django admin's supplier permissions)."""
    return user.is_active and user.is_staff and user.has_perm("suppliers.change_supplier")


def supplier_of(user) -> Supplier | None:
    """The company the user owns or is a member of (one at most), with `team_role`, their role in
    it (a TeamRole value); None for a user without one. One query."""
    if not user.is_authenticated:
        return None
    member_role = Membership.objects.filter(supplier=OuterRef("pk"), user=user).values("role")
    return (
        Supplier.objects.filter(Q(owner=user) | Q(pk__in=member_ids(user)))
        .annotate(
            team_role=Case(
                When(owner=user, then=Value(TeamRole.OWNER)), default=Subquery(member_role[:1])
            )
        )
        .first()
    )


def member_ids(user):
    """The company the user is a member of, as a subquery of ids."""
    return Membership.objects.filter(user=user).values("supplier_id")


def may_edit(supplier: Supplier) -> bool:
    """Whether the user `supplier_of` found it for may change it (owner or editor)."""
    return getattr(supplier, "team_role", None) in EDITING_ROLES


def is_owner(supplier: Supplier) -> bool:
    return getattr(supplier, "team_role", None) == TeamRole.OWNER


def supplier_or_404(user) -> Supplier:
    """The user's company, to read (any role)."""
    supplier = supplier_of(user)
    if supplier is None:
        raise Http404("No supplier profile yet.")
    return supplier


def editable_supplier_or_404(user) -> Supplier:
    """The user's company, to change: 404 without one, 403 for a viewer."""
    supplier = supplier_or_404(user)
    _refuse_viewers(supplier)
    return supplier


def owned_supplier_or_404(user) -> Supplier:
    """The company the user owns, to manage its team: 404 without one, 403 for a member."""
    supplier = supplier_or_404(user)
    if not is_owner(supplier):
        raise PermissionDenied("Only the owner manages the team.")
    return supplier


def document_or_404(user, pk: int) -> SupplierDocument:
    """A document its company's people or a reviewer may read; anyone else learns nothing, not
    even that it exists."""
    document = get_object_or_404(SupplierDocument.objects.select_related("supplier"), pk=pk)
    if can_review(user) or belongs_to(user, document.supplier_id):
        return document
    raise Http404("No such document.")


def editable_document_or_404(user, pk: int) -> SupplierDocument:
    """A document of the user's company, to change (403 for a viewer)."""
    supplier = supplier_or_404(user)
    document = get_object_or_404(SupplierDocument, pk=pk, supplier=supplier)
    _refuse_viewers(supplier)
    return document


def evidence_or_404(user, pk: int) -> Evidence:
    """Evidence its company's people or program staff may read; anyone else gets 404."""
    evidence = get_object_or_404(Evidence.objects.select_related("supplier"), pk=pk)
    if is_program_staff(user) or belongs_to(user, evidence.supplier_id):
        return evidence
    raise Http404("No such evidence.")


def editable_answer_evidence_or_404(user, pk: int) -> Evidence:
    """Evidence of an answer of the user's company, to delete (403 for a viewer)."""
    supplier = supplier_or_404(user)
    evidence = get_object_or_404(
        Evidence.objects.select_related("answer__assessment"),
        pk=pk,
        supplier=supplier,
        answer__isnull=False,
    )
    _refuse_viewers(supplier)
    return evidence


def editable_action_or_404(user, pk: int) -> CorrectiveAction:
    """A corrective action of the user's company, to report on (403 for a viewer)."""
    supplier = supplier_or_404(user)
    action = get_object_or_404(
        CorrectiveAction.objects.select_related("finding__assessment__supplier"),
        pk=pk,
        finding__assessment__supplier=supplier,
    )
    _refuse_viewers(supplier)
    return action


def belongs_to(user, supplier_id: int) -> bool:
    """Whether the user is one of the company's people (its owner or a member)."""
    if not user.is_authenticated:
        return False
    return Supplier.objects.filter(
        Q(owner=user) | Q(pk__in=member_ids(user)), pk=supplier_id
    ).exists()


def _refuse_viewers(supplier: Supplier) -> None:
    if not may_edit(supplier):
        raise PermissionDenied("Viewers do not change the company.")


def owned_invitation_or_404(user, pk: int) -> Invitation:
    """An invitation of the company the user owns (403 for its members, 404 for anyone else)."""
    return get_object_or_404(Invitation, pk=pk, supplier=owned_supplier_or_404(user))


def owned_membership_or_404(user, pk: int) -> Membership:
    """A member of the company the user owns (403 for its members, 404 for anyone else)."""
    return get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, supplier=owned_supplier_or_404(user)
    )


def owned_join_request_or_404(user, pk: int) -> JoinRequest:
    """A request to join the company the user owns (403 for its members, 404 for anyone else)."""
    return get_object_or_404(
        JoinRequest.objects.select_related("supplier", "user"),
        pk=pk,
        supplier=owned_supplier_or_404(user),
    )
