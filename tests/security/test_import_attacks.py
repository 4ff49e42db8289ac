"""Hostile files for `manage.py import_notices`: one clear error for a file that can't be read, a
reason for each bad notice in a readable one, never a crash, and nothing half-written."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from notices.models import Amendment, Notice
from tests.notices.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def run(path: Path) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_notices", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("name", ["huge.json", "huge.csv"])
def test_a_100_mb_file_is_refused_before_a_byte_is_read(tmp_path, monkeypatch, name):
    path = tmp_path / name
    with path.open("wb") as huge:
        huge.truncate(100 * 1024 * 1024)  # 100 MB on disk (sparse: the test writes nothing)

    def must_not_read(self):
        raise AssertionError("the importer read the whole file")

    monkeypatch.setattr(Path, "read_bytes", must_not_read)
    with pytest.raises(CommandError) as refused:
        run(path)

    assert str(refused.value) == (
        f"Nothing was imported: {name} is 100 MB; the limit is 50 MB (NOTICES_IMPORT_MAX_MB): "
        "split it into smaller files."
    )
    assert not Notice.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "is not valid JSON"),  # nested beyond any parser's depth
        ('{"releases": {"0": {}}}', "is not an OCDS release package"),
        ('{"releases": [], "extra": ' + '"x' * 10 + "}", "is not valid JSON"),
        ("\ufeff" + '{"releases": "none"}', "is not an OCDS release package"),
        ('{"releases": [NaN]', "is not valid JSON"),
    ],
)
def test_a_malformed_ocds_package_is_one_clear_error(tmp_path, content, message):
    path = tmp_path / "package.json"
    path.write_text(content)

    with pytest.raises(CommandError, match=message):
        run(path)
    assert not Notice.objects.exists()


def release(n: int, **tender) -> dict:
    base = {
        "title": f"Notice {n}",
        "tenderPeriod": {"endDate": "2031-01-01T12:00:00Z"},
        "items": [{"classification": {"scheme": "UNSPSC", "id": "43232104"}}],
    }
    return {"ocid": f"ocds-attack-{n}", "buyer": {"name": "UNDP"}, "tender": {**base, **tender}}


HOSTILE_RELEASES = [
    release(1, title=["a", "list"]),
    release(2, tenderPeriod={"endDate": 1700000000}),
    release(3, tenderPeriod={"endDate": "2031-02-30T12:00:00Z"}),
    release(4, tenderPeriod={"endDate": "9999-12-31T23:59:59-23:59"}),
    release(5, value={"amount": "1e400", "currency": "USD"}),
    release(6, value={"amount": -5, "currency": "'; DROP TABLE notices_notice; --"}),
    release(7, items=[{"classification": {"scheme": "UNSPSC", "id": "../../etc"}}]),
    release(8, items="not a list"),
    release(9, title="<script>alert(1)</script>" * 1000),
    release(10, description={"nested": ["objects"]}),
    release(11, title="\x00 null byte"),
    {"ocid": None, "tender": None},
    "a string",
    None,
]


def test_hostile_releases_are_refused_one_by_one_without_a_crash(tmp_path):
    AgencyFactory(acronym="UNDP")
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps({"releases": HOSTILE_RELEASES}))

    report = run(path)

    created = Notice.objects.count()
    refused = report.count("  refused ")
    assert created + refused == len(HOSTILE_RELEASES), report
    for notice in Notice.objects.all():
        notice.full_clean()  # whatever was accepted is a valid notice
        assert "\x00" not in notice.title
        assert "<script>" not in notice.description


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("title,deadline\nA,2031-01-01\n", "missing column(s) agency, reference"),
        ("", "missing column(s)"),
        ("agency\x00,reference\nUNDP,1\n", ""),
    ],
)
def test_a_csv_that_is_not_a_notices_csv_changes_nothing(tmp_path, content, message):
    path = tmp_path / "notices.csv"
    path.write_text(content)

    with pytest.raises(CommandError, match="Nothing was imported") as refused:
        run(path)
    assert message in str(refused.value)
    assert not Notice.objects.exists() and not Amendment.objects.exists()


def test_hostile_csv_rows_are_refused_one_by_one_without_a_crash(tmp_path):
    AgencyFactory(acronym="UNDP")
    header = "agency,reference,title,notice_type,categories,deadline,estimated_value,currency\n"
    rows = [
        "UNDP,A-1,\x00 null byte,rfq,43232104,2031-01-01 12:00,,\n",
        "UNDP,A-2,Impossible date,rfq,43232104,2031-02-30 12:00,,\n",
        "UNDP,A-3,Huge value,rfq,43232104,2031-01-01 12:00,1e400,USD\n",
        "UNDP,A-4,Far future,rfq,43232104,9999-12-31T23:59:59-23:59,,\n",
        "UNDP,A-5,Bad code,rfq,'; DROP TABLE x; --,2031-01-01 12:00,,\n",
        'UNDP,A-6,"<img src=x onerror=alert(1)>",rfq,43232104,2031-01-01 12:00,-1,USD\n',
    ]
    path = tmp_path / "hostile.csv"
    path.write_text(header + "".join(rows))

    report = run(path)

    assert Notice.objects.count() + report.count("  refused ") == len(rows), report
    assert {"line 2", "line 3", "line 4", "line 5", "line 6"} <= {
        line.split(":")[0].removeprefix("  refused ") for line in report.splitlines()
    }
