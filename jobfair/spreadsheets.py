"""Tables as files for German Excel: CSV in UTF-8 with a byte order mark and
semicolons, and XLSX; text a spreadsheet would run as a formula (names and
notes are typed in by people) stays text.

Both are written from an iterable of rows, one row at a time, and never hold
the table: the CSV as lines streamed to the browser, the XLSX in openpyxl's
write-only mode into a temporary file. A list of 50,000 people takes the
memory of the rows its caller reads at a time."""

import csv
import tempfile
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import IO

from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# CSV lines sent together: fewer, larger writes to the network than a line each.
LINES = 500
# The rows a sheet's column widths are measured by: a write-only sheet's widths
# are set before its rows, and the first few hundred show the usual lengths.
WIDTH_SAMPLE = 200


def is_formula(value) -> bool:
    """Text a spreadsheet would run as a formula. Phone numbers such as
    +49 … stay as they are."""
    if not isinstance(value, str) or not value:
        return False
    if value[0] in "=@\t\r":
        return True
    return value[0] in "+-" and not value[1:2].isdigit()


def as_text(value):
    """The value as a CSV cell: a would-be formula behind an apostrophe."""
    return f"'{value}" if is_formula(value) else value


class _Line:
    """What ``csv.writer`` writes, handed back as the line."""

    def write(self, line: str) -> str:
        return line


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The table as CSV text, ``LINES`` lines at a time, the header (behind
    the byte order mark) first."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(header)
    rows = iter(rows)
    while batch := list(islice(rows, LINES)):
        yield "".join(writer.writerow([as_text(value) for value in row]) for row in batch)


def csv_bytes(header: list[str], rows: Iterable[list]) -> bytes:
    return "".join(csv_lines(header, rows)).encode("utf-8")


def sheet_title(title: str) -> str:
    """A sheet's name as Excel takes it: at most 31 characters, none of []:*?/\\."""
    return "".join(" " if char in "[]:*?/\\" else char for char in title)[:31]


def styled_cell(sheet, value, **font) -> WriteOnlyCell:
    """A cell of a write-only sheet in the ``font`` given (``bold=True``)."""
    cell = WriteOnlyCell(sheet, value)
    cell.font = Font(**font)
    return cell


def xlsx_cell(sheet, value):
    """The value as it is, or a would-be formula as a text cell."""
    if not is_formula(value):
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell


def xlsx_workbook() -> Workbook:
    """An empty workbook in write-only mode: its rows go to a temporary
    file as they are appended, not into memory."""
    return Workbook(write_only=True)


def xlsx_save(workbook: Workbook) -> IO[bytes]:
    """The workbook as a temporary file, read from its start: deleted once
    closed (a ``FileResponse`` closes it after sending)."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by whoever reads it
    workbook.save(file)
    file.seek(0)
    return file


def xlsx_file(header: list[str], rows: Iterable[list], *, title: str) -> IO[bytes]:
    """One sheet named ``title``, its header bold and frozen, the columns as
    wide as their content (up to a limit; measured by the first
    ``WIDTH_SAMPLE`` rows), as a temporary file."""
    workbook = xlsx_workbook()
    sheet = workbook.create_sheet(sheet_title(title))
    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    for number, column in enumerate(zip(header, *sample, strict=True), start=1):
        width = max(len(str(value or "")) for value in column)
        sheet.column_dimensions[get_column_letter(number)].width = min(max(width, 8) + 2, 60)
    sheet.freeze_panes = "A2"
    sheet.append([styled_cell(sheet, title, bold=True) for title in header])
    for row in chain(sample, rows):
        sheet.append([xlsx_cell(sheet, value) for value in row])
    return xlsx_save(workbook)


def xlsx_bytes(header: list[str], rows: Iterable[list], *, title: str) -> bytes:
    with xlsx_file(header, rows, title=title) as file:
        return file.read()


def _in_language(lines: Iterable[str], language: str | None) -> Iterator[str]:
    with translation.override(language):
        yield from lines


def csv_response(header: list[str], rows: Iterable[list], *, filename: str):
    """The table streamed as a CSV download. Its rows are read while the
    response is sent, after the view has returned: in the language of the
    request, fixed here, whatever the server has active by then."""
    response = StreamingHttpResponse(
        _in_language(csv_lines(header, rows), translation.get_language()),
        content_type=CONTENT_TYPES["csv"],
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def xlsx_response(file: IO[bytes], *, filename: str) -> FileResponse:
    """An XLSX file (``xlsx_file``, ``xlsx_save``) sent in blocks, and
    deleted once sent."""
    return FileResponse(
        file, as_attachment=True, filename=filename, content_type=CONTENT_TYPES["xlsx"]
    )
