"""Company size by the IFC definition (micro, small, medium, large).

IFC counts three facts: employees, annual sales (turnover) and total assets, and a company belongs to
a class when at least two of the three facts fall within it. With employees and turnover only (total
assets are optional here), both must fall within the class. Amounts in other currencies are converted
to US dollars with the rates in the setting EXCHANGE_RATES_TO_USD.

    class    employees   turnover / total assets (USD)
    micro    < 10        < 100,000
    small    10 - 49     up to 3,000,000
    medium   50 - 300    up to 15,000,000
    large    > 300       > 15,000,000
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")


ORDER = [SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM, SizeClass.LARGE]

RULE = _(
    "By the IFC definition: micro fewer than 10 employees and under USD 100,000 a year; small 10 to 49 "
    "employees and up to USD 3 million; medium 50 to 300 employees and up to USD 15 million; large above "
    "that. When you give total assets too, two of the three figures decide."
)


def to_usd(amount: Decimal, currency: str) -> Decimal:
    rate = Decimal(str(settings.EXCHANGE_RATES_TO_USD[currency]))
    return amount * rate


def class_by_employees(employees: int) -> SizeClass:
    if employees < 10:
        return SizeClass.MICRO
    if employees < 50:
        return SizeClass.SMALL
    if employees <= 300:
        return SizeClass.MEDIUM
    return SizeClass.LARGE


def class_by_amount(usd: Decimal) -> SizeClass:
    if usd < 100_000:
        return SizeClass.MICRO
    if usd <= 3_000_000:
        return SizeClass.SMALL
    if usd <= 15_000_000:
        return SizeClass.MEDIUM
    return SizeClass.LARGE


def size_class(
    *,
    employees: int | None,
    turnover: Decimal | None,
    currency: str,
    total_assets: Decimal | None = None,
) -> str:
    """The IFC size class, or "" when employees or turnover are not known yet."""
    if employees is None or turnover is None or not currency:
        return ""
    indications = [
        class_by_employees(employees),
        class_by_amount(to_usd(turnover, currency)),
    ]
    if total_assets is not None:
        indications.append(class_by_amount(to_usd(total_assets, currency)))
    ranks = sorted(ORDER.index(indication) for indication in indications)
    # The smallest class that at least two facts fall within: the larger of two, the middle of three.
    return ORDER[ranks[1]]
