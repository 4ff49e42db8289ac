"""The category picker that the company profile and the alert form share: the chosen categories,
the search results, the level of the tree being browsed and the suggested categories.

It works without JavaScript: each of its buttons (SEARCH, BROWSE, ADD_SUGGESTED) submits the whole
form, whose view renders it again from `picker_context`, with everything typed kept and nothing
saved. With JavaScript (static/js/picker.js) the same fragments come from
`suppliers:category-search`, which calls `picker_context` too. The search is
`categories.search.search_categories`: the picker calls nothing else to search.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Q

from categories.models import Category, CategoryLevel
from categories.search import search_categories
from categories.unspsc import ancestor_prefixes, level_of, nearest_listed, validate_code

# The picker's buttons and its search field, as the form sends them.
SEARCH, BROWSE, ADD_SUGGESTED = "category_search", "category_browse", "category_add_suggested"
QUERY = "category_query"
FIELD = "categories"


def normalise(code: str) -> str:
    """The 8-digit code of a category given at any level: "39" and "3911" give 39000000 and
    39110000 (a search's category filter names them so). ValidationError for anything else."""
    code = (code or "").strip()
    if code.isdigit() and len(code) in (2, 4, 6):
        code = code.ljust(8, "0")
    return validate_code(code)


def valid_codes(values) -> list[str]:
    """The 8-digit codes among the values, in their order, once each; others are left out."""
    codes = []
    for value in values:
        try:
            code = normalise(str(getattr(value, "code", value)))
        except ValidationError:
            continue
        if code not in codes:
            codes.append(code)
    return codes


def categories_for(codes) -> list[Category]:
    """The categories of these 8-digit codes, in code order, once each, retired ones too (they are
    shown where they are used, marked retired). A code that is not listed (any valid code may be
    used) is shown under its nearest listed category: an unsaved Category with the code and that
    category's titles, followed by its code."""
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


def level_below(code: str) -> list[Category]:
    """The current categories one level below the code ("": the segments), each with
    `subcategories`, the number of current categories listed one level below it. Retired codes are
    not offered for new choices."""
    current = Category.objects.filter(retired_at__isnull=True)
    level = current.filter(Q(parent_id=code) if code else Q(level=CategoryLevel.SEGMENT))
    below = Count("children", filter=Q(children__retired_at__isnull=True))
    return list(level.annotate(subcategories=below).order_by("code"))


@dataclass
class Picker:
    """What the picker shows. `trail`: the categories from the segment down to the one being
    browsed (empty: the segments are shown); `level`: the categories listed under it."""

    chosen: list[Category]
    query: str = ""
    results: list[Category] = field(default_factory=list)
    browsing: bool = False
    trail: list[Category] = field(default_factory=list)
    level: list[Category] = field(default_factory=list)
    suggested: list[Category] = field(default_factory=list)


def is_picker_action(data) -> bool:
    """The form was sent by one of the picker's buttons: render it again, save nothing."""
    return any(name in data for name in (SEARCH, BROWSE, ADD_SUGGESTED))


def picker_context(*, data, initial_codes, suggested_codes=()) -> dict:
    """The picker of a form, as `{"picker": Picker}`. `data`: what the form sent (None when it is
    shown for the first time, then `initial_codes` are chosen); `suggested_codes`: categories
    offered first (the company profile's, on the alert form), left out once chosen, and retired
    ones left out (they cannot be chosen again)."""
    suggested = [c for c in categories_for(valid_codes(suggested_codes)) if not c.is_retired]
    if data is None:
        chosen = valid_codes(initial_codes)
        data = {}
    else:
        chosen = valid_codes(data.getlist(FIELD))
        if ADD_SUGGESTED in data:
            chosen += [c.code for c in suggested if c.code not in chosen]
    query = data.get(QUERY, "").strip()
    browsed = _browsed_code(data.get(BROWSE, ""))
    picker = Picker(
        chosen=categories_for(chosen),
        query=query,
        results=[c for c in search_categories(query) if c.code not in chosen],
        browsing=BROWSE in data,
        trail=categories_for(code.ljust(8, "0") for code in ancestor_prefixes(browsed))
        if browsed
        else [],
        level=level_below(browsed),
        suggested=[c for c in suggested if c.code not in chosen],
    )
    return {"picker": picker}


def _browsed_code(value: str) -> str:
    """The listed category a BROWSE button names, or "" (the segments)."""
    try:
        code = normalise(value)
    except ValidationError:
        return ""
    return code if Category.objects.filter(code=code).exists() else ""
