"""Showing chosen categories: the codes a form or an alert holds, with their titles."""

from categories.models import Category
from categories.unspsc import ancestor_prefixes, level_of, nearest_listed


def categories_for(codes) -> list[Category]:
    """The categories of these 8-digit codes, in code order, once each. A code that is not listed
    (any valid code may be used) is shown under its nearest listed category: an unsaved Category
    with the code and that category's titles, followed by its code."""
    codes = sorted(set(codes))
    wanted = {prefix.ljust(8, "0") for code in codes for prefix in ancestor_prefixes(code)}
    known = {c.code: c for c in Category.objects.filter(code__in=wanted)} if wanted else {}
    shown = []
    for code in codes:
        if code in known:
            shown.append(known[code])
            continue
        nearest = nearest_listed(code, known)
        shown.append(
            Category(
                code=code,
                level=level_of(code),
                title_en=f"{nearest.title_en} ({nearest.code})" if nearest else "",
                title_zh=f"{nearest.title_zh} ({nearest.code})"
                if nearest and nearest.title_zh
                else "",
            )
        )
    return shown
