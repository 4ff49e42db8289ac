"""core.spreadsheets: the one CSV writer, whose cells never run as formulas."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils.functional import lazy

from core import spreadsheets

ROOT = Path(__file__).resolve().parents[2]
APPS = ["core", "accounts", "categories", "notices", "suppliers", "portal", "bench"]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (
            '=HYPERLINK("http://evil.test/","Click me")',
            '\'=HYPERLINK("http://evil.test/","Click me")',
        ),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\t", "'\t"),
        ("  =1+1", "'  =1+1"),
        ("Guangdong", "Guangdong"),
        ("广东省", "广东省"),
        ("a=b", "a=b"),
        ("", ""),
        (lazy(str, str)("=lazy"), "'=lazy"),  # a lazy translation is text
        (-3, -3),
        (0, 0),
        (Decimal("-1.5"), Decimal("-1.5")),
        (-2.5, -2.5),
        (None, None),
    ],
)
def test_text_that_could_run_is_marked_as_text_and_numbers_stay_numbers(value, cell):
    assert spreadsheets.safe_cell(value) == cell


def test_the_written_table_keeps_negative_numbers_as_numbers():
    stream = io.StringIO()

    spreadsheets.write_csv(stream, ["=Name", "Count"], [["-x", -3], ["ok", Decimal("-1.5")]])

    assert list(csv.reader(io.StringIO(stream.getvalue()))) == [
        ["'=Name", "Count"],
        ["'-x", "-3"],
        ["ok", "-1.5"],
    ]


@pytest.mark.parametrize("value", ["=1+1", "+86 a", "-", "@home", "\tx", "\r=1", " =1"])
def test_the_validator_refuses_what_a_spreadsheet_would_run(value):
    with pytest.raises(ValidationError) as raised:
        spreadsheets.refuse_formula_start(value)
    assert raised.value.code == "formula"


@pytest.mark.parametrize("value", ["", "Guangdong", "广东省", "A-1", "Zhang@Home"])
def test_the_validator_lets_names_and_places_through(value):
    spreadsheets.refuse_formula_start(value)


def test_every_csv_the_portal_writes_goes_through_the_one_writer():
    writers = re.compile(r"csv\.(writer|DictWriter)\(")
    found = [
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if writers.search(path.read_text())
    ]
    assert found == ["core/spreadsheets.py"]
