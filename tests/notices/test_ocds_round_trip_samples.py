"""The round trip over four real publishers' packages (../shared/ocds/samples beside the
repository; skipped where absent): each imported, harvested from the API's pages, imported into an
empty database and harvested again gives the same releases; and the sample's releases imported in
any order give the same notices."""

import json
import random
from pathlib import Path

import pytest

from notices.importing import import_file
from notices.models import Agency, Notice
from tests.notices.round_trip import comparable, harvest

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "ocds" / "samples"
PREFIXES = ["armenia", "australia", "mexico", "uk"]

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not SAMPLES.is_dir(), reason="the OCDS samples are not beside the repository"
    ),
]


def sample(prefix: str) -> dict:
    return json.loads(next(SAMPLES.glob(f"{prefix}*.json")).read_text(encoding="utf-8"))


def import_into_an_empty_database(tmp_path, package: dict, name: str):
    Notice.objects.all().delete()
    Agency.objects.all().delete()
    path = tmp_path / name
    path.write_text(json.dumps(package), encoding="utf-8")
    return import_file(path)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_sample_harvested_imported_and_harvested_again_gives_the_same_releases(
    client, tmp_path, prefix
):
    first = import_into_an_empty_database(tmp_path, sample(prefix), "sample.json")
    assert first.created > 0
    harvested = harvest(client)

    again = import_into_an_empty_database(tmp_path, harvested, "harvested.json")

    assert (again.created, again.refused) == (first.created, [])
    assert comparable(harvest(client)) == comparable(harvested)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_samples_releases_in_any_order_give_the_same_notices(client, tmp_path, prefix):
    package = sample(prefix)
    releases = package["releases"]
    shuffled = random.Random(2026).sample(releases, len(releases))  # noqa: S311  # a shuffle
    states = []
    for number, order in enumerate([releases, releases[::-1], shuffled]):
        import_into_an_empty_database(tmp_path, package | {"releases": order}, f"{number}.json")
        states.append(comparable(harvest(client)))

    assert states[0] == states[1] == states[2]
