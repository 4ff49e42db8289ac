"""core.bilingual: the English or the Chinese text, in the reader's language."""

import pytest
from django.utils import translation

from core.bilingual import in_reader_language


@pytest.mark.parametrize(
    ("language", "english", "chinese", "shown"),
    [
        ("en", "Water", "水", "Water"),
        ("zh-hans", "Water", "水", "水"),
        ("zh-Hans", "Water", "水", "水"),
        ("zh-hans", "Water", "", "Water"),
        ("en", "", "水", ""),
        ("fr", "Water", "水", "Water"),
    ],
)
def test_the_chinese_text_for_a_chinese_reader_when_there_is_one(language, english, chinese, shown):
    with translation.override(language):
        assert in_reader_language(english, chinese) == shown


def test_without_an_active_language_the_english_text():
    with translation.override(None):
        assert in_reader_language("Water", "水") == "Water"
