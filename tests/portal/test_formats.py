"""Dates, times and numbers follow the reader's language (portal/formats), and time zones are named
in it (portal/time_zones)."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.utils import formats, translation

from accounts.forms import time_zone_choices
from accounts.time_zones import selectable_zones, zone_name

MOMENT = datetime(2026, 12, 1, 17, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize(
    ("language", "name", "expected"),
    [
        ("en", "DATETIME_FORMAT", "1 December 2026, 17:00"),
        ("en", "SHORT_DATETIME_FORMAT", "1 Dec 2026, 17:00"),
        ("en", "DATE_FORMAT", "1 December 2026"),
        ("en", "SHORT_DATE_FORMAT", "1 Dec 2026"),
        ("zh-hans", "DATETIME_FORMAT", "2026年12月1日 17:00"),
        ("zh-hans", "SHORT_DATETIME_FORMAT", "2026年12月1日 17:00"),
        ("zh-hans", "DATE_FORMAT", "2026年12月1日"),
        ("zh-hans", "SHORT_DATE_FORMAT", "2026年12月1日"),
    ],
)
def test_dates_follow_the_language(language, name, expected):
    with translation.override(language):
        assert formats.date_format(MOMENT, name) == expected


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_numbers_have_a_comma_every_three_digits_in_both_languages(language):
    with translation.override(language):
        assert intcomma(1234567) == "1,234,567"
        assert floatformat(Decimal("1234567.5"), "2g") == "1,234,567.50"
        assert intcomma(999) == "999"


@pytest.mark.parametrize(
    ("language", "zone", "expected"),
    [
        ("en", "Asia/Shanghai", "China (Shanghai) Time"),
        ("zh-hans", "Asia/Shanghai", "中国（上海）时间"),
        ("en", "Europe/Rome", "Italy Time"),
        ("zh-hans", "Europe/Rome", "意大利时间"),
        ("zh-hans", "UTC", "UTC"),
    ],
)
def test_time_zones_are_named_in_the_readers_language(language, zone, expected):
    with translation.override(language):
        assert zone_name(zone) == expected


def test_the_time_zone_choices_are_places_named_in_the_readers_language():
    zones = selectable_zones()
    assert "Asia/Shanghai" in zones and "UTC" in zones
    assert not [zone for zone in zones if zone.startswith(("Etc/", "US/")) or zone == "localtime"]

    with translation.override("zh-hans"):
        common, everything = time_zone_choices()

    assert common[1][0] == ("Asia/Shanghai", "中国（上海）时间")
    assert len(everything[1]) == len(zones) - len(common[1])
