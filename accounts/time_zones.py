"""Time zones as readers know them: the zones users choose from, and each zone's name in the reader's
language from the Unicode CLDR (through Babel): Asia/Shanghai is "China (Shanghai) Time" for an
English reader, and CLDR's Chinese words for the same for a Chinese one."""

import zoneinfo
from functools import lru_cache

from babel.dates import get_timezone_location
from django.utils import translation

# The regions of the zone database whose zones name a place today (not Etc/, US/, legacy aliases).
REGIONS = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/",
           "Indian/", "Pacific/")  # fmt: skip
BABEL_LOCALES = {"zh-hans": "zh_Hans_CN", "en": "en"}


def selectable_zones() -> list[str]:
    """Every zone of a place, alphabetically, and UTC: the choices of a time zone field."""
    places = sorted(zone for zone in zoneinfo.available_timezones() if zone.startswith(REGIONS))
    return [*places, "UTC"]


def zone_name(zone: str) -> str:
    """The zone's name in the active language; a zone CLDR does not place (UTC) keeps its id."""
    return _zone_name(str(zone), translation.get_language() or "en")


@lru_cache(maxsize=4096)
def _zone_name(zone: str, language: str) -> str:
    if not zone.startswith(REGIONS):
        return zone
    try:
        return get_timezone_location(zone, locale=BABEL_LOCALES.get(language, "en"))
    except LookupError:
        return zone
