"""The CSV import's checks of a whole file: a reference given twice is refused on every line that
gives it, and a UNSPSC code the portal does not list is refused with the nearest listed category
above it suggested."""

import pytest

from notices.importing import import_file
from notices.models import Notice
from tests.notices.factories import AgencyFactory
from tests.notices.import_files import run

pytestmark = pytest.mark.django_db

HEADER = "agency,reference,title,notice_type,categories,deadline\n"


def write_csv(tmp_path, *rows):
    path = tmp_path / "notices.csv"
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def agencies():
    AgencyFactory(acronym="WFP", time_zone="Europe/Rome")
    AgencyFactory(acronym="UNDP")


def test_a_reference_repeated_in_a_file_is_refused_on_both_lines_and_neither_imported(tmp_path):
    path = write_csv(
        tmp_path,
        "WFP,ITB/1,Fortified flour,itb,50220000,2031-02-01 17:00",
        "WFP,ITB/2,Vegetable oil,itb,50150000,2031-02-01 17:00",
        "WFP,itb/1,Fortified flour (corrected),itb,50220000,2031-02-08 17:00",
        "UNDP,ITB/1,Same reference of another agency,itb,50220000,2031-02-01 17:00",
    )

    out = run(path)

    assert "Created: 2, updated: 0, unchanged: 0, refused: 2." in out
    assert "refused line 2: reference 'ITB/1' is on lines 2 and 4 of the file" in out
    assert "refused line 4: reference 'itb/1' is on lines 2 and 4 of the file" in out
    assert "none of them is imported" in out
    assert sorted(Notice.objects.values_list("agency__acronym", "reference")) == [
        ("UNDP", "ITB/1"),
        ("WFP", "ITB/2"),
    ]
    assert "Created: 0, updated: 0, unchanged: 2, refused: 2." in run(path), "a re-run is stable"


def test_a_repeated_reference_leaves_the_notice_already_here_unchanged(tmp_path):
    import_file(write_csv(tmp_path, "WFP,ITB/1,Fortified flour,itb,50220000,2031-02-01 17:00"))

    report = import_file(
        write_csv(
            tmp_path,
            "WFP,ITB/1,Flour A,itb,50220000,2031-02-01 17:00",
            "WFP,ITB/1,Flour B,itb,50220000,2031-03-01 17:00",
            "WFP,ITB/1,Flour C,itb,50220000,2031-04-01 17:00",
        )
    )

    assert report.updated == 0 and [label for label, _ in report.refused] == [
        "line 2",
        "line 3",
        "line 4",
    ]
    assert "lines 2, 3 and 4" in report.refused[0][1]
    assert Notice.objects.get().title == "Fortified flour"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (
            "43119999",
            "43119999 is not a UNSPSC code we know; did you mean 43000000 "
            "Information Technology Broadcasting and Telecommunications?",
        ),
        (
            "43232199",
            "43232199 is not a UNSPSC code we know; did you mean 43232100 "
            "Content authoring and editing software?",
        ),
        (
            "4323210",
            "4323210 is not a UNSPSC code we know; did you mean 43232100 "
            "Content authoring and editing software?",
        ),
        ("99999999", "99999999 is not a UNSPSC code we know (8 digits, e.g. 43232104)"),
        ("4323210x", "4323210x is not a UNSPSC code we know (8 digits, e.g. 43232104)"),
    ],
)
def test_an_unknown_code_is_refused_with_the_nearest_listed_category(tmp_path, code, reason):
    path = write_csv(tmp_path, f"WFP,ITB/1,Laptops,itb,43232104 {code},2031-02-01 17:00")

    report = import_file(path)

    assert report.refused == [("line 2", reason)]
    assert not Notice.objects.exists()


def test_every_unknown_code_of_a_row_is_named_and_listed_codes_at_any_level_pass(tmp_path):
    path = write_csv(
        tmp_path,
        "WFP,ITB/1,Food,itb,50000000;50220000;43232104,2031-02-01 17:00",
        "WFP,ITB/2,Mixed,itb,50229999 43232199,2031-02-01 17:00",
    )

    report = import_file(path)

    assert report.created == 1
    [(label, reason)] = report.refused
    assert label == "line 3"
    assert reason.startswith("50229999 is not a UNSPSC code we know; did you mean 50220000")
    assert "; 43232199 is not a UNSPSC code we know; did you mean 43232100" in reason
