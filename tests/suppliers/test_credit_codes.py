"""The Unified Social Credit Code (GB 32100-2015): charset, layout, check character, region."""

import pytest
from django.core.exceptions import ValidationError

from suppliers.credit_codes import check_character, parse_credit_code


@pytest.mark.parametrize(
    ("code", "region"),
    [
        ("91350100M000100Y43", "Fujian 福建省 (350100)"),  # a published example
        ("91110000802100433B", "Beijing 北京市 (110000)"),  # ends in a letter
        ("A1110000MB0C1234P4", "Beijing 北京市 (110000)"),  # authority A
        ("N2440300ABCDEFGH1A", "Guangdong 广东省 (440300)"),  # authority N
        ("Y1330100L45678912P", "Zhejiang 浙江省 (330100)"),  # authority Y
        ("51100000500021676R", "National 全国 (100000)"),  # a national registration
        (" 9135 0100 M000 100Y43 ", "Fujian 福建省 (350100)"),  # spaces are ignored
        ("91350100m000100y43", "Fujian 福建省 (350100)"),  # lower case is read as capitals
    ],
)
def test_valid_codes_and_the_region_they_name(code, region):
    assert parse_credit_code(code).region == region


@pytest.mark.parametrize(
    ("code", "error_code", "message"),
    [
        ("91350100M000100Y4", "credit_code_length", "has 17"),
        ("91350100M000100Y433", "credit_code_length", "has 19"),
        ("91350100M000100Y44", "credit_code_check", "should be 3, not 4"),
        ("91110000802100433C", "credit_code_check", "should be B, not C"),
        ("91350100I000100Y43", "credit_code_charset", "cannot contain I"),
        ("91350100MO00100Y43", "credit_code_charset", "cannot contain O"),
        ("9135010SM000100Y43", "credit_code_charset", "cannot contain S"),
        ("B1110000MB0C1234P4", "credit_code_authority", "(B) is not"),
        ("911A0000802100433B", "credit_code_division", "6-digit"),
        ("91990000802100433B", "credit_code_division", "(990000)"),
    ],
)
def test_invalid_codes_say_exactly_what_is_wrong(code, error_code, message):
    with pytest.raises(ValidationError) as raised:
        parse_credit_code(code)

    assert raised.value.code == error_code
    assert message in raised.value.messages[0]


def test_the_check_character_uses_weights_3_to_the_power_i_minus_1_mod_31():
    # S = sum(value * weight); check = (31 - S mod 31) mod 31, written in the code's charset.
    assert check_character("91350100M000100Y4") == "3"
    assert check_character("00000000000000000") == "0"
