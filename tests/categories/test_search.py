"""The category search's rules: words and stems, synonyms, ranking, codes, the path of each result,
and an index that follows the categories as staff correct them."""

import pytest
from django.core.cache import cache
from django.utils import translation

from categories.models import Category
from categories.search import VERSION_KEY, forget_search_index, search_categories, search_index

pytestmark = pytest.mark.django_db


def codes(term, **kwargs):
    return [category.code for category in search_categories(term, **kwargs)]


def test_a_word_is_found_whole_never_inside_another():
    assert "14111513" not in codes("led")  # Ledger paper
    assert "42295900" not in codes("tent")  # Stents


def test_plurals_and_longer_forms_of_a_word_are_found():
    assert "39111611" in codes("flood lights")  # Flood light
    assert "39110000" in codes("light")  # Lighting Fixtures and Accessories


def test_an_exact_title_comes_before_titles_that_only_contain_the_words():
    assert codes("furniture")[0] == "56101500"  # the class "Furniture", before the segment
    assert codes("tents")[0] == "49121503"


def test_words_as_typed_come_before_words_that_only_share_their_stem():
    found = codes("lighting", limit=100)

    assert found.index("39110000") < found.index("46100000")  # Light weapons, by the stem


def test_a_synonym_finds_the_words_of_the_titles():
    assert codes("laptop") == ["43211503"]
    assert codes("CCTV") == ["46171622"]


def test_a_chinese_query_finds_english_titles_through_the_synonyms():
    assert "39111500" in codes("照明")  # Interior lighting fixtures, no Chinese title yet


def test_a_chinese_title_is_found_by_its_characters():
    Category.objects.filter(code="43232104").update(title_zh="文字处理软件")
    forget_search_index()

    assert codes("文字处理软件") == ["43232104"]
    assert {"43232104", "44102607"} <= set(codes("文字处理"))  # the software and the machine


def test_partial_matches_show_only_when_nothing_matches_every_word():
    assert "46181504" not in codes("medical gloves")  # Protective gloves: only "gloves"
    assert "56101500" in codes("bamboo furniture")  # no bamboo is listed: furniture will do


def test_digits_find_the_codes_that_start_with_them_broader_first():
    assert codes("4323210")[:1] == ["43232100"]
    assert codes("4323 2104") == ["43232104"]


def test_nothing_is_found_for_an_empty_query_or_words_no_title_has():
    assert codes("  ") == []
    assert codes("zzzz qqqq") == []


def test_a_picker_shown_before_any_search_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert search_categories("") == []


def test_the_limit_holds():
    assert len(codes("equipment", limit=5)) == 5


def test_each_result_carries_the_categories_above_it():
    laptop = search_categories("laptop")[0]

    assert [step.title for step in laptop.path] == [
        "Information Technology Broadcasting and Telecommunications",
        "Computer Equipment and Accessories",
        "Computers",
    ]
    assert search_categories("43000000")[0].path == []


def test_the_path_is_in_the_readers_language_where_a_title_is():
    Category.objects.filter(code="43211500").update(title_zh="")  # a class not yet translated
    forget_search_index()
    with translation.override("zh-hans"):
        laptop = search_categories("笔记本电脑")[0]

    assert [(step.title, step.language) for step in laptop.path] == [
        ("信息技术、广播和电信", "zh-Hans"),
        ("计算机设备及配件", "zh-Hans"),
        ("Computers", "en"),
    ]


def test_a_title_corrected_in_the_admin_is_searched_at_once(django_capture_on_commit_callbacks):
    search_index()
    tents = Category.objects.get(code="49121503")
    tents.title_en = "Tents and family shelters"

    with django_capture_on_commit_callbacks(execute=True):
        tents.save()

    assert codes("family shelters") == ["49121503"]


def test_the_index_is_built_once_while_nothing_changes():
    assert search_index() is search_index()


def test_a_cache_that_does_not_answer_keeps_the_index_it_has(monkeypatch):
    index = search_index()
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)

    assert search_index() is index
    assert cache.get(VERSION_KEY) is None
