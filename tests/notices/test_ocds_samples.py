"""Four real publishers' packages import without losing what the portal has a place for, and a
second import changes nothing. Read from ../shared/ocds/samples beside the repository (skipped where
absent; two of them carry no licence, so they are not copied here)."""

import json
import random
from decimal import Decimal
from pathlib import Path

import pytest

from notices.importing import import_file
from notices.models import Award, Notice, NoticeStatus

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (Path(__file__).resolve().parents[2].parent / "shared" / "ocds" / "samples").is_dir(),
        reason="the OCDS samples are not beside the repository",
    ),
]

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "ocds" / "samples"


def sample(prefix: str) -> Path:
    return next(SAMPLES.glob(f"{prefix}*.json"))


def test_mexico_cities_three_releases_keep_the_award_its_supplier_value_and_contract():
    report = import_file(sample("mexico"))

    assert (report.created, report.refused) == (1, [])
    notice = Notice.objects.get()
    award = Award.objects.get(notice=notice)
    assert award.supplier_name == "COMERCIALIZADORA DE EQUIPOS"
    assert (award.value, award.currency, award.status) == (Decimal("193817.35"), "MXN", "pending")
    contract = award.contracts.get()
    assert (contract.value, str(contract.starts_on), str(contract.ends_on)) == (
        Decimal("193817.35"),
        "2016-04-15",
        "2016-12-31",
    )
    assert notice.contact_email == "mvidal@finanzas.df.gob.mx"


def test_mexico_cities_releases_in_any_order_give_the_same_notice(tmp_path):
    package = json.loads(sample("mexico").read_text(encoding="utf-8"))
    states = []
    for number, releases in enumerate(
        [package["releases"], package["releases"][::-1], random.sample(package["releases"], 3)]
    ):
        Notice.objects.all().delete()
        path = tmp_path / f"mexico-{number}.json"
        path.write_text(json.dumps(package | {"releases": releases}), encoding="utf-8")
        import_file(path)
        award = Award.objects.get()
        states.append(
            (Notice.objects.values().get()["title"], award.value, award.contracts.count())
        )

    assert states[0] == states[1] == states[2]
    assert states[0][1:] == (Decimal("193817.35"), 1), "the latest release's award and contract"


def test_nsw_records_its_four_amendments_with_their_dates():
    import_file(sample("australia"))

    amendments = Notice.objects.get().amendments.order_by("number")
    assert [(a.created_at.isoformat(), a.note) for a in amendments] == [
        ("2017-12-17T20:22:58+00:00", "Belmore Road Ramps RFT Addendum 1"),
        ("2017-12-22T00:12:33+00:00", "BRR Addendum 2"),
        ("2018-01-11T03:39:57+00:00", "Belmore Road Ramps RFT Addendum 3"),
        ("2018-01-18T03:12:17+00:00", "BRR Addendum 4"),
    ]
    assert not any(a.announced for a in amendments), "a publisher's history is not news"


def test_the_uk_notice_keeps_its_cpv_items_and_its_unsuccessful_status():
    import_file(sample("uk"))

    notice = Notice.objects.get()
    assert len(notice.external_classifications) == 33
    assert {c["scheme"] for c in notice.external_classifications} == {"CPV"}
    assert not notice.categories.exists(), "CPV is not UNSPSC"
    assert notice.status == NoticeStatus.CANCELLED
    assert notice.contact_name == "Mr Jody Adams"


def test_armenias_hundred_releases_are_each_imported_or_refused_with_a_reason():
    report = import_file(sample("armenia"))

    assert report.created + len(report.refused) == 100
    assert report.created == 14, "13 deadlines before the start, 73 planning releases"
    assert all(reason for _label, reason in report.refused)


@pytest.mark.parametrize("prefix", ["armenia", "australia", "mexico", "uk"])
def test_a_sample_imported_twice_is_unchanged_the_second_time(prefix):
    first = import_file(sample(prefix))

    second = import_file(sample(prefix))

    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
