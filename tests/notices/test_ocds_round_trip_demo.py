"""The round trip over the demo data (the notices `seed_demo` creates): harvested from the API's
pages, imported into an empty database and harvested again, they give the same releases for every
field the portal owns; a second import writes nothing, and the releases imported in any order give
the same notices."""

import json
import random

import pytest

from notices import demo
from notices.importing import import_file
from notices.models import Agency, Notice
from tests.notices.conftest import assert_valid
from tests.notices.round_trip import comparable, harvest

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_package(client) -> dict:
    created = demo.seed_notices()
    package = harvest(client)
    assert len(package["releases"]) == created == demo.DEMO_COUNT
    return package


def import_into_an_empty_database(tmp_path, package, name="demo.json"):
    Notice.objects.all().delete()
    Agency.objects.all().delete()
    path = tmp_path / name
    path.write_text(json.dumps(package), encoding="utf-8")
    return path, import_file(path)


def test_the_demo_notices_exported_imported_and_exported_again_are_the_same(
    client, tmp_path, demo_package, validator
):
    assert_valid(validator, demo_package)
    tenders = [release["tender"] for release in demo_package["releases"]]
    assert any("enquiries" in t and "enquiryPeriod" in t for t in tenders), "the demo has answers"
    assert any("contracts" in release for release in demo_package["releases"])

    path, report = import_into_an_empty_database(tmp_path, demo_package)

    assert (report.created, report.refused) == (demo.DEMO_COUNT, [])
    second = harvest(client)
    assert_valid(validator, second)
    assert comparable(second) == comparable(demo_package)
    again = import_file(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, demo.DEMO_COUNT)


def test_the_demo_releases_in_any_order_give_the_same_notices(client, tmp_path, demo_package):
    releases = demo_package["releases"]
    shuffled = random.Random(2026).sample(releases, len(releases))  # noqa: S311  # a shuffle
    orders = [releases, releases[::-1], shuffled]
    states = []
    for number, order in enumerate(orders):
        import_into_an_empty_database(
            tmp_path, demo_package | {"releases": order}, f"{number}.json"
        )
        states.append(comparable(harvest(client)))

    assert states[0] == states[1] == states[2] == comparable(demo_package)
