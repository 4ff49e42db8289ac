"""The list of countries as readers look for a name in it: the first countries (settings'
COUNTRIES_FIRST, China) on top, then the others sorted by the name the reader sees. django-countries
sorts only on an ASCII folding of the names without pyuca (so Chinese names, which fold to nothing,
kept the English order), and with pyuca it would order Chinese by code point, which no reader uses.
Here a Chinese name sorts by its pinyin, syllable by syllable and then tone (the order of Chinese
dictionaries and of the UN's Chinese country lists), and a Latin name by its letters, accents folded.

The names themselves are django-countries' with the UN's where they differ (COUNTRIES_OVERRIDE in the
settings, in English and, through the catalogue, in Chinese)."""

import unicodedata
from functools import lru_cache

from django.conf import settings
from django.utils.translation import get_language
from django_countries import Countries
from pypinyin import Style, lazy_pinyin


def reading_order(name: str) -> tuple:
    """The sort key of a name: pinyin syllables as (letters, tone) for Chinese characters, folded
    letters for the rest; the name itself breaks ties."""
    key = []
    for syllable in lazy_pinyin(name.strip(), style=Style.TONE3, neutral_tone_with_five=True):
        folded = (
            unicodedata.normalize("NFKD", syllable).encode("ascii", "ignore").decode().casefold()
        )
        tone = int(folded[-1]) if folded[-1:].isdigit() and folded[:-1].isalpha() else 0
        key.append((folded[:-1] if tone else folded, tone))
    return (tuple(key), name)


class PortalCountries(Countries):
    def __iter__(self):
        yield from _sorted(self, get_language() or "")


@lru_cache(maxsize=32)
def _sorted(countries: PortalCountries, language: str) -> tuple:
    listed = list(Countries.__iter__(countries))
    first = set(settings.COUNTRIES_FIRST)
    head = [country for country in listed if country.code in first]
    rest = [country for country in listed if country.code not in first and country.code]
    return (*head, *sorted(rest, key=lambda country: reading_order(str(country.name))))


countries = PortalCountries()
