"""Tables as files for German Excel: CSV in UTF-8 with a byte order mark and
semicolons, and XLSX; text a spreadsheet would run as a formula (names and
notes are typed in by people) stays text."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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


def csv_bytes(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([as_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(header: list[str], rows: list[list], *, title: str) -> bytes:
    """One sheet named ``title``, its header bold and frozen, the columns as
    wide as their content (up to a limit)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if is_formula(cell.value):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width, 8) + 2, 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
