"""The CSV import's checks that look past one row: a reference the file repeats, and UNSPSC codes
the portal does not list or has retired. Each returns the reason to refuse a row, or None;
`notices.importing` refuses the row with it."""

from categories.models import Category
from categories.unspsc import ancestor_prefixes

Key = tuple[str, str]


def listed_categories() -> dict[str, Category]:
    """The portal's whole code list by code: some 5,000 rows in one query, rather than the file's
    codes, which may be more than a database takes in one IN (...)."""
    return {c.code: c for c in Category.objects.only("code", "title_en", "retired_at")}


def reference_key(row: dict) -> Key:
    """A notice's identity in a file, as the database's unique constraint sees it (any case)."""
    return (
        str(row.get("agency") or "").strip().lower(),
        str(row.get("reference") or "").strip().lower(),
    )


def repeated_references(rows: list[dict], *, first_line: int = 2) -> dict[Key, list[int]]:
    """The line numbers of every (agency, reference) that the file gives more than once. None of
    those rows is imported: the file contradicts itself and nothing says which row is right."""
    lines: dict[Key, list[int]] = {}
    for number, row in enumerate(rows, first_line):
        key = reference_key(row)
        if key[1]:
            lines.setdefault(key, []).append(number)
    return {key: numbers for key, numbers in lines.items() if len(numbers) > 1}


def repetition(row: dict, repeated: dict[Key, list[int]]) -> str | None:
    lines = repeated.get(reference_key(row))
    if not lines:
        return None
    return (
        f"reference {row['reference']!r} is on lines {', '.join(map(str, lines[:-1]))} and "
        f"{lines[-1]} of the file: none of them is imported"
    )


def refused_codes(codes: list[str], listed: dict[str, Category]) -> str | None:
    """Every code that is not in the portal's list, or that the list has retired (a new notice
    cannot take it), each with the nearest current category above it as a suggestion (a mistyped
    digit is the usual cause of an unknown code)."""
    problems = [
        _refused_code(code, listed)
        for code in codes
        if code not in listed or listed[code].retired_at is not None
    ]
    return "; ".join(problems) or None


def _refused_code(code: str, listed: dict[str, Category]) -> str:
    if code in listed:
        problem = (
            f"{code} is retired from the UNSPSC list (since {listed[code].retired_at:%Y-%m-%d})"
        )
    else:
        problem = f"{code} is not a UNSPSC code we know"
    # A code of digits, even one too short or too long, still names its segment and family.
    nearest = _nearest_current(code[:8], listed) if code.isdigit() and len(code) >= 2 else None
    if nearest is None:
        return f"{problem} (8 digits, e.g. 43232104)"
    return f"{problem}; did you mean {nearest.code} {nearest.title_en}?"


def _nearest_current(code: str, listed: dict[str, Category]) -> Category | None:
    """The category of the code, or else of its nearest ancestor, that is listed and not retired."""
    for prefix in reversed(ancestor_prefixes(code)):
        category = listed.get(prefix.ljust(8, "0"))
        if category is not None and category.retired_at is None:
            return category
    return None
