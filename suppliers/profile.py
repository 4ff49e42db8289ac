"""The company profile: its sections, what is still missing, and the rules for saving it.

Every write of the profile goes through a function here: `create_supplier`, `save_section` (where a
material change to an approved profile sends it back for review), `save_certifications` and
`accept_declarations`.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suppliers import regions
from suppliers.credit_codes import CreditCode, parse_credit_code
from suppliers.models import DocumentKind, Membership, ProfileChange, Supplier, SupplierStatus

# Changing one of these on an approved profile sends it back for review (see save_section).
MATERIAL_FIELDS = (
    "legal_name",
    "legal_name_local",
    "registration_number",
    "country",
    "women_ownership_pct",
    "woman_ceo",
    "women_board_pct",
)


@dataclass(frozen=True)
class Section:
    slug: str
    title: str


SECTIONS = [
    Section("identity", _("Company identity")),
    Section("contacts", _("Address and contacts")),
    Section("size", _("Size and ownership")),
    Section("offer", _("What you sell and where")),
    Section("certifications", _("Certifications")),
    Section("documents", _("Documents")),
    Section("declarations", _("Declarations")),
]
SECTION_TITLES = {section.slug: section.title for section in SECTIONS}
# The sections edited with the generic section form; the others have a page of their own.
FORM_SECTIONS = ("identity", "contacts", "size", "offer")


def section_url(slug: str) -> str:
    """Where a section of the profile is edited ("" is the supplier's workspace)."""
    if slug in FORM_SECTIONS:
        return reverse("suppliers:section", args=[slug])
    return reverse(f"suppliers:{slug or 'overview'}")


def section_links() -> list[tuple]:
    """Each section with the address where it is edited, in order."""
    return [(section, section_url(section.slug)) for section in SECTIONS]


@dataclass(frozen=True)
class Missing:
    section: str
    label: str


def _has_value(value) -> bool:
    return value not in (None, "", [])


# Facts required to submit, by section: (field, what to tell the user).
REQUIRED_FIELDS = {
    "identity": [
        ("legal_name", _("Legal name in English")),
        ("country", _("Country of registration")),
        ("registration_number", _("Registration number")),
        ("year_established", _("Year established")),
    ],
    "contacts": [
        ("province", _("Province or region")),
        ("city", _("City")),
        ("address", _("Street address")),
        ("phone", _("Phone")),
        ("contact_name", _("Contact person")),
        ("contact_email", _("Contact e-mail")),
    ],
    "size": [
        ("employees", _("Number of employees")),
        ("annual_turnover", _("Annual turnover")),
    ],
}


# Requirements that are not a single field: (section, what to tell the user, test on a saved profile).
OTHER_REQUIREMENTS = [
    (
        "offer",
        _("A description of your goods and services"),
        lambda s: bool(s.description_en.strip() or s.description_zh.strip()),
    ),
    ("offer", _("At least one UNSPSC category"), lambda s: s.categories.exists()),
    (
        "documents",
        _("Business licence or certificate of incorporation"),
        lambda s: s.documents.filter(kind=DocumentKind.BUSINESS_LICENCE).exists(),
    ),
    (
        "declarations",
        _("Acknowledgement of the UN Supplier Code of Conduct"),
        lambda s: s.code_of_conduct_accepted_at is not None,
    ),
    (
        "declarations",
        _("Declaration of eligibility"),
        lambda s: s.eligibility_declared_at is not None,
    ),
]


def missing_items(supplier: Supplier) -> list[Missing]:
    """What the profile still lacks before it can be submitted, in the order of the sections."""
    missing = [
        Missing(section, str(label))
        for section, fields in REQUIRED_FIELDS.items()
        for field, label in fields
        if not _has_value(getattr(supplier, field))
    ]
    missing += [
        Missing(section, str(label))
        for section, label, is_met in OTHER_REQUIREMENTS
        if supplier.pk is None or not is_met(supplier)
    ]
    order = [section.slug for section in SECTIONS]
    return sorted(missing, key=lambda item: order.index(item.section))


def completeness(supplier: Supplier) -> int:
    """Percentage of the requirements for submission that are met."""
    return completeness_of(missing_items(supplier))


def completeness_of(missing: list[Missing]) -> int:
    """Percentage of the requirements for submission that are met, when `missing` are not."""
    total = sum(len(fields) for fields in REQUIRED_FIELDS.values()) + len(OTHER_REQUIREMENTS)
    return round(100 * (total - len(missing)) / total)


def validate_registration(*, country: str, number: str, exclude: Supplier | None = None) -> str:
    """Normalise and check a registration number; for China, the credit code must be valid. A
    number already registered in the same country is refused without saying who holds it."""
    number = "".join((number or "").split()).upper()
    if str(country) == "CN":
        if not number:
            raise ValidationError(
                _("For a company registered in China, the Unified Social Credit Code is required."),
                code="credit_code_required",
            )
        parse_credit_code(number)
    if number and registration_taken(country=country, number=number, exclude=exclude):
        raise ValidationError(
            DUPLICATE_MESSAGE,
            code="registration_taken",
            params={"email": settings.PROGRAM_CONTACT_EMAIL},
        )
    return number


DUPLICATE_MESSAGE = _(
    "A company with this registration number is already registered on the portal. If you work "
    "for this company, ask its owner for an invitation to join its account, or write to the program "
    "team at %(email)s quoting the registration number: we will put you in touch with the owner."
)


def credit_code_of(supplier: Supplier) -> CreditCode | None:
    """What a Chinese supplier's credit code says (region, authority), if it is valid."""
    if str(supplier.country) != "CN" or not supplier.registration_number:
        return None
    try:
        return parse_credit_code(supplier.registration_number)
    except ValidationError:
        return None


def registration_taken(*, country: str, number: str, exclude: Supplier | None = None) -> bool:
    others = Supplier.objects.filter(country=country, registration_number=number)
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


def change_reopens_review(supplier: Supplier) -> bool:
    """Whether a material change to this profile sends it back for review: once it is approved."""
    return supplier.status == SupplierStatus.APPROVED


def material_changes(supplier: Supplier, changed_fields) -> list[str]:
    """The material fields among the changed ones, when the change would reopen the review."""
    if not change_reopens_review(supplier):
        return []
    return [field for field in MATERIAL_FIELDS if field in changed_fields]


@transaction.atomic
def create_supplier(
    *, owner, legal_name: str, legal_name_local: str, country: str, registration_number: str
) -> Supplier:
    """A new draft profile for its owner, whose registration number is valid and not yet taken.
    A member of a company registers none (a person belongs to one company at most)."""
    # The user's row is locked as suppliers.team.accept locks it: one or the other goes first.
    get_user_model().objects.select_for_update().get(pk=owner.pk)
    if Membership.objects.filter(user=owner).exists():
        raise ValidationError(
            _(
                "Your account already belongs to a company; a person belongs to one company at most."
            ),
            code="has_company",
        )
    number = validate_registration(country=country, number=registration_number)
    return Supplier.objects.create(
        owner=owner,
        legal_name=legal_name,
        legal_name_local=legal_name_local,
        country=country,
        registration_number=number,
        province=regions.province_in_code(country=country, registration_number=number),
    )


@transaction.atomic
def save_section(*, supplier: Supplier, changes: Mapping[str, Any], by) -> list[str]:
    """Save the changed facts of a section (field name: new value). On an approved profile, a
    change of a material fact sends it back for review (suppliers.review.reopen).

    Returns the material fields changed when the review is reopened, [] otherwise."""
    # review imports this module (a submitted profile must be complete): imported when called.
    from suppliers import review

    reopens = material_changes(supplier, changes)
    values = dict(changes)
    if "country" in changes or "registration_number" in changes:
        try:
            number = validate_registration(
                country=changes.get("country", supplier.country),
                number=changes.get("registration_number", supplier.registration_number),
                exclude=supplier,
            )
        except ValidationError as error:
            raise ValidationError({"registration_number": error}) from error
        if "registration_number" in changes:
            values["registration_number"] = number
    values |= _province_change(supplier, values)
    related = {}
    for name, value in values.items():
        if Supplier._meta.get_field(name).many_to_many:
            related[name] = value
        else:
            setattr(supplier, name, value)
    supplier.save()
    for name, value in related.items():
        getattr(supplier, name).set(value)
    record_change(supplier=supplier, by=by, fields=list(values))
    if reopens:
        review.reopen(supplier, by=by, changed_fields=reopens)
    return reopens


def _province_change(supplier: Supplier, values: Mapping[str, Any]) -> dict:
    """The province to store when the province, the country or the credit code changes
    (suppliers.regions): a choice the code contradicts is refused."""
    country = values.get("country", supplier.country)
    number = values.get("registration_number", supplier.registration_number)
    if "province" in values:
        try:
            chosen = regions.settled_province(
                country=country, registration_number=number, chosen=values["province"]
            )
        except ValidationError as error:
            raise ValidationError({"province": error}) from error
        return {"province": chosen}
    if "country" in values or "registration_number" in values:
        stored = supplier.province
        return {
            "province": regions.province_after_new_code(
                country=country, registration_number=number, stored=stored
            )
        }
    return {}


@transaction.atomic
def save_certifications(*, supplier: Supplier, formset: BaseInlineFormSet, by=None) -> None:
    """Save the supplier's certifications as edited in a checked formset: added, changed and
    deleted together, or not at all."""
    if formset.instance != supplier:
        raise ValueError("The formset edits another supplier's certifications.")
    formset.save()
    if formset.has_changed():
        record_change(supplier=supplier, by=by, fields=["certifications"])


@transaction.atomic
def accept_declarations(
    *, supplier: Supplier, code_of_conduct: bool, eligibility: bool, by=None
) -> Supplier:
    """Record when each declaration was accepted; withdrawing one clears its time."""
    now = timezone.now()
    supplier.code_of_conduct_accepted_at = (
        (supplier.code_of_conduct_accepted_at or now) if code_of_conduct else None
    )
    supplier.eligibility_declared_at = (
        (supplier.eligibility_declared_at or now) if eligibility else None
    )
    supplier.save(
        update_fields=["code_of_conduct_accepted_at", "eligibility_declared_at", "updated_at"]
    )
    record_change(supplier=supplier, by=by, fields=["declarations"])
    return supplier


# The parts of the profile a change may name besides its fields (ProfileChange.fields).
WHOLE_PARTS = ("certifications", "declarations", "documents")


def record_change(*, supplier: Supplier, by, fields: list[str]) -> ProfileChange | None:
    """Note who changed which fields (or WHOLE_PARTS) of the profile; nothing when none changed."""
    if not fields:
        return None
    return ProfileChange.objects.create(supplier=supplier, actor=by, fields=",".join(fields))


def changed_labels(change: ProfileChange) -> list[str]:
    """What a change changed, in the reader's language: the fields' names, or the sections'."""
    return [
        str(
            SECTION_TITLES[name]
            if name in WHOLE_PARTS
            else Supplier._meta.get_field(name).verbose_name
        )
        for name in change.fields.split(",")
    ]


def latest_changes(supplier: Supplier, *, limit: int):
    """The supplier's latest changes, newest first, with who made them."""
    return supplier.changes.select_related("actor")[:limit]


def contact_names(user_ids: list[int]) -> dict[int, str]:
    """The contact person named on each user's company profile, by user id (users without a
    profile, or whose profile names nobody, are left out): e-mails greet a user by it when their
    account has no name (accounts.emails.greeting_names)."""
    return dict(
        Supplier.objects.filter(owner_id__in=user_ids)
        .exclude(contact_name="")
        .values_list("owner_id", "contact_name")
    )
