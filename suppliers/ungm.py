"""Readiness for the UN Global Marketplace (UNGM): what the profile already has for each level of
UNGM registration, and what the company still needs.

UNGM's levels build on each other: Basic (the company and what it sells), Level 1 (proof of legal
existence, references, ownership and size), Level 2 (several years of audited accounts and a track
record). Agencies ask for Level 1 or 2 before larger contracts.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from suppliers.models import DocumentKind, Supplier


@dataclass(frozen=True)
class Check:
    label: str
    met: bool


@dataclass(frozen=True)
class Level:
    name: str
    checks: list[Check]

    @property
    def done(self) -> int:
        return sum(check.met for check in self.checks)

    @property
    def ready(self) -> bool:
        return self.done == len(self.checks)

    @property
    def percent(self) -> int:
        return round(100 * self.done / len(self.checks))


def audited_years(supplier: Supplier) -> int:
    """How many distinct fiscal years of financial statements the supplier has uploaded."""
    return (
        supplier.documents.filter(kind=DocumentKind.FINANCIAL_STATEMENT, fiscal_year__isnull=False)
        .values("fiscal_year")
        .distinct()
        .count()
    )


def readiness(supplier: Supplier, *, today: date | None = None) -> list[Level]:
    today = today or date.today()
    has_categories = supplier.pk is not None and supplier.categories.exists()
    has_licence = (
        supplier.pk is not None
        and supplier.documents.filter(kind=DocumentKind.BUSINESS_LICENCE).exists()
    )
    years = today.year - supplier.year_established if supplier.year_established else 0
    ownership_given = supplier.women_ownership_pct is not None and supplier.woman_ceo is not None
    basic = Level(
        str(_("UNGM Basic")),
        [
            Check(
                str(_("Legal name and country of registration")),
                bool(supplier.legal_name and supplier.country),
            ),
            Check(
                str(_("Address and a contact person with e-mail")),
                bool(supplier.address and supplier.contact_email),
            ),
            Check(str(_("UNSPSC categories of what you sell")), has_categories),
            Check(
                str(_("UN Supplier Code of Conduct acknowledged")),
                supplier.code_of_conduct_accepted_at is not None,
            ),
        ],
    )
    level1 = Level(
        str(_("UNGM Level 1")),
        [
            Check(str(_("Certificate of incorporation or business licence")), has_licence),
            Check(str(_("Registration number")), bool(supplier.registration_number)),
            Check(str(_("Client references")), bool(supplier.client_references.strip())),
            Check(
                str(_("Ownership structure (women's share of ownership, chief executive)")),
                ownership_given,
            ),
            Check(str(_("Number of employees and annual turnover")), supplier.size_class != ""),
            Check(
                str(_("Declaration of eligibility")), supplier.eligibility_declared_at is not None
            ),
        ],
    )
    level2 = Level(
        str(_("UNGM Level 2")),
        [
            Check(
                str(_("Audited financial statements for three years")),
                supplier.pk is not None and audited_years(supplier) >= 3,
            ),
            Check(str(_("At least three years in business")), years >= 3),
        ],
    )
    return [basic, level1, level2]
