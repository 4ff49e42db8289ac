"""manage.py import_notices: its per-row report file (--report FILE) and its progress bar
(--progress, or on a terminal)."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from tests.notices.factories import AgencyFactory
from tests.notices.import_files import release, write

pytestmark = pytest.mark.django_db


def test_the_report_file_has_one_line_per_notice_with_its_outcome_and_reason(tmp_path):
    AgencyFactory(acronym="UNDP")
    path = write(tmp_path, [release("ocds-x-1"), release("ocds-x-2", title="")])
    report = tmp_path / "report.csv"

    call_command("import_notices", str(path), "--report", str(report), stdout=StringIO())
    first = list(csv.reader(report.open(encoding="utf-8")))
    call_command("import_notices", str(path), "--report", str(report), stdout=StringIO())
    second = list(csv.reader(report.open(encoding="utf-8")))

    assert first == [
        ["ocid or reference", "outcome", "reason"],
        ["ocds-x-2", "refused", "the tender has no title"],
        ["ocds-x-1", "created", ""],
    ]
    assert ["ocds-x-1", "unchanged", ""] in second


def test_progress_is_shown_on_stderr_when_asked_and_not_otherwise(tmp_path, capsys):
    AgencyFactory(acronym="UNDP")
    path = write(tmp_path, [release("ocds-x-1"), release("ocds-x-2", title="Tanks")])
    out = StringIO()

    call_command("import_notices", str(path), stdout=out)
    assert "2/2" not in capsys.readouterr().err
    call_command("import_notices", str(path), "--progress", stdout=out)

    assert "2/2" in capsys.readouterr().err
    assert "Created: 0, updated: 0, unchanged: 2" in out.getvalue()


def test_the_report_file_cannot_carry_a_formula_from_the_imported_file(tmp_path):
    AgencyFactory(acronym="UNDP")
    path = write(tmp_path, [release("=HYPERLINK(1)", title="")])
    report = tmp_path / "report.csv"

    call_command("import_notices", str(path), "--report", str(report), stdout=StringIO())

    (row,) = list(csv.reader(report.open(encoding="utf-8")))[1:]
    assert row[0] == "'=HYPERLINK(1)" and row[1] == "refused"
