from decimal import Decimal

import factory
from django.utils import timezone

from categories.models import Category
from suppliers.credit_codes import check_character
from suppliers.models import Supplier


def credit_code(n: int) -> str:
    """A valid Unified Social Credit Code, different for each n."""
    first17 = f"9144030{n:010d}"
    return first17 + check_character(first17)


class SupplierFactory(factory.django.DjangoModelFactory):
    """A complete profile (every required fact; documents are added by the test)."""

    class Meta:
        model = Supplier
        skip_postgeneration_save = True

    owner = factory.SubFactory("tests.factories.UserFactory")
    legal_name = factory.Sequence(lambda n: f"Shenzhen Example {n} Co., Ltd.")
    legal_name_local = factory.Sequence(lambda n: f"深圳示例{n}有限公司")
    country = "CN"
    registration_number = factory.Sequence(credit_code)
    year_established = 2015
    province = "44"
    city = "Shenzhen"
    address = "1 Science Park Road"
    phone = "+86 755 1234 5678"
    contact_name = "Wang Fang"
    contact_email = factory.LazyAttribute(lambda s: s.owner.email)
    employees = 25
    annual_turnover = Decimal("5000000")
    currency = "CNY"
    description_en = "Solar lanterns and water pumps."
    code_of_conduct_accepted_at = factory.LazyFunction(timezone.now)
    eligibility_declared_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if create:
            obj.categories.set(Category.objects.filter(code__in=extracted or ["26000000"]))
