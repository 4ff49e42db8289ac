"""Demo data that spans both halves of the domain: some demo awards go to the demo supplier, so
that its workspace lists contracts won and the dashboard counts orders won. Running it again
changes nothing."""

from django.db import transaction

from notices.demo import REFERENCE_PREFIX
from notices.models import Award
from suppliers.models import Supplier, SupplierStatus

DEMO_SUPPLIER = "supplier@example.org"
LINKED_AWARDS = 4


@transaction.atomic
def link_demo_awards(*, count: int = LINKED_AWARDS) -> int:
    """Give the first `count` demo awards to the approved demo supplier, unless some demo award
    names a registered supplier already; returns how many were linked."""
    company = Supplier.objects.filter(
        owner__email=DEMO_SUPPLIER, status=SupplierStatus.APPROVED
    ).first()
    demo_awards = Award.objects.filter(notice__reference__startswith=REFERENCE_PREFIX)
    if company is None or demo_awards.filter(supplier__isnull=False).exists():
        return 0
    chosen = list(demo_awards.order_by("pk").values_list("pk", flat=True)[:count])
    return Award.objects.filter(pk__in=chosen).update(
        supplier=company, supplier_name=company.legal_name
    )
