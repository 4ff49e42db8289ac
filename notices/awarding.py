"""Recording the award of a notice, and the registered suppliers an award may name.

The notices app does not import the suppliers app: the portal registers, when it starts, how to
find registered suppliers (`register_supplier_finder`), as it gives the rules of expressions of
interest the user's company. Without a finder (the notices app alone), awards name a supplier by
name only.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, QuerySet
from django.utils.translation import gettext as _

from notices import ocds, tasks
from notices.award_models import Award, Contract
from notices.models import Notice, NoticeStatus


@dataclass(frozen=True)
class AwardedCompany:
    """A registered supplier as an award names it."""

    supplier_id: int
    name: str
    name_local: str
    credit_code: str  # the Unified Social Credit Code of a company registered in China, or ""


@dataclass(frozen=True)
class SupplierFinder:
    # the suppliers whose English or Chinese name contains the text, or whose credit code it is
    search: Callable[[str], list[AwardedCompany]]
    # the registered suppliers' ids by credit code, for the codes given (those unknown left out)
    by_credit_codes: Callable[[Iterable[str]], dict[str, int]]


_finder: list[SupplierFinder] = []


def register_supplier_finder(finder: SupplierFinder) -> None:
    _finder[:] = [finder]


def find_suppliers(text: str) -> list[AwardedCompany]:
    """The registered suppliers a search for `text` finds (none without a finder)."""
    text = " ".join((text or "").split())
    return _finder[0].search(text) if _finder and text else []


def suppliers_by_credit_code(codes: Iterable[str]) -> dict[str, int]:
    """Registered suppliers' ids by the credit codes given (codes of none left out)."""
    codes = {code for code in codes if code}
    return _finder[0].by_credit_codes(codes) if _finder and codes else {}


def awards_won_by(supplier_id: int) -> QuerySet:
    """The awards of public notices to the registered supplier, latest first, with their notice
    and agency, and `contract_start` and `contract_end`: the dates of their contracts (None
    without one). One query."""
    return (
        Award.objects.filter(supplier_id=supplier_id)
        .exclude(notice__status=NoticeStatus.DRAFT)
        .select_related("notice__agency")
        .annotate(
            contract_start=Min("contracts__starts_on"), contract_end=Max("contracts__ends_on")
        )
        .order_by("-awarded_on", "-pk")
    )


@transaction.atomic
def record_award(
    notice: Notice,
    *,
    supplier_name: str,
    awarded_on: date,
    by,
    value: Decimal | None = None,
    currency: str = "",
    supplier_id: int | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    signed_on: date | None = None,
) -> Award:
    """Record the contract awarded for a published notice whose deadline has passed (a notice may
    have several awards, one per lot), to a registered supplier or to a vendor named only, with
    its contract when a date of the contract is given. The notice is then shown as awarded."""
    Notice.objects.select_for_update().filter(pk=notice.pk).exists()
    notice.refresh_from_db()
    _check_awardable(notice)
    award = Award(
        notice=notice,
        supplier_name=(supplier_name or "").strip(),
        supplier_id=supplier_id,
        value=value,
        currency=(currency or "").strip().upper(),
        awarded_on=awarded_on,
        created_by=by,
    )
    award.full_clean()
    award.save()
    if starts_on or ends_on or signed_on:
        _record_contract(award, starts_on=starts_on, ends_on=ends_on, signed_on=signed_on)
    notice.status = NoticeStatus.AWARDED
    notice.save(update_fields=["status", "updated_at"])
    transaction.on_commit(partial(tasks.announce, notice.pk))
    return award


def _check_awardable(notice: Notice) -> None:
    if notice.status not in (NoticeStatus.PUBLISHED, NoticeStatus.AWARDED):
        raise ValidationError(_("Only a published notice can be awarded."), code="not_awardable")
    if notice.is_open:
        raise ValidationError(
            _("The deadline has not passed yet: award the contract after it."), code="still_open"
        )


def _record_contract(award: Award, *, starts_on, ends_on, signed_on) -> Contract:
    """The award's contract, for its value, with the OCDS id our export gives it."""
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError(
            {"ends_on": _("The contract cannot end before it starts.")}, code="contract_period"
        )
    contract = Contract(
        award=award,
        ocds_id=f"{ocds.award_id(ocds.ocid_for(award.notice), award)}-contract",
        status="active",
        value=award.value,
        currency=award.currency,
        starts_on=starts_on,
        ends_on=ends_on,
        signed_on=signed_on,
    )
    contract.full_clean()
    contract.save()
    return contract
