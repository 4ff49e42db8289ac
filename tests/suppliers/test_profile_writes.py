"""suppliers.profile: the one entry point of each write of the profile."""

import pytest
from django.core.exceptions import ValidationError

from categories.models import Category
from suppliers import profile, review
from suppliers.forms import CertificationFormSet
from suppliers.models import ReviewAction, Supplier, SupplierStatus
from tests.factories import UserFactory
from tests.suppliers.factories import SupplierFactory, credit_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(company, admin_user):
    review.submit(company, by=company.owner)
    review.approve(company, by=admin_user)
    return company


def test_a_new_profile_is_a_draft_of_its_owner_with_its_number_normalised():
    owner = UserFactory()
    number = credit_code(901)

    supplier = profile.create_supplier(
        owner=owner,
        legal_name="Hangzhou Example Co., Ltd.",
        legal_name_local="杭州示例有限公司",
        country="CN",
        registration_number=f" {number[:9].lower()} {number[9:]} ",
    )

    supplier.refresh_from_db()
    assert (supplier.owner, supplier.status) == (owner, SupplierStatus.DRAFT)
    assert supplier.registration_number == number


def test_a_new_profile_cannot_take_a_registered_number(company):
    with pytest.raises(ValidationError) as raised:
        profile.create_supplier(
            owner=UserFactory(),
            legal_name="Copycat Ltd.",
            legal_name_local="",
            country="CN",
            registration_number=company.registration_number,
        )
    assert raised.value.code == "registration_taken"
    assert Supplier.objects.count() == 1


def test_saving_a_section_of_a_draft_saves_its_changes_and_reopens_nothing(company):
    water = Category.objects.order_by("code").first()

    reopened = profile.save_section(
        supplier=company,
        changes={"legal_name": "Renamed Ltd.", "categories": [water]},
        by=company.owner,
    )

    company.refresh_from_db()
    assert reopened == []
    assert company.legal_name == "Renamed Ltd." and list(company.categories.all()) == [water]
    assert company.status == SupplierStatus.DRAFT


def test_a_material_change_to_an_approved_profile_sends_it_back_for_review(approved):
    reopened = profile.save_section(
        supplier=approved,
        changes={"legal_name": "Renamed Ltd.", "phone": "+86 1"},
        by=approved.owner,
    )

    approved.refresh_from_db()
    assert reopened == ["legal_name"]
    assert (approved.legal_name, approved.status) == ("Renamed Ltd.", SupplierStatus.SUBMITTED)
    event = approved.review_events.first()
    assert (event.action, event.actor, event.note) == (
        ReviewAction.REOPENED,
        approved.owner,
        "legal name (English)",
    )


def test_another_change_to_an_approved_profile_keeps_it_approved(approved):
    assert (
        profile.save_section(supplier=approved, changes={"city": "Foshan"}, by=approved.owner) == []
    )
    approved.refresh_from_db()
    assert (approved.city, approved.status) == ("Foshan", SupplierStatus.APPROVED)


def test_a_section_cannot_take_a_registered_number(company, other_company):
    with pytest.raises(ValidationError) as raised:
        profile.save_section(
            supplier=company,
            changes={"registration_number": other_company.registration_number},
            by=company.owner,
        )
    assert list(raised.value.error_dict) == ["registration_number"]
    company.refresh_from_db()
    assert company.registration_number != other_company.registration_number


def test_only_an_approved_profile_is_reopened_by_a_material_change():
    assert not profile.change_reopens_review(SupplierFactory.build(status=SupplierStatus.DRAFT))
    assert profile.change_reopens_review(SupplierFactory.build(status=SupplierStatus.APPROVED))


def test_certifications_are_saved_from_a_checked_formset_of_their_supplier(company, other_company):
    data = {
        "certifications-TOTAL_FORMS": "1",
        "certifications-INITIAL_FORMS": "0",
        "certifications-0-kind": "iso9001",
        "certifications-0-label": "",
        "certifications-0-expires_on": "",
    }
    formset = CertificationFormSet(data, instance=company)
    assert formset.is_valid(), formset.errors

    profile.save_certifications(supplier=company, formset=formset)

    assert list(company.certifications.values_list("kind", flat=True)) == ["iso9001"]
    with pytest.raises(ValueError, match="another supplier"):
        profile.save_certifications(supplier=other_company, formset=formset)
