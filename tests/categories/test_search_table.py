"""The category search against the categories the portal ships, with the queries suppliers type
(tests/categories/search_cases.py): each finds what it must near the top, and nothing it must not."""

import tomllib

import pytest

from categories.search import SYNONYMS_FILE, search_categories, search_index, title_words
from tests.categories.search_cases import CASES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("case", CASES, ids=[case.query for case in CASES])
def test_a_supplier_finds_what_they_mean(case):
    codes = [category.code for category in search_categories(case.query)]

    missing = [code for code in case.found if code not in codes[: case.top]]
    assert not missing, f"{case.query!r}: {missing} not in the first {case.top} of {codes}"
    wrong = [code for code in case.not_found if code in codes]
    assert not wrong, f"{case.query!r} found {wrong}"


def test_the_table_is_large_and_bilingual():
    chinese = [case for case in CASES if not case.query.isascii()]

    assert len(CASES) >= 40
    assert len(chinese) >= 15


def test_every_synonym_finds_some_category_today():
    index = search_index()
    table = tomllib.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))["synonyms"]

    def finds(phrase):
        terms = title_words(phrase)
        return terms and set.intersection(*(index.matching(term) for term in terms))

    dead = [typed for typed, phrases in table.items() if not any(finds(p) for p in phrases)]
    assert not dead, f"no phrase of these synonyms finds a category: {dead}"
