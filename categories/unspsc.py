"""UNSPSC categories: the code rules, and look-ups for pickers and forms (the search by words is
`categories.search`, the loading of the shipped list `categories.reference_data`)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from categories.models import PREFIX_LENGTH, Category, CategoryLevel

# The shipped list (loaded by `categories.reference_data`) and the search's synonyms.
DATA_DIR = Path(__file__).resolve().parent / "data"


def level_of(code: str) -> str:
    """The level an 8-digit code names: trailing pairs of zeros mark the higher levels."""
    if code[2:] == "000000":
        return CategoryLevel.SEGMENT
    if code[4:] == "0000":
        return CategoryLevel.FAMILY
    if code[6:] == "00":
        return CategoryLevel.CLASS
    return CategoryLevel.COMMODITY


def prefix_of(code: str) -> str:
    """The significant digits of a code: 43230000 -> "4323"; the hierarchy is by this prefix."""
    return code[: PREFIX_LENGTH[level_of(code)]]


def ancestor_prefixes(code: str) -> list[str]:
    """Every prefix a code falls under, itself included: 43232104 -> [43, 4323, 432321, 43232104]."""
    prefix = prefix_of(code)
    return [prefix[:length] for length in (2, 4, 6, 8) if length <= len(prefix)]


def validate_code(code: str) -> str:
    """Normalise and check a UNSPSC code: 8 digits, a segment that is not 00."""
    code = (code or "").strip().replace(" ", "")
    if len(code) != 8 or not code.isdigit():
        raise ValidationError(
            _("A UNSPSC code has 8 digits, e.g. 43232104."), code="category_format"
        )
    if code.startswith("00"):
        raise ValidationError(_("No UNSPSC segment starts with 00."), code="category_segment")
    return code


def categories_around(codes) -> dict[str, Category]:
    """The listed categories among the codes and their ancestors, by code (one query)."""
    wanted = {prefix.ljust(8, "0") for code in codes for prefix in ancestor_prefixes(code)}
    return {c.code: c for c in Category.objects.filter(code__in=wanted)} if wanted else {}


def nearest_listed(code: str, known: dict[str, Category]) -> Category | None:
    """The category of the code, or else of its nearest ancestor in `known`."""
    for prefix in reversed(ancestor_prefixes(code)):
        if category := known.get(prefix.ljust(8, "0")):
            return category
    return None


def category_titles(codes) -> dict[str, str]:
    """Titles, in the reader's language, of the listed codes among `codes` (one query). A code that is
    not listed gets the title of its nearest listed ancestor, e.g. "Software (43230000)"."""
    codes = set(codes)
    if not codes:
        return {}
    ancestors = {prefix.ljust(8, "0") for code in codes for prefix in ancestor_prefixes(code)}
    known = {c.code: c.title for c in Category.objects.filter(code__in=codes | ancestors)}
    titles = {}
    for code in codes:
        if code in known:
            titles[code] = known[code]
            continue
        for prefix in reversed(ancestor_prefixes(code)[:-1]):
            parent = prefix.ljust(8, "0")
            if parent in known:
                titles[code] = f"{known[parent]} ({parent})"
                break
    return titles


def retired_among(codes) -> list[str]:
    """The codes among `codes` that the list has retired, in code order (one query)."""
    codes = set(codes)
    if not codes:
        return []
    retired = Category.objects.filter(code__in=codes, retired_at__isnull=False)
    return sorted(retired.values_list("code", flat=True))


def refuse_retired(codes, *, kept=()) -> None:
    """A new choice of categories may not name a retired code; one that was already chosen
    (`kept`: the notice's, profile's or alert's codes as saved) may stay. ValidationError names
    the retired codes."""
    kept = set(kept)
    if retired := [code for code in retired_among(codes) if code not in kept]:
        raise ValidationError(
            _(
                "%(codes)s: this UNSPSC code is retired (the list no longer has it) and cannot "
                "be chosen any more. Choose a current category instead."
            ),
            code="category_retired",
            params={"codes": ", ".join(retired[:5])},
        )
