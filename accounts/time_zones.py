"""Time zones as readers know them: the zones users choose from, and each zone's name in the reader's
language from the Unicode CLDR (through Babel): Asia/Shanghai is "China (Shanghai) Time" for an
English reader, and CLDR's Chinese words for the same for a Chinese one."""

import zoneinfo
from functools import lru_cache

from asgiref.local import Local
from babel.dates import get_timezone_location
from django.conf import settings
from django.utils import timezone, translation

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


_reader = Local()


def activate_readers_zone(user) -> None:
    """Show dates in a signed-in user's own zone, or a visitor's in the portal's default, which is
    not theirs: pages then name whose zone it is rather than calling it "your time zone"."""
    own = user.is_authenticated
    timezone.activate(zoneinfo.ZoneInfo(user.time_zone if own else settings.DEFAULT_USER_TIME_ZONE))
    _reader.own_zone = own


def deactivate_readers_zone() -> None:
    timezone.deactivate()
    _reader.own_zone = False


def zone_is_readers_own() -> bool:
    """True when the active zone is the one the reader chose (a signed-in user's setting); False for
    a visitor and outside a request."""
    return getattr(_reader, "own_zone", False)
