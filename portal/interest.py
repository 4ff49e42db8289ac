"""Expressions of interest, where both halves of the domain meet: the notices app records them and
knows nothing of companies; the suppliers app knows the companies. Put together here, as the
workspace is: the user's company as the notices' rules need it, and the interested companies as
program staff see them (size class, women-owned status, assessment band, UNGM readiness,
categories) and download them.
"""

from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.translation import gettext as _

from categories.models import Category
from notices import interest
from notices.interest_models import Interest
from notices.models import Notice
from suppliers import access, ungm
from suppliers.models import Assessment, AssessmentStatus, Supplier, SupplierStatus


def interested_company(user) -> interest.InterestedCompany | None:
    """The user's company, as the rules of expressions of interest and questions need it (None:
    no company, or one whose registration was rejected)."""
    if not user.is_authenticated:
        return None
    supplier = access.supplier_of(user)
    if supplier is None or supplier.status == SupplierStatus.REJECTED:
        return None
    return interest.InterestedCompany(
        supplier_id=supplier.pk,
        name=supplier.legal_name,
        name_local=supplier.legal_name_local,
        approved=supplier.status == SupplierStatus.APPROVED,
        may_act=access.may_edit(supplier),
    )


@dataclass
class InterestedSupplier:
    interest: Interest
    supplier: Supplier
    band: str  # the band of the assessment in force, "" without one
    ungm_level: str  # the highest UNGM level the profile is ready for, "" for none

    @property
    def categories(self) -> list[str]:
        return [f"{c.code} {c.title}" for c in self.supplier.categories.all()]


def interested_suppliers(notice: Notice) -> list[InterestedSupplier]:
    """The companies interested in the notice, oldest interest first, with what staff weigh."""
    interests = list(interest.interests_in(notice))
    band = Assessment.objects.filter(
        supplier=OuterRef("pk"), status=AssessmentStatus.APPROVED
    ).order_by("-created_at", "-id")
    suppliers = (
        Supplier.objects.filter(pk__in=[row.supplier_id for row in interests])
        .annotate(band=Subquery(band.values("band")[:1]))
        .prefetch_related(Prefetch("categories", queryset=Category.objects.order_by("code")))
        .in_bulk()
    )
    return [
        InterestedSupplier(
            interest=row,
            supplier=suppliers[row.supplier_id],
            band=suppliers[row.supplier_id].band or "",
            ungm_level=_ungm_level(suppliers[row.supplier_id]),
        )
        for row in interests
    ]


def _ungm_level(supplier: Supplier) -> str:
    ready = [level.name for level in ungm.readiness(supplier) if level.ready]
    return ready[-1] if ready else ""


def csv_table(rows: list[InterestedSupplier]) -> tuple[list[str], list[list]]:
    """The interested companies as a table (headers, rows) for the CSV download."""
    headers = [
        _("Company"),
        _("Company (local name)"),
        _("Contact e-mail"),
        _("Size class"),
        _("Women-owned"),
        _("Assessment band"),
        _("UNGM readiness"),
        _("Categories"),
        _("Expressed"),
        _("Note"),
    ]
    table = [
        [
            row.supplier.legal_name,
            row.supplier.legal_name_local,
            row.interest.user.email,
            row.supplier.get_size_class_display(),
            _("Yes") if row.supplier.women_owned else _("No"),
            row.band,
            row.ungm_level,
            "; ".join(row.categories),
            row.interest.created_at.isoformat(),
            row.interest.note,
        ]
        for row in rows
    ]
    return headers, table
