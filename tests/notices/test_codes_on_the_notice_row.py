"""A notice's countries and category prefixes copied on its row (`country_codes`, `prefix_codes`,
migration 0036) on PostgreSQL: the copies follow every write of the rows they come from, and the
search's country and category filters read them through their GIN indexes."""

import pytest
from django.db import connection
from django.http import QueryDict

from notices import search
from notices.filters import NoticeFilter
from notices.models import Notice, NoticeCountry
from notices.publishing import set_categories, set_countries
from tests.notices.factories import NoticeFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def codes(notice) -> tuple[list[str], list[str]]:
    return Notice.objects.values_list("country_codes", "prefix_codes").get(pk=notice.pk)


def found(params: str) -> list[str]:
    notices = NoticeFilter(QueryDict(params), queryset=search.public_notices()).results
    return sorted(n.reference for n in notices)


def test_the_copies_follow_every_write_of_the_rows_they_come_from():
    notice = NoticeFactory(countries=["KE", "CN"], categories=["43232104"])
    assert codes(notice) == (["CN", "KE"], ["43", "4323", "432321", "43232104"])

    set_countries(notice, ["ET"])
    set_categories(notice, ["72101500", "43232104"])
    assert codes(notice) == (
        ["ET"],
        ["43", "4323", "432321", "43232104", "72", "7210", "721015"],
    )

    notice.title = "Renamed"
    notice.save()  # the ORM writes the lists too (as NULL): they are read again, not lost
    assert codes(notice)[0] == ["ET"]

    NoticeCountry.objects.bulk_create([NoticeCountry(notice=notice, country="UA")])
    NoticeCountry.objects.filter(notice=notice, country="ET").update(country="SY")
    assert codes(notice)[0] == ["SY", "UA"]

    NoticeCountry.objects.filter(notice=notice).delete()
    assert codes(notice)[0] == []


def test_the_country_and_category_filters_read_the_copies():
    NoticeFactory(reference="KE-43", countries=["KE"], categories=["43232104"])
    NoticeFactory(reference="ET-72", countries=["ET", "KE"], categories=["72101500"])
    NoticeFactory(reference="CN-43", countries=["CN"], categories=["43211500"])

    assert found("country=KE") == ["ET-72", "KE-43"]
    assert found("country=ET&country=CN") == ["CN-43", "ET-72"]
    assert found("category=43") == ["CN-43", "KE-43"]
    assert found("category=432321") == ["KE-43"]
    assert found("category=43&country=KE") == ["KE-43"]
    assert found("category=72&country=CN") == []


def test_a_country_or_a_category_is_one_bitmap_of_the_notices_own_row(gin_plan):
    """The filters are keys of the keyword index (migration 0042), whose lists are on the notice's
    row, not a join to the other tables."""
    NoticeFactory.create_batch(3)
    plans = {params: gin_plan(params) for params in PLANNED}
    assert "country_codes && '{KE}'" in plans["country=KE&status=any"]
    assert "notice_search_gin" in plans["country=KE&status=any"]
    assert "prefix_codes && '{4323}'" in plans["category=4323&status=any"]
    assert "notice_search_gin" in plans["category=4323&status=any"]
    for plan in plans.values():
        assert "noticecountry" not in plan and "noticecategoryprefix" not in plan, plan


PLANNED = ["country=KE&status=any", "category=4323&status=any", "country=KE&category=43&q=office"]
