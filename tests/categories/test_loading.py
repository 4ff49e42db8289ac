"""Loading the UNSPSC list from its files: idempotent, the source of each title from the file it comes
from, staff's corrections kept, reviewed titles back to review when their text changes, and codes the
files drop retired (kept where they are used), then restored when they come back.

Each test loads small files of its own into an empty table, so that it does not depend on the
shipped rows."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from categories import review
from categories.models import Category, TitleSource
from categories.reference_data import LoadCounts, load_categories
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db

BASE = {
    "43000000": ("segment", "Information Technology Broadcasting and Telecommunications", ""),
    "43230000": ("family", "Software", "43000000"),
    "43232100": ("class", "Content authoring and editing software", "43230000"),
    "43232104": ("commodity", "Word processing software", "43232100"),
}
EXTRA = {"80000000": ("segment", "Management and Business Professionals", "")}
CHINESE = {"43000000": "信息技术广播和电信", "80000000": "管理和商业专业人员"}


def write_files(folder, *, base=None, extra=None, chinese=None):
    """The three files of the list in `folder`, with the rows given (by default the ones above)."""
    folder.mkdir(exist_ok=True)
    for name, rows in (("unspsc.csv", base or BASE), ("unspsc_extra.csv", extra or EXTRA)):
        lines = [
            f"{code},{level},{title},{parent}" for code, (level, title, parent) in rows.items()
        ]
        text = "code,level,title,parent_code\n" + "\n".join(lines) + "\n"
        (folder / name).write_text(text, encoding="utf-8")
    lines = [f"{code},{title}" for code, title in (chinese or CHINESE).items()]
    (folder / "unspsc_zh.csv").write_text("code,title_zh\n" + "\n".join(lines) + "\n", "utf-8")
    return folder


@pytest.fixture
def data_dir(tmp_path):
    # An empty table: the migrations loaded the shipped list, which these tests do not use.
    Category.objects.update(parent=None)
    Category.objects.all().delete()
    return write_files(tmp_path / "data")


def load(data_dir) -> LoadCounts:
    return load_categories(data_dir=data_dir)


def test_a_first_load_creates_every_code_with_the_source_its_file_implies(data_dir):
    counts = load(data_dir)

    assert (counts.created, counts.updated, counts.unchanged, counts.retired) == (5, 0, 0, 0)
    word = Category.objects.get(code="43232104")
    assert (word.level, word.parent_id, word.title_en) == (
        "commodity",
        "43232100",
        BASE[word.code][1],
    )
    assert word.title_en_source == TitleSource.PUBLISHED
    segment = Category.objects.get(code="43000000")
    assert (segment.title_zh, segment.title_zh_source) == ("信息技术广播和电信", "awaiting_review")
    ours = Category.objects.get(code="80000000")
    assert (ours.title_en_source, ours.title_zh_source) == ("awaiting_review", "awaiting_review")


def test_a_second_load_changes_nothing(data_dir):
    load(data_dir)
    before = list(Category.objects.values())

    counts = load(data_dir)

    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, 5)
    assert (counts.retired, counts.restored) == (0, 0)
    assert list(Category.objects.values()) == before


def test_the_command_prints_the_counts_and_a_second_run_changes_nothing(data_dir):
    first, second = StringIO(), StringIO()

    call_command("load_categories", "--data-dir", str(data_dir), stdout=first)
    call_command("load_categories", "--data-dir", str(data_dir), stdout=second)

    assert first.getvalue().strip() == "5 created, 0 updated, 0 unchanged, 0 retired, 0 restored"
    assert second.getvalue().strip() == "0 created, 0 updated, 5 unchanged, 0 retired, 0 restored"


def test_the_command_refuses_a_folder_without_the_list(tmp_path):
    with pytest.raises(CommandError, match=r"has no unspsc\.csv"):
        call_command("load_categories", "--data-dir", str(tmp_path), stdout=StringIO())


def test_a_changed_title_is_updated_with_its_source(data_dir):
    load(data_dir)
    renamed = {**BASE, "43230000": ("family", "Software products", "43000000")}

    counts = load(write_files(data_dir, base=renamed, chinese={**CHINESE, "43230000": "软件"}))

    assert (counts.created, counts.updated, counts.unchanged) == (0, 1, 4)
    software = Category.objects.get(code="43230000")
    assert (software.title_en, software.title_en_source) == ("Software products", "published")
    assert (software.title_zh, software.title_zh_source) == ("软件", "awaiting_review")


def test_a_code_the_files_drop_is_retired_kept_where_used_and_restored_when_back(data_dir):
    load(data_dir)
    company = SupplierFactory(categories=["43232104"])
    without = {code: row for code, row in BASE.items() if code != "43232104"}

    dropped = load(write_files(data_dir, base=without))

    assert (dropped.retired, dropped.unchanged) == (1, 4)
    word = Category.objects.get(code="43232104")
    assert word.is_retired
    assert list(company.categories.values_list("code", flat=True)) == ["43232104"]
    again = load(data_dir)
    assert (again.retired, again.unchanged) == (0, 5), "a retired code stays retired, unchanged"

    back = load(write_files(data_dir, base=BASE))

    assert (back.restored, back.updated, back.unchanged) == (1, 0, 4)
    assert not Category.objects.get(code="43232104").is_retired


def test_a_staff_correction_survives_a_reload_even_when_the_file_changes(data_dir, staff):
    load(data_dir)
    review.correct_titles(
        Category.objects.get(code="80000000"),
        title_en="Management and business professionals and administrative services",
        title_zh="管理和商业专业人员及行政服务",
        by=staff,
    )
    retitled = {"80000000": ("segment", "Management and Business Professionals (new)", "")}

    counts = load(write_files(data_dir, extra=retitled, chinese={**CHINESE, "80000000": "管理"}))

    assert counts.updated == 0
    ours = Category.objects.get(code="80000000")
    assert ours.title_en == "Management and business professionals and administrative services"
    assert ours.title_zh == "管理和商业专业人员及行政服务"
    assert (ours.title_en_source, ours.title_zh_source) == ("corrected", "corrected")
    assert ours.titles_checked_by == staff


def test_a_reviewed_title_whose_shipped_text_changes_awaits_review_again(data_dir, staff):
    load(data_dir)
    review.mark_reviewed(Category.objects.filter(code="80000000"), by=staff)
    assert load(data_dir).updated == 0, "the same text stays reviewed"

    counts = load(write_files(data_dir, chinese={**CHINESE, "80000000": "管理和商业专业服务"}))

    assert counts.updated == 1
    ours = Category.objects.get(code="80000000")
    assert (ours.title_zh, ours.title_zh_source) == ("管理和商业专业服务", "awaiting_review")
    assert ours.title_en_source == "reviewed", "the English title did not change"


def test_the_shipped_list_loads_quickly_and_a_second_load_changes_nothing(
    django_assert_max_num_queries,
):
    """The real files (some 5,400 codes and more as the team adds them): loaded in batches."""
    with django_assert_max_num_queries(10):
        counts = load_categories()

    assert counts.created == counts.updated == counts.retired == 0
    assert counts.unchanged == Category.objects.count() > 5000
