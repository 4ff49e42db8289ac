"""China's Unified Social Credit Code (统一社会信用代码), GB 32100-2015.

18 characters from a 31-character set (digits and capitals without I, O, S, V, Z):

    position 1       registration authority (e.g. 9 market regulation, 5 civil affairs, Y other)
    position 2       kind of organisation under that authority (e.g. 1 enterprise)
    positions 3-8    administrative division code of the registering office (e.g. 440300 Shenzhen)
    positions 9-17   organisation code
    position 18      check character

Check character: with the characters' values c1..c17 and weights 3^(i-1) mod 31, S = sum(ci * wi);
the check value is (31 - S mod 31) mod 31, written with the same character set.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.bilingual import in_reader_language
from suppliers.regions import PROVINCES

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]

AUTHORITIES = {
    "1": _("institutional establishment (机构编制)"),
    "2": _("foreign affairs (外交)"),
    "3": _("justice administration (司法行政)"),
    "4": _("culture (文化)"),
    "5": _("civil affairs (民政)"),
    "6": _("tourism (旅游)"),
    "7": _("religious affairs (宗教)"),
    "8": _("trade unions (工会)"),
    "9": _("market regulation (工商)"),
    "A": _("central military commission (中央军委改革和编制办公室)"),
    "N": _("agriculture (农业)"),
    "Y": _("other registration authorities (其他)"),
}

# The whole country: codes registered with national authorities use 100000.
NATIONAL = ("100000", ("National", "全国"))


@dataclass(frozen=True)
class CreditCode:
    code: str
    authority: str
    division: str  # 6-digit administrative division code
    province_en: str
    province_zh: str

    @property
    def region(self) -> str:
        """The province in the reader's language (an English reader sees its Chinese name too)."""
        return in_reader_language(
            english=f"{self.province_en} {self.province_zh} ({self.division})",
            chinese=f"{self.province_zh}（{self.division}）",  # noqa: RUF001 (Chinese parentheses)
        )


def check_character(first17: str) -> str:
    total = sum(CHARSET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def normalise(raw: str) -> str:
    return "".join((raw or "").split()).upper()


def parse_credit_code(raw: str) -> CreditCode:
    """Validate a credit code and return what it says; raise ValidationError with the exact fault."""
    code = normalise(raw)
    if len(code) != 18:
        raise ValidationError(
            _("A Unified Social Credit Code has 18 characters; this one has %(count)d."),
            code="credit_code_length",
            params={"count": len(code)},
        )
    bad = sorted({char for char in code if char not in CHARSET})
    if bad:
        raise ValidationError(
            _(
                "A Unified Social Credit Code uses only digits and the capitals A-H, J-N, P-R, "
                "T, U, W, X, Y; it cannot contain %(chars)s."
            ),
            code="credit_code_charset",
            params={"chars": ", ".join(bad)},
        )
    if code[0] not in AUTHORITIES:
        raise ValidationError(
            _("The first character (%(char)s) is not a registration authority's code."),
            code="credit_code_authority",
            params={"char": code[0]},
        )
    division = code[2:8]
    if not division.isdigit():
        raise ValidationError(
            _("Characters 3 to 8 must be the 6-digit administrative division code."),
            code="credit_code_division",
        )
    if division == NATIONAL[0]:
        province = NATIONAL[1]
    elif division[:2] in PROVINCES:
        province = PROVINCES[division[:2]]
    else:
        raise ValidationError(
            _("Characters 3 to 8 (%(division)s) are not an administrative division of China."),
            code="credit_code_division",
            params={"division": division},
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _(
                "The check character is wrong: it should be %(expected)s, not %(actual)s. "
                "Please compare the code with your business licence."
            ),
            code="credit_code_check",
            params={"expected": expected, "actual": code[17]},
        )
    return CreditCode(code, AUTHORITIES[code[0]], division, *province)
