"""Who may see what of a supplier: the owner sees their own; admins see all; others get 404.
Assessment evidence is read by its owner and by program staff, who review assessments."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.roles import is_program_staff
from suppliers.models import CorrectiveAction, Evidence, Supplier, SupplierDocument


def can_review(user) -> bool:
    """Admins who review registrations (the Django admin's supplier permissions)."""
    return user.is_active and user.is_staff and user.has_perm("suppliers.change_supplier")


def own_supplier_or_none(user) -> Supplier | None:
    return Supplier.objects.filter(owner=user).first()


def own_supplier_or_404(user) -> Supplier:
    supplier = own_supplier_or_none(user)
    if supplier is None:
        raise Http404("No supplier profile yet.")
    return supplier


def document_or_404(user, pk: int) -> SupplierDocument:
    """A document its owner or a reviewer may read; anyone else learns nothing, not even that it exists."""
    document = get_object_or_404(SupplierDocument.objects.select_related("supplier"), pk=pk)
    if document.supplier.owner_id == user.pk or can_review(user):
        return document
    raise Http404("No such document.")


def own_document_or_404(user, pk: int) -> SupplierDocument:
    """A document its owner may change."""
    return get_object_or_404(SupplierDocument, pk=pk, supplier__owner=user)


def evidence_or_404(user, pk: int) -> Evidence:
    """Evidence its supplier's owner or program staff may read; anyone else gets 404."""
    evidence = get_object_or_404(Evidence.objects.select_related("supplier"), pk=pk)
    if evidence.supplier.owner_id == user.pk or is_program_staff(user):
        return evidence
    raise Http404("No such evidence.")


def own_answer_evidence_or_404(user, pk: int) -> Evidence:
    return get_object_or_404(
        Evidence.objects.select_related("answer__assessment"),
        pk=pk,
        supplier__owner=user,
        answer__isnull=False,
    )


def own_action_or_404(user, pk: int) -> CorrectiveAction:
    """A corrective action of the user's own supplier."""
    return get_object_or_404(
        CorrectiveAction.objects.select_related("finding__assessment__supplier"),
        pk=pk,
        finding__assessment__supplier__owner=user,
    )
