"""The shipped UNSPSC list (categories/data/, see docs/categories.md) loaded into the Category table.

Loading is idempotent and keeps what staff did: a title corrected by staff is never overwritten; a
reviewed title whose shipped text changed awaits review again; a code the files no longer have is
retired, not deleted (notices, profiles and alerts that use it keep it), and comes back when the
files have it again. The file a title comes from says where it comes from: `unspsc.csv` holds
published titles, `unspsc_extra.csv` and `unspsc_zh.csv` titles written by the project team.
"""

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from categories.models import Category, TitleSource
from categories.search import forget_search_index
from categories.unspsc import DATA_DIR, level_of, prefix_of

# Read in this order; a later file may add codes. A missing file is read as empty.
BASE_FILE = "unspsc.csv"  # code,level,title,parent_code: published (O*NET's UNSPSC reference)
EXTRA_FILE = "unspsc_extra.csv"  # same columns: segments and families written by the project team
CHINESE_FILE = "unspsc_zh.csv"  # code,title_zh: all written by the project team
BATCH = 500
TITLES = ("title_en", "title_zh")


@dataclass(frozen=True)
class Shipped:
    """A code as the files give it, each title with the source its file implies."""

    code: str
    parent_code: str | None
    title_en: str
    title_en_source: str
    title_zh: str


@dataclass
class LoadCounts:
    """What a load did: codes added, changed, left as they were (still retired ones included),
    retired (no longer in the files) and restored (back in the files after being retired)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    restored: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created:,} created, {self.updated:,} updated, {self.unchanged:,} unchanged, "
            f"{self.retired:,} retired, {self.restored:,} restored"
        )


def _read(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def shipped_codes(data_dir: Path = DATA_DIR) -> dict[str, Shipped]:
    """Every code of the files in `data_dir`, by code."""
    sources = [(BASE_FILE, TitleSource.PUBLISHED), (EXTRA_FILE, TitleSource.AWAITING_REVIEW)]
    chinese = {row["code"]: row["title_zh"].strip() for row in _read(data_dir / CHINESE_FILE)}
    shipped = {}
    for name, source in sources:
        for row in _read(data_dir / name):
            code = row["code"].strip()
            shipped[code] = Shipped(
                code=code,
                parent_code=(row["parent_code"] or "").strip() or None,
                title_en=row["title"].strip(),
                title_en_source=source,
                title_zh=chinese.get(code, ""),
            )
    return shipped


def _title(current: str, source: str, *, shipped: str, shipped_source: str) -> tuple[str, str]:
    """A title and its source after a load: staff's correction stays; otherwise the shipped text,
    still reviewed when staff reviewed this very text, else with its file's source."""
    if source == TitleSource.CORRECTED:
        return current, source
    if source == TitleSource.REVIEWED and current == shipped:
        return current, source
    return shipped, shipped_source


def _changes(category, row: Shipped) -> dict:
    """What a load changes in an existing row, field by field (see `_title`). A changed title comes
    with its source, saved in the same statement."""
    new = {"parent_id": row.parent_code, "retired_at": None}
    new["title_en"], new["title_en_source"] = _title(
        category.title_en,
        category.title_en_source,
        shipped=row.title_en,
        shipped_source=row.title_en_source,
    )
    new["title_zh"], new["title_zh_source"] = _title(
        category.title_zh,
        category.title_zh_source,
        shipped=row.title_zh,
        shipped_source=TitleSource.AWAITING_REVIEW,
    )
    changed = {name: value for name, value in new.items() if getattr(category, name) != value}
    for title in TITLES:
        if title in changed:
            changed[f"{title}_source"] = new[f"{title}_source"]
    return changed


def _new(category_model, row: Shipped):
    return category_model(
        code=row.code,
        level=level_of(row.code),
        prefix=prefix_of(row.code),
        parent_id=row.parent_code,
        title_en=row.title_en,
        title_en_source=row.title_en_source,
        title_zh=row.title_zh,
        title_zh_source=TitleSource.AWAITING_REVIEW,
    )


@transaction.atomic
def load_categories(*, category_model=Category, data_dir: Path = DATA_DIR) -> LoadCounts:
    """Load the files of `data_dir` into the table: insert new codes, update changed ones, retire
    the codes the files no longer have and restore those they have again. Returns the counts.

    Takes the model as an argument so that data migrations can pass their historical model.
    """
    shipped = shipped_codes(data_dir)
    counts, changes = LoadCounts(), {}
    existing = {c.code: c for c in category_model.objects.all()}
    for code, category in existing.items():
        if code not in shipped:
            counts.unchanged += category.retired_at is not None  # else retired below
        elif changed := _changes(category, shipped[code]):
            changes[code] = changed
            if "retired_at" in changed:
                counts.restored += 1
            else:
                counts.updated += 1
        else:
            counts.unchanged += 1
    new = [_new(category_model, row) for code, row in shipped.items() if code not in existing]
    # Foreign keys to parents are checked at commit, so the order of the rows does not matter.
    category_model.objects.bulk_create(new, batch_size=BATCH)
    _write(category_model, changes)
    counts.created = len(new)
    counts.retired = _update(
        category_model,
        [c for c in existing if c not in shipped],
        retired_at=timezone.now(),
        retired_at__isnull=True,
    )
    forget_search_index()
    return counts


def _write(category_model, changes: dict[str, dict]) -> None:
    """Save the changes ({code: {field: value}}) in few statements: a changed title with its source,
    row by row in bulk; every other field by value (a source, a parent, un-retiring), one statement
    per value and batch of codes. The first load of the sources changes every row: it stays fast."""
    for title in TITLES:
        fields = [title, f"{title}_source"]
        rows = [
            category_model(code=code, **{name: changed[name] for name in fields})
            for code, changed in changes.items()
            if title in changed
        ]
        category_model.objects.bulk_update(rows, fields, batch_size=BATCH)
    by_value = defaultdict(list)
    for code, changed in changes.items():
        with_title = {f"{title}_source" for title in TITLES if title in changed}
        for name, value in changed.items():
            if name not in TITLES and name not in with_title:
                by_value[name, value].append(code)
    for (name, value), codes in by_value.items():
        _update(category_model, codes, **{name: value})


def _update(category_model, codes: list[str], **values) -> int:
    """Set `values` on the rows of the codes (the keys with "__" filter them instead), in batches;
    returns how many rows changed."""
    filters = {name: value for name, value in values.items() if "__" in name}
    values = {name: value for name, value in values.items() if "__" not in name}
    updated = 0
    for start in range(0, len(codes), BATCH):
        rows = category_model.objects.filter(code__in=codes[start : start + BATCH], **filters)
        updated += rows.update(**values)
    return updated
