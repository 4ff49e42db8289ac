"""How the notices app finds the program's registered suppliers that win awards (the notices app
does not import the suppliers app; `PortalConfig.ready` registers this finder with
`notices.awarding`)."""

from collections.abc import Iterable

from django.db.models import Q

from notices.awarding import AwardedCompany, SupplierFinder
from suppliers.models import Supplier

LISTED_MATCHES = 10


def search(text: str) -> list[AwardedCompany]:
    """The suppliers whose English or Chinese name contains the text, or whose credit code (or
    other registration number) it is; at most LISTED_MATCHES, by English name."""
    found = Supplier.objects.filter(
        Q(legal_name__icontains=text)
        | Q(legal_name_local__icontains=text)
        | Q(registration_number__iexact=text)
    ).order_by("legal_name", "pk")[:LISTED_MATCHES]
    return [_company(supplier) for supplier in found]


def by_credit_codes(codes: Iterable[str]) -> dict[str, int]:
    """The ids of the suppliers registered in China by their credit code, for the codes given."""
    rows = Supplier.objects.filter(country="CN", registration_number__in=set(codes))
    return dict(rows.values_list("registration_number", "pk"))


def _company(supplier: Supplier) -> AwardedCompany:
    return AwardedCompany(
        supplier_id=supplier.pk,
        name=supplier.legal_name,
        name_local=supplier.legal_name_local,
        credit_code=supplier.registration_number if supplier.country == "CN" else "",
    )


FINDER = SupplierFinder(search=search, by_credit_codes=by_credit_codes)
