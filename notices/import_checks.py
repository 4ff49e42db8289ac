"""The CSV import's checks that look past one row: a reference the file repeats, and UNSPSC codes
the portal does not list. Each returns the reason to refuse a row, or None; `notices.importing`
refuses the row with it."""

from categories.models import Category
from categories.unspsc import nearest_listed

Key = tuple[str, str]


def listed_categories() -> dict[str, Category]:
    """The portal's whole code list by code: some 5,000 rows in one query, rather than the file's
    codes, which may be more than a database takes in one IN (...)."""
    return {c.code: c for c in Category.objects.only("code", "title_en")}


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


def unknown_codes(codes: list[str], listed: dict[str, Category]) -> str | None:
    """Every code that is not in the portal's list, each with the nearest listed category above it
    as a suggestion (a mistyped digit is the usual cause)."""
    problems = [_unknown_code(code, listed) for code in codes if code not in listed]
    return "; ".join(problems) or None


def _unknown_code(code: str, listed: dict[str, Category]) -> str:
    problem = f"{code} is not a UNSPSC code we know"
    # A code of digits, even one too short or too long, still names its segment and family.
    nearest = nearest_listed(code[:8], listed) if code.isdigit() and len(code) >= 2 else None
    if nearest is None:
        return f"{problem} (8 digits, e.g. 43232104)"
    return f"{problem}; did you mean {nearest.code} {nearest.title_en}?"
