"""UNSPSC codes: levels and prefixes, validation, the shipped data and the picker's search."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from categories.models import Category
from categories.reference_data import load_categories
from categories.search import search_categories
from categories.unspsc import ancestor_prefixes, level_of, prefix_of, validate_code


@pytest.mark.parametrize(
    ("code", "level", "prefix"),
    [
        ("43000000", "segment", "43"),
        ("43230000", "family", "4323"),
        ("43232100", "class", "432321"),
        ("43232104", "commodity", "43232104"),
        ("10101501", "commodity", "10101501"),
        ("95000000", "segment", "95"),
    ],
)
def test_the_level_and_prefix_come_from_the_code(code, level, prefix):
    assert (level_of(code), prefix_of(code)) == (level, prefix)


def test_a_commodity_falls_under_its_class_family_and_segment():
    assert ancestor_prefixes("43232104") == ["43", "4323", "432321", "43232104"]
    assert ancestor_prefixes("43230000") == ["43", "4323"]


@pytest.mark.parametrize("raw", ["43232104", " 43232104 ", "4323 2104"])
def test_valid_codes_are_normalised(raw):
    assert validate_code(raw) == "43232104"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("4323210", "8 digits"),
        ("432321045", "8 digits"),
        ("4323210A", "8 digits"),
        ("", "8 digits"),
        ("00123456", "starts with 00"),
    ],
)
def test_invalid_codes_are_refused_with_a_reason(raw, message):
    with pytest.raises(ValidationError, match=message):
        validate_code(raw)


@pytest.mark.django_db
def test_the_shipped_unspsc_data_is_loaded_with_its_hierarchy():
    software = Category.objects.get(code="43232104")

    assert software.title_en == "Word processing software"
    assert software.level == "commodity"
    assert software.parent.parent.parent.code == "43000000"
    assert Category.objects.filter(level="segment").count() >= 35


@pytest.mark.django_db
def test_loading_again_changes_nothing():
    before = Category.objects.count()

    counts = load_categories()

    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, before)
    assert Category.objects.count() == before


@pytest.mark.django_db
def test_the_picker_finds_codes_by_prefix_and_titles_in_either_language():
    assert [c.code for c in search_categories("4323210")][:1] == ["43232100"]
    assert "43232104" in [c.code for c in search_categories("word processing")]
    assert [c.code for c in search_categories("文字处理软件")] == ["43232104"]
    assert list(search_categories("  ")) == []


@pytest.mark.django_db
def test_the_title_follows_the_readers_language():
    category = Category.objects.get(code="43232104")
    category.title_zh = "文字处理软件"

    with translation.override("zh-hans"):
        assert category.title == "文字处理软件"
    with translation.override("en"):
        assert category.title == "Word processing software"
