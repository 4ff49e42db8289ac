"""The derived classifications: IFC size classes and the women-owned definitions, at each boundary."""

from decimal import Decimal

import pytest

from suppliers.ownership import women_ownership
from suppliers.sizing import size_class


@pytest.mark.parametrize(
    ("employees", "turnover_usd", "expected"),
    [
        (9, 99_999, "micro"),
        (10, 99_999, "small"),  # employees decide when they are the larger
        (9, 100_000, "small"),  # turnover decides when it is the larger
        (49, 3_000_000, "small"),
        (50, 3_000_000, "medium"),
        (49, 3_000_001, "medium"),
        (300, 15_000_000, "medium"),
        (301, 15_000_000, "large"),
        (300, 15_000_001, "large"),
        (0, 0, "micro"),
    ],
)
def test_size_class_at_each_ifc_boundary(employees, turnover_usd, expected):
    assert (
        size_class(employees=employees, turnover=Decimal(turnover_usd), currency="USD") == expected
    )


def test_yuan_are_converted_with_the_rate_in_settings(settings):
    settings.EXCHANGE_RATES_TO_USD = {**settings.EXCHANGE_RATES_TO_USD, "CNY": 0.14}

    # 700,000 CNY = 98,000 USD (micro); 800,000 CNY = 112,000 USD (small)
    assert size_class(employees=5, turnover=Decimal(700_000), currency="CNY") == "micro"
    assert size_class(employees=5, turnover=Decimal(800_000), currency="CNY") == "small"

    settings.EXCHANGE_RATES_TO_USD = {**settings.EXCHANGE_RATES_TO_USD, "CNY": 0.10}
    assert size_class(employees=5, turnover=Decimal(800_000), currency="CNY") == "micro"


def test_with_total_assets_two_of_three_facts_decide():
    # employees: small; turnover: large; assets: small -> small
    assert (
        size_class(
            employees=20,
            turnover=Decimal(20_000_000),
            total_assets=Decimal(1_000_000),
            currency="USD",
        )
        == "small"
    )
    # employees: micro; turnover: medium; assets: large -> medium
    assert (
        size_class(
            employees=5,
            turnover=Decimal(10_000_000),
            total_assets=Decimal(50_000_000),
            currency="USD",
        )
        == "medium"
    )


def test_no_size_class_until_employees_and_turnover_are_known():
    assert size_class(employees=None, turnover=Decimal(1), currency="USD") == ""
    assert size_class(employees=3, turnover=None, currency="USD") == ""


@pytest.mark.parametrize(
    ("owned", "ceo", "board", "weconnect", "ifc"),
    [
        (51, True, 51, True, True),
        (51, False, 0, False, True),  # IFC: 51% ownership alone is enough
        (50.99, True, 100, False, True),  # WEConnect needs 51%; IFC's second route holds
        (51, True, 50.99, False, True),  # WEConnect needs 51% of the board
        (20, True, 30, False, True),  # IFC's second route at its boundaries
        (19.99, True, 30, False, False),
        (20, True, 29.99, False, False),
        (20, False, 100, False, False),
        (100, None, None, False, True),  # facts not given count as not met
        (None, None, None, False, False),
    ],
)
def test_women_owned_definitions_at_each_boundary(owned, ceo, board, weconnect, ifc):
    result = women_ownership(
        ownership_pct=None if owned is None else Decimal(str(owned)),
        woman_ceo=ceo,
        board_pct=None if board is None else Decimal(str(board)),
    )

    assert (result.weconnect, result.ifc) == (weconnect, ifc)


@pytest.mark.django_db
def test_the_profile_stores_what_its_facts_mean(supplier):
    from tests.suppliers.factories import SupplierFactory

    company = SupplierFactory(
        owner=supplier,
        employees=60,
        annual_turnover=Decimal(1_000_000),
        currency="USD",
        women_ownership_pct=Decimal(30),
        woman_ceo=True,
        women_board_pct=Decimal(40),
    )

    company.refresh_from_db()
    assert company.size_class == "medium"
    assert company.women_owned is True
    assert not company.women_owned_verified
