"""A release's awards, their contracts and the awarded suppliers as parties (`notices.ocds`).

An award to one of the program's registered suppliers incorporated in China names it by its unified
social credit code, with org-id.guide's scheme CN-USCC (`parties[].identifier`); the importer
(`notices.ocds_mapping`) reads it back and links the award to the supplier with that code here.
"""

from decimal import Decimal

from django.db.models import Prefetch

from notices.award_models import Award

CREDIT_CODE_SCHEME = "CN-USCC"  # org-id.guide: China's unified social credit code
AWARD_RELATIONS = (
    Prefetch("awards", queryset=Award.objects.select_related("supplier")),
    "awards__contracts",
)


def award_id(ocid: str, award) -> str:
    """An award's OCDS id: its publisher's (an imported award), or one made of the ocid."""
    return award.ocds_id or f"{ocid}-award-{award.pk}"


def award_fields(ocid: str, notice, parties: list[dict]) -> dict:
    """The release's `awards` and `contracts` (none without awards); the awarded suppliers are
    added to `parties`."""
    awards = list(notice.awards.all())
    if not awards:
        return {}
    parties += [_supplier_party(award) for award in awards]
    fields = {"awards": [_award(ocid, award) for award in awards]}
    contracts = [_contract(ocid, a, c) for a in awards for c in a.contracts.all()]
    if contracts:
        fields["contracts"] = contracts
    return fields


def _award(ocid: str, award) -> dict:
    result = {
        "id": award_id(ocid, award),
        "status": award.status,
        "date": f"{award.awarded_on.isoformat()}T00:00:00Z",
        "suppliers": [{"id": f"supplier-{award.pk}", "name": award.supplier_name}],
    }
    if award.value is not None:
        result["value"] = ocds_value(award.value, award.currency)
    return result


def _supplier_party(award) -> dict:
    """The awarded supplier; a registered supplier of the program incorporated in China is named
    by its unified social credit code (org-id.guide's CN-USCC), which the importer reads back."""
    party = {"id": f"supplier-{award.pk}", "name": award.supplier_name, "roles": ["supplier"]}
    company = award.supplier
    if company is not None and company.country == "CN" and company.registration_number:
        party["identifier"] = {
            "scheme": CREDIT_CODE_SCHEME,
            "id": company.registration_number,
            "legalName": company.legal_name,
        }
    return party


def _contract(ocid: str, award, contract) -> dict:
    result = {"id": contract.ocds_id, "awardID": award_id(ocid, award)}
    if contract.status:
        result["status"] = contract.status
    if contract.value is not None:
        result["value"] = ocds_value(contract.value, contract.currency)
    period = {
        k: f"{d.isoformat()}T00:00:00Z"
        for k, d in (("startDate", contract.starts_on), ("endDate", contract.ends_on))
        if d
    }
    if period:
        result["period"] = period
    if contract.signed_on:
        result["dateSigned"] = f"{contract.signed_on.isoformat()}T00:00:00Z"
    return result


def ocds_value(amount: Decimal, currency: str) -> dict:
    number = int(amount) if amount == amount.to_integral_value() else float(amount)
    return {"amount": number, "currency": currency}
