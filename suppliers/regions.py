"""China's provinces and regions as the portal stores them: the two-digit code that opens the
administrative division code (GB/T 2260), which a Unified Social Credit Code carries in its
characters 3 to 8. One table for the credit codes, the profile's choice, the admin's filter and the
dashboard, each showing the name in the reader's language.

The rule: a credit code that names a province gives the profile's province (a different choice is
refused); the choice is offered only where the code says none (a code of a national authority) and
only for companies registered in China."""

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from core.bilingual import in_reader_language

# Province-level divisions: the first two digits of the administrative division code.
PROVINCES = {
    "11": ("Beijing", "北京市"),
    "12": ("Tianjin", "天津市"),
    "13": ("Hebei", "河北省"),
    "14": ("Shanxi", "山西省"),
    "15": ("Inner Mongolia", "内蒙古自治区"),
    "21": ("Liaoning", "辽宁省"),
    "22": ("Jilin", "吉林省"),
    "23": ("Heilongjiang", "黑龙江省"),
    "31": ("Shanghai", "上海市"),
    "32": ("Jiangsu", "江苏省"),
    "33": ("Zhejiang", "浙江省"),
    "34": ("Anhui", "安徽省"),
    "35": ("Fujian", "福建省"),
    "36": ("Jiangxi", "江西省"),
    "37": ("Shandong", "山东省"),
    "41": ("Henan", "河南省"),
    "42": ("Hubei", "湖北省"),
    "43": ("Hunan", "湖南省"),
    "44": ("Guangdong", "广东省"),
    "45": ("Guangxi", "广西壮族自治区"),
    "46": ("Hainan", "海南省"),
    "50": ("Chongqing", "重庆市"),
    "51": ("Sichuan", "四川省"),
    "52": ("Guizhou", "贵州省"),
    "53": ("Yunnan", "云南省"),
    "54": ("Tibet", "西藏自治区"),
    "61": ("Shaanxi", "陕西省"),
    "62": ("Gansu", "甘肃省"),
    "63": ("Qinghai", "青海省"),
    "64": ("Ningxia", "宁夏回族自治区"),
    "65": ("Xinjiang", "新疆维吾尔自治区"),
    "71": ("Taiwan", "台湾省"),
    "81": ("Hong Kong", "香港特别行政区"),
    "82": ("Macao", "澳门特别行政区"),
}


def province_name(code: str) -> str:
    """The province's name in the reader's language ("" for no province, the code if unknown)."""
    if code not in PROVINCES:
        return code
    english, chinese = PROVINCES[code]
    return in_reader_language(english=english, chinese=chinese)


# The choices of Supplier.province: each name in the reader's language when shown.
PROVINCE_CHOICES = [(code, lazy(province_name, str)(code)) for code in PROVINCES]


def province_in_code(*, country: str, registration_number: str) -> str:
    """The province a Chinese company's credit code names; "" when it names none (not China, a
    national authority's code, or not a valid code: the registration rules refuse those)."""
    from suppliers.credit_codes import parse_credit_code  # credit_codes reads PROVINCES

    if str(country) != "CN" or not registration_number:
        return ""
    try:
        division = parse_credit_code(registration_number).division
    except ValidationError:
        return ""
    return division[:2] if division[:2] in PROVINCES else ""


def settled_province(*, country: str, registration_number: str, chosen: str) -> str:
    """The province to store for a choice: the credit code's when it names one (a different choice
    is refused with both names), the choice for a Chinese company whose code names none, and ""
    for a company registered elsewhere (the list is China's)."""
    named = province_in_code(country=country, registration_number=registration_number)
    if named and chosen and chosen != named:
        raise ValidationError(
            _(
                "Your Unified Social Credit Code was issued in %(named)s, not %(chosen)s. The "
                "province comes from the code: check the code on your business licence."
            ),
            code="province_mismatch",
            params={"named": province_name(named), "chosen": province_name(chosen)},
        )
    if named:
        return named
    return chosen if str(country) == "CN" else ""


def province_after_new_code(*, country: str, registration_number: str, stored: str) -> str:
    """The province once the country or credit code changed: the new code's, else the stored one
    for a Chinese company, else none."""
    named = province_in_code(country=country, registration_number=registration_number)
    return named or (stored if str(country) == "CN" else "")


# Spellings met in the free-text field before it became a choice (and in imports): English names,
# Chinese names with or without their suffix, pinyin with "Province", the two together.
SUFFIXES = ("省", "市", "壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区")


def _spellings(code: str) -> set[str]:
    english, chinese = PROVINCES[code]
    short = chinese
    for suffix in SUFFIXES:
        if chinese.endswith(suffix):
            short = chinese.removesuffix(suffix)
            break
    names = {english, chinese, short, f"{english} province", f"{english} 省"}
    names |= {f"{english} {chinese}", f"{english} {short}", f"{chinese} {english}"}
    return {" ".join(name.casefold().split()) for name in names}


SPELLINGS = {spelling: code for code in PROVINCES for spelling in _spellings(code)}
SPELLINGS |= {"macau": "82", "xizang": "54", "hongkong": "81"}


def province_from_text(text: str) -> str:
    """The province code a free-text province names ("Zhejiang 浙江省", "上海市", "guangdong"), or
    "" when it names none the portal knows."""
    key = " ".join((text or "").replace("\u3000", " ").casefold().split())
    return SPELLINGS.get(key, "")
