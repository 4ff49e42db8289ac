"""UNSPSC categories: the code rules, the shipped reference data, and look-ups for pickers (the
search by words is `categories.search`)."""

import csv
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from categories.models import PREFIX_LENGTH, Category, CategoryLevel

DATA_DIR = Path(__file__).resolve().parent / "data"
# Loaded in this order; a later file may add codes or Chinese titles. Missing files are skipped.
BASE_FILE = DATA_DIR / "unspsc.csv"  # code,level,title,parent_code (the real O*NET subset)
EXTRA_FILE = DATA_DIR / "unspsc_extra.csv"  # same columns: segments and families we add
CHINESE_FILE = DATA_DIR / "unspsc_zh.csv"  # code,title_zh


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


def _read(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_reference_data(category_model=Category) -> int:
    """Insert or update every shipped category; returns how many codes the table holds.

    Takes the model as an argument so that data migrations can pass their historical model.
    """
    rows = {row["code"]: row for row in _read(BASE_FILE) + _read(EXTRA_FILE)}
    chinese = {row["code"]: row["title_zh"] for row in _read(CHINESE_FILE)}
    existing = set(category_model.objects.values_list("code", flat=True))
    new, changed = [], []
    for code, row in rows.items():
        category = category_model(
            code=code,
            level=level_of(code),
            prefix=prefix_of(code),
            parent_id=row["parent_code"] or None,
            title_en=row["title"],
            title_zh=chinese.get(code, ""),
        )
        (changed if code in existing else new).append(category)
    # Foreign keys to parents are checked at commit, so the order of the rows does not matter.
    category_model.objects.bulk_create(new, batch_size=1000)
    category_model.objects.bulk_update(
        changed, ["level", "prefix", "parent", "title_en", "title_zh"], batch_size=1000
    )
    return category_model.objects.count()


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
